"""The places register in a bundle (format 4): place_editions.csv and places.csv.

A coordinator loads the official COD-AB; its field workers receive it in the next bundle,
as they receive records. The edition is the unit of trust: its id is the SHA-256 of its
canonical content (fieldapp.store.places.edition_id) and the device that loaded it signs
"fieldapp places v1\\n" + the id (fieldapp.store.signing.sign_edition), so a register
cannot be altered on its way, or loaded in another device's name, any more than a record.

Written by the exporter (`edition_rows`, `unit_rows`), read back here before anything is
written (`read_places`): the files' hashes, every cell (P-code format, levels 1-5, names,
coordinates, a boundary that is a GeoJSON Polygon or MultiPolygon, sizes bounded), each
edition's id recomputed from its cells and its signature checked against the certificate
of the device that loaded it (the bundle's signer, or a device its manifest lists). The
merge then puts each edition in the register (fieldapp.store.places.receive).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import logging
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fieldapp.domain import geometry
from fieldapp.domain import places as domain
from fieldapp.domain.csvcell import unprotect
from fieldapp.messages import Message
from fieldapp.store import places as stored_places
from fieldapp.store import signing
from fieldapp.sync import format as fmt
from fieldapp.sync.bundle import strict
from fieldapp.sync.bundle.manifest import _reject_constant
from fieldapp.sync.bundle.rows import _check_header
from fieldapp.sync.errors import BundleError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import ec

    from fieldapp.store.database import Store
    from fieldapp.sync.bundle.container import Container, _CountingReader

log = logging.getLogger(__name__)

SOURCE = re.compile(r"[a-z][a-z0-9-]{0,39}")
VALID_ON = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.]{2,15}(Z|[+-][0-9:]{2,5})?)?")
# A unit's parent: the P-code of the unit above, or for admin 1 the country's (admin0Pcode,
# "SY"), which has no digit.
PARENT = re.compile(rf"[A-Z]{{2,3}}|{domain.PCODE.pattern}")
_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=strict.finite_float)


@dataclass
class PlaceEdition:
    """One register edition a bundle carries, checked: ready for store.places.receive."""

    edition: stored_places.Edition
    units: list[domain.Unit]

    @property
    def title(self) -> str:
        return self.edition.title


# -- writing -------------------------------------------------------------------------------


def edition_rows(ed: stored_places.Edition) -> list[str]:
    """The cells of an edition's row of place_editions.csv (signed: see export)."""
    assert ed.signature is not None
    return [
        ed.id, fmt.cell(ed.source), fmt.cell(ed.title), fmt.cell(ed.valid_on), ed.loaded_at,
        ed.device, ";".join(str(lv) for lv in ed.levels), str(ed.units), ed.signature.hex(),
    ]  # fmt: skip


def unit_rows(edition_id: str, units: list[domain.Unit]) -> Iterator[list[str]]:
    """The cells of each unit's row of places.csv, in level and P-code order."""
    for u in sorted(units, key=lambda u: (u.level, u.pcode)):
        alternates = json.dumps(list(u.alternates), ensure_ascii=False) if u.alternates else ""
        yield [
            edition_id, u.pcode, str(u.level), fmt.cell(u.parent), fmt.cell(u.name),
            fmt.cell(u.name_ar), alternates, fmt.cell(u.country), fmt.cell(u.latitude),
            fmt.cell(u.longitude), fmt.cell(u.boundary),
        ]  # fmt: skip


def to_send(
    store: Store, device_id: str, full: bool, key: Callable[[], ec.EllipticCurvePrivateKey]
) -> list[tuple[stored_places.Edition, list[domain.Unit]]]:
    """The register editions a bundle from this device carries (store.places.
    editions_to_send), each signed by this device, which loaded it: now, if it is not yet
    (`key()` waits for the key being unlocked, and raises WrongPassphrase)."""
    sending = []
    for ed, found in stored_places.editions_to_send(store, device_id, full):
        if not travels(ed, found):
            continue
        if ed.signature is None:
            signature = signing.sign_edition(key(), ed.id)
            with store.transaction():
                stored_places.set_signature(store, ed.id, signature)
            ed = dataclasses.replace(ed, signature=signature)
        sending.append((ed, found))
    return sending


