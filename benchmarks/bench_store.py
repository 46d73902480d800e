"""Store benchmark: a 100,000-incident database, built and queried the way the app does.

Prints each figure beside its budget and beside a baseline measured in the
same run (raw sqlite3 `executemany` of the same rows), so the numbers mean something on any
machine. Also checks with EXPLAIN QUERY PLAN that a filtered, sorted page is an index walk.

    .venv/bin/python benchmarks/bench_store.py [--rows 100000] [--keep DIR]
        [--mode both|plain|encrypted] [--rounds 3]

--mode encrypted (or both, the default) measures the same on an encrypted database
(SQLCipher, fieldapp/store/cipher.py), then compares: first page, filtered page and one
write are measured again in alternating rounds on both databases, and the encrypted ones
must stay within 1.3x the plain ones and within their own budgets; it also prints unlock
and lock (benchmarks/bench_cipher.py) against theirs.

The budgets are judged on two kinds of database holding the same incidents:
- a coordinator's: the incidents exported as a signed bundle and merged into a new
  database (the way a 100,000-record database comes to be), which stores the rows in date
  order, so a date-sorted page reads a few neighbouring pages of the file;
- the bulk-added one the rest of the benchmark measures: add_many of the incidents in
  random date order, as an import of an unsorted file leaves them, the worst order for a
  date-sorted page (one page of the file per row).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_cipher
from sqlcipher3 import dbapi2 as sqlcipher

from fieldapp.domain.fields import INCIDENT, field_names
from fieldapp.domain.vocab import EVENT_TYPES, TARGETS
from fieldapp.identity.keys import create_identity, save_identity
from fieldapp.store import Filter, Store
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle

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
FILTER = Filter(admin1="Idlib", date_from="2019-01-01", date_to="2020-12-31")
MAX_RATIO = 1.3  # an encrypted database's budgeted figures against the plain one's
MODES = ("plain", "encrypted")
DB_NAMES = {"plain": "bench.db", "encrypted": "bench-encrypted.db"}
PASSPHRASE = bench_cipher.PASSPHRASE


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
    """(first call ms, median ms of the following calls (0 if none), last result)."""
    started = time.perf_counter()
    result = fn()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return first, statistics.median(times) if times else 0.0, result


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
    parser.add_argument("--keep", type=Path, help="keep the built database(s) in this folder")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument(
        "--mode",
        choices=("both", *MODES),
        default="both",
        help="a plain database, an encrypted one (SQLCipher) or both (default)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="alternating rounds of the budgeted figures (plain, encrypted, ...; medians)",
    )
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    modes = MODES if args.mode == "both" else (args.mode,)

    workdir = Path(tempfile.mkdtemp(prefix="fieldapp-bench-"))
    try:
        return run(args.rows, workdir, args.keep, modes, args.rounds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def open_store(path: Path, mode: str) -> Store:
    """A new database of the mode, or an existing one (an encrypted one with the key this
    process remembered when it made it: no key derivation in the figures)."""
    if mode == "encrypted" and not path.exists():
        return Store.open(path, encrypt=True, passphrase=PASSPHRASE)
    return Store.open(path)


def suffix(mode: str) -> str:
    """What a section's title adds for the mode: nothing for the plain database, so that
    its output stays the one earlier runs printed."""
    return "" if mode == "plain" else f", {mode} database"


def run(count: int, workdir: Path, keep: Path | None, modes: tuple[str, ...], rounds: int) -> int:
    engines = f"SQLite {sqlite3.sqlite_version}"
    if "encrypted" in modes:
        engines += f", SQLCipher {cipher_version()}"
    print(f"fieldapp store benchmark: {count:,} incidents, {engines}")
    rows = make_rows(count)
    cols, plain = baseline_rows(rows)

    print("\nBuild (one transaction)")
    raw_rate = raw_executemany(workdir / "raw.db", cols, plain, indexed=False)
    raw_idx_rate = raw_executemany(workdir / "raw-idx.db", cols, plain, indexed=True)
    line("raw sqlite3 executemany, bare table", f"{raw_rate:,.0f} rows/s", "baseline")
    line("raw executemany + 2 indexes + FTS5", f"{raw_idx_rate:,.0f} rows/s", "baseline")
    paths = {mode: workdir / DB_NAMES[mode] for mode in modes}
    # first, while this process is small: an encrypted one's key derivation takes 128 MiB
    merged = {mode: new_coordinator(workdir, mode) for mode in modes}
    for mode in modes:
        build(paths[mode], mode, rows, (raw_rate, raw_idx_rate))

    ok = True
    for mode in modes:
        ok = reads_and_writes(paths[mode], mode) and ok
    if "encrypted" in modes:
        repeat = 5 if count >= 10_000 else 1  # a small run is a smoke run
        bench_cipher.report(paths["encrypted"], PASSPHRASE, repeat, make_rows(1, seed=11)[0])
    build_merged(paths, merged, workdir)
    compare(merged, rounds, "a coordinator's database: merged from a bundle, rows in date order")
    compare(paths, rounds, "the bulk-added database: rows in random date order")

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak memory of this benchmark process: {rss_mb:.0f} MB (for information)")
    print("  (it holds every generated row; the window's budget, < 300 MB, is bench_ui.py's)")
    if "encrypted" in modes:
        print("  (with the 128 MiB each scrypt key derivation takes while it runs)")
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        for path in paths.values():
            shutil.copy(path, keep / path.name)
            print(f"Kept the database at {keep / path.name}")
    return 0 if ok else 1


def cipher_version() -> str:
    conn = sqlcipher.connect(":memory:")
    try:
        return conn.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        conn.close()


def build(path: Path, mode: str, rows: list[dict[str, object]], rates: tuple[float, float]) -> None:
    """The store's bulk load of `rows` into a new database of the mode, timed."""
    raw_rate, raw_idx_rate = rates
    store = open_store(path, mode)
    identity = create_identity("Bench", "Benchmark", "benchmark passphrase", n=2**14)
    save_identity(store, identity)
    started = time.perf_counter()
    store.add_many(INCIDENT, rows)
    build = time.perf_counter() - started
    rate = len(rows) / build
    line(
        "store.add_many (validate, revision, index)"
        if mode == "plain"
        else f"store.add_many, {mode} database",
        f"{rate:,.0f} rows/s",
        f"{build:.1f} s total",
        f"{rate / raw_rate:.2f}x bare, {rate / raw_idx_rate:.2f}x indexed baseline",
    )
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.db.execute("ANALYZE")
    size_mb = path.stat().st_size / 1e6
    line(
        "database size" + ("" if mode == "plain" else f", {mode}"),
        f"{size_mb:.0f} MB",
        "",
        f"{store.revision_count():,} revisions",
    )
    store.close()


