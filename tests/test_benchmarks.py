"""The benchmarks still run, on a plain and an encrypted database, with a few hundred records.

They are scripts, not timed tests: nothing here judges a figure (a shared machine would
make that flaky). What is checked is that each script ends well and prints every budget
line with both figures, the ratio and a verdict, so that a change to the store's API
does not leave them broken until the next time someone measures. About 15 s.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"


def _run(script: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def _budget_lines(out: str, title: str) -> list[str]:
    table = out.split(title, 1)[1].strip("\n").split("\n\n", 1)[0].splitlines()
    return [line for line in table[2:] if line.strip() and not line.lstrip().startswith("(")]


BUDGET_LINE = r"ms +[\d.]+ ms +[\d.]+x \(.*\) .*<= 1\.3x +(PASS|NOT MET)$"


def test_bench_store_both_modes() -> None:
    out = _run("bench_store.py", "--rows", "400", "--rounds", "1")
    # the plain run's table as before, then the encrypted run's
    assert "store.add_many (validate, revision, index)" in out
    assert "store.add_many, encrypted database" in out
    assert "Reads, encrypted database" in out and "-> index walk" in out
    assert out.count("-> index walk") == 2
    assert re.search(r"unlock \(Store\.unlock.*ms\s+< 1000 ms\s+(PASS|NOT MET)", out)
    assert re.search(r"lock \(Store\.close.*ms\s+< 200 ms\s+(PASS|NOT MET)", out)
    assert re.search(r"verify \+ merge, encrypted database +[\d.]+ s +[\d,]+ new", out)
    for which in ("a coordinator's database", "the bulk-added database"):
        lines = _budget_lines(out, f"Budgets on {which}")
        assert len(lines) == 7, lines
        for line in lines:  # plain, encrypted, ratio, per-round ratios, budget, verdict
            assert re.search(BUDGET_LINE, line), line


def test_bench_store_plain_only_keeps_its_output() -> None:
    out = _run("bench_store.py", "--rows", "300", "--rounds", "1", "--mode", "plain")
    assert "encrypted" not in out
    assert "Reads (first call on a fresh connection, then median of 20)" in out
    assert len(_budget_lines(out, "Budgets on a coordinator's database")) == 7
    assert len(_budget_lines(out, "Budgets on the bulk-added database")) == 7


def test_bench_bundles_both_modes() -> None:
    out = _run("bench_bundles.py", "--records", "400", "--small", "200")
    assert "verify + merge into an empty database" in out
    assert "verify + merge, empty encrypted db" in out
    assert out.count("memory bounded (under 1.25 x)") == 2
    lines = _budget_lines(out, "Budgets of the encrypted merge")
    assert len(lines) == 3, lines
    for line in lines:
        assert re.search(r"[\d.]+ s +[\d.]+ s +[\d.]+x .*(PASS|NOT MET)$", line), line


def test_bench_page_size_prints_every_file_against_both_plain_files() -> None:
    out = _run("bench_page_size.py", "--rows", "300", "--rounds", "1", "--adds", "3")
    table = out.split("One store.add on 300 incidents", 1)[1].splitlines()[2:]
    rows = {line[:32].strip(): line[32:].split() for line in table if line[:1] in ("p", "e")}
    assert len(rows) == 11, rows  # 4 plain page sizes, 7 encrypted formats
    assert rows["plain 8 KiB"][:2] == [rows["plain 8 KiB"][0], "1.00"]

    def close(ratio: float, ms: float, base: float) -> bool:
        """The printed ratio within what the printed times, each rounded to 0.005 ms,
        allow (and the ratio's own rounding)."""
        low, high = (ms - 0.005) / (base + 0.005), (ms + 0.005) / (base - 0.005)
        return low - 0.005 <= ratio <= high + 0.005

    for name, cells in rows.items():
        ms, today, same = float(cells[0]), float(cells[1]), cells[2]
        assert ms > 0 and close(today, ms, float(rows["plain 8 KiB"][0])), (name, cells)
        page = name.split()[1]
        if name.startswith("encrypted"):
            plain = float(rows[f"plain {page} KiB"][0])
            assert close(float(same), ms, plain), (name, cells)
        else:
            assert same == "—"


def test_bench_clustering_prints_both_orders_with_ratios_that_match_their_times() -> None:
    out = _run("bench_clustering.py", "--rows", "300", "--rounds", "1")
    table = out.split("Budgeted reads on 300 incidents", 1)[1].splitlines()[2:]
    rows = {line[:32].strip(): line[32:].split() for line in table if line[:1] in ("f",)}
    assert sorted(rows) == sorted(
        f"{page} page, {how}"
        for page in ("first", "filtered")
        for how in ("file not cached", "first call", "median of 20")
    ), rows

    def close(ratio: str, top: float, bottom: float) -> bool:
        """The printed ratio within what the printed times (rounded to 0.005 ms) allow."""
        low, high = (top - 0.005) / (bottom + 0.005), (top + 0.005) / (bottom - 0.005)
        return low - 0.005 <= float(ratio.rstrip("x")) <= high + 0.005

    for name, cells in rows.items():
        plain, encrypted, ratio, plain_d, encrypted_d, ratio_d, faster = cells
        assert float(plain) > 0 and float(plain_d) > 0, (name, cells)
        assert close(ratio, float(encrypted), float(plain)), (name, cells)
        assert close(ratio_d, float(encrypted_d), float(plain_d)), (name, cells)
        assert close(faster, float(plain), float(plain_d)), (name, cells)
