"""Store benchmark: a 100,000-incident database, built and queried the way the app does.

Prints each figure beside its budget and beside a baseline measured in the
same run (raw sqlite3 `executemany` of the same rows), so the numbers mean something on any
machine. Also checks with EXPLAIN QUERY PLAN that a filtered, sorted page is an index walk.

    .venv/bin/python benchmarks/bench_store.py [--rows 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fieldapp.domain.fields import INCIDENT, field_names
from fieldapp.domain.vocab import EVENT_TYPES, TARGETS
from fieldapp.identity.keys import create_identity, save_identity
from fieldapp.store import Filter, Store

# Syrian governorates, weighted roughly like a conflict data set (Idlib and Aleppo heavy).
ADMIN1 = [
    ("Idlib", 30),
    ("Aleppo", 20),
    ("Hama", 10),
    ("Rural Damascus", 8),
    ("Dar'a", 6),
    ("Deir-ez-Zor", 6),
    ("Homs", 5),
    ("Ar-Raqqa", 4),
    ("Al-Hasakeh", 3),
    ("Lattakia", 3),
    ("Damascus", 2),
    ("Quneitra", 1),
    ("As-Sweida", 1),
    ("Tartous", 1),
]
WORDS = [
    "airstrike",
    "shelling",
    "market",
    "school",
    "mosque",
    "bakery",
    "hospital",
    "camp",
    "road",
    "convoy",
    "checkpoint",
    "residential",
    "farmland",
    "civil",
    "defence",
    "council",
    "eyewitness",
    "reported",
    "casualties",
    "damage",
    "قصف",
    "مدرسة",
    "منازل",
    "سوق",
    "مسجد",
    "مشفى",
    "مخيم",
]
START = dt.date(2017, 1, 1)
SPAN_DAYS = 8 * 365
PAGE = 200
BUDGET_FILTERED_MS = 50.0
BUDGET_ADD_MS = 20.0


def make_rows(count: int, seed: int = 2019) -> list[dict[str, object]]:
    """Deterministic incidents spread over 8 years and 14 governorates."""
    rng = random.Random(seed)
    names = [a for a, _ in ADMIN1]
    weights = [w for _, w in ADMIN1]
    types = list(EVENT_TYPES)
    targets = list(TARGETS)
    rows = []
    for i in range(count):
        admin1 = rng.choices(names, weights)[0]
        event_type = rng.choice(types)
        words = rng.sample(WORDS, 6)
        if i % 5000 == 0:
            words.append("zarzour")  # a rare word for the search page
        rows.append(
            {
                "event_date": (START + dt.timedelta(days=rng.randrange(SPAN_DAYS))).isoformat(),
                "time_precision": "day",
                "event_type": event_type,
                "sub_event_type": rng.choice(EVENT_TYPES[event_type]),
                "actor1": "Military forces of Syria",
                "actor2": "Civilians (Syria)",
                "country": "Syria",
                "admin1": admin1,
                "admin2": f"{admin1} district {rng.randrange(6)}",
                "location": f"Village {rng.randrange(3000)}",
                "latitude": round(rng.uniform(32.3, 37.3), 5),
                "longitude": round(rng.uniform(35.7, 42.3), 5),
                "geo_precision": rng.randrange(1, 4),
                "killed": rng.randrange(0, 12),
                "injured": rng.randrange(0, 40),
                "targets": rng.sample(targets, rng.randrange(0, 3)),
                "source": "Field team",
                "notes": " ".join(words),
            }
        )
    return rows


def baseline_rows(rows: list[dict[str, object]]) -> tuple[list[str], list[tuple]]:
    cols = list(field_names(INCIDENT))
    out = []
    for r in rows:
        out.append(
            tuple(";".join(r[c]) if isinstance(r.get(c), list) else r.get(c) for c in cols)  # type: ignore[arg-type]
        )
    return cols, out


def raw_executemany(path: Path, cols: list[str], rows: list[tuple], indexed: bool) -> float:
    """Rows/s for plain executemany in one transaction: the floor any store can approach."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"CREATE TABLE t (n INTEGER PRIMARY KEY, {', '.join(cols)})")
    if indexed:
        conn.execute("CREATE INDEX t_date ON t (event_date)")
        conn.execute("CREATE INDEX t_admin1_date ON t (admin1, event_date)")
        conn.execute(
            "CREATE VIRTUAL TABLE t_fts USING fts5 (location, notes, content='t',"
            " content_rowid='n')"
        )
        conn.execute(
            "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN INSERT INTO t_fts (rowid, location,"
            " notes) VALUES (new.n, new.location, new.notes); END"
        )
    sql = f"INSERT INTO t ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(sql, rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return len(rows) / elapsed


