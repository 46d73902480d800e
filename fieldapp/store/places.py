"""The places register's tables (schema 5): editions and their units, the index the record
checks use, and the one-time completion of the records written before it.

An edition's units replace, level by level, those of the editions before it: a COD-AB
with levels 1-4 takes the shipped governorates' place at level 1, and a later COD-AB the
earlier one's. Every edition stays listed with when it was loaded and what replaced it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from fieldapp.domain import places as domain
from fieldapp.domain.fields import FIELDS, KINDS, TABLES
from fieldapp.domain.revisions import canonical_json, utc_now
from fieldapp.errors import FieldappError
from fieldapp.paths import resource
from fieldapp.progress import CancelFlag, Progress, check
from fieldapp.store import dialect, reads

if TYPE_CHECKING:
    from fieldapp.store.database import Store

BUILTIN = "builtin"
BUILTIN_DEVICE = "fieldapp"  # the shipped edition is nobody's: it comes with the program
BACKFILL_KEY = "places_backfill"
SCHEMA = 5  # the schema that made the register (migrations/0005_places.sql)
_UNIT_COLUMNS = (
    "pcode", "level", "parent", "name", "name_ar", "alternates", "country", "latitude",
    "longitude", "boundary", "edition",
)  # fmt: skip


@dataclass(frozen=True)
class Edition:
    id: str
    source: str
    title: str
    valid_on: str | None
    loaded_at: str
    device: str
    levels: tuple[int, ...]
    units: int
    signature: bytes | None = None
    received_at: str | None = None
    replaced_at: str | None = None

    def meta(self) -> dict[str, object]:
        """What the edition's id covers besides its units (not who signed, nor where it
        arrived: those differ between databases holding the same edition)."""
        return {
            "source": self.source,
            "title": self.title,
            "valid_on": self.valid_on,
            "loaded_at": self.loaded_at,
            "device": self.device,
            "levels": list(self.levels),
        }


def unit_row(unit: domain.Unit) -> dict[str, object]:
    return {
        "pcode": unit.pcode,
        "level": unit.level,
        "parent": unit.parent,
        "name": unit.name,
        "name_ar": unit.name_ar,
        "alternates": list(unit.alternates),
        "country": unit.country,
        "latitude": unit.latitude,
        "longitude": unit.longitude,
        "boundary": unit.boundary,
    }


def edition_id(meta: dict[str, object], units: Sequence[domain.Unit]) -> str:
    """SHA-256 of the edition's canonical JSON: the same edition is the same id on every
    device, and a changed unit is a different edition (what its signature covers)."""
    body = {"edition": meta, "units": [unit_row(u) for u in sorted(units, key=_key)]}
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def _key(unit: domain.Unit) -> tuple[int, str]:
    return unit.level, unit.pcode


# -- reading -----------------------------------------------------------------------------


def index(store: Store) -> domain.PlaceIndex:
    """The register in memory, built once per store and again after a change: one this
    connection made (forget_index), or one another connection committed (a COD-AB loaded
    by a background job, a bundle merged by the command line while the window is open)."""
    version = dialect.data_version(store._conn)
    cached = getattr(store, "_place_index", None)
    if cached is not None and cached[0] == version:
        return cached[2]
    mark = _mark(store)
    if cached is None or cached[1] != mark:
        older = store.schema_version() < SCHEMA  # an older schema opened by a test
        built = domain.PlaceIndex([] if older else units(store))
    else:
        built = cached[2]  # others committed, but not to the register
    store._place_index = (version, mark, built)  # type: ignore[attr-defined]
    return built


def _mark(store: Store) -> tuple[object, ...]:
    """What changes whenever the register does (an edition added, received or replaced)."""
    if store.schema_version() < SCHEMA:
        return ()
    return tuple(
        store._conn.execute(
            "SELECT count(*), (SELECT group_concat(id) FROM place_editions"
            " WHERE replaced_at IS NULL) FROM place_editions"
        ).fetchone()
    )


def forget_index(store: Store) -> None:
    """This connection changed the register, or rolled a change back: build it again."""
    store._place_index = None  # type: ignore[attr-defined]


def units(store: Store, edition: str | None = None) -> list[domain.Unit]:
    sql = f"SELECT {', '.join(_UNIT_COLUMNS)} FROM places"
    params: tuple[object, ...] = ()
    if edition is not None:
        sql += " WHERE edition = ?"
        params = (edition,)
    return [_unit(row) for row in store._conn.execute(sql + " ORDER BY level, pcode", params)]


def _unit(row: Sequence[object]) -> domain.Unit:
    pcode, level, parent, name, name_ar, alternates, country, lat, lon, boundary, ed = row
    return domain.Unit(
        pcode=str(pcode),
        level=int(level),  # type: ignore[call-overload]
        name=str(name),
        name_ar=name_ar,  # type: ignore[arg-type]
        parent=parent,  # type: ignore[arg-type]
        alternates=tuple(json.loads(str(alternates or "[]"))),
        country=country,  # type: ignore[arg-type]
        latitude=lat,  # type: ignore[arg-type]
        longitude=lon,  # type: ignore[arg-type]
        boundary=boundary,  # type: ignore[arg-type]
        edition=str(ed),
    )


def editions(store: Store) -> list[Edition]:
    """Every edition this database has held, newest first."""
    rows = store._conn.execute(
        "SELECT id, source, title, valid_on, loaded_at, device, levels, units, signature,"
        " received_at, replaced_at FROM place_editions ORDER BY loaded_at DESC, id"
    ).fetchall()
    return [_edition(row) for row in rows]


def edition(store: Store, edition_id: str) -> Edition | None:
    return next((e for e in editions(store) if e.id == edition_id), None)


def _edition(row: Sequence[object]) -> Edition:
    ident, source, title, valid_on, loaded_at, device, levels, count, sig, received, replaced = row
    return Edition(
        id=str(ident),
        source=str(source),
        title=str(title),
        valid_on=valid_on,  # type: ignore[arg-type]
        loaded_at=str(loaded_at),
        device=str(device),
        levels=tuple(json.loads(str(levels))),
        units=int(count),  # type: ignore[call-overload]
        signature=bytes(sig) if sig is not None else None,  # type: ignore[arg-type]
        received_at=received,  # type: ignore[arg-type]
        replaced_at=replaced,  # type: ignore[arg-type]
    )


def current_for(store: Store, level: int) -> Edition | None:
    """The edition whose units the register holds at a level."""
    row = store._conn.execute(
        "SELECT edition FROM places WHERE level = ? LIMIT 1", (level,)
    ).fetchone()
    return edition(store, row[0]) if row else None


# -- writing -----------------------------------------------------------------------------


def new_edition(
    source: str,
    title: str,
    valid_on: str | None,
    device: str,
    found: Sequence[domain.Unit],
    loaded_at: str | None = None,
) -> tuple[Edition, list[domain.Unit]]:
    """An edition around units just read (a COD-AB, the shipped governorates): its id is
    the hash of its content, and every unit is marked as its own."""
    found = [_tidy(u) for u in found]
    levels = tuple(sorted({u.level for u in found}))
    stamp = loaded_at or utc_now()
    draft = Edition("", source, title, valid_on, stamp, device, levels, len(found))
    ident = edition_id(draft.meta(), found)
    owned = [_owned(u, ident) for u in found]
    return Edition(ident, source, title, valid_on, stamp, device, levels, len(found)), owned


def _tidy(unit: domain.Unit) -> domain.Unit:
    """No empty text where nothing is known (None, as a bundle's empty cell reads back),
    so an edition's id is the same on the device that loaded it and on every receiver."""
    optional = ("name_ar", "parent", "country", "boundary")
    blank = {k: None for k in optional if getattr(unit, k) == ""}
    kept = tuple(a for a in unit.alternates if a)
    if not blank and kept == unit.alternates:
        return unit
    return domain.Unit(**{**unit.__dict__, **blank, "alternates": kept})


def _owned(unit: domain.Unit, edition_id: str) -> domain.Unit:
    return domain.Unit(**{**unit.__dict__, "edition": edition_id})


def replace(store: Store, ed: Edition, found: Sequence[domain.Unit]) -> int:
    """Put an edition's units in the register, in place of what it held at their levels
    (in the caller's transaction, or one of its own). Returns the units replaced."""
    with store.transaction():
        marks = ", ".join("?" for _ in ed.levels)
        old = store._conn.execute(
            f"SELECT DISTINCT edition FROM places WHERE level IN ({marks})", ed.levels
        ).fetchall()
        gone = store._conn.execute(
            f"DELETE FROM places WHERE level IN ({marks})", ed.levels
        ).rowcount
        store._conn.execute(
            "INSERT INTO place_editions (id, source, title, valid_on, loaded_at, device, levels,"
            " units, signature, received_at, replaced_at) VALUES (?,?,?,?,?,?,?,?,?,?,NULL)"
            " ON CONFLICT (id) DO UPDATE SET replaced_at = NULL",
            _edition_values(ed),
        )
        store._conn.executemany(
            f"INSERT INTO places ({', '.join(_UNIT_COLUMNS)})"
            f" VALUES ({', '.join('?' for _ in _UNIT_COLUMNS)})"
            " ON CONFLICT (pcode) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in _UNIT_COLUMNS[1:]),
            [_row_values(u, ed.id) for u in found],
        )
        now = utc_now()
        for (previous,) in old:
            if (
                previous != ed.id
                and not store._conn.execute(
                    "SELECT 1 FROM places WHERE edition = ? LIMIT 1", (previous,)
                ).fetchone()
            ):
                store._conn.execute(
                    "UPDATE place_editions SET replaced_at = ? WHERE id = ?", (now, previous)
                )
    forget_index(store)
    return int(gone)


def _edition_values(ed: Edition) -> tuple[object, ...]:
    levels = json.dumps(list(ed.levels))
    return (ed.id, ed.source, ed.title, ed.valid_on, ed.loaded_at, ed.device, levels, ed.units,
            ed.signature, ed.received_at)  # fmt: skip


def _row_values(unit: domain.Unit, edition_id: str) -> tuple[object, ...]:
    row = unit_row(unit)
    row["alternates"] = json.dumps(list(unit.alternates), ensure_ascii=False)
    return (*(row[c] for c in _UNIT_COLUMNS[:-1]), edition_id)


def set_signature(store: Store, edition_id: str, signature: bytes) -> None:
    store._conn.execute(
        "UPDATE place_editions SET signature = ? WHERE id = ? AND signature IS NULL",
        (signature, edition_id),
    )


# -- the shipped governorates ------------------------------------------------------------


def builtin_units() -> list[domain.Unit]:
    """Syria's fourteen governorates as the base map draws them (OCHA P-codes, English
    and Arabic names, other spellings, the generalised boundary and a label point)."""
    data = json.loads(resource("basemap", "syria_admin1.geojson").read_text("utf-8"))
    out = []
    for feature in data["features"]:
        props = feature["properties"]
        lon, lat = props.get("label_point") or (None, None)
        out.append(
            domain.Unit(
                pcode=props["pcode"],
                level=1,
                name=props["name"],
                name_ar=props.get("name_ar"),
                parent=props.get("parent") or "SY",
                alternates=tuple(props.get("alternates") or ()),
                latitude=lat,
                longitude=lon,
                boundary=json.dumps(feature["geometry"], separators=(",", ":")),
                country="Syria",
            )
        )
    return out


@cache
def _builtin() -> tuple[Edition, list[domain.Unit]]:
    return new_edition(
        BUILTIN,
        "Syria governorates (shipped with fieldapp; Natural Earth shapes, OCHA P-codes)",
        None,
        BUILTIN_DEVICE,
        builtin_units(),
        loaded_at="2026-01-01T00:00:00.000Z",  # fixed: the same edition id everywhere
    )


def ensure(store: Store) -> None:
    """A register that has never held anything gets the shipped governorates; one whose
    governorates are still an older shipped edition gets this fieldapp's (a loaded or
    received COD-AB is never replaced by what ships)."""
    ed, found = _builtin()
    if not store._conn.execute("SELECT 1 FROM place_editions LIMIT 1").fetchone():
        replace(store, ed, found)
        return
    current = current_for(store, 1)
    if current is not None and current.source == BUILTIN and current.id != ed.id:
        replace(store, ed, found)


# -- the records' places -----------------------------------------------------------------


def complete(
    store: Store, kind: str, values: dict[str, object], register: domain.PlaceIndex | None = None
) -> domain.PlaceCheck:
    """A record's places checked and completed against the register (no write)."""
    return (register if register is not None else index(store)).check(values, _PREFIXES[kind])


_PREFIXES = {kind: domain.prefixes_of(f.name for f in FIELDS[kind]) for kind in KINDS}


def backfill(
    store: Store, progress: Progress | None = None, cancelled: CancelFlag | None = None
) -> int:
    """Complete, once, the places of the records written before the register: codes from
    names where the match is unambiguous. Only this device's own current revisions are
    completed (each edit is a new revision, as any edit): another device's record is its
    author's to complete, so two devices never write competing revisions of it.
    `fieldapp places check` lists what stays unplaced. Returns the records completed; a
    cancel writes nothing and leaves the work owed to the next open."""
    ensure(store)
    device = store.device()
    written: list[tuple[str, str]] = []
    if device is not None:

        def step(done: int, total: int) -> None:
            if progress:
                progress(done, total)
            check(cancelled)

        with store.transaction():
            written, _refused = fill(store, own_records(store, device.id), step)
    store.set_setting(BACKFILL_KEY, "done")
    return len(written)


def own_records(store: Store, device_id: str) -> list[tuple[str, str, dict[str, object]]]:
    """(kind, id, values) of the live records whose current revision `device_id` wrote,
    those in conflict left out (an edit would settle the conflict unasked)."""
    conflicted = set(reads.conflicts(store))
    return [
        (kind, record_id, data)
        for kind, record_id, author, data in all_records(store)
        if author == device_id and record_id not in conflicted
    ]


def fill(
    store: Store,
    todo: Sequence[tuple[str, str, dict[str, object]]],
    step: Callable[[int, int], None] | None = None,
) -> tuple[list[tuple[str, str]], list[tuple[str, str, str, str]]]:
    """Write what the register completes in these records (kind, id, values), each as an
    edit, in the caller's transaction. Returns (kind, id) of the records written, and
    (kind, id, field, message) of those the store refused. `step(done, total)` is called
    as it goes (it may raise Cancelled)."""
    from fieldapp.store import records  # records imports this module

    written: list[tuple[str, str]] = []
    refused: list[tuple[str, str, str, str]] = []
    for n, (kind, record_id, data) in enumerate(todo):
        checked = complete(store, kind, dict(data))
        if checked.ok and checked.filled:
            try:
                records.edit(store, record_id, {k: checked.values[k] for k in checked.filled})
                written.append((kind, record_id))
            except FieldappError as exc:
                refused.append((kind, record_id, checked.filled[0], exc.message))
        if step and (n % 200 == 199 or n + 1 == len(todo)):
            step(n + 1, len(todo))
    return written, refused


def all_records(store: Store) -> Iterable[tuple[str, str, str, dict[str, object]]]:
    """(kind, record id, author of its current revision, values) of every live record."""
    for kind in KINDS:
        rows = store._conn.execute(
            f"SELECT t.id, r.device, r.data FROM {TABLES[kind]} t"
            " JOIN revisions r ON r.id = t.revision ORDER BY t.n"
        ).fetchall()
        for record_id, device, data in rows:
            yield kind, record_id, device, json.loads(data)


# -- filters -----------------------------------------------------------------------------


def filter_terms(
    store: Store, level: int, text: str, *, names: bool = False
) -> tuple[list[str], list[str]]:
    """What a filter by `text` at an admin level matches: (P-codes, names). A code or a
    name in any spelling the register knows gives the unit's code, and every spelling of
    it while some record names the unit without its code (one another device wrote before
    the register): then a page is a sort of the matches; otherwise it is a walk of the
    (code, date) index. Unknown text matches itself. `names`: every spelling always (for
    values outside the tables: a deleted record's, a conflict's other version)."""
    found = index(store).find(text.strip(), (level,))
    if not found:
        return [domain.normal_code(text)] if domain.is_pcode(text) else [], [text.strip()]
    codes = [u.pcode for u in found]
    spellings = list(dict.fromkeys([text.strip(), *(n for u in found for n in u.spellings)]))
    return codes, spellings if names or _uncoded(store, level, spellings) else []


def _uncoded(store: Store, level: int, spellings: list[str]) -> bool:
    """Whether a record names one of these spellings at `level` without a code: few or
    none, found through the (code, date) index's NULL entries."""
    name, marks = f"admin{level}", ", ".join("?" for _ in spellings)
    for table in TABLES.values():
        row = store._conn.execute(
            f"SELECT 1 FROM {table} WHERE {name}_pcode IS NULL AND {name} IN ({marks}) LIMIT 1",
            spellings,
        ).fetchone()
        if row:
            return True
    return False


# -- editions in bundles (fieldapp.sync.export, fieldapp.sync.merge) ---------------------

SENT_KEY = "export.places_sent"  # JSON list of the edition ids a bundle has carried


def editions_to_send(
    store: Store, device_id: str, full: bool
) -> list[tuple[Edition, list[domain.Unit]]]:
    """The editions a bundle from `device_id` carries, with their units: those it loaded
    (not the shipped one, nor one it received) whose units the register still holds, all
    of them; in a full bundle every time, else only in the first bundle after loading."""
    sent = set() if full else _sent(store)
    out = []
    for ed in editions(store):
        if ed.device != device_id or ed.source == BUILTIN or ed.received_at is not None:
            continue
        if ed.replaced_at is not None or ed.id in sent:
            continue
        held = units(store, ed.id)
        if len(held) == ed.units:
            out.append((ed, held))
    return out


def _sent(store: Store) -> set[str]:
    try:
        return set(json.loads(store.setting(SENT_KEY, "[]") or "[]"))
    except ValueError:
        return set()


def mark_sent(store: Store, edition_ids: Iterable[str]) -> None:
    """Remember that a bundle carried these editions (in the export's transaction)."""
    ids = set(edition_ids)
    if ids - _sent(store):
        store.set_setting(SENT_KEY, json.dumps(sorted(_sent(store) | ids)))


def _age(ed: Edition) -> tuple[str, str, str]:
    """Which of two editions is newer: its own date, then when it was loaded (the id only
    breaks a tie, so that every database keeps the same one)."""
    return ed.valid_on or "", ed.loaded_at, ed.id


def newer_held(store: Store, ed: Edition) -> Edition | None:
    """An edition this register holds at one of `ed`'s levels that is newer than `ed`."""
    for level in ed.levels:
        current = current_for(store, level)
        if (
            current is not None
            and current.id != ed.id
            and current.source != BUILTIN
            and _age(current) > _age(ed)
        ):
            return current
    return None


def receive(store: Store, ed: Edition, found: Sequence[domain.Unit]) -> tuple[str, Edition | None]:
    """An edition that arrived in a bundle (checked: id, signature, cells), put in the
    register unless it already holds it or a newer one at its levels. Returns ("received",
    None), ("held", None) or ("kept", the newer edition kept)."""
    if all((current := current_for(store, lv)) and current.id == ed.id for lv in ed.levels):
        return "held", None
    newer = newer_held(store, ed)
    if newer is not None:
        return "kept", newer
    arrived = Edition(
        ed.id, ed.source, ed.title, ed.valid_on, ed.loaded_at, ed.device, ed.levels, ed.units,
        ed.signature, utc_now(),
    )  # fmt: skip
    replace(store, arrived, [_owned(u, ed.id) for u in found])
    return "received", None
