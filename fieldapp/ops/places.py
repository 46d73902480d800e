"""The places register as a coordinator works with it: load OCHA's COD-AB, check which
records are placed (and complete them), list the editions, look a unit up.

Loading replaces, level by level, what the register held (the shipped governorates, an
earlier COD-AB) and completes this device's own records whose places now resolve: the
same policy as the one-time completion of old records (store.places.backfill), and for
the same reason: another device's record is its author's to complete, so two devices
never write competing revisions of it. `check(..., fill=True, everyone=True)` is the
coordinator's explicit choice to complete every record all the same.

What a unit the register already holds carries into the new edition: its boundary and
point where the COD-AB has none (the shipped governorates' shapes keep the coordinate
checks working until boundaries are loaded), its former names and spellings as
alternates (records typed the old way still resolve), and the country name records
already use (so "Syria" stays "Syria", not "Syrian Arab Republic" in new records only).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from fieldapp.domain import places as domain
from fieldapp.errors import FieldappError, NotFound
from fieldapp.interchange import cod
from fieldapp.messages import Message
from fieldapp.ops.changes import NOTHING, Changes
from fieldapp.progress import NO_TASK, Task
from fieldapp.store import Store
from fieldapp.store import places as store_places
from fieldapp.store.places import Edition

SOURCE = "cod-ab"
# what a listed record is: a refusal, a name the register cannot place, a doubt about the
# coordinates, or a completion that was not written (and why)
ERROR, UNPLACED, DOUBT, FILLABLE, CONFLICT = "error", "unplaced", "doubt", "fillable", "conflict"
OTHERS = "others"  # could be completed, but another device's: only `check --fill --all`
_UNPLACED_CODES = {"place.ambiguous", "place.unknown_name"}


@dataclass(frozen=True)
class Loaded:
    edition: Edition
    by_level: dict[int, int]  # level -> units loaded
    replaced: int  # units of earlier editions taken out
    completed: int  # this device's records completed
    problems: tuple[Message, ...]  # rows of the file left out
    boundaries: int = 0  # units given a boundary from --boundaries
    boundaries_unmatched: int = 0  # boundaries whose P-code no loaded unit has
    changes: Changes = NOTHING


@dataclass(frozen=True)
class Unplaced:
    record_id: str
    kind: str
    field: str
    message: str  # a Message (domain.places, or places.fillable*)
    status: str  # ERROR, UNPLACED, DOUBT, FILLABLE, OTHERS, CONFLICT
    # FILLABLE, OTHERS, CONFLICT: field -> the value the register would write (the window
    # shows them with its field labels; the message names the command line's way)
    changes: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class PlaceReport:
    checked: int  # live records looked at
    unplaced: tuple[Unplaced, ...]
    completed: int = 0  # records written by --fill
    changes: Changes = NOTHING

    @property
    def ok(self) -> bool:
        return not self.unplaced

    def records(self) -> int:
        return len({u.record_id for u in self.unplaced})


@dataclass(frozen=True)
class EditionInfo:
    edition: Edition
    loaded_by: str  # "Amal (Idlib Response Network) 3f2a9c1e", or "fieldapp"


@dataclass(frozen=True)
class UnitInfo:
    unit: domain.Unit
    chain: tuple[domain.Unit, ...]  # from admin 1 down to the unit itself
    children: int
    edition: Edition | None
    others: tuple[domain.Unit, ...] = ()  # other units of that name, at lower levels


# -- loading -------------------------------------------------------------------------------


def load(
    store: Store,
    path: Path | str,
    *,
    boundaries: Path | str | None = None,
    title: str | None = None,
    task: Task = NO_TASK,
) -> Loaded:
    """Read a COD-AB (and its boundaries) and make it the register at its levels, then
    complete this device's records; all in one transaction, or nothing."""
    found = cod.read_cod(path, progress=task.progress, cancel=task.cancelled)
    shapes = cod.read_boundaries(boundaries) if boundaries is not None else {}
    task.check()
    device = store.require_device()
    units = carried(store, found.units, shapes)
    ed, owned = store_places.new_edition(
        SOURCE, (title or "").strip() or found.title, found.valid_on, device.id, units
    )
    try:
        with store.transaction():
            gone = store_places.replace(store, ed, owned)
            written, _refused = _complete(store, store_places.own_records(store, device.id), task)
    except BaseException:
        store_places.forget_index(store)  # the register's index must not keep what rolled back
        raise
    kinds = {kind for kind, _rid in written}
    matched = sum(1 for u in units if u.pcode in shapes)
    return Loaded(
        edition=ed,
        by_level=dict(sorted(Counter(u.level for u in units).items())),
        replaced=gone,
        completed=len(written),
        problems=tuple(found.problems),
        boundaries=matched,
        boundaries_unmatched=len(set(shapes) - {u.pcode for u in units}),
        changes=Changes.of_records(*kinds) | Changes(places=True),
    )


def carried(store: Store, units: list[domain.Unit], shapes: dict[str, str]) -> list[domain.Unit]:
    """The loaded units with what the register knows of the same units (see the module's
    docstring) and the boundaries given."""
    index = store_places.index(store)
    previous = [index.unit(u.pcode) for u in units]
    pairs = list(zip(units, previous, strict=True))
    countries = {p.country for u, p in pairs if p and p.level == u.level} - {None}
    country = countries.pop() if len(countries) == 1 else None
    out = []
    for unit, prev in pairs:
        same = prev if prev is not None and prev.level == unit.level else None
        changes: dict[str, object] = {"boundary": shapes.get(unit.pcode) or unit.boundary}
        if country:
            changes["country"] = country
        if same is not None:
            if changes["boundary"] is None:
                changes["boundary"] = same.boundary
            if unit.latitude is None or unit.longitude is None:
                changes["latitude"], changes["longitude"] = same.latitude, same.longitude
            changes["alternates"] = cod.alternates(
                unit.name, unit.name_ar or "", [*unit.alternates, *same.spellings]
            )
        out.append(replace(unit, **changes))  # type: ignore[arg-type]
    return out


