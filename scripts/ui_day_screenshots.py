"""Regenerate docs/images/day-*.png: the field worker's and the coordinator's day, in
English and Arabic, at 1366×768, exactly as tests/test_ui_days.py drives them.

    python scripts/ui_day_screenshots.py [--out docs/images]

The screenshots come from the tests themselves (FIELDAPP_SCREENSHOTS), so a picture in the
documentation shows what a passing test saw. Look at every one of them after a UI change.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, FIELDAPP_SCREENSHOTS=str(args.out.resolve()))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command.append(str(ROOT / "tests" / "test_ui_days.py"))
    done = subprocess.run(command, cwd=ROOT, env=env, check=False)
    shots = sorted(args.out.glob("day-*.png"))
    print(f"{len(shots)} screenshots in {args.out}")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
