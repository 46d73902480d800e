"""Export speed: `fieldapp export-data` of 100,000 incidents in each format.

    .venv/bin/python benchmarks/bench_export.py [--rows 100000] [--formats csv,acled,hxl,xlsx]

What is timed is `fieldapp.ops.exports.export_data` (what `fieldapp export-data` runs):
read the records a page at a time, type the cells, write the file whole (a temporary name,
then a rename). The baseline, measured in the same run on the same records, is what an
analyst's script would do with them: pandas `DataFrame.to_csv` (UTF-8 with BOM) and
`to_excel` (openpyxl, not write-only) of the same columns, records already in memory.
No budget is set by the issue; the figures are for docs/exports.md.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_store import make_rows

from fieldapp.domain.fields import INCIDENT, columns
from fieldapp.identity.keys import create_identity, save_identity
from fieldapp.ops import exports as export_ops
from fieldapp.store import Store

SUFFIX = {"csv": ".csv", "acled": ".csv", "hxl": ".csv", "xlsx": ".xlsx"}


def build(path: Path, count: int) -> None:
    with Store.open(path, create=True) as store:
        save_identity(store, create_identity("Bench", "Benchmark", "bench passphrase", n=2**14))
        store.add_many(INCIDENT, make_rows(count))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def line(label: str, started: float, note: str = "") -> None:
    """label, seconds since `started`, a note, and the process's peak memory so far."""
    took = time.perf_counter() - started
    print(f"{label:<34} {took:7.1f} s  {note:<30} peak RSS {peak_mb():5.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--formats", default="csv,acled,hxl,xlsx")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fieldapp-bench-export-") as folder:
        work = Path(folder)
        db = work / "bench.db"
        started = time.perf_counter()
        build(db, args.rows)
        line(f"database of {args.rows:,} incidents", started)
        with Store.open(db) as store:
            for fmt in args.formats.split(","):
                out = work / f"out-{fmt}{SUFFIX[fmt]}"
                started = time.perf_counter()
                done = export_ops.export_data(store, fmt, out, kinds=(INCIDENT,))
                took = time.perf_counter() - started
                size = out.stat().st_size / 1e6
                rate = done.total / took
                line(f"export-data --format {fmt}", started, f"{rate:9,.0f} rows/s  {size:6.1f} MB")
            records = store.query(INCIDENT)
        baseline(records, work, set(args.formats.split(",")))
    return 0


def baseline(records: list[dict], work: Path, formats: set[str]) -> None:
    import pandas as pd

    frame = pd.DataFrame.from_records(records, columns=list(columns(INCIDENT)))
    if formats & {"csv", "acled", "hxl"}:
        started = time.perf_counter()
        frame.to_csv(work / "pandas.csv", index=False, encoding="utf-8-sig")
        line("baseline: pandas to_csv", started)
    if "xlsx" in formats:
        started = time.perf_counter()
        frame.to_excel(work / "pandas.xlsx", index=False)
        line("baseline: pandas to_excel", started)


if __name__ == "__main__":
    sys.exit(main())