def new_coordinator(workdir: Path, mode: str) -> Path:
    """An empty database of the mode with a coordinator's identity, made in this process:
    an encrypted one's key is then remembered for the rounds (no key derivation later,
    when this process is larger and the derivation's 128 MiB would raise its peak)."""
    path = workdir / f"merged-{DB_NAMES[mode]}"
    store = open_store(path, mode)
    try:
        save_identity(store, create_identity("Coordinator", "Benchmark", "coordinator", n=2**14))
    finally:
        store.close()
    return path


def build_merged(paths: dict[str, Path], merged: dict[str, Path], workdir: Path) -> None:
    """The same incidents as a coordinator's database holds them: exported from the built
    database as a signed bundle, then merged into a new database of each mode. A merge
    stores record rows in date order (fieldapp/store/bulk.py), add_many in the order given
    (here random dates: an unsorted file's import, the worst order for a date-sorted page).
    `merged`: the new_coordinator databases. Each step in a child process, so that this
    process's peak memory stays its own. Timed for information; benchmarks/bench_bundles.py
    budgets the merge."""
    source_mode = "plain" if "plain" in paths else "encrypted"
    bundle = workdir / "bench.zip"
    _child("export", str(paths[source_mode]), source_mode, str(bundle))
    print("\nA coordinator's database (the same incidents, merged from a signed bundle)")
    for mode, path in merged.items():
        seconds, new = _child("merge", str(path), mode, str(bundle)).split()
        line(f"verify + merge, {mode} database", f"{float(seconds):.1f} s", "", f"{new} new")
    bundle.unlink()


