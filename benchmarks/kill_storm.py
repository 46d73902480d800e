"""The kill storm, longer than CI's: fieldapp's command line SIGKILLed at random moments
of merges, edits, exports and migrations, then checked (sound, all or nothing, nothing
left once fieldapp has started again, no broken backup, no clear text). The same
machinery as tests/test_kill_storm.py (tests/kill_storm_children.py, kill_storm_ops.py).

    .venv/bin/python benchmarks/kill_storm.py [--kills 300] [--seed 14]
        [--only merge,edit,export,migration] [--records 2000] [--filler-mb 12] [-v]

The kills are shared out: 40 % merges, 20 % each of edits, exports and migrations. Exits
1 when a count that must be zero is not (the problems are listed under the table).
About 1.5 s a kill on two cores.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

SHARES = {"merge": 0.4, "edit": 0.2, "export": 0.2, "migration": 0.2}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=300, help="kills in all (default 300)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--only", default=",".join(SHARES), help="operations, comma-separated")
    parser.add_argument("--records", type=int, default=2000, help="records in a bundle")
    parser.add_argument("--filler-mb", type=int, default=12, help="size of a migrated database")
    parser.add_argument("-v", "--verbose", action="store_true", help="a line a child")
    args = parser.parse_args()
    only = [name for name in args.only.split(",") if name]
    unknown = set(only) - set(SHARES)
    if unknown:
        parser.error(f"unknown operation(s): {', '.join(sorted(unknown))}")

    # the tests' helpers: the key cache, fixtures' databases, the storm itself
    from kill_storm_children import run_operation, table, temporary_folder
    from kill_storm_ops import Edit, Export, Merge, Migration, build_world

    share = sum(SHARES[name] for name in only)
    kills = {name: max(1, round(args.kills * SHARES[name] / share)) for name in only}
    root = Path(tempfile.mkdtemp(prefix="fieldapp-kill-storm-"))
    started = time.perf_counter()
    try:
        world = build_world(root, records=args.records, filler_mb=args.filler_mb)
        built = time.perf_counter() - started
        temp = root / "tmp"
        temp.mkdir()
        say = print if args.verbose else (lambda _: None)
        with temporary_folder(temp):
            rng = random.Random(args.seed)
            ops = {"merge": Merge, "edit": Edit, "export": Export, "migration": Migration}
            tallies = [
                run_operation(ops[name](world), temp, kills[name], rng, say) for name in only
            ]
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(
        f"kill storm, seed {args.seed}: world built in {built:.1f} s, "
        f"{time.perf_counter() - started:.1f} s in all"
    )
    print(table(tallies))
    return 1 if any(any(t.bad().values()) or t.problems for t in tallies) else 0


if __name__ == "__main__":
    sys.exit(main())