def manifest_count(sending: list[tuple[Any, list[domain.Unit]]]) -> dict[str, Any]:
    """The manifest's count of the editions and units a bundle carries (none: no key)."""
    if not sending:
        return {}
    return {"places": {"editions": len(sending), "units": sum(len(f) for _e, f in sending)}}


def travels(ed: stored_places.Edition, units: list[domain.Unit]) -> bool:
    """Whether every receiver will take the edition: its cells pass the reader's checks,
    and read back they still give its id (an empty text where the loader meant none,
    name_ar "" rather than NULL, would not). One that would not stays home (logged): a
    bundle refused for it would hold back the records too."""
    unsigned = dataclasses.replace(ed, signature=bytes(signing.SIGNATURE_BYTES))
    try:
        _edition_of(fmt.PLACE_EDITIONS, 0, [unprotect(c) for c in edition_rows(unsigned)])
        read = []
        for row in unit_rows(ed.id, units):
            cells = [unprotect(c) for c in row]
            _check_unit_cells(fmt.PLACES, 0, dict(zip(fmt.PLACE_COLUMNS, cells, strict=True)),
                              set(ed.levels))  # fmt: skip
            read.append(_unit_of(cells))
    except BundleError as problem:
        log.warning("register edition %s stays home: %s", ed.id, problem)
        return False
    if stored_places.edition_id(ed.meta(), read) != ed.id:
        log.warning("register edition %s stays home: its cells do not give its id", ed.id)
        return False
    return True


# -- reading -------------------------------------------------------------------------------


def read_places(container: Container) -> list[PlaceEdition]:
    """Every edition the bundle carries, checked (this module's docstring); none when the
    manifest lists no register files. Nothing is written anywhere."""
    files = container.manifest["files"]
    if fmt.PLACES not in files:
        return []
    readers = {name: container.reader(name) for name in fmt.PLACE_FILES}
    try:
        with _wide_cells():
            editions = _read_editions(readers[fmt.PLACE_EDITIONS])
            found = _read_units(readers[fmt.PLACES], editions)
    except (BundleError, UnicodeDecodeError, csv.Error) as exc:
        for name, reader in readers.items():  # a damaged file is named as damaged
            reader.drain()
            problem = container._compare(name, reader)
            if problem:
                raise problem from None
        if isinstance(exc, BundleError):
            raise
        raise BundleError(
            Message("bundle.csv_malformed", file=container.path.name, text=str(exc))
        ) from None
    for name, reader in readers.items():
        reader.drain()
        problem = container._compare(name, reader)
        if problem:
            raise problem
    return [_checked(ed, found.get(ed.id, []), container.manifest) for ed in editions]


@contextmanager
def _wide_cells() -> Iterator[None]:
    """The csv module refuses cells over 128 KiB; a boundary may be megabytes (bounded by
    fmt.MAX_BOUNDARY_CHARS, checked per cell). Restored afterwards."""
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, fmt.MAX_BOUNDARY_CHARS + 1024))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _rows(reader: _CountingReader, name: str, header: tuple[str, ...]) -> Iterator[list[str]]:
    text = io.TextIOWrapper(io.BufferedReader(reader, 1 << 16), fmt.CSV_ENCODING, newline="")
    rows = csv.reader(text, strict=True)
    _check_header(name, next(rows, None), header)
    for row in rows:
        if len(row) != len(header):
            raise BundleError(
                Message(
                    "bundle.cell_count",
                    entry=name,
                    line=rows.line_num,
                    count=len(row),
                    expected=len(header),
                )
            )
        yield [rows.line_num, *(unprotect(c) for c in row)]  # type: ignore[list-item]


def _bad(entry: str, line: int, column: str, value: object) -> BundleError:
    shown = repr(value) if len(str(value)) <= 80 else repr(str(value)[:80]) + "..."
    return BundleError(
        Message("bundle.place_malformed", entry=entry, line=line, text=column, value=shown)
    )


def _read_editions(reader: _CountingReader) -> list[stored_places.Edition]:
    name = fmt.PLACE_EDITIONS
    out: list[stored_places.Edition] = []
    for line, *cells in _rows(reader, name, fmt.PLACE_EDITION_COLUMNS):
        if len(out) >= fmt.MAX_PLACE_EDITIONS:
            raise BundleError(
                Message("bundle.place_limit", entry=name, limit=f"{fmt.MAX_PLACE_EDITIONS:,}")
            )
        ed = _edition_of(name, line, cells)
        if any(e.id == ed.id for e in out):
            raise BundleError(Message("bundle.place_twice", entry=name, line=line, value=ed.id))
        out.append(ed)
    return out


