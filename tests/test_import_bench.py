"""benchmarks/bench_import.py still runs (a few hundred rows; no figure is judged here, a
shared machine would make that flaky): it must end well and print both timings, the ratio
with its verdict, and the re-import check."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_import_smoke() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_import.py"), "--rows", "200"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    assert re.search(r"sqlite-utils insert --csv \(baseline, plain\) +[\d.]+ +[\d.]+", out)
    assert re.search(r"fieldapp import \(encrypted, signed\) +[\d.]+ +[\d.]+", out)
    assert re.search(r"ratio [\d.]+ x the baseline \(budget <= 1\.0 x\): (PASS|NOT MET)", out)
    assert "a second import created nothing (200 rows already imported)" in out