def _complete(
    store: Store, todo: list[tuple[str, str, dict[str, object]]], task: Task
) -> tuple[list[tuple[str, str]], list[Unplaced]]:
    """Write the completions of the records in `todo` (store.places.fill, in the caller's
    transaction): (kind, id) of those written, and those the store refused."""

    def step(done: int, total: int) -> None:
        task.report(done, total)
        task.check()

    written, refused = store_places.fill(store, todo, step)
    task.check()  # the transaction's end: a Cancel here still writes nothing
    return written, [Unplaced(rid, kind, f, message, ERROR) for kind, rid, f, message in refused]


def _said(changes: dict[str, object]) -> str:
    return ", ".join(f"{k} {v}" for k, v in changes.items() if v not in (None, ""))


# -- checking ------------------------------------------------------------------------------


def check(
    store: Store, *, fill: bool = False, everyone: bool = False, task: Task = NO_TASK
) -> PlaceReport:
    """Every live record's places against the register: what is refused, what cannot be
    placed (a name it does not know, a name of several units), what doubts the
    coordinates, and what could be completed. `fill` writes the completions of this
    device's records (`everyone`: of every record), in one transaction."""
    own = store.device()
    conflicted = set(store.conflicts())
    listed: list[Unplaced] = []
    todo: list[tuple[str, str, dict[str, object]]] = []
    records = list(store_places.all_records(store))
    for n, (kind, record_id, author, data) in enumerate(records):
        checked = store_places.complete(store, kind, dict(data))
        listed += _listed(record_id, kind, checked)
        if checked.ok and checked.filled:
            mine = own is not None and author == own.id
            changes = {k: checked.values[k] for k in checked.filled}
            if fill and (mine or everyone) and record_id not in conflicted:
                todo.append((kind, record_id, data))
            else:
                conflict = record_id in conflicted
                listed.append(_not_written(store, record_id, kind, author, mine, changes, conflict))
        if n % 500 == 499:
            task.report(n + 1, len(records))
            task.check()
    if not todo:
        return PlaceReport(len(records), tuple(listed))
    task.check()
    with store.transaction():
        written, unwritten = _complete(store, todo, task)
    kinds = {kind for kind, _rid in written}
    return PlaceReport(
        len(records), tuple(listed + unwritten), len(written), Changes.of_records(*kinds)
    )


def _listed(record_id: str, kind: str, checked: domain.PlaceCheck) -> list[Unplaced]:
    out = [Unplaced(record_id, kind, f, m, ERROR) for f, m in checked.errors.items()]
    for name, message in checked.warnings.items():
        status = UNPLACED if getattr(message, "code", None) in _UNPLACED_CODES else DOUBT
        out.append(Unplaced(record_id, kind, name, message, status))
    return out


def _not_written(
    store: Store,
    record_id: str,
    kind: str,
    author: str,
    mine: bool,
    changes: dict[str, object],
    conflicted: bool,
) -> Unplaced:
    first = next(iter(changes))
    said = _said(changes)
    if conflicted:
        message = Message("places.fillable_conflict", text=said)
        return Unplaced(record_id, kind, first, message, CONFLICT, changes)
    if mine:
        message = Message("places.fillable", text=said)
        return Unplaced(record_id, kind, first, message, FILLABLE, changes)
    message = Message("places.fillable_other", text=said, name=store.device_label(author))
    return Unplaced(record_id, kind, first, message, OTHERS, changes)


# -- reading the register ----------------------------------------------------------------


def editions(store: Store) -> list[EditionInfo]:
    """Every edition the register has held, newest first, with who loaded it."""
    out = []
    for ed in store_places.editions(store):
        who = (
            ed.device if ed.device == store_places.BUILTIN_DEVICE else store.device_label(ed.device)
        )
        out.append(EditionInfo(ed, who))
    return out


def find(store: Store, text: str, level: int | None = None) -> list[domain.Unit]:
    """The units a P-code or a name in any known spelling means (of one level, or any)."""
    levels = domain.LEVELS if level is None else (level,)
    return store_places.index(store).find(text.strip(), levels)


def unit(store: Store, code_or_name: str, level: int | None = None) -> UnitInfo:
    """One unit, by its P-code or by a name: a name several units share means the one of
    the highest level when it alone is there (Idlib: the governorate, not its district;
    the others are listed in `others`); else NotFound, or a refusal naming the units."""
    index = store_places.index(store)
    found = find(store, code_or_name, level)
    if not found:
        raise NotFound(Message("places.no_unit", value=repr(code_or_name)))
    top = [u for u in found if u.level == min(f.level for f in found)]
    if len(top) > 1:
        raise FieldappError(
            Message(
                "places.many_units",
                value=repr(code_or_name),
                text=", ".join(u.label() for u in top[:6]),
            )
        )
    chosen = top[0]
    chain = tuple(u for _lv, u in sorted(index.ancestors(chosen).items()))
    children = sum(1 for u in index.units.values() if u.parent == chosen.pcode)
    others = tuple(u for u in found if u is not chosen)
    edition = store_places.edition(store, chosen.edition)
    return UnitInfo(chosen, chain, children, edition, others)
