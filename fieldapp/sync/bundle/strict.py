"""Strict JSON for what a bundle carries: nesting depth bounded before the parser runs
(json recurses once per level: 100,000 "[" would end in RecursionError), numbers finite,
timestamps real and within sane bounds.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from itertools import accumulate

from fieldapp.sync import format as fmt

# The text of every JSON string (escapes included), removed before brackets are counted:
# a "[" inside a string nests nothing. The closing quote is optional so that a match never
# fails and restarts: one pass, linear even over an unterminated string.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
# +1 for an opening bracket, -1 for a closing one, indexed by byte (all C-level work).
_DELTA = [0] * 256
_DELTA[ord("[")] = _DELTA[ord("{")] = 1
_DELTA[ord("]")] = _DELTA[ord("}")] = -1


_TODAY_SLACK = dt.timedelta(days=1)  # a device east of the coordinator is already tomorrow


def today() -> dt.date:
    """The latest date a bundle's timestamps may carry: today in UTC, plus the slack."""
    return dt.datetime.now(dt.UTC).date() + _TODAY_SLACK


def too_deep(text: str, limit: int = fmt.MAX_JSON_DEPTH) -> bool:
    """True when the JSON `text` nests arrays/objects deeper than `limit`.

    Cheap for ordinary text: fewer brackets than the limit cannot nest deeper. Otherwise
    strings are removed and the running depth is computed over the brackets left."""
    if text.count("[") + text.count("{") <= limit:
        return False
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text)).encode("ascii")
    return max(accumulate(map(_DELTA.__getitem__, brackets)), default=0) > limit


def finite_float(text: str) -> float:
    """json's parse_float: a number too large for a float (1e400) is refused, not inf."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is out of range")
    return value


def is_int64(value: object, minimum: int = 0, maximum: int = fmt.MAX_INT64) -> bool:
    """A JSON integer (not a bool, not 1.0) that SQLite can store, within the bounds."""
    return value.__class__ is int and minimum <= value <= maximum  # type: ignore[operator]


def timestamp_in_bounds(value: str, today: dt.date) -> bool:
    """A well-formed timestamp (fmt.TIMESTAMP) that is a real time, from
    fmt.EARLIEST_TIMESTAMP to the end of `today` (which carries the day of slack)."""
    if not fmt.TIMESTAMP.fullmatch(value):
        return False
    try:
        dt.datetime.fromisoformat(value[:-1])
    except ValueError:
        return False
    return value >= fmt.EARLIEST_TIMESTAMP and value[:10] <= today.isoformat()
