"""Values in stored (canonical) form, and cheap tests that a value is already in it.

Records arrive in bundles already clean, revision after revision: validation.is_clean asks
these tests first and leaves the full parsers of fieldapp.domain.validation for the rest.
Each test answers True only for a value validation.parse_value would return unchanged.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from fieldapp.domain.fields import FIELDS, Field

MAX_COUNT = 10_000_000
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# str(uuid.UUID(x)) == x exactly for these.
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@functools.cache
def choice_index(f: Field) -> tuple[bool, dict[object, object]]:
    """(integer codes?, lookup from the case-folded text to the stored key), built once."""
    assert f.choices is not None
    choices = f.choices()
    numeric = isinstance(next(iter(choices)), int)
    if numeric:
        return True, {key: key for key in choices}
    return False, {str(key).casefold(): key for key in choices}


@dataclass(frozen=True)
class _Table:
    """A kind's fields prepared once for check(): the known names, and per field a test
    that says whether a value is already exactly what parse_value would return for it."""

    known: frozenset[str]
    fields: tuple[tuple[str, Callable[[object], bool], Field], ...]
    dates: tuple[str, ...]


def _never(value: object) -> bool:
    return False


def _canonical_test(f: Field) -> Callable[[object], bool]:
    """A cheap test true only for values parse_value(f, value) returns unchanged (equal and
    of the same type) and that are not blank; anything else takes the full path. Every
    builder mirrors the parser it stands for."""
    build = _CANONICAL_TESTS.get(f.type)
    none_ok = not f.required and f.type not in ("multi", "idlist")
    return build(f, none_ok) if build else _never


def _text_test(f: Field, none_ok: bool) -> Callable[[object], bool]:
    limit = f.max_length
    control = CONTROL_CHARS.search
    if f.multiline:

        def text(value: object) -> bool:
            if value.__class__ is str:
                return (
                    0 < len(value) <= limit  # type: ignore[arg-type]
                    and "\r" not in value  # type: ignore[operator]
                    and value.strip() == value  # type: ignore[attr-defined]
                    and control(value) is None  # type: ignore[arg-type]
                )
            return value is None and none_ok

        return text

    def line(value: object) -> bool:
        if value.__class__ is str:
            return (
                0 < len(value) <= limit  # type: ignore[arg-type]
                and " ".join(value.split()) == value  # type: ignore[attr-defined]
                and control(value) is None  # type: ignore[arg-type]
            )
        return value is None and none_ok

    return line


def _date_test(f: Field, none_ok: bool) -> Callable[[object], bool]:
    date_match = ISO_DATE.match
    fromiso = dt.date.fromisoformat

    def date(value: object) -> bool:
        if value.__class__ is str:
            if len(value) != 10 or date_match(value) is None:  # type: ignore[arg-type]
                return False
            try:
                fromiso(value)  # type: ignore[arg-type]
            except ValueError:
                return False
            return True
        return value is None and none_ok

    return date


def _int_test(f: Field, none_ok: bool) -> Callable[[object], bool]:
    def integer(value: object) -> bool:
        if value.__class__ is int:
            return 0 <= value <= MAX_COUNT  # type: ignore[operator]
        return value is None and none_ok

    return integer


# Whole numbers up to here are exact in a float and written exactly by RFC 8785 (IEEE
# doubles, as JavaScript): the one limit of stored whole numbers and of revision ids.
SAFE_INTEGER = 2**53 - 1


def _float_test(f: Field, none_ok: bool) -> Callable[[object], bool]:
    def number(value: object) -> bool:
        if value.__class__ is float:
            return value - value == 0.0  # type: ignore[operator]  # finite
        if value.__class__ is int:  # a whole number, as RFC 8785 ids write it
            return abs(value) <= SAFE_INTEGER  # type: ignore[arg-type]
        return value is None and none_ok

    return number


def _choice_keys(f: Field) -> tuple[bool, frozenset[object]]:
    """(integer codes?, the stored keys that parse back to themselves)."""
    numeric, index = choice_index(f)
    if numeric:
        return True, frozenset(k for k in index if k.__class__ is int)
    return False, frozenset(
        k for k in index.values() if k.__class__ is str and index.get(k.strip().casefold()) == k
    )


def _choice_test(f: Field, none_ok: bool) -> Callable[[object], bool]:
    numeric, keys = _choice_keys(f)
    kind = int if numeric else str

    def choice(value: object) -> bool:
        if value.__class__ is kind:
            return value in keys
        return value is None and none_ok

    return choice


def _multi_test(f: Field, none_ok: bool) -> Callable[[object], bool]:
    numeric, keys = _choice_keys(f)
    if numeric:  # pragma: no cover - no multi field has integer codes
        return _never

    def multi(value: object) -> bool:
        if value.__class__ is not list:
            return False
        previous = ""
        for item in value:  # type: ignore[attr-defined]
            if item.__class__ is not str or item not in keys or item <= previous:
                return False
            previous = item
        return not f.required or bool(value)

    return multi


def _idlist_test(f: Field, none_ok: bool) -> Callable[[object], bool]:
    uuid_match = UUID_TEXT.fullmatch

    def ids(value: object) -> bool:
        if value.__class__ is not list:
            return False
        previous = ""
        for item in value:  # type: ignore[attr-defined]
            if item.__class__ is not str or uuid_match(item) is None or item <= previous:
                return False
            previous = item
        return not f.required or bool(value)

    return ids


_CANONICAL_TESTS: dict[str, Callable[[Field, bool], Callable[[object], bool]]] = {
    "text": _text_test,
    "date": _date_test,
    "int": _int_test,
    "float": _float_test,
    "choice": _choice_test,
    "multi": _multi_test,
    "idlist": _idlist_test,
}


@functools.cache
def kind_table(kind: str) -> _Table:
    fields = FIELDS[kind]
    return _Table(
        known=frozenset(f.name for f in fields),
        fields=tuple((f.name, _canonical_test(f), f) for f in fields),
        dates=tuple(f.name for f in fields if f.type == "date"),
    )
