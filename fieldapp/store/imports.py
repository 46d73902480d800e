"""The bookkeeping of imports (migrations/0004_imports.sql): where each imported record
came from, and the column mappings people saved under a name.

The records themselves are written by the ordinary add path (store.records.add_many), so
they are this device's signed revisions; this module only adds, in the same transaction,
the provenance rows that make a second import of the same file create nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldapp.domain.revisions import utc_now
from fieldapp.store import bulk

if TYPE_CHECKING:
    from fieldapp.store.database import Store

_CHUNK = 500  # keys per IN (...) lookup: well under SQLite's parameter limit


@dataclass(frozen=True)
class Provenance:
    source_key: str
    record_id: str
    kind: str
    source_id: str | None
    file_name: str
    file_sha256: str
    sheet: str | None
    row: int


def imported(store: Store, keys: Iterable[str]) -> dict[str, str]:
    """Which of these source keys were imported before: key -> the record made of it."""
    wanted = list(dict.fromkeys(keys))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        found.update(
            store._conn.execute(
                f"SELECT source_key, record_id FROM imported_records WHERE source_key IN ({marks})",
                chunk,
            ).fetchall()
        )
    return found


def known_records(store: Store, record_ids: Iterable[str]) -> set[str]:
    """Which of these record ids this database has (current, deleted or in conflict): a
    fieldapp export imported back where its records already are."""
    wanted = list(dict.fromkeys(record_ids))
    found: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        found.update(
            row[0]
            for row in store._conn.execute(
                f"SELECT DISTINCT record_id FROM revisions WHERE record_id IN ({marks})", chunk
            )
        )
    return found


@contextmanager
def bulk_load(
    store: Store, rows: int, step: Callable[[int, int], None] | None = None
) -> Iterator[None]:
    """Inside the caller's transaction, around the add of `rows` new records: when they
    are many (bulk.BULK_MIN) and at least as many as the revisions already here, the
    secondary indexes and full-text triggers are set aside and rebuilt once at the end, as
    a bundle merge does (fieldapp.store.bulk): sorting beats inserting into a dozen
    B-trees at random places. Otherwise nothing changes. A failure rolls the schema back
    with the rows. `step(done, steps)`: after each index put back (bulk.indexes_suspended;
    it may raise Cancelled)."""
    existing = store._conn.execute("SELECT coalesce(max(n), 0) FROM revisions").fetchone()[0]
    if rows < bulk.BULK_MIN or rows < existing:
        yield
        return
    with bulk.indexes_suspended(store, also=("imported_records",), step=step):  # +provenance
        yield


def record(store: Store, rows: Sequence[Provenance]) -> None:
    """Remember where these records came from (inside the caller's transaction, the one
    that added the records)."""
    now = utc_now()
    with store.transaction():
        store._conn.executemany(
            "INSERT INTO imported_records (source_key, record_id, kind, source_id, file_name,"
            " file_sha256, sheet, row, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    p.source_key,
                    p.record_id,
                    p.kind,
                    p.source_id,
                    p.file_name,
                    p.file_sha256,
                    p.sheet,
                    p.row,
                    now,
                )
                for p in rows
            ],
        )


def provenance(store: Store, record_id: str) -> Provenance | None:
    """Where an imported record came from; None for a record typed or merged."""
    row = store._conn.execute(
        "SELECT source_key, record_id, kind, source_id, file_name, file_sha256, sheet, row"
        " FROM imported_records WHERE record_id = ?",
        (record_id,),
    ).fetchone()
    return None if row is None else Provenance(*row)


def mapping_names(store: Store) -> list[str]:
    return [
        row[0]
        for row in store._conn.execute(
            "SELECT name FROM import_mappings ORDER BY name COLLATE NOCASE"
        )
    ]


def load_mapping(store: Store, name: str) -> tuple[str, str | None, dict[str, str]] | None:
    """(kind, layout, columns) of a saved mapping; None when there is none by that name."""
    row = store._conn.execute(
        "SELECT kind, layout, columns FROM import_mappings WHERE name = ?", (name,)
    ).fetchone()
    if row is None:
        return None
    return row[0], row[1], json.loads(row[2])


def save_mapping(
    store: Store, name: str, kind: str, layout: str | None, columns: dict[str, str]
) -> None:
    """Save (or replace) a mapping under its name."""
    with store.transaction():
        store._conn.execute(
            "INSERT INTO import_mappings (name, kind, layout, columns, saved_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET kind = excluded.kind,"
            " layout = excluded.layout, columns = excluded.columns, saved_at = excluded.saved_at",
            (name, kind, layout, json.dumps(columns, ensure_ascii=False), utc_now()),
        )
