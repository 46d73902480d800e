"""Start-up time of the frozen app against the installed package, measured in one run.

    python benchmarks/bench_installer.py [--folder dist/fieldapp] [--runs 10]

Needs a frozen folder from `python build_installer.py` (dist/fieldapp by default). Times
`--version` and `list incidents` on a demo database for the frozen binary and for the
package's own `fieldapp` command (the venv's console script), after one warm-up run each
(so both read from the page cache), and prints medians and the ratio frozen/installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(argv: list[str], env: dict[str, str], runs: int) -> list[float]:
    subprocess.run(argv, env=env, check=True, capture_output=True)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--folder", type=Path, default=ROOT / "dist" / "fieldapp")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    frozen = args.folder / "fieldapp"
    installed = Path(sys.executable).parent / "fieldapp"
    if not frozen.exists():
        raise SystemExit(f"{frozen} does not exist: run `python build_installer.py` first")
    if not installed.exists():
        installed = Path(shutil.which("fieldapp") or "")
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "XDG_DATA_HOME": f"{tmp}/data",
            "XDG_STATE_HOME": f"{tmp}/state",
            "FIELDAPP_PASSPHRASE": os.environ.get("FIELDAPP_PASSPHRASE", "benchmark pass 1"),
        }
        env.pop("FIELDAPP_DB", None)
        db = f"{tmp}/demo.db"
        subprocess.run(
            [str(installed), "--db", db, "init", "--name", "B", "--org", "O"],
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(installed), "--db", db, "demo"], env=env, check=True, capture_output=True
        )
        commands = {"--version": ["--version"], "list incidents": ["--db", db, "list", "incidents"]}
        print(f"{'command':16} {'installed':>12} {'frozen':>12} {'frozen/installed':>18}")
        for label, argv in commands.items():
            base = statistics.median(timed([str(installed), *argv], env, args.runs))
            froz = statistics.median(timed([str(frozen), *argv], env, args.runs))
            print(f"{label:16} {base * 1000:9.0f} ms {froz * 1000:9.0f} ms {froz / base:17.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
