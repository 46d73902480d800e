"""The places register as the domain sees it: administrative units joined by P-code.

Every humanitarian dataset about Syria (OCHA's 3W, the HNO, IOM DTM, HDX) is joined by
P-code, not by name, and names are written many ways (Idlib, Idleb, إدلب). So a record's
place is checked against the register and completed: a code gives its names, a name in any
known spelling gives its code, a lower level gives the levels above it, and a code that
belongs to another unit than the name beside it is refused with both names. Coordinates
that fall outside the named unit only warn: a point may be approximate, a boundary coarse.

The register itself lives in the store (loaded from OCHA's COD-AB, or the shipped
governorates); this module holds no database, only the index built from its rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property

from fieldapp.domain import geometry
from fieldapp.domain.spelling import fold
from fieldapp.messages import Message

ADMIN_LEVELS = (1, 2, 3)  # the levels a record names (admin1 .. admin3)
COMMUNITY, SITE = 4, 5  # what a record's location may be: an admin-4 unit or a camp/site
LEVELS = (1, 2, 3, COMMUNITY, SITE)
# OCHA P-codes: an ISO country prefix and digits (SY07, SY0702, SY070200), a community's
# C1234, a site's CP001234: capitals then digits, nothing else.
PCODE = re.compile(r"[A-Z]{1,4}[0-9][0-9A-Z]{0,15}")
# How far outside a unit's boundary a point may lie before it is worth a warning: the
# shipped governorates are generalised, and a COD boundary is drawn at 1:100,000 or so.
OUTSIDE_KM = 5.0
# With no boundary, how far from a unit's point a record may lie, by level.
FAR_KM = {1: 150.0, 2: 60.0, 3: 30.0, COMMUNITY: 10.0, SITE: 10.0}
# The place groups of a record: its own place and, for displacement, where people came
# from and went to. Only the record's own place has coordinates.
PREFIXES = ("", "origin_", "destination_")


@dataclass(frozen=True)
class Unit:
    """One administrative unit (or camp/site) of the register."""

    pcode: str
    level: int
    name: str
    name_ar: str | None = None
    parent: str | None = None
    alternates: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    # GeoJSON geometry text, parsed only when a point is checked
    boundary: str | None = field(default=None, repr=False)
    country: str | None = None
    edition: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, self.name_ar, *self.alternates) if n)

    def label(self) -> str:
        return f"{self.name} ({self.pcode})"


@dataclass
class PlaceCheck:
    """A record's values with its places completed, and what was wrong or doubtful."""

    values: dict[str, object]
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)
    filled: list[str] = field(default_factory=list)  # fields this check wrote

    @property
    def ok(self) -> bool:
        return not self.errors


def normal_code(text: object) -> str:
    return str(text or "").strip().upper()


def is_pcode(text: str) -> bool:
    return bool(PCODE.fullmatch(normal_code(text)))


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def names(prefix: str, level: int) -> tuple[str, str]:
    """(name field, code field) of a level in a place group."""
    if level in ADMIN_LEVELS:
        return f"{prefix}admin{level}", f"{prefix}admin{level}_pcode"
    return f"{prefix}location", f"{prefix}location_pcode"