def _edition_of(name: str, line: int, cells: list[str]) -> stored_places.Edition:
    """An edition from its row's cells, each checked; the first wrong one is named."""
    ident, source, title, valid_on, loaded_at, device, levels, units, signature = cells
    level_list = _levels(levels)
    checks = (
        ("id", ident, fmt.HEX64.fullmatch(ident)),
        ("source", source, SOURCE.fullmatch(source) and source != stored_places.BUILTIN),
        ("title", title, 0 < len(title) <= fmt.MAX_PLACE_TEXT),
        ("valid_on", valid_on, not valid_on or VALID_ON.fullmatch(valid_on)),
        ("loaded_at", loaded_at, strict.timestamp_in_bounds(loaded_at, strict.today())),
        ("device", device, fmt.HEX64.fullmatch(device)),
        ("levels", levels, level_list),
        ("units", units, fmt.SEQ.fullmatch(units) and int(units) <= fmt.MAX_PLACE_UNITS),
        ("signature", signature, fmt.SIGNATURE_HEX.fullmatch(signature)),
    )
    for column, value, ok in checks:
        if not ok:
            raise _bad(name, line, column, value)
    return stored_places.Edition(
        ident, source, title, valid_on or None, loaded_at, device, tuple(level_list),
        int(units), bytes.fromhex(signature),
    )  # fmt: skip


def _levels(text: str) -> list[int]:
    """ "1;2;3;4": distinct levels in order, each one of domain.LEVELS ([] when not)."""
    parts = text.split(";")
    if not all(p in {str(lv) for lv in domain.LEVELS} for p in parts):
        return []
    levels = [int(p) for p in parts]
    return levels if levels == sorted(set(levels)) else []


def _read_units(
    reader: _CountingReader, editions: list[stored_places.Edition]
) -> dict[str, list[domain.Unit]]:
    name = fmt.PLACES
    levels_of = {e.id: set(e.levels) for e in editions}
    found: dict[str, list[domain.Unit]] = {e.id: [] for e in editions}
    seen: set[str] = set()
    limit = sum(e.units for e in editions)
    for total, (line, *cells) in enumerate(_rows(reader, name, fmt.PLACE_COLUMNS), 1):
        if total > limit:  # more rows than the editions say they hold: stop reading
            raise BundleError(Message("bundle.place_limit", entry=name, limit=f"{limit:,}"))
        row = dict(zip(fmt.PLACE_COLUMNS, cells, strict=True))
        if row["edition"] not in found:
            raise BundleError(
                Message("bundle.place_unknown_edition", entry=name, line=line, value=row["pcode"])
            )
        _check_unit_cells(name, line, row, levels_of[row["edition"]])
        if row["pcode"] in seen:
            raise BundleError(
                Message("bundle.place_twice", entry=name, line=line, value=row["pcode"])
            )
        seen.add(row["pcode"])
        found[row["edition"]].append(_unit_of(cells))
    return found


def _check_unit_cells(name: str, line: int, row: dict[str, str], levels: set[int]) -> None:
    """Every cell of a unit's row, in column order; the first wrong one is named."""
    checks: tuple[tuple[str, Any], ...] = (
        ("pcode", domain.PCODE.fullmatch(row["pcode"])),
        ("level", row["level"].isdigit() and int(row["level"]) in levels),
        ("parent", not row["parent"] or PARENT.fullmatch(row["parent"])),
        ("name", 0 < len(row["name"]) <= fmt.MAX_PLACE_TEXT and row["name"].strip()),
        ("name_ar", len(row["name_ar"]) <= fmt.MAX_PLACE_TEXT),
        ("alternates", _alternates_ok(row["alternates"])),
        ("country", len(row["country"]) <= fmt.MAX_PLACE_TEXT),
        ("latitude", _coordinate_ok(row["latitude"], 90.0)),
        ("longitude", _coordinate_ok(row["longitude"], 180.0)),
        ("boundary", not row["boundary"] or _boundary_ok(row["boundary"])),
    )
    for column, ok in checks:
        if not ok:
            raise _bad(name, line, column, row[column])


