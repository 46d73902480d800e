"""Turn raw input (CLI strings, CSV cells, form values) into a clean record, or say why not.

`check` never raises: it returns the cleaned values with field-level errors and warnings so
that a form can show each message next to its field. `clean` raises ValidationError and is
what every write path calls, so an invalid record is never stored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import math
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from fieldapp.domain import vocab
from fieldapp.domain.canonical import CONTROL_CHARS as _CONTROL
from fieldapp.domain.canonical import ISO_DATE as _DATE
from fieldapp.domain.canonical import MAX_COUNT as MAX_COUNT
from fieldapp.domain.canonical import SAFE_INTEGER
from fieldapp.domain.canonical import choice_index as _choice_index
from fieldapp.domain.canonical import kind_table as _table
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT, Field
from fieldapp.errors import ValidationError
from fieldapp.messages import Message

MAX_HOUSEHOLD_SIZE = 50
# Thousands separators are accepted only where they group digits in threes ("12,500"), so
# that a decimal comma ("1,5") is refused rather than read as 15.
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}([,\u066c][0-9]{3})+")
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_MULTI_SPLIT = re.compile(r"[;,|]")
_REQUIRED = Message("field.required")
_UNKNOWN_FIELD = {
    INCIDENT: Message("field.unknown_incident"),
    DISPLACEMENT: Message("field.unknown_displacement"),
}


@dataclass
class Checked:
    values: dict[str, object]
    # field -> Message: its English text, with its code for the window
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "") or value == []


def parse_date(value: object) -> dt.date:
    """A real calendar date in ISO form (YYYY-MM-DD)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().translate(_ARABIC_DIGITS)
    if not _DATE.match(text):
        raise ValueError(Message("date.not_a_date", value=repr(text)))
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(Message("date.not_real", value=repr(text))) from None