class PlaceIndex:
    """The register in memory: by code, by folded spelling, by parent."""

    def __init__(self, units: Iterable[Unit]):
        self.units: dict[str, Unit] = {u.pcode: u for u in units}
        self._by_name: dict[tuple[int, str], list[Unit]] = {}
        for unit in self.units.values():
            for key in {fold(n) for n in unit.spellings} - {""}:
                self._by_name.setdefault((unit.level, key), []).append(unit)
        self.levels = frozenset(u.level for u in self.units.values())
        self._shapes: dict[str, list] = {}
        self._memo: dict[tuple, tuple[dict, dict, dict, tuple[Unit, ...]]] = {}
        self._doubts: dict[tuple[str, float, float], tuple[str, float] | None] = {}
        self._arabic: dict[tuple[object, object], str | None] = {}

    def __len__(self) -> int:
        return len(self.units)

    def unit(self, code: object) -> Unit | None:
        return self.units.get(normal_code(code))

    def named(self, text: str, level: int) -> list[Unit]:
        """Units of a level one of whose spellings folds to the same form as `text`."""
        return list(self._by_name.get((level, fold(text)), ()))

    def find(self, text: str, levels: Iterable[int] = LEVELS) -> list[Unit]:
        """What a filter or a search box means by `text`: the unit of that P-code, or the
        units (of the given levels) known by that name in any spelling."""
        wanted = tuple(levels)
        unit = self.unit(text)
        if unit is not None and unit.level in wanted:
            return [unit]
        return [u for level in wanted for u in self.named(text, level)]

    def is_named(self, unit: Unit, text: str) -> bool:
        key = fold(text)
        return any(fold(n) == key for n in unit.spellings)

    def arabic_name(self, code: object, name: object) -> str | None:
        """The Arabic name of the unit `code`, for a record that names it `name` in any of
        its spellings (None otherwise: a name typed another way is shown as typed). The
        register stores OCHA's English names (Idleb); an Arabic reader sees إدلب.
        Remembered: a map of 100,000 records, a table repainting, ask about a few places."""
        key = (code, name)
        if key not in self._arabic:
            unit = self.unit(code) if code and name else None
            named = unit is not None and unit.name_ar and self.is_named(unit, str(name))
            if len(self._arabic) > 10_000:
                self._arabic.clear()
            self._arabic[key] = unit.name_ar if named else None  # type: ignore[union-attr]
        return self._arabic[key]

    def ancestors(self, unit: Unit) -> dict[int, Unit]:
        """The unit and every unit above it, by level (a broken chain simply stops)."""
        chain: dict[int, Unit] = {unit.level: unit}
        seen = {unit.pcode}
        current = unit
        while current.parent and current.parent not in seen:
            parent = self.units.get(current.parent)
            if parent is None:
                break
            seen.add(parent.pcode)
            chain[parent.level] = parent
            current = parent
        return chain

    def within(self, unit: Unit, above: Unit) -> bool:
        return self.ancestors(unit).get(above.level) == above

    def shape(self, unit: Unit) -> list:
        if unit.pcode not in self._shapes:
            try:
                polygons = geometry.polygons_of(json.loads(unit.boundary or "null") or {})
            except (ValueError, TypeError, KeyError, IndexError):
                polygons = []
            self._shapes[unit.pcode] = polygons
        return self._shapes[unit.pcode]

    @cached_property
    def _children(self) -> dict[str | None, list[Unit]]:
        out: dict[str | None, list[Unit]] = {}
        for unit in self.units.values():
            out.setdefault(unit.parent, []).append(unit)
        return out

    def at(self, lat: float, lon: float) -> list[Unit]:
        """The admin units whose boundary holds the point, from level 1 down."""
        found: list[Unit] = []
        candidates = [u for u in self.units.values() if u.level == 1]
        while candidates:
            inside = next(
                (u for u in candidates if u.level in ADMIN_LEVELS and _holds(self, u, lat, lon)),
                None,
            )
            if inside is None:
                break
            found.append(inside)
            candidates = self._children.get(inside.pcode, [])
        return found

    def check(self, values: Mapping[str, object], prefixes: Iterable[str] = ("",)) -> PlaceCheck:
        """Complete and check every place group of a record (see the module's docstring).

        The answer depends only on the place fields, and a file of 100,000 events names a
        few hundred places: answers are remembered by those fields' values, coordinates
        aside. Coordinates only add a doubt about the units found, remembered by the
        kilometre; they are looked at exactly only when they are all the record says
        (nothing named, or nothing the register knows)."""
        groups = tuple(prefixes)
        filled, errors, warnings, found = self._answer(values, groups, False)
        point = _point_of(values)
        if point is not None and "" in groups:
            if not found and not _names_an_area(values):
                filled, errors, warnings, found = self._answer(values, groups, True)
            elif not errors:
                doubt = self._doubt(found, *point)
                if doubt is not None:
                    warnings = {**warnings, "latitude": doubt}
        merged = {**values, **filled}
        return PlaceCheck(merged, dict(errors), dict(warnings), list(filled))

    def _answer(
        self, values: Mapping[str, object], groups: tuple[str, ...], exact: bool
    ) -> tuple[dict, dict, dict, tuple[Unit, ...]]:
        fields = _place_fields(groups) if exact else _named_fields(groups)
        key = (exact, groups, *(values.get(name) for name in fields))
        known = self._memo.get(key)
        if known is None:
            probe = PlaceCheck({n: values.get(n) for n in fields})
            found: tuple[Unit, ...] = ()
            for prefix in groups:
                group = _Group(self, probe, prefix)
                group.run(points=exact)
                if not prefix:
                    found = tuple(group.found[lv] for lv in sorted(group.found, reverse=True))
            filled = {n: probe.values[n] for n in probe.filled}
            known = (filled, probe.errors, probe.warnings, found)
            if len(self._memo) > 100_000:
                self._memo.clear()
            self._memo[key] = known
        return known

    def _doubt(self, found: tuple[Unit, ...], lat: float, lon: float) -> str | None:
        """The warning, if any, that the point lies outside the deepest unit found that has
        a boundary (or far from the deepest one that has a point). Measured once per unit
        and square kilometre: the tolerance is 5 km, a cell is about 1."""
        for unit in found:
            key = (unit.pcode, round(lat, 2), round(lon, 2))
            if key not in self._doubts:
                self._doubts[key] = _measure(self, unit, key[1], key[2])
            measured = self._doubts[key]
            if measured is _NO_MEASURE:
                continue
            if measured is None:
                return None
            code, km = measured
            at, to, name, far = f"{lat:.4f}", f"{lon:.4f}", unit.label(), f"{km:,.0f}"
            if code == "place.outside":
                return Message("place.outside", lat=at, lon=to, unit=name, km=far)
            return Message("place.far", lat=at, lon=to, unit=name, km=far)
        return None


