"""The kill storm's machinery (issue 14), one implementation shared by the CI test
(tests/test_kill_storm.py) and the longer run (benchmarks/kill_storm.py).

fieldapp's own command line runs in child processes (`python -m fieldapp --db DB ...`, the
passphrase in FIELDAPP_PASSPHRASE, TMPDIR pointing at a folder of the storm's own), each in
a process group of its own, and the whole group (with the verifying worker a merge may
start) gets SIGKILL after a delay drawn from a seeded random.Random. Then, for each kill:

- what the kill left: files in the temporary folder (clear text there is counted), an
  unfinished backup or a partial bundle beside their targets;
- whether the change is all or nothing (operations in kill_storm_ops.py);
- fieldapp starts once (Store.open, the temporary folder pointed at the storm's): nothing
  of fieldapp's may be left in the temporary folder nor beside the database;
- the database is sound: it opens, PRAGMA integrity_check, foreign keys, full-text
  indexes, every record's row the winner of its heads (test_sync_helpers.assert_consistent).

A command spends most of its time starting (Python, imports, the key derivation: 0.6 to
1.5 s on two shared cores), which a kill there proves little about. So four kills in five
come a random time after the database was opened (its -wal file appears), within the rest
of the command's measured run: the work itself. The fifth comes anywhere in the run.
Children that finish before their kill are not counted as kills.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from conftest import PASSPHRASE
from test_sync_helpers import assert_consistent

from fieldapp.store import Store

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "fieldapp"]
# What a file in clear begins with: a zip (a bundle) or a plain SQLite database.
CLEAR_HEADERS = (b"PK\x03\x04", b"SQLite format 3\x00")
# Where a killed child's group may linger a moment (a worker being reaped).
_GROUP_GONE_S = 5.0
SWEPT = "kills that left files in the temporary folder (the next start removed them)"


@dataclass
class Attempt:
    """One child to kill: its database, command and environment, and what the operation
    needs to judge it afterwards."""

    db: Path
    argv: list[str]
    variant: str
    env: dict[str, str] = field(default_factory=dict)
    data: dict[str, object] = field(default_factory=dict)


@dataclass
class Tally:
    """The counts of one operation. A kill that breaks something is counted where it
    broke, with a line in `problems` saying which attempt and what."""

    operation: str
    tried: int = 0
    kills: int = 0
    sound: int = 0
    whole: int = 0  # all or nothing held
    in_work: int = 0  # kills whose traces show they hit the work (files left, a backup)
    leftovers: int = 0  # kills after which something was left once fieldapp had started
    broken_backups: int = 0
    clear_text: int = 0  # files in clear where only encrypted ones belong
    outcomes: Counter[str] = field(default_factory=Counter)  # old / new / mixed
    notes: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    child_seconds: float = 0.0  # of `seconds`, in the children (the rest: copies, checks)
    timings: list[str] = field(default_factory=list)  # each variant's complete run

    def problem(self, text: str) -> None:
        self.problems.append(f"{self.operation} #{self.tried}: {text}")

    def bad(self) -> dict[str, int]:
        """Every count that must be zero."""
        return {
            "unsound": self.kills - self.sound,
            "partial": self.kills - self.whole,
            "leftovers": self.leftovers,
            "broken backups": self.broken_backups,
            "clear text": self.clear_text,
        }


class Operation:
    """What is killed: subclasses (kill_storm_ops.py) make fresh files for an attempt and
    judge what a kill left. `check` runs before fieldapp starts again and returns "old",
    "new" or "mixed" (raising AssertionError when the change is partial)."""

    name = ""
    variants: tuple[str, ...] = ("",)

    def prepare(self, n: int, variant: str) -> Attempt:
        raise NotImplementedError

    def check(self, attempt: Attempt, tally: Tally) -> str:
        raise NotImplementedError

    def allowed_beside(self, attempt: Attempt, name: str) -> bool:
        """Whether a file beside the database may be there once fieldapp has started."""
        return name in {attempt.db.name, f"{attempt.db.name}-wal", f"{attempt.db.name}-shm"}

    def opening(self) -> contextlib.AbstractContextManager[object]:
        """How fieldapp starts again (a migration's: with its extra migration)."""
        return contextlib.nullcontext()

    def left_beside(self, attempt: Attempt) -> list[str]:
        """Traces of the operation's work beside its target, before the restart (an
        unfinished file, a backup): the kill hit the work."""
        return []

    def finish(self, tally: Tally) -> None:
        """After the last attempt (an export: is anything left beside the bundles?)."""

    def cleanup(self, attempt: Attempt) -> None:
        shutil.rmtree(attempt.db.parent, ignore_errors=True)


def child_env(temp: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, **(extra or {}), "TMPDIR": str(temp), "FIELDAPP_PASSPHRASE": PASSPHRASE}


@dataclass
class Run:
    killed: bool
    seconds: float  # from the start to the end (or the kill)
    opened: float | None  # when the database's -wal appeared: the store was open


def run_killed(attempt: Attempt, temp: Path, kill: float | None, from_open: bool = True) -> Run:
    """Run the attempt's command in a process group of its own and SIGKILL the group
    `kill` seconds after the database was opened (its -wal file appears: the key is
    derived and the work begins) or, not `from_open`, after the start. `kill` None: let it
    finish (it must succeed). A child that ended before its kill was not killed."""
    wal = Path(f"{attempt.db}-wal")
    with tempfile.TemporaryFile(dir=attempt.db.parent.parent) as output:
        started = time.perf_counter()
        child = subprocess.Popen(
            [str(a) for a in attempt.argv],
            cwd=ROOT,
            env=child_env(temp, attempt.env),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
        opened = None
        while from_open and child.poll() is None and opened is None:
            opened = time.perf_counter() - started if wal.exists() else None
            time.sleep(0.001)
        zero = started + (opened or 0.0)
        if kill is None:
            child.wait(300)
            if child.returncode != 0:
                output.seek(0)
                text = output.read().decode(errors="replace")
                raise RuntimeError(f"{attempt.argv[3:6]} failed: {text}")
            return Run(False, time.perf_counter() - started, opened)
        try:
            child.wait(max(0.0, zero + kill - time.perf_counter()))
        except subprocess.TimeoutExpired:
            _kill_group(child)
        killed = child.returncode == -signal.SIGKILL
        return Run(killed, time.perf_counter() - started, opened)


def _kill_group(child: subprocess.Popen[bytes]) -> None:
    """SIGKILL the child and everything it started, and wait until the group is gone (a
    worker still alive would keep its files from the sweep, rightly)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    deadline = time.monotonic() + _GROUP_GONE_S
    while time.monotonic() < deadline:
        try:
            os.killpg(child.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)


def is_clear(path: Path) -> bool:
    """A file whose first bytes are a zip's or a plain SQLite database's."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError:
        return False
    return head.startswith(CLEAR_HEADERS)


@contextlib.contextmanager
def temporary_folder(temp: Path) -> Iterator[None]:
    """This process's temporary folder is `temp` (where Store.open sweeps), as in the
    children, which get TMPDIR."""
    saved = tempfile.tempdir
    tempfile.tempdir = str(temp)
    try:
        yield
    finally:
        tempfile.tempdir = saved


def judge(op: Operation, attempt: Attempt, temp: Path, tally: Tally) -> None:
    """Everything checked after one kill (see the module's docstring)."""
    left = sorted(temp.iterdir())
    clear = [p.name for p in left if is_clear(p)]
    if clear:
        tally.clear_text += 1
        tally.problem(f"clear text in the temporary folder: {clear}")
    beside = op.left_beside(attempt)
    if left or beside:
        tally.in_work += 1
        tally.notes[SWEPT] += bool(left)
    try:
        outcome = op.check(attempt, tally)
    except AssertionError as exc:
        tally.problem(f"{attempt.variant}: not all or nothing: {exc}")
        outcome = "partial"
    except Exception as exc:  # a database that does not open or read: not sound
        tally.problem(f"{attempt.variant}: {type(exc).__name__}: {exc}")
        outcome = "unreadable"
    else:
        tally.whole += 1
        tally.outcomes[outcome] += 1
    with op.opening():
        try:
            Store.open(attempt.db).close()  # fieldapp starts again
            assert_consistent(attempt.db)
        except Exception as exc:
            tally.problem(f"{attempt.variant}: unsound after the kill: {type(exc).__name__}: {exc}")
        else:
            tally.sound += outcome != "unreadable"
    _count_leftovers(op, attempt, temp, tally)


def _count_leftovers(op: Operation, attempt: Attempt, temp: Path, tally: Tally) -> None:
    """What is left once fieldapp has started again (a SQLite super-journal, `-mj…`,
    beside the database too: a merge left one before its scratch copies lost their
    journal)."""
    after = sorted(p.name for p in temp.iterdir())
    folder = attempt.db.parent
    beside = sorted(p.name for p in folder.iterdir() if not op.allowed_beside(attempt, p.name))
    if after or beside:
        tally.leftovers += 1
        tally.problem(f"left after the next start: temporary folder {after}, beside {beside}")


def _empty(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def run_operation(
    op: Operation,
    temp: Path,
    kills: int,
    rng: random.Random,
    say: Callable[[str], None] = lambda _: None,
) -> Tally:
    """Kill `op` until `kills` children were killed (at most 3 x `kills` + 5 tries).

    Each variant runs once to the end first: its timing (when the store was open, when it
    ended), and it is judged like a kill (it must come out "new", sound and clean). Four
    kills in five then come a random time after the store was open, within the rest of
    the measured run (the work: the interesting window); the fifth anywhere in the run. A
    child that ends before its kill shortens its variant's measured run."""
    started = time.perf_counter()
    tally = Tally(op.name)
    timing: dict[str, tuple[float, float]] = {}
    for i, variant in enumerate(op.variants):
        attempt = op.prepare(-1 - i, variant)
        run = run_killed(attempt, temp, None)
        tally.child_seconds += run.seconds
        timing[variant] = (run.opened or 0.0, run.seconds)
        tally.timings.append(
            f"{variant}: open at {run.opened or 0:.2f} s, done at {run.seconds:.2f} s"
        )
        reference = Tally(op.name)
        judge(op, attempt, temp, reference)
        if reference.problems or reference.outcomes != Counter(new=1):
            raise RuntimeError(f"a complete {op.name} ({variant}) is judged wrong: {reference}")
        op.cleanup(attempt)
        _empty(temp)
    while tally.kills < kills and tally.tried < 3 * kills + 5:
        variant = op.variants[tally.tried % len(op.variants)]
        attempt = op.prepare(tally.tried, variant)
        opened, seconds = timing[variant]
        from_open = tally.tried % 5 != 4
        delay = rng.uniform(0.0, seconds - opened if from_open else seconds)
        tally.tried += 1
        run = run_killed(attempt, temp, delay, from_open)
        tally.child_seconds += run.seconds
        if run.killed:
            tally.kills += 1
            judge(op, attempt, temp, tally)
        else:
            tally.notes["finished before the kill"] += 1
            if from_open and run.opened is not None:  # faster than measured: aim shorter
                timing[variant] = (opened, min(seconds, opened + run.seconds - run.opened))
        op.cleanup(attempt)
        _empty(temp)
        when = "after the open" if from_open else "after the start"
        say(
            f"{op.name} {variant} #{tally.tried}: {'killed' if run.killed else 'finished'}"
            f" {delay:.3f} s {when}"
        )
    op.finish(tally)
    tally.seconds = time.perf_counter() - started
    return tally


COLUMNS = (
    ("operation", 10),
    ("tried", 6),
    ("kills", 6),
    ("sound", 6),
    ("all/none", 9),
    ("old/new/mix", 12),
    ("in work", 8),
    ("leftovers", 10),
    ("bad backups", 12),
    ("clear text", 11),
    ("seconds", 8),
    ("in children", 12),
)


def table(tallies: list[Tally]) -> str:
    """The counts, one line an operation, then the notes and the problems."""
    lines = ["".join(f"{name:>{width}}" for name, width in COLUMNS)]
    for t in [*tallies, total(tallies)]:
        mix = f"{t.outcomes['old']}/{t.outcomes['new']}/{t.outcomes['mixed']}"
        cells = (
            t.operation,
            t.tried,
            t.kills,
            t.sound,
            t.whole,
            mix,
            t.in_work,
            t.leftovers,
            t.broken_backups,
            t.clear_text,
            f"{t.seconds:.1f}",
            f"{t.child_seconds:.1f}",
        )
        lines.append("".join(f"{c!s:>{w}}" for c, (_, w) in zip(cells, COLUMNS, strict=True)))
    for t in tallies:
        lines += [f"  {t.operation} {timing}" for timing in t.timings]
    for t in tallies:
        lines += [f"  {t.operation}: {note}: {n}" for note, n in sorted(t.notes.items()) if n]
    for t in tallies:
        lines += [f"  PROBLEM {p}" for p in t.problems]
    return "\n".join(lines)


def total(tallies: list[Tally]) -> Tally:
    out = Tally("total")
    for t in tallies:
        for name in (
            "tried",
            "kills",
            "sound",
            "whole",
            "in_work",
            "leftovers",
            "seconds",
            "child_seconds",
        ):
            setattr(out, name, getattr(out, name) + getattr(t, name))
        out.broken_backups += t.broken_backups
        out.clear_text += t.clear_text
        out.outcomes.update(t.outcomes)
    return out
