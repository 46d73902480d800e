"""Bundle budgets, measured against a baseline in the same run.

    .venv/bin/python benchmarks/bench_bundles.py [--records 100000] [--small 20000] [--repeat 3]

1. export of an N-record bundle (signed, full): budget under 5 s;
2. `sqlite-utils insert --csv` (the CLI from the same venv) loading the same records (the
   bundle's incidents.csv and displacements.csv, without BOM) into plain tables: the
   baseline, which verifies nothing;
3. verify + merge of the bundle into an empty coordinator database (opening and closing
   the database included): budget at most half the baseline;
4. merging the same bundle again: budget under 1 s;
5. peak memory (RSS) of a process that verifies and merges a bundle of `--small` records
   and one of N records: it must not grow with the bundle (the scratch copy lives on disk,
   SQLite's page cache is bounded, Python holds one batch).

Merges run in a fresh child process each, so their timing and peak memory are their own;
the CPU time includes the second process that verifies half of a large bundle (its peak
memory, one batch like the first, is not in the figure: docs/bundles.md gives it).
Building the device databases (records added through the validated store API) is set-up,
not measured; `--work DIR` keeps them for the next run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSPHRASE = "benchmark passphrase"
SQLITE_UTILS = Path(sys.executable).parent / "sqlite-utils"


def _identity(store, name: str, org: str) -> None:  # type: ignore[no-untyped-def]
    from fieldapp.identity.keys import create_identity, save_identity

    ident = create_identity(name, org, PASSPHRASE)
    save_identity(store, ident)


def build_device(path: Path, records: int) -> None:
    """A field device holding `records` records (4 in 5 incidents), varied like real data:
    dates over eight years, places scattered around the demo towns, distinct notes."""
    from fieldapp.store import Store
    from fieldapp.store.demo import displacements, incidents

    if path.exists():
        return
    tmp = path.with_suffix(".building")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    rng = random.Random(2019)
    base_inc, base_dis = incidents(), displacements()

    def vary(rows: list[dict], n: int, date_field: str):  # type: ignore[no-untyped-def]
        for i in range(n):
            r = dict(rows[i % len(rows)])
            day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(2900))
            r[date_field] = day.isoformat()
            if r.get("period_end"):
                r["period_end"] = (day + dt.timedelta(days=6)).isoformat()
            if r.get("latitude") is not None:
                r["latitude"] = round(r["latitude"] + rng.uniform(-0.3, 0.3), 5)
                r["longitude"] = round(r["longitude"] + rng.uniform(-0.3, 0.3), 5)
            r["notes"] = f"Report {i} by the field team. " + (r.get("notes") or "")
            r.pop("cause_incidents", None)
            yield r

    with Store.open(tmp) as store:
        _identity(store, "Amal", "Idlib Response Network")
        n_inc = records * 4 // 5
        store.add_many("incident", vary(base_inc, n_inc, "event_date"))
        store.add_many("displacement", vary(base_dis, records - n_inc, "report_date"))
    os.replace(tmp, path)


def new_coordinator(path: Path) -> None:
    from fieldapp.store import Store

    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with Store.open(path) as store:
        _identity(store, "Coordinator", "OCHA")


def export(device: Path, out: Path) -> tuple[float, float, int]:
    from fieldapp.store import Store
    from fieldapp.sync.export import export_bundle

    out.unlink(missing_ok=True)
    with Store.open(device) as store:
        started, cpu = time.perf_counter(), time.process_time()
        result = export_bundle(store, out, PASSPHRASE, full=True)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return seconds, cpu, result.size


def child_merge(db: str, bundle: str) -> None:
    """In a fresh process: verify + merge, print seconds and peak RSS as JSON."""
    from fieldapp.store import Store
    from fieldapp.sync.merge import merge_bundle

    started = time.perf_counter()
    store = Store.open(db)
    summary = merge_bundle(store, bundle, trust_new=True)
    store.close()
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                # the process that verifies the second part of a large bundle included
                "cpu": _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN),
                "peak_kib": peak_kib(),
                "new": summary.new,
                "skipped": summary.skipped,
                "already": summary.already_merged,
            }
        )
    )


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def peak_kib() -> int:
    """This process's peak resident memory. On Linux, VmHWM: ru_maxrss survives exec and
    would report the (larger) parent that started this child."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS


