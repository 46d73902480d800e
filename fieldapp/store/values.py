"""Values already in the database that data entry offers back: the districts people have
typed, and the district a place was last recorded in.

A form suggests these so that the same district is spelled the same way in every record
(filters and reports group by the exact text). Reads only; both tables are consulted
because incidents and displacement reports share the place fields.
"""

from __future__ import annotations

from fieldapp.domain.fields import TABLES
from fieldapp.store.database import Store


def _admin1_clause(store: Store, admin1: str) -> tuple[str, tuple[object, ...]]:
    """The governorate by its P-code or any spelling (Idlib, Idleb, إدلب), as filters do."""
    codes, spellings = store.place_terms(1, admin1)
    marks = ", ".join("?" for _ in spellings)
    clause = f" AND (admin1 COLLATE NOCASE IN ({marks})"
    if codes:
        clause += f" OR admin1_pcode IN ({', '.join('?' for _ in codes)})"
    return clause + ")", (*spellings, *codes)


def admin2_values(store: Store, admin1: str | None = None) -> list[str]:
    """Districts present in either table, most used first; only those of `admin1` when
    it is given (compared without case), all of them otherwise."""
    counts: dict[str, int] = {}
    for table in TABLES.values():
        sql = f"SELECT admin2, count(*) FROM {table} WHERE admin2 IS NOT NULL AND admin2 != ''"
        params: tuple[object, ...] = ()
        if admin1:
            clause, params = _admin1_clause(store, admin1)
            sql += clause
        for value, n in store._conn.execute(sql + " GROUP BY admin2", params):
            counts[value] = counts.get(value, 0) + n
    return sorted(counts, key=lambda v: (-counts[v], v.casefold()))


def district_of(
    store: Store, location: str, admin1: str | None = None
) -> tuple[str, str | None] | None:
    """(district, its P-code) that records at `location` were filed under most often, or
    None when no record there names a district. The gazetteer knows no districts; the
    records a team has already entered do."""
    counts: dict[tuple[str, str | None], int] = {}
    for table in TABLES.values():
        sql = (
            f"SELECT admin2, admin2_pcode, count(*) FROM {table}"
            " WHERE location = ? COLLATE NOCASE AND admin2 IS NOT NULL AND admin2 != ''"
        )
        params: tuple[object, ...] = (location,)
        if admin1:
            clause, more = _admin1_clause(store, admin1)
            sql += clause
            params += more
        for admin2, pcode, n in store._conn.execute(sql + " GROUP BY admin2, admin2_pcode", params):
            counts[(admin2, pcode)] = counts.get((admin2, pcode), 0) + n
    if not counts:
        return None
    return max(counts, key=lambda k: (counts[k], k[1] is not None))