def timed(fn: Callable[[], object], repeat: int = 20) -> tuple[float, float, object]:
    """(first call ms, median ms of the following calls, last result)."""
    started = time.perf_counter()
    result = fn()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return first, statistics.median(times), result


def plan(store: Store, query: Callable[[], object]) -> list[str]:
    """EXPLAIN QUERY PLAN of the statement `query` runs, captured as SQLite executed it."""
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        query()
    finally:
        store.db.conn.set_trace_callback(None)
    sql = statements[-1]
    return [row[3] for row in store.db.execute("EXPLAIN QUERY PLAN " + sql)]


def line(label: str, value: str, budget: str = "", note: str = "") -> None:
    print(f"  {label:<44} {value:>14}  {budget:<18} {note}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the built database in this folder")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="fieldapp-bench-"))
    try:
        return run(args.rows, workdir, args.keep)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(count: int, workdir: Path, keep: Path | None) -> int:
    print(f"fieldapp store benchmark: {count:,} incidents, SQLite {sqlite3.sqlite_version}")
    rows = make_rows(count)
    cols, plain = baseline_rows(rows)

    print("\nBuild (one transaction)")
    raw_rate = raw_executemany(workdir / "raw.db", cols, plain, indexed=False)
    raw_idx_rate = raw_executemany(workdir / "raw-idx.db", cols, plain, indexed=True)
    line("raw sqlite3 executemany, bare table", f"{raw_rate:,.0f} rows/s", "baseline")
    line("raw executemany + 2 indexes + FTS5", f"{raw_idx_rate:,.0f} rows/s", "baseline")

    db_path = workdir / "bench.db"
    store = Store.open(db_path)
    identity = create_identity("Bench", "Benchmark", "benchmark passphrase", n=2**14)
    save_identity(store, identity)
    started = time.perf_counter()
    store.add_many(INCIDENT, rows)
    build = time.perf_counter() - started
    rate = count / build
    line(
        "store.add_many (validate, revision, index)",
        f"{rate:,.0f} rows/s",
        f"{build:.1f} s total",
        f"{rate / raw_rate:.2f}x bare, {rate / raw_idx_rate:.2f}x indexed baseline",
    )
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.db.execute("ANALYZE")
    size_mb = db_path.stat().st_size / 1e6
    line("database size", f"{size_mb:.0f} MB", "", f"{store.revision_count():,} revisions")
    store.close()

    # Queries run on a freshly opened store, like the app after start-up.
    started = time.perf_counter()
    store = Store.open(db_path)
    open_ms = (time.perf_counter() - started) * 1000
    print("\nReads (first call on a fresh connection, then median of 20)")
    line("Store.open", f"{open_ms:.1f} ms")

    first, median, page = timed(lambda: store.query_rows(INCIDENT, limit=PAGE))
    line(
        f"first page, {PAGE} rows, default order",
        f"{median:.2f} ms",
        "< 1 s (window)",
        f"first {first:.1f} ms, {len(page)} rows",
    )  # type: ignore[arg-type]

    flt = Filter(admin1="Idlib", date_from="2019-01-01", date_to="2020-12-31")
    first, median, page = timed(
        lambda: store.query_rows(INCIDENT, flt, order_by="event_date", descending=True, limit=PAGE)
    )
    line(
        "admin1 + date range, by date desc, page",
        f"{median:.2f} ms",
        f"< {BUDGET_FILTERED_MS:.0f} ms",
        f"first {first:.1f} ms, {len(page)} rows"  # type: ignore[arg-type]
        + ("  OVER BUDGET" if median > BUDGET_FILTERED_MS else ""),
    )
    first, median, _ = timed(
        lambda: store.query_rows(INCIDENT, flt, order_by="killed", descending=True, limit=PAGE)
    )
    line(
        "same filter, by killed desc (sorts matches)",
        f"{median:.2f} ms",
        f"< {BUDGET_FILTERED_MS:.0f} ms",
        f"first {first:.1f} ms" + ("  OVER BUDGET" if median > BUDGET_FILTERED_MS else ""),
    )
    middle = store.count(INCIDENT, flt) // 2
    first, median, _ = timed(
        lambda: store.query_rows(INCIDENT, flt, order_by="event_date", limit=PAGE, offset=middle)
    )
    line(
        f"same filter, page at offset {middle:,}",
        f"{median:.2f} ms",
        "",
        f"first {first:.1f} ms",
    )
    for column in ("location", "killed", "sub_event_type"):
        first, median, _ = timed(
            lambda c=column: store.query_rows(
                INCIDENT, None, order_by=c, descending=True, limit=PAGE
            )
        )
        line(f"no filter, by {column} desc", f"{median:.2f} ms", "", f"first {first:.1f} ms")

    for word, label in (
        ("zarzour", "rare word"),
        ("school", "common word"),
        ("مدر", "Arabic prefix"),
    ):
        search = Filter(search=word)
        first, median, page = timed(lambda s=search: store.query_rows(INCIDENT, s, limit=PAGE))
        hits = store.count(INCIDENT, search)
        line(
            f"full-text page, {label} ({word})",
            f"{median:.2f} ms",
            "",
            f"first {first:.1f} ms, {hits:,} matches",
        )

    first, median, total = timed(lambda: store.count(INCIDENT, flt))
    line("count, admin1 + date range", f"{median:.2f} ms", "", f"{total:,} records")
    first, median, total = timed(lambda: store.count(INCIDENT))
    line("count, everything", f"{median:.2f} ms", "", f"{total:,} records")

    print("\nWrites")
    sample = make_rows(51, seed=7)
    store.add(INCIDENT, sample[0])  # warm-up
    times = []
    for row in sample[1:]:
        started = time.perf_counter()
        store.add(INCIDENT, row)
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    line(
        "store.add, one record (median of 50)",
        f"{median:.2f} ms",
        f"< {BUDGET_ADD_MS:.0f} ms",
        f"max {max(times):.1f} ms" + ("  OVER BUDGET" if median > BUDGET_ADD_MS else ""),
    )
    record_id = store.query_rows(INCIDENT, limit=1, cols=("id",))[0][0]
    times = []
    for i in range(20):
        started = time.perf_counter()
        store.edit(record_id, {"killed": i % 7, "notes": f"edit {i}"})
        times.append((time.perf_counter() - started) * 1000)
    line(
        "store.edit, one record (median of 20)",
        f"{statistics.median(times):.2f} ms",
        f"< {BUDGET_ADD_MS:.0f} ms",
    )

    print("\nQuery plan of the filtered, sorted page (the SQL the store actually ran)")
    steps = plan(
        store,
        lambda: store.query_rows(INCIDENT, flt, order_by="event_date", descending=True, limit=PAGE),
    )
    for step in steps:
        print(f"  {step}")
    walks_index = any("USING INDEX incidents_admin1_date" in s for s in steps)
    sorts = any("TEMP B-TREE" in s for s in steps)
    verdict = "index walk" if walks_index and not sorts else "NOT an index walk"
    print(f"  -> {verdict}")

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak memory of this process: {rss_mb:.0f} MB (budget for the window: < 300 MB)")
    store.close()
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(db_path, keep / "bench.db")
        print(f"Kept the database at {keep / 'bench.db'}")
    return 0 if walks_index and not sorts else 1


if __name__ == "__main__":
    sys.exit(main())