def _child(task: str, db: str, mode: str, bundle: str) -> str:
    """Run `child` in a fresh process; its last line of output."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", task, db, mode, bundle],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


def child(task: str, db: str, mode: str, bundle: str) -> None:
    """export: a signed full bundle of `db`; merge: `bundle` merged into `db` (prints
    seconds and new records)."""
    path = Path(db)
    if mode == "encrypted":
        Store.unlock(path, PASSPHRASE)
    store = Store.open(path)
    try:
        if task == "export":
            export_bundle(store, bundle, "benchmark passphrase", full=True)
            print("exported")
            return
        started = time.perf_counter()
        summary = merge_bundle(store, bundle, trust_new=True)
        seconds = time.perf_counter() - started
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.db.execute("ANALYZE")
    finally:
        store.close()
    print(f"{seconds:.3f} {summary.new:,}")


def reads_and_writes(db_path: Path, mode: str) -> bool:
    """The read and write figures of one database, and whether the filtered page is an
    index walk. Long because it is the table the benchmark prints, line by line."""
    # Queries run on a freshly opened store, like the app after start-up.
    started = time.perf_counter()
    store = open_store(db_path, mode)
    open_ms = (time.perf_counter() - started) * 1000
    print(f"\nReads{suffix(mode)} (first call on a fresh connection, then median of 20)")
    line("Store.open", f"{open_ms:.1f} ms")

    first, median, page = timed(lambda: store.query_rows(INCIDENT, limit=PAGE))
    line(
        f"first page, {PAGE} rows, default order",
        f"{median:.2f} ms",
        "< 1 s (window)",
        f"first {first:.1f} ms, {len(page)} rows",
    )  # type: ignore[arg-type]

    first, median, page = timed(lambda: filtered_page(store))
    line(
        "admin1 + date range, by date desc, page",
        f"{median:.2f} ms",
        f"< {BUDGET_FILTERED_MS:.0f} ms",
        f"first {first:.1f} ms, {len(page)} rows"  # type: ignore[arg-type]
        + ("  OVER BUDGET" if median > BUDGET_FILTERED_MS else ""),
    )
    first, median, _ = timed(
        lambda: store.query_rows(INCIDENT, FILTER, order_by="killed", descending=True, limit=PAGE)
    )
    line(
        "same filter, by killed desc (sorts matches)",
        f"{median:.2f} ms",
        f"< {BUDGET_FILTERED_MS:.0f} ms",
        f"first {first:.1f} ms" + ("  OVER BUDGET" if median > BUDGET_FILTERED_MS else ""),
    )
    middle = store.count(INCIDENT, FILTER) // 2
    first, median, _ = timed(
        lambda: store.query_rows(INCIDENT, FILTER, order_by="event_date", limit=PAGE, offset=middle)
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

    first, median, total = timed(lambda: store.count(INCIDENT, FILTER))
    line("count, admin1 + date range", f"{median:.2f} ms", "", f"{total:,} records")
    first, median, total = timed(lambda: store.count(INCIDENT))
    line("count, everything", f"{median:.2f} ms", "", f"{total:,} records")

    writes(store, mode)
    walks = index_walk(store, mode)
    store.close()
    return walks


def filtered_page(store: Store) -> object:
    """The budgeted filtered page: an area and a date range, newest first."""
    return store.query_rows(INCIDENT, FILTER, order_by="event_date", descending=True, limit=PAGE)


def add_times(store: Store, count: int, seed: int) -> list[float]:
    """ms of `count` one-record adds, after one that is not counted (warm-up)."""
    sample = make_rows(count + 1, seed=seed)
    store.add(INCIDENT, sample[0])  # warm-up
    times = []
    for row in sample[1:]:
        started = time.perf_counter()
        store.add(INCIDENT, row)
        times.append((time.perf_counter() - started) * 1000)
    return times


def writes(store: Store, mode: str) -> None:
    print(f"\nWrites{suffix(mode)}")
    times = add_times(store, 50, seed=7)
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


def index_walk(store: Store, mode: str) -> bool:
    title = "Query plan of the filtered, sorted page (the SQL the store actually ran)"
    print(f"\n{title}" + ("" if mode == "plain" else f", {mode}"))
    steps = plan(store, lambda: filtered_page(store))
    for step in steps:
        print(f"  {step}")
    walks_index = any("USING INDEX incidents_admin1_pcode_date" in s for s in steps)
    sorts = any("TEMP B-TREE" in s for s in steps)
    verdict = "index walk" if walks_index and not sorts else "NOT an index walk"
    print(f"  -> {verdict}")
    return walks_index and not sorts


# -- plain against encrypted -----------------------------------------------------------------

FILTERED = f"< {BUDGET_FILTERED_MS:.0f} ms"
BUDGETED = (
    # (figure, its own budget in ms, what the budget is). "not in the OS cache": the
    # file's pages are dropped from the operating system's cache first (a start after a
    # reboot); the other first calls read the file from that cache, so an encrypted
    # page's decryption is most of their time.
    ("first page, file not cached", 1000.0, "< 1 s"),
    ("first page, first call", 1000.0, "< 1 s"),
    ("first page, median of 20", 1000.0, "< 1 s"),
    ("filtered page, file not cached", BUDGET_FILTERED_MS, FILTERED),
    ("filtered page, first call", BUDGET_FILTERED_MS, FILTERED),
    ("filtered page, median of 20", BUDGET_FILTERED_MS, FILTERED),
    ("one write, median of 20", BUDGET_ADD_MS, f"< {BUDGET_ADD_MS:.0f} ms"),
)


def drop_from_os_cache(path: Path) -> None:
    """Ask the kernel to forget the cached pages of a database and its WAL (this file
    only: POSIX_FADV_DONTNEED, no privileges needed). Not available everywhere."""
    for name in (path, Path(f"{path}-wal")):
        if not name.exists() or not hasattr(os, "posix_fadvise"):
            continue
        fd = os.open(name, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def read_through(path: Path) -> None:
    """Read a database (and its WAL) once, so that the operating system caches it again."""
    for name in (path, Path(f"{path}-wal")):
        if name.exists():
            with open(name, "rb") as handle:
                while handle.read(1 << 20):
                    pass


def budget_round(path: Path, mode: str, seed: int) -> dict[str, float]:
    """The budgeted figures (ms), each first call on a freshly opened store: SQLite's own
    cache is empty, every page comes from the file (and is decrypted, when encrypted)."""
    drop_from_os_cache(path)
    store = open_store(path, mode)
    try:
        cold_first, _, _ = timed(lambda: store.query_rows(INCIDENT, limit=PAGE), repeat=0)
        cold_filtered, _, _ = timed(lambda: filtered_page(store), repeat=0)
    finally:
        store.close()
    read_through(path)  # the other figures as the table above measured them
    store = open_store(path, mode)
    try:
        first, median, _ = timed(lambda: store.query_rows(INCIDENT, limit=PAGE))
        filtered_first, filtered, _ = timed(lambda: filtered_page(store))
        adds = add_times(store, 20, seed)
    finally:
        store.close()
    figures = (cold_first, first, median, cold_filtered, filtered_first, filtered)
    return dict(
        zip(
            (name for name, _, _ in BUDGETED),
            (*figures, statistics.median(adds)),
            strict=True,
        )
    )


def compare(paths: dict[str, Path], rounds: int, which: str) -> None:
    """The budgeted figures of each database, measured in alternating rounds (plain,
    encrypted, plain, ...: a shared machine's speed drifts), their medians, the ratio
    encrypted / plain and the verdicts. `which` names the databases in the title."""
    runs: dict[str, list[dict[str, float]]] = {mode: [] for mode in paths}
    for i in range(rounds):
        for mode, path in paths.items():
            runs[mode].append(budget_round(path, mode, seed=100 + i))
    both = len(paths) == 2
    print(f"\nBudgets on {which} ({rounds} alternating rounds, medians)")
    head = f"  {'':<31}" + "".join(f"{m:>12}" for m in paths)
    if both:
        head += f"  {'ratio':>6} {'(rounds)':<12}"
    print(head + f"  {'budget':<19} verdict")
    for name, budget_ms, budget_text in BUDGETED:
        values = {m: statistics.median(r[name] for r in runs[m]) for m in paths}
        row = f"  {name:<31}" + "".join(f"{values[m]:9.2f} ms" for m in paths)
        ok = all(v < budget_ms for v in values.values())
        if both:
            ratio = values["encrypted"] / values["plain"]
            per_round = [
                e[name] / p[name] for p, e in zip(runs["plain"], runs["encrypted"], strict=True)
            ]
            ok = ok and ratio <= MAX_RATIO
            row += f"  {ratio:5.2f}x {f'({min(per_round):.2f}-{max(per_round):.2f})':<12}"
            budget_text += f", <= {MAX_RATIO}x"
        print(row + f"  {budget_text:<19} {'PASS' if ok else 'NOT MET'}")


if __name__ == "__main__":
    sys.exit(main())