def run_child(db: Path, bundle: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(db), str(bundle)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def baseline(bundle: Path, work: Path) -> tuple[float, float]:
    """sqlite-utils insert --csv of the bundle's record CSVs (BOM removed) into a plain
    database: one table per kind, no indexes, no checks."""
    plain = work / "sqlite-utils.db"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(plain) + suffix).unlink(missing_ok=True)
    files = []
    with zipfile.ZipFile(bundle) as zf:
        for name in ("incidents.csv", "displacements.csv"):
            target = work / name
            with zf.open(name) as src, open(target, "wb") as dst:
                head = src.read(3)
                if head != b"\xef\xbb\xbf":
                    dst.write(head)
                shutil.copyfileobj(src, dst, 1 << 20)
            files.append(target)
    started, cpu = time.perf_counter(), _cpu(resource.RUSAGE_CHILDREN)
    for target in files:
        subprocess.run(
            [str(SQLITE_UTILS), "insert", str(plain), target.stem, str(target), "--csv"],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - started, _cpu(resource.RUSAGE_CHILDREN) - cpu


def verdict(ok: bool) -> str:
    return "OK" if ok else "OVER BUDGET"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument(
        "--repeat", type=int, default=1, help="alternate baseline and merge N times (medians)"
    )
    parser.add_argument("--work", type=Path, help="keep the databases here between runs")
    parser.add_argument("--child", nargs=2, metavar=("DB", "BUNDLE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_merge(*args.child)
        return 0
    if not SQLITE_UTILS.exists():
        print(f"sqlite-utils not found next to {sys.executable}", file=sys.stderr)
        return 1
    os.environ.setdefault("FIELDAPP_PASSPHRASE", PASSPHRASE)
    work = args.work or Path(tempfile.mkdtemp(prefix="fieldapp-bench-bundles-"))
    work.mkdir(parents=True, exist_ok=True)
    n, small = args.records, args.small
    print(f"Setting up device databases in {work} (not measured)…", flush=True)
    big_dev, small_dev = work / f"device-{n}.db", work / f"device-{small}.db"
    build_device(big_dev, n)
    build_device(small_dev, small)

    export_s, export_cpu, size = export(big_dev, work / "big.zip")
    export(small_dev, work / "small.zip")
    # The baseline and the first merge alternate --repeat times and their medians are
    # compared: on a shared machine one run of either can be 50 % off.
    coord = work / "coordinator.db"
    bases, firsts = [], []
    for _ in range(args.repeat):
        bases.append(baseline(work / "big.zip", work))
        new_coordinator(coord)
        firsts.append(run_child(coord, work / "big.zip"))
    base_s = statistics.median(b[0] for b in bases)
    base_cpu = statistics.median(b[1] for b in bases)
    first = dict(firsts[-1])
    first["seconds"] = statistics.median(f["seconds"] for f in firsts)
    first["cpu"] = statistics.median(f["cpu"] for f in firsts)
    again = run_child(coord, work / "big.zip")
    assert first["new"] == n and again["already"], (first, again)

    small_coord = work / "coordinator-small.db"
    new_coordinator(small_coord)
    small_run = run_child(small_coord, work / "small.zip")

    ratio = first["seconds"] / base_s
    print()
    print(f"Bundle: {n:,} records ({n * 4 // 5:,} incidents, {n - n * 4 // 5:,} displacement")
    print(f"reports), {size / 1e6:.1f} MB zip; machine: {os.cpu_count()} CPUs")
    print()
    cpu_ratio = first["cpu"] / base_cpu
    rows = [
        ("export (full, signed)", export_s, export_cpu, f"budget < 5 s: {verdict(export_s < 5)}"),
        ("sqlite-utils insert --csv (baseline)", base_s, base_cpu, "same rows, plain tables"),
        (
            "verify + merge into an empty database",
            first["seconds"],
            first["cpu"],
            f"{ratio:.2f} x baseline, budget <= 0.50: {verdict(ratio <= 0.5)}",
        ),
        (
            "merge the same bundle again",
            again["seconds"],
            again["cpu"],
            f"budget < 1 s: {verdict(again['seconds'] < 1)}",
        ),
    ]
    if args.repeat > 1:
        print(f"  (medians of {args.repeat} alternating runs of the baseline and the merge;")
        print(
            "   merge CPU per run: "
            + ", ".join(f"{f['cpu']:.1f}" for f in firsts)
            + " s; baseline: "
            + ", ".join(f"{b[1]:.1f}" for b in bases)
            + " s)"
        )
    print(f"  {'':<40} {'wall':>9} {'CPU':>9}")
    for label, seconds, cpu, note in rows:
        print(f"  {label:<40} {seconds:7.2f} s {cpu:7.2f} s   {note}")
    print(
        f"  (CPU time, which the machine's other load and disk flushes do not inflate: verify"
        f" + merge uses {cpu_ratio:.2f} x the CPU of sqlite-utils)"
    )
    grow = first["peak_kib"] / small_run["peak_kib"]
    print()
    print(
        f"  peak RSS of verify + merge: {small:,} records {small_run['peak_kib'] / 1024:.0f} MB,"
        f" {n:,} records {first['peak_kib'] / 1024:.0f} MB ({grow:.2f} x for"
        f" {n / small:.0f} x the records)"
    )
    print(f"  memory bounded (under 1.25 x): {verdict(grow < 1.25)}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
