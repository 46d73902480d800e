"""What storing record rows in event-date order does to the budgeted reads, the order alone
(the same rows, the same file otherwise): the evidence behind the merge's date order
(fieldapp/store/bulk.py), which bench_store.py measures on a merged database.

    .venv/bin/python benchmarks/bench_clustering.py [--rows 100000] [--rounds 3]

1. builds a plain database of `--rows` incidents through the store (bench_store's rows,
   in their random date order, as an import of an unsorted file leaves them);
2. copies it with the same rows rewritten in event-date order (new row numbers, the
   full-text index kept by its triggers, then VACUUM), and encrypts both copies
   (`cipher.export`, a random key in memory);
3. measures bench_store's budgeted reads (first page and filtered page: file not in the OS
   cache, first call on a new connection, median of 20) on the four files in alternating
   rounds, and prints each order's plain and encrypted medians, their ratio, and how much
   faster the date order makes the plain file.

The rows are reordered in the copy by SQL here, not by fieldapp.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_page_size
import bench_store

from fieldapp.store import cipher

READS = [name for name, _, _ in bench_store.BUDGETED if "write" not in name]


def date_ordered_copy(source: Path, dest: Path) -> None:
    """`source` with its incident rows rewritten in event-date order."""
    shutil.copy(source, dest)
    conn = sqlite3.connect(dest, isolation_level=None)
    try:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(incidents)") if r[1] != "n"]
        names = ", ".join(f'"{c}"' for c in columns)
        conn.execute("BEGIN")
        conn.execute(f"CREATE TEMP TABLE ordered AS SELECT {names} FROM incidents"
                     " ORDER BY event_date, n")  # fmt: skip
        conn.execute("DELETE FROM incidents")
        conn.execute(f"INSERT INTO incidents ({names}) SELECT {names} FROM temp.ordered")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-clustering-"))
    try:
        print(f"Building a plain database of {args.rows:,} incidents (not measured)…")
        today = work / "today.db"
        bench_page_size.build_plain(today, args.rows)
        ordered = work / "date-ordered.db"
        date_ordered_copy(today, ordered)
        key = os.urandom(cipher.KEY_BYTES)
        files = {}
        for order, plain in (("today", today), ("date", ordered)):
            encrypted = work / f"{plain.stem}-encrypted.db"
            cipher.export(plain, encrypted, key, os.urandom(cipher.SALT_BYTES))
            cipher.remember(encrypted, key)
            files[(order, "plain")] = plain
            files[(order, "encrypted")] = encrypted
        runs: dict[tuple[str, str], list[dict[str, float]]] = {f: [] for f in files}
        for round_ in range(args.rounds):
            for (order, mode), path in files.items():
                runs[(order, mode)].append(bench_store.budget_round(path, mode, 100 + round_))
        report(runs, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report(runs: dict[tuple[str, str], list[dict[str, float]]], args: argparse.Namespace) -> None:
    def median(order: str, mode: str, name: str) -> float:
        return statistics.median(r[name] for r in runs[(order, mode)])

    print(f"\nBudgeted reads on {args.rows:,} incidents, ms (medians of {args.rounds} rounds)")
    head = f"{'figure':32} {'today: plain':>12} {'encrypted':>10} {'ratio':>6}"
    print(f"{head} {'date order: plain':>18} {'encrypted':>10} {'ratio':>6} {'plain faster':>13}")
    for name in READS:
        cells = []
        for order in ("today", "date"):
            plain, encrypted = median(order, "plain", name), median(order, "encrypted", name)
            cells.append(f"{plain:{12 if order == 'today' else 18}.2f} {encrypted:10.2f}"
                         f" {encrypted / plain:5.2f}x")  # fmt: skip
        speedup = median("today", "plain", name) / median("date", "plain", name)
        print(f"{name:32} {cells[0]} {cells[1]} {speedup:12.2f}x")
    print("\nBudget (issue 13): encrypted at most 1.3 x plain.")


if __name__ == "__main__":
    sys.exit(main())
