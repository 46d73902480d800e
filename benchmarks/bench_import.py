"""Importing a 100,000-row ACLED-shaped CSV, against `sqlite-utils insert --csv` of the same
file (the baseline, measured in the same run).

    .venv/bin/python benchmarks/bench_import.py [--rows N] [--keep DIR] [--repeat N]

1. writes an ACLED-shaped CSV (ACLED's columns, Syrian places, dates over five years);
2. times `sqlite-utils insert base.db acled FILE --csv` into a new plain database;
3. times `fieldapp --db field.db import FILE` into a new encrypted database made by
   `fieldapp init` (FIELDAPP_PASSPHRASE), which reads, maps and validates every row and
   writes each as a signed revision authored by this device, with its provenance;
4. prints both wall-clock times, the ratio and the verdict against the budget (at most
   1 x the baseline), then checks the import: every row a record, a second import creates
   nothing.

Both are whole processes started the same way (start-up included). With --repeat N each is
run N times, alternating, on fresh databases; the medians are compared.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SQLITE_UTILS = BIN / "sqlite-utils"
FIELDAPP = [sys.executable, "-m", "fieldapp"]
PASSPHRASE = "benchmark passphrase"
BUDGET = 1.0

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
PLACES = (
    ("Idlib", "Ariha", "Ariha", "Ariha", 35.8137, 36.6098),
    ("Idlib", "Maarrat an Nu'man", "Khan Shaykhun", "Khan Shaykhun", 35.4417, 36.6481),
    ("Idlib", "Idlib", "Saraqib", "Saraqib", 35.8625, 36.8006),
    ("Idlib", "Harim", "Dana", "Sarmada", 36.1776, 36.7363),
    ("Aleppo", "Azaz", "Azaz", "Azaz", 36.5862, 37.0465),
    ("Aleppo", "Al Bab", "Al Bab", "Al Bab", 36.3706, 37.5157),
    ("Hama", "As-Suqaylabiyah", "Kafr Nabudah", "Kafr Nabudah", 35.4672, 36.5072),
    ("Dar'a", "Dar'a", "Dar'a", "Dar'a", 32.6189, 36.1021),
)
EVENTS = (
    ("Political violence", "Explosions/Remote violence", "Air/drone strike"),
    ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Political violence", "Battles", "Armed clash"),
    ("Political violence", "Violence against civilians", "Attack"),
    ("Demonstrations", "Protests", "Peaceful protest"),
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def write_acled_csv(path: Path, rows: int, seed: int = 15) -> None:
    """An ACLED-shaped export: its columns, dates as ACLED writes them ("14 May 2019")."""
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        for n in range(rows):
            admin1, admin2, admin3, location, lat, lon = rnd.choice(PLACES)
            disorder, event_type, sub = rnd.choice(EVENTS)
            year = rnd.randint(2019, 2023)
            month, day = rnd.randint(1, 12), rnd.randint(1, 28)
            killed = rnd.choice((0, 0, 0, 1, 2, 3, 5, 12))
            writer.writerow(
                (
                    f"SYR{100000 + n}", f"{day} {MONTHS[month - 1]} {year}", year,
                    rnd.choice((1, 1, 1, 2, 3)), disorder, event_type, sub,
                    "Military Forces of Syria (2000-)", "", "1",
                    "Civilians (Syria)" if rnd.random() < 0.5 else "", "", "7", "17", "",
                    760, "Middle East", "Syria", admin1, admin2, admin3, location,
                    f"{lat + rnd.uniform(-0.02, 0.02):.4f}",
                    f"{lon + rnd.uniform(-0.02, 0.02):.4f}", rnd.choice((1, 2)),
                    "Syrian Observatory for Human Rights", "National",
                    f"On {day} {MONTHS[month - 1]} {year}, {sub.lower()} near {location} "
                    f"({admin2}, {admin1}). {killed} fatalities reported.",
                    killed, "", 1700000000 + n,
                )
            )  # fmt: skip


def timed(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of the child: user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


Timing = tuple[float, float]


def run_once(work: Path, source: Path, env: dict[str, str], index: int) -> tuple[Timing, Timing]:
    base = work / f"base-{index}.db"
    field = work / f"field-{index}.db"
    baseline = timed([str(SQLITE_UTILS), "insert", str(base), "acled", str(source), "--csv"])
    subprocess.run(
        [*FIELDAPP, "--db", str(field), "init", "--name", "Bench", "--org", "Bench"],
        check=True,
        capture_output=True,
        env=env,
    )
    imported = timed([*FIELDAPP, "--db", str(field), "import", str(source)], env)
    return baseline, imported


def check(work: Path, source: Path, env: dict[str, str], rows: int) -> None:
    """Every row became a record; a second import creates nothing."""
    field = work / "field-0.db"
    done = subprocess.run(
        [*FIELDAPP, "--db", str(field), "import", str(source), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert '"created": []' in done.stdout and f'"already": {rows}' in done.stdout, done.stdout
    print(f"check: a second import created nothing ({rows:,} rows already imported)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR", help="keep the CSV and databases in DIR")
    args = parser.parse_args()
    if not SQLITE_UTILS.exists():
        print(f"sqlite-utils not found next to {sys.executable}", file=sys.stderr)
        return 1
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FIELDAPP_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(ROOT)}
    try:
        source = work / "acled.csv"
        write_acled_csv(source, args.rows)
        size = source.stat().st_size
        print(f"ACLED-shaped CSV: {args.rows:,} rows, {size / 1e6:.1f} MB")
        runs = [run_once(work, source, env, i) for i in range(args.repeat)]
        base = statistics.median(b[0] for b, _ in runs)
        ours = statistics.median(f[0] for _, f in runs)
        base_cpu = statistics.median(b[1] for b, _ in runs)
        ours_cpu = statistics.median(f[1] for _, f in runs)
        ratio = ours / base
        verdict = "PASS" if ratio <= BUDGET else "NOT MET"
        print()
        print(f"{'':44} {'wall s':>8} {'CPU s':>8} {'rows/s':>8}")
        for label, wall, cpu in (
            ("sqlite-utils insert --csv (baseline, plain)", base, base_cpu),
            ("fieldapp import (encrypted, signed)", ours, ours_cpu),
        ):
            print(f"{label:44} {wall:8.2f} {cpu:8.2f} {args.rows / wall:8,.0f}")
        print(f"ratio {ratio:.2f} x the baseline (budget <= {BUDGET:.1f} x): {verdict}")
        print(f"(CPU time: {ours_cpu / base_cpu:.2f} x the baseline's)")
        if args.repeat > 1:
            each = ", ".join(f"{f[0] / b[0]:.2f}" for b, f in runs)
            print(f"(each run, wall-clock ratio: {each})")
        check(work, source, env, args.rows)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