_NO_MEASURE = ("", 0.0)  # a unit with neither boundary nor point: ask the one above


def _measure(index: PlaceIndex, unit: Unit, lat: float, lon: float) -> tuple[str, float] | None:
    """("place.outside" | "place.far", km) when the point is too far from the unit, None
    when it is near enough, _NO_MEASURE when the unit has nothing to measure against."""
    polygons = index.shape(unit)
    if polygons:
        km = geometry.km_outside(polygons, lon, lat)
        return ("place.outside", km) if km > OUTSIDE_KM else None
    if unit.latitude is not None and unit.longitude is not None:
        km = geometry.distance_km(lat, lon, unit.latitude, unit.longitude)
        return ("place.far", km) if km > FAR_KM.get(unit.level, 30.0) else None
    return _NO_MEASURE


def _point_of(values: Mapping[str, object]) -> tuple[float, float] | None:
    lat, lon = values.get("latitude"), values.get("longitude")
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        return float(lat), float(lon)
    return None


def _names_an_area(values: Mapping[str, object]) -> bool:
    return any(_text(values.get(names("", lv)[0])) for lv in ADMIN_LEVELS)


def _holds(index: PlaceIndex, unit: Unit, lat: float, lon: float) -> bool:
    polygons = index.shape(unit)
    return bool(polygons) and geometry.contains(polygons, lon, lat)