def _parse_int(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError(Message("number.must_be_whole"))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(Message("number.not_whole", value=repr(value)))
        number = int(value)
    else:
        text = str(value).strip().translate(_ARABIC_DIGITS)
        if _GROUPED.fullmatch(text):
            text = text.replace(",", "").replace("\u066c", "")
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise ValueError(Message("number.not_whole", value=repr(str(value).strip())))
        number = int(text)
    if number < 0:
        raise ValueError(Message("number.negative", number=number))
    if number > MAX_COUNT:
        raise ValueError(
            Message("number.implausible", number=f"{number:,}", limit=f"{MAX_COUNT:,}")
        )
    return number


_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _parse_float(value: object) -> float | int:
    """A number; a whole one as an int (5, not 5.0), as RFC 8785 ids write it."""
    if isinstance(value, bool):
        raise ValueError(Message("number.must_be_number"))
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # an integer beyond a float's range (10**400 in a bundle)
            raise ValueError(Message("number.not_finite")) from None
    else:
        text = str(value).strip().translate(_ARABIC_DIGITS).replace("\u066b", ".")
        if not _DECIMAL.fullmatch(text):
            raise ValueError(Message("number.not_a_number", value=repr(str(value).strip())))
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(Message("number.not_finite"))
    if number.is_integer() and abs(number) <= SAFE_INTEGER:
        return int(number)
    return number


def _parse_text(f: Field, value: object) -> str:
    text = str(value)
    # Checked before whitespace is collapsed: str.split() treats \x1c-\x1f as spaces.
    if _CONTROL.search(text):
        raise ValueError(Message("text.control_characters"))
    text = text.strip().replace("\r\n", "\n").replace("\r", "\n")
    if not f.multiline:
        text = " ".join(text.split())
    if len(text) > f.max_length:
        raise ValueError(
            Message("text.too_long", number=f"{len(text):,}", limit=f"{f.max_length:,}")
        )
    return text


def _parse_choice(f: Field, value: object) -> object:
    numeric, index = _choice_index(f)
    if numeric:
        with contextlib.suppress(ValueError):
            value = int(str(value).strip())
        if isinstance(value, float) and value.is_integer():  # 2.0 from a spreadsheet
            value = int(value)
        # an int (not a bool; not a dict or a list from a bundle's JSON, which no index
        # can hold: `in` would raise TypeError)
        if isinstance(value, int) and not isinstance(value, bool) and value in index:
            return index[value]
    else:
        key = index.get(str(value).strip().casefold())
        if key is not None:
            return key
    allowed = ", ".join(str(k) for k in index.values())
    if f.name == "sub_event_type":  # named, so it is not mistaken for the event type
        raise ValueError(Message("choice.not_a_sub_event_type", value=repr(value), allowed=allowed))
    raise ValueError(Message("choice.not_allowed", value=repr(value), allowed=allowed))


def _items(value: object) -> list[object]:
    if isinstance(value, str):
        return list(_MULTI_SPLIT.split(value))
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    raise ValueError(Message("list.not_a_list", value=repr(value)))


def _parse_multi(f: Field, value: object) -> list[str]:
    assert f.choices is not None
    items = _items(value)
    out = set()
    for item in items:
        if _is_blank(item):
            continue
        out.add(_parse_choice(f, item))
    return sorted(out)  # type: ignore[arg-type]


def _parse_idlist(value: object) -> list[str]:
    items = _items(value)
    out = set()
    for item in items:
        if _is_blank(item):
            continue
        try:
            out.add(str(uuid.UUID(str(item).strip())))
        except ValueError:
            raise ValueError(Message("list.not_a_record_id", value=repr(item))) from None
    return sorted(out)


def parse_value(f: Field, value: object) -> object:
    """One field's canonical value; raises ValueError with a message for the user (a coded
    Message: str(exc) is the message, code and all)."""
    if _is_blank(value):
        return [] if f.type in ("multi", "idlist") else None
    if f.type == "date":
        return parse_date(value).isoformat()
    if f.type == "int":
        return _parse_int(value)
    if f.type == "float":
        return _parse_float(value)
    if f.type == "choice":
        return _parse_choice(f, value)
    if f.type == "multi":
        return _parse_multi(f, value)
    if f.type == "idlist":
        return _parse_idlist(value)
    return _parse_text(f, value)


def check(kind: str, raw: Mapping[str, object], today: dt.date | None = None) -> Checked:
    """Clean every field of one record and apply the cross-field rules."""
    today = today or dt.date.today()
    table = _table(kind)
    result = Checked(values={})
    values, errors = result.values, result.errors
    if not table.known.issuperset(raw):
        for name in raw:
            if name not in table.known:
                errors[name] = _UNKNOWN_FIELD[kind]
    get = raw.get
    for name, canonical, f in table.fields:
        value = get(name)
        if canonical(value):
            # Already in canonical form (a revision from a bundle, a record read back):
            # parse_value would return an equal value of the same type, and it is not blank.
            values[name] = value
            continue
        try:
            values[name] = parse_value(f, value)
        except ValueError as exc:
            values[name] = None
            errors[name] = str(exc)  # the Message it was raised with
            continue
        if f.required and _is_blank(values[name]):
            errors[name] = _REQUIRED
    for name in table.dates:
        value = values[name]
        if value and name not in errors and dt.date.fromisoformat(value) > today:  # type: ignore[arg-type]
            errors[name] = Message("date.in_future", date=value)
    _check_place(result)
    if kind == INCIDENT:
        _check_incident(result)
    elif kind == DISPLACEMENT:
        _check_displacement(result)
    return result


def _valid_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@functools.cache
def _fields_clean(kind: str) -> Callable[[Mapping[str, object], str], bool]:
    """The per-field half of is_clean for one kind, as one generated function: each field's
    test from _canonical_test written inline (no call per field), and the single-line text
    fields tested together. It answers exactly what the tests of
    _canonical_test answer (a property test compares them), only faster: this runs for
    every revision of every bundle merged."""
    table = _table(kind)
    names = [name for name, _test, _f in table.fields]
    env: dict[str, object] = {
        "_get": __import__("operator").itemgetter(*names),
        "_known": table.known,
        "_n": len(table.known),
        "_control": _CONTROL.search,
        "_date_match": _DATE.match,
        "_valid_date": _valid_date,
        "MAX_COUNT": MAX_COUNT,
    }
    lines = [
        "def clean(raw, iso):",
        "    if len(raw) != _n or not _known.issuperset(raw):",
        "        return False",
        f"    ({''.join(f'v{i}, ' for i in range(len(names)))}) = _get(raw)",
    ]
    texts = []
    for i, (_name, test, f) in enumerate(table.fields):
        v = f"v{i}"
        none_ok = not f.required and f.type not in ("multi", "idlist")
        if f.type == "text" and not f.multiline:
            bad = f"{v}.__class__ is not str or not 0 < len({v}) <= {f.max_length}"
            texts.append(v)
        elif f.type == "text":
            bad = (
                f"{v}.__class__ is not str or not 0 < len({v}) <= {f.max_length}"
                f" or '\\r' in {v} or {v}.strip() != {v} or _control({v}) is not None"
            )
        elif f.type == "date":
            bad = (
                f"{v}.__class__ is not str or len({v}) != 10 or _date_match({v}) is None"
                f" or not _valid_date({v}) or {v} > iso"
            )
        elif f.type == "int":
            bad = f"{v}.__class__ is not int or not 0 <= {v} <= MAX_COUNT"
        elif f.type == "float":
            # a whole number is an int (RFC 8785 ids); a 5.0 from an older fieldapp stays
            bad = (
                f"({v}.__class__ is not float or {v} - {v} != 0.0)"
                f" and ({v}.__class__ is not int or abs({v}) > {SAFE_INTEGER})"
            )
        else:  # choices, lists: the closure itself (one or two per kind)
            env[f"_test{i}"] = test
            lines += [f"    if not _test{i}({v}):", "        return False"]
            continue
        lines += [
            f"    if {v} is None:",
            "        pass" if none_ok else "        return False",
            f"    elif {bad}:",
            "        return False",
        ]
    if texts:
        # Joined by one space, the single-line texts are in stored form together exactly
        # when each is alone: a space at a field's edge or two inside make two in a row.
        # (filter drops the None fields; "" was refused above.)
        lines += [
            f"    joined = ' '.join(filter(None, ({', '.join(texts)},)))",
            "    if ' '.join(joined.split()) != joined or _control(joined) is not None:",
            "        return False",
        ]
    lines.append("    return True")
    exec(compile("\n".join(lines), f"<fields_clean {kind}>", "exec"), env)
    return env["clean"]  # type: ignore[return-value]


def is_clean(kind: str, raw: Mapping[str, object], today: dt.date | None = None) -> bool:
    """True only when check(kind, raw, today) would find no error and return values equal to
    `raw`: every field present and already in stored form, the cross-field rules met. A
    quick answer for data that is normally clean (revisions arriving in a bundle); False
    means "ask check()", which gives the reasons."""
    iso = (today or dt.date.today()).isoformat()
    if not _fields_clean(kind)(raw, iso):
        return False
    get = raw.get
    lat, lon = get("latitude"), get("longitude")
    if lat is None or lon is None:
        if lat is not lon:
            return False
    elif not (
        -90 <= lat <= 90  # type: ignore[operator]
        and -180 <= lon <= 180  # type: ignore[operator]
        and round(lat, 6) == lat  # type: ignore[call-overload]
        and round(lon, 6) == lon  # type: ignore[call-overload]
    ):
        return False
    if kind == INCIDENT:
        return (get("event_type"), get("sub_event_type")) in _EVENT_PAIRS
    if kind == DISPLACEMENT:
        size = get("household_size")
        if size is not None and not 0 < size <= MAX_HOUSEHOLD_SIZE:  # type: ignore[operator]
            return False
        if get("individuals") is None and get("households") is None:
            return False
        start, end = get("report_date"), get("period_end")
        return not (start and end and end < start)  # type: ignore[operator]
    return False


_EVENT_PAIRS = frozenset((t, s) for t, subs in vocab.EVENT_TYPES.items() for s in subs)


def clean(kind: str, raw: Mapping[str, object], today: dt.date | None = None) -> dict[str, object]:
    result = check(kind, raw, today)
    if result.errors:
        raise ValidationError(result.errors, result.warnings)
    return result.values


def _check_place(result: Checked) -> None:
    v, errors = result.values, result.errors
    lat, lon = v.get("latitude"), v.get("longitude")
    if lat is not None and not -90 <= lat <= 90:  # type: ignore[operator]
        errors["latitude"] = Message("place.latitude_range", number=lat)
    if lon is not None and not -180 <= lon <= 180:  # type: ignore[operator]
        errors["longitude"] = Message("place.longitude_range", number=lon)
    if (lat is None) != (lon is None) and "latitude" not in errors and "longitude" not in errors:
        missing = "longitude" if lon is None else "latitude"
        errors[missing] = Message("place.half_coordinates")
    for name in ("latitude", "longitude"):
        if v.get(name) is not None and name not in errors:
            v[name] = round(v[name], 6)  # type: ignore[call-overload]


def _check_incident(result: Checked) -> None:
    v, errors = result.values, result.errors
    event_type, sub = v.get("event_type"), v.get("sub_event_type")
    sub_error = errors.get("sub_event_type")
    if errors.get("event_type") == "is required" and sub_error and sub_error != "is required":
        # The sub-event type would have given the event type: its own error is the one
        # to fix, and "event type is required" would send the user the wrong way.
        del errors["event_type"]
    if sub and not event_type and "event_type" in errors and errors["event_type"] == "is required":
        v["event_type"] = event_type = vocab.event_type_of(sub)  # type: ignore[arg-type]
        del errors["event_type"]
    if event_type and sub and sub not in vocab.EVENT_TYPES[event_type]:  # type: ignore[index]
        belongs = vocab.event_type_of(sub)  # type: ignore[arg-type]
        errors["sub_event_type"] = Message(
            "incident.sub_event_mismatch",
            sub=repr(sub),
            type=repr(event_type),
            belongs=repr(belongs),
        )


def _check_displacement(result: Checked) -> None:
    v, errors, warnings = result.values, result.errors, result.warnings
    individuals, households = v.get("individuals"), v.get("households")
    size = v.get("household_size")
    if size is not None and "household_size" not in errors and not 0 < size <= MAX_HOUSEHOLD_SIZE:  # type: ignore[operator]
        errors["household_size"] = Message(
            "displacement.household_size", number=size, limit=MAX_HOUSEHOLD_SIZE
        )
    if (
        individuals is None
        and households is None
        and "individuals" not in errors
        and "households" not in errors
    ):
        errors["individuals"] = Message("displacement.no_count")
    if (
        individuals is not None
        and households is not None
        and size
        and "household_size" not in errors
    ):
        expected = households * size  # type: ignore[operator]
        if abs(individuals - expected) > max(1.0, 0.1 * individuals):  # type: ignore[operator]
            warnings["household_size"] = Message(
                "displacement.households_disagree",
                households=f"{households:,}",
                size=f"{size:g}",
                people=f"{expected:,.0f}",
                individuals=f"{individuals:,}",
            )
    before = v.get("population_before")
    if before is not None and individuals is not None and individuals > before:  # type: ignore[operator]
        warnings["population_before"] = Message(
            "displacement.above_population", individuals=f"{individuals:,}", before=f"{before:,}"
        )
    start, end = v.get("report_date"), v.get("period_end")
    if start and end and "period_end" not in errors and end < start:  # type: ignore[operator]
        errors["period_end"] = Message("displacement.end_before_start", date=end, start=start)
