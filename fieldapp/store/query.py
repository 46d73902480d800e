"""Filters shared by the table views, the CLI, the map and the reports."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from fieldapp.domain.fields import DATE_FIELD, FIELDS, TABLES

# What a place filter's text matches at an admin level: (P-codes, names). The store gives
# the register's answer (store/places.filter_terms): a code or any spelling of a unit.
Terms = Callable[[int, str], tuple[list[str], list[str]]]
_PLACE_FILTERS = (("admin1", 1), ("admin2", 2), ("admin3", 3))
_EXACT_FILTERS = ("event_type", "sub_event_type", "direction")


def _literal(level: int, text: str) -> tuple[list[str], list[str]]:
    return [], [text]


def _one_of(column: str, values: list[str]) -> str:
    """`column = ?` for one value (an index walk in date order), IN for several."""
    return f"{column} = ?" if len(values) == 1 else f"{column} IN ({', '.join('?' * len(values))})"


_WORD = re.compile(r"\w+", re.UNICODE)
_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")


@dataclass(frozen=True)
class Filter:
    date_from: str | None = None
    date_to: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    search: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    direction: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "") for f in fields(self))


def fts_query(text: str) -> str | None:
    """Every word of the user's text as a prefix term: "khan shay" finds Khan Shaykhun."""
    words = _WORD.findall(_HARAKAT.sub("", text))
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def where(
    kind: str, flt: Filter | None, *, walk_order: bool = False, terms: Terms | None = None
) -> tuple[str, list[object]]:
    """SQL WHERE clause (with its leading keyword, or empty) and parameters.

    A place filter (admin1..3) matches a record by P-code or by any spelling of the unit
    (`terms`), so `SY07`, `Idleb`, `Idlib` and `إدلب` select the same records.

    `walk_order`: the full-text matches are many, so stop SQLite from fetching each one by
    rowid (the unary + hides n from the planner) and let it walk the ORDER BY index instead.
    """
    if flt is None:
        return "", []
    table = TABLES[kind]
    date = DATE_FIELD[kind]
    names = {f.name for f in FIELDS[kind]}
    clauses: list[str] = []
    params: list[object] = []
    if flt.date_from:
        clauses.append(f"{date} >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        clauses.append(f"{date} <= ?")
        params.append(flt.date_to)
    for name, level in _PLACE_FILTERS:
        value = getattr(flt, name)
        if value and name in names:
            codes, spellings = (terms or _literal)(level, value)
            parts = [_one_of(f"{name}_pcode", codes)] if codes else []
            parts += [_one_of(name, spellings)] if spellings else []
            clauses.append("(" + " OR ".join(parts) + ")" if len(parts) > 1 else parts[0])
            params.extend([*codes, *spellings])
    for name in _EXACT_FILTERS:
        value = getattr(flt, name)
        if value and name in names:
            clauses.append(f"{name} = ?")
            params.append(value)
    if flt.search:
        match = fts_query(flt.search)
        if match:
            key = "+n" if walk_order else "n"
            clauses.append(f"{key} IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)")
            params.append(match)
    if not clauses:
        return "", []
    return "WHERE " + " AND ".join(clauses), params


# -- the order every list shows ---------------------------------------------------------------


def default_sort(kind: str) -> tuple[str, bool]:
    """(column, descending) of the order the window and `fieldapp list` both start in:
    newest first by the record's date."""
    return DATE_FIELD[kind], True


def order_clause(kind: str, order_by: str, descending: bool) -> str:
    """ORDER BY terms for a sort column, with the same tie-breaks everywhere.

    Ties are broken by the date, then by the row number n (the order records arrived in
    this database, which never changes while a record exists): the (column, date) indexes
    hold n, so a sorted page is an index walk, and the CLI, the tables, the map and the
    reports all list tied records in one order.
    """
    date = DATE_FIELD[kind]
    direction = "DESC" if descending else "ASC"
    keys = [order_by] if order_by == date else [order_by, date]
    return ", ".join(f"{k} {direction}" for k in (*keys, "n"))


# -- the filter applied to values outside the tables (deleted records) ----------------------------


def matches(
    kind: str, data: Mapping[str, object], flt: Filter | None, terms: Terms | None = None
) -> bool:
    """Whether a record's values pass the filter, in Python: deleted records are no longer
    in the tables (nor in their full-text index), but the filter bar applies to them too.
    The search is the same prefix match the full-text index makes, without its stemming."""
    if flt is None:
        return True
    date = str(data.get(DATE_FIELD[kind]) or "")
    if flt.date_from and date < flt.date_from:
        return False
    if flt.date_to and date > flt.date_to:
        return False
    names = {f.name for f in FIELDS[kind]}
    for name, level in _PLACE_FILTERS:
        wanted = getattr(flt, name)
        if wanted and name in names:
            codes, spellings = (terms or _literal)(level, wanted)
            code = str(data.get(f"{name}_pcode") or "").upper()
            said = str(data.get(name) or "").casefold()
            if code not in codes and said not in {s.casefold() for s in spellings}:
                return False
    for name in _EXACT_FILTERS:
        wanted = getattr(flt, name)
        if wanted and name in names and str(data.get(name) or "").casefold() != wanted.casefold():
            return False
    if flt.search:
        wanted_words = _WORD.findall(_HARAKAT.sub("", flt.search).casefold())
        text = " ".join(str(data.get(f.name) or "") for f in FIELDS[kind] if f.type in ("text",))
        words = _WORD.findall(_HARAKAT.sub("", text).casefold())
        if not all(any(w.startswith(x) for w in words) for x in wanted_words):
            return False
    return True