class _Group:
    """One place group of one record, completed in place on the check's values."""

    def __init__(self, index: PlaceIndex, result: PlaceCheck, prefix: str):
        self.index, self.result, self.prefix = index, result, prefix
        self.values = result.values
        self.found: dict[int, Unit] = {}  # level -> the unit the record names there
        self.field_of: dict[int, str] = {}  # level -> the field that named it

    def run(self, points: bool = True) -> None:
        """`points`: the coordinates fill the units that hold them when nothing is named
        (the doubt about a named unit's coordinates is PlaceIndex._doubt's)."""
        for level in ADMIN_LEVELS:
            self._resolve(level, (level,))
        self._resolve(COMMUNITY, (COMMUNITY, SITE))
        if points and not self.prefix:
            self._from_point()
        self._reconcile()

    def _above(self, level: int) -> Unit | None:
        return next((self.found[lv] for lv in (3, 2, 1) if lv < level and lv in self.found), None)

    def _resolve(self, level: int, levels: tuple[int, ...]) -> None:
        name_field, code_field = names(self.prefix, level)
        name, code = _text(self.values.get(name_field)), normal_code(self.values.get(code_field))
        if code:
            self._by_code(level, levels, name, code, _text(self.values.get(code_field)))
        elif name:
            self._by_name(level, levels, name)

    def _by_code(
        self, level: int, levels: tuple[int, ...], name: str, code: str, typed: str
    ) -> None:
        name_field, code_field = names(self.prefix, level)
        errors = self.result.errors
        if not PCODE.fullmatch(code):
            errors[code_field] = Message("place.pcode_format", value=repr(typed))
            return
        unit = self.index.unit(code)
        if unit is None:
            if any(lv in self.index.levels for lv in levels):
                errors[code_field] = Message("place.pcode_unknown", value=code, level=level)
            else:
                self.values[code_field] = code
            return
        if unit.level not in levels:
            errors[code_field] = Message(
                "place.pcode_level", value=code, unit=unit.name, level=unit.level, wanted=level
            )
            return
        if name and not self.index.is_named(unit, name):
            if level not in ADMIN_LEVELS:  # a location may be a part of the community
                self._take(level, unit, code_field, None)
                return
            others = self.index.named(name, unit.level)
            errors[code_field] = Message(
                "place.pcode_mismatch",
                value=code,
                unit=unit.name,
                name=name,
                named=", ".join(u.label() for u in others[:3]) or "-",
            )
            return
        self._take(level, unit, code_field, name_field)

    def _by_name(self, level: int, levels: tuple[int, ...], name: str) -> None:
        name_field, code_field = names(self.prefix, level)
        named = [u for lv in levels for u in self.index.named(name, lv)]
        above = self._above(level)
        matches = named if above is None else [u for u in named if self.index.within(u, above)]
        if named and not matches:  # that name is a unit, but of another area
            self.result.warnings[name_field] = Message(
                "place.elsewhere",
                value=name,
                units=", ".join(u.label() for u in named[:4]),
                named=above.label() if above else "-",
            )
        elif len(matches) == 1:
            self._take(level, matches[0], code_field, name_field)
        elif len(matches) > 1:
            self.result.warnings[name_field] = Message(
                "place.ambiguous",
                value=name,
                units=", ".join(u.label() for u in matches[:4]),
                field=code_field,
            )
        elif level in ADMIN_LEVELS and level in self.index.levels:
            self.result.warnings[name_field] = Message(
                "place.unknown_name", value=name, level=level, field=code_field
            )

    def _take(self, level: int, unit: Unit, code_field: str, name_field: str | None) -> None:
        self.found[level] = unit
        self.field_of[level] = code_field
        self._set(code_field, unit.pcode)
        if name_field is not None:
            self._set(name_field, unit.name)

    def _set(self, name: str, value: object) -> None:
        if self.values.get(name) != value:
            self.values[name] = value
            self.result.filled.append(name)

    def _reconcile(self) -> None:
        """Every unit named must lie in the units named above it; the levels left blank
        above the deepest one are filled from it."""
        for level in sorted(self.found, reverse=True):
            chain = self.index.ancestors(self.found[level])
            for upper in (lv for lv in ADMIN_LEVELS if lv < level):
                named, actual = self.found.get(upper), chain.get(upper)
                if named is not None and actual is not None and named != actual:
                    self.result.errors[self.field_of[level]] = Message(
                        "place.not_within",
                        unit=self.found[level].label(),
                        actual=actual.label(),
                        named=named.label(),
                    )
                    return
        deepest = next((self.found[lv] for lv in (COMMUNITY, 3, 2, 1) if lv in self.found), None)
        if deepest is None:
            return
        for level, unit in self.index.ancestors(deepest).items():
            if level in ADMIN_LEVELS and level not in self.found:
                name_field, code_field = names(self.prefix, level)
                if not _text(self.values.get(name_field)):
                    self._take(level, unit, code_field, name_field)
        country = next((u.country for u in self.found.values() if u.country), None)
        if country and not self.prefix and not _text(self.values.get("country")):
            self._set("country", country)

    def _from_point(self) -> None:
        """No admin unit named at all, but coordinates: the units that hold the point."""
        point = _point_of(self.values)
        if point is None or _names_an_area(self.values) or self.found:  # named ones first
            return
        for unit in self.index.at(*point):
            name_field, code_field = names("", unit.level)
            self._take(unit.level, unit, code_field, name_field)


@cache
def _named_fields(prefixes: tuple[str, ...]) -> tuple[str, ...]:
    """The fields a check reads and writes, coordinates aside."""
    return _place_fields(prefixes)[2:]


@cache
def _place_fields(prefixes: tuple[str, ...]) -> tuple[str, ...]:
    """Every field a check of these place groups reads or writes."""
    out: list[str] = ["latitude", "longitude", "country"]
    for prefix in prefixes:
        for level in (*ADMIN_LEVELS, COMMUNITY):
            out += names(prefix, level)
    return tuple(out)


def prefixes_of(field_names: Iterable[str]) -> tuple[str, ...]:
    """The place groups a record kind has (its own place; displacement's origin and
    destination too)."""
    present = set(field_names)
    return tuple(p for p in PREFIXES if f"{p}admin1" in present)


def forget_stale(old: Mapping[str, object], changes: Mapping[str, object]) -> dict[str, object]:
    """An edit's values: the old ones with the changes, less what the changes make stale.

    A name changed without its code drops the old code (to be found again from the new
    name), and a code changed without its name drops the old name; the levels below a
    changed level keep theirs, so an admin-1 changed under a district of another
    governorate is refused by the check rather than silently emptied.
    """
    values = {**old, **changes}
    for prefix in PREFIXES:
        for level in (*ADMIN_LEVELS, COMMUNITY):
            name_field, code_field = names(prefix, level)
            name_changed = name_field in changes and changes[name_field] != old.get(name_field)
            code_changed = code_field in changes and changes[code_field] != old.get(code_field)
            if name_changed and code_field not in changes and old.get(code_field):
                values[code_field] = None
            if code_changed and name_field not in changes and level in ADMIN_LEVELS:
                values[name_field] = None
    return values
