"""Where the store keeps raw `executemany` instead of sqlite-utils' `insert_all`, measured.

    .venv/bin/python benchmarks/bench_inserts.py [--rows 30000] [--repeat 5]

The store writes rows through sqlite-utils where it serves; two bulk paths keep
`executemany` with a comment citing this benchmark:

1. the verified scratch copy of a bundle (store/scratch.ScratchWriter.write): revision rows
   and the rows of records arriving whole, batch after batch, in one transaction;
2. new records added in bulk (store/records._insert_new, used by `add_many`: the demo load
   and, later, imports): revisions, heads and record rows.

For each, the same rows are written to a fresh database file both ways, alternating, and the
ratio insert_all / executemany is printed (medians of --repeat runs). A ratio above 1 means
sqlite-utils is slower by that factor. Measured on a 2-CPU machine, 30,000 rows: scratch
4.3-4.5 x; new records 0.98 x (there the indexes and the full-text trigger dominate; the
comment in store/records.py says why it keeps executemany all the same).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fieldapp.domain.fields import INCIDENT, field_names  # noqa: E402
from fieldapp.store import Store, scratch  # noqa: E402
from fieldapp.store.records import record_columns  # noqa: E402

BATCH = 1000


def _rows(count: int) -> tuple[list[tuple], list[tuple]]:
    """Scratch-shaped rows: (pos, id, record_id, kind, parents, device, seq, timestamp,
    deleted, data, grp, solo) and the matching incident rows (pos, field values...)."""
    names = field_names(INCIDENT)
    revs, mats = [], []
    for i in range(count):
        values = {n: f"value {i} {n}" for n in names}
        revs.append(
            (i + 1, uuid.uuid4().hex * 2, str(uuid.uuid4()), INCIDENT, "[]", "ab" * 32, i,
             "2019-05-14T10:00:00.000Z", 0, json.dumps(values), i + 1, 1)
        )  # fmt: skip
        mats.append((i + 1, *values.values()))
    return revs, mats


def _schema(conn: sqlite3.Connection) -> None:
    for statement in scratch._SCHEMA:
        conn.execute(statement)


def scratch_executemany(path: Path, revs: list[tuple], mats: list[tuple]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("BEGIN")
    _schema(conn)
    for start in range(0, len(revs), BATCH):
        conn.executemany(scratch._INSERT_REV, revs[start : start + BATCH])
        conn.executemany(scratch._INSERT_MAT[INCIDENT], mats[start : start + BATCH])
    conn.execute("COMMIT")
    conn.close()


def scratch_insert_all(path: Path, revs: list[tuple], mats: list[tuple]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    db = sqlite_utils.Database(conn)
    rev_cols = ["pos", "id", "record_id", "kind", "parents", "device", "seq", "timestamp",
                "deleted", "data", "grp", "solo"]  # fmt: skip
    mat_cols = ["pos", *field_names(INCIDENT)]
    conn.execute("BEGIN")
    _schema(conn)
    for start in range(0, len(revs), BATCH):
        db["rev"].insert_all(
            (dict(zip(rev_cols, r, strict=True)) for r in revs[start : start + BATCH]),
            batch_size=BATCH,
        )
        db[f"mat_{INCIDENT}"].insert_all(
            (dict(zip(mat_cols, m, strict=True)) for m in mats[start : start + BATCH]),
            batch_size=BATCH,
        )
    conn.execute("COMMIT")
    conn.close()


def _record_rows(revs: list[tuple], mats: list[tuple]) -> tuple[list, list, list]:
    """The same records as the store's tables hold them: revisions, heads, incidents."""
    revisions = [(r[1], r[2], r[3], r[5], r[6], r[7], r[9]) for r in revs]
    heads = [(r[2], r[1]) for r in revs]
    rows = [(r[2], *m[1:], r[7], r[7], r[5], r[1]) for r, m in zip(revs, mats, strict=True)]
    return revisions, heads, rows


_REV_SQL = (
    "INSERT INTO revisions (id, record_id, kind, parents, device, seq, timestamp, deleted,"
    " data) VALUES (?, ?, ?, '[]', ?, ?, ?, 0, ?)"
)


def records_executemany(path: Path, revs: list[tuple], mats: list[tuple]) -> None:
    """What store/records._insert_new runs for a batch of new records."""
    revisions, heads, rows = _record_rows(revs, mats)
    with Store.open(path) as store:
        conn = store.db.conn
        cols = record_columns(INCIDENT)
        marks = ", ".join("?" for _ in cols.split(", "))
        with store.transaction():
            for start in range(0, len(rows), 500):
                conn.executemany(_REV_SQL, revisions[start : start + 500])
                conn.executemany(
                    "INSERT INTO heads (record_id, revision_id) VALUES (?, ?)",
                    heads[start : start + 500],
                )
                conn.executemany(
                    f"INSERT INTO incidents ({cols}) VALUES ({marks})", rows[start : start + 500]
                )


def records_insert_all(path: Path, revs: list[tuple], mats: list[tuple]) -> None:
    """The same rows through sqlite-utils' table API."""
    revisions, heads, rows = _record_rows(revs, mats)
    rev_cols = ["id", "record_id", "kind", "device", "seq", "timestamp", "data"]
    cols = record_columns(INCIDENT).split(", ")
    with Store.open(path) as store:
        db = store.db
        with store.transaction():
            for start in range(0, len(rows), 500):
                db["revisions"].insert_all(
                    (
                        dict(zip(rev_cols, r, strict=True), parents="[]", deleted=0)
                        for r in revisions[start : start + 500]
                    ),
                    batch_size=500,
                )
                db["heads"].insert_all(
                    ({"record_id": a, "revision_id": b} for a, b in heads[start : start + 500]),
                    batch_size=500,
                )
                db["incidents"].insert_all(
                    (dict(zip(cols, r, strict=True)) for r in rows[start : start + 500]),
                    batch_size=500,
                )


def _measure(fn: Callable[[Path, list, list], None], revs: list, mats: list) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        started = time.perf_counter()
        fn(path, revs, mats)
        return time.perf_counter() - started


def _compare(title: str, many_fn: Callable, all_fn: Callable, revs: list, mats: list,
             repeat: int) -> None:  # fmt: skip
    many_times, all_times = [], []
    for _ in range(repeat):  # alternating, so a slow moment of the machine hits both
        many_times.append(_measure(many_fn, revs, mats))
        all_times.append(_measure(all_fn, revs, mats))
    many, alls = statistics.median(many_times), statistics.median(all_times)
    print(f"{title}, median of {repeat}:")
    print(f"  executemany               {many:6.2f} s")
    print(f"  sqlite-utils insert_all   {alls:6.2f} s   ratio {alls / many:4.2f} x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    revs, mats = _rows(args.rows)
    n = f"{args.rows:,}"
    _compare(f"{n} scratch rows (store/scratch)", scratch_executemany, scratch_insert_all,
             revs, mats, args.repeat)  # fmt: skip
    _compare(f"{n} new incidents (store/records)", records_executemany, records_insert_all,
             revs, mats, args.repeat)  # fmt: skip


if __name__ == "__main__":
    main()