def _alternates_ok(text: str) -> bool:
    if not text:
        return True
    if len(text) > fmt.MAX_ALTERNATES_CHARS:
        return False
    try:
        items = _DECODER.decode(text)
    except (ValueError, RecursionError):
        return False
    return (
        isinstance(items, list)
        and bool(items)
        and all(isinstance(i, str) and 0 < len(i) <= fmt.MAX_PLACE_TEXT for i in items)
        and json.dumps(items, ensure_ascii=False) == text
    )


def _coordinate_ok(text: str, limit: float) -> bool:
    if not text:
        return True
    try:
        value = float(text)
    except ValueError:
        return False
    return math.isfinite(value) and -limit <= value <= limit and repr(value) == text


def _boundary_ok(text: str) -> bool:
    """GeoJSON text of a Polygon or MultiPolygon whose every position is [lon, lat]: what
    fieldapp.domain.geometry reads, so a unit's shape can never break a place check."""
    if len(text) > fmt.MAX_BOUNDARY_CHARS or strict.too_deep(text):
        return False
    try:
        shape = _DECODER.decode(text)
    except (ValueError, RecursionError):
        return False
    if not isinstance(shape, dict) or not isinstance(shape.get("coordinates"), list):
        return False
    polygons = geometry.polygons_of(shape)  # [] for any other type
    return bool(polygons) and all(_polygon_ok(p) for p in polygons)


def _polygon_ok(polygon: object) -> bool:
    return (
        isinstance(polygon, list)
        and bool(polygon)
        and all(
            isinstance(ring, list) and len(ring) >= 4 and all(_position_ok(p) for p in ring)
            for ring in polygon
        )
    )


def _position_ok(position: object) -> bool:
    return (
        isinstance(position, list)
        and len(position) == 2
        and all(v.__class__ in (int, float) for v in position)
        and -180 <= position[0] <= 180
        and -90 <= position[1] <= 90
    )


def _unit_of(cells: list[str]) -> domain.Unit:
    """A unit from its row's cells (after `_check_unit_cells`, or as the exporter wrote
    them): an empty cell is no value."""
    row = dict(zip(fmt.PLACE_COLUMNS, cells, strict=True))
    return domain.Unit(
        pcode=row["pcode"],
        level=int(row["level"]),
        name=row["name"],
        name_ar=row["name_ar"] or None,
        parent=row["parent"] or None,
        alternates=tuple(json.loads(row["alternates"])) if row["alternates"] else (),
        latitude=float(row["latitude"]) if row["latitude"] else None,
        longitude=float(row["longitude"]) if row["longitude"] else None,
        boundary=row["boundary"] or None,
        country=row["country"] or None,
        edition=row["edition"],
    )


def _checked(
    ed: stored_places.Edition, found: list[domain.Unit], manifest: dict[str, Any]
) -> PlaceEdition:
    """An edition whose units were read: their count and levels, its id recomputed from
    its cells, its signature by the device that loaded it."""
    name = fmt.PLACES
    if len(found) != ed.units or {u.level for u in found} != set(ed.levels):
        raise BundleError(
            Message(
                "bundle.place_count",
                entry=name,
                id=ed.id[:12],
                count=f"{len(found):,}",
                expected=f"{ed.units:,}",
            )
        )
    if stored_places.edition_id(ed.meta(), found) != ed.id:
        raise BundleError(
            Message("bundle.place_edition_altered", entry=name, id=ed.id[:12], name=ed.title)
        )
    certificate, who = _loader(manifest, ed.device)
    key = signing.public_key(certificate) if certificate else None
    if key is None:
        raise BundleError(
            Message("bundle.place_signer_unknown", entry=fmt.PLACE_EDITIONS, id=ed.device[:12])
        )
    assert ed.signature is not None
    if not signing.check_edition(key, ed.id, ed.signature):
        raise BundleError(
            Message(
                "bundle.place_signature_invalid",
                entry=fmt.PLACE_EDITIONS,
                id=ed.id[:12],
                name=who,
            )
        )
    return PlaceEdition(ed, found)


def _loader(manifest: dict[str, Any], device: str) -> tuple[str, str]:
    """(certificate, name) of the device that loaded an edition, from the signed manifest."""
    for d in (manifest["author"], *manifest["devices"]):
        if d["fingerprint"] == device:
            return d["certificate"], d["name"]
    return "", ""
