"""Shared pieces for the tests of fieldapp.ops (no tests of its own): a Cancel pressed at
the n-th time an operation asks, and the way to find how many times it asks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import copy_database
from test_sync_helpers import dump

from fieldapp.errors import Cancelled
from fieldapp.progress import Task


class CancelAt:
    """`cancelled()` turns true at its n-th call (0: never), as if the person pressed
    Cancel while the operation ran; `calls` counts how often it was asked."""

    def __init__(self, n: int = 0):
        self.n = n
        self.calls = 0
        self.progress: list[tuple[int, int]] = []

    def __call__(self) -> bool:
        self.calls += 1
        return bool(self.n) and self.calls >= self.n

    def task(self) -> Task:
        return Task(lambda done, total: self.progress.append((done, total)), self)


def cancel_points(calls: int) -> list[int]:
    """The first, a middle and the last time an operation asks whether to stop."""
    assert calls >= 1, "the operation never asked whether to stop: it cannot be cancelled"
    return sorted({1, (calls + 1) // 2, calls})


def assert_cancel_writes_nothing(
    db: Path, scratch: Path, run: Callable[[Path, Task], object]
) -> list[int]:
    """Run `run(copy_of_db, task)` once to count its cancel checks, then again on fresh
    copies cancelled at the first, a middle and the last check: each must raise Cancelled
    and leave the copy exactly as it was (every row of every table). Returns the points."""
    counting = CancelAt()
    dry = scratch / "dry.db"
    copy_database(db, dry)
    run(dry, counting.task())
    points = cancel_points(counting.calls)
    for n in points:
        copy = scratch / f"cancel-{n}.db"
        copy_database(db, copy)
        before = dump(copy)
        cancel = CancelAt(n)
        try:
            run(copy, cancel.task())
        except Cancelled:
            pass
        else:
            raise AssertionError(f"cancelled at check {n} of {counting.calls}: not stopped")
        assert dump(copy) == before, f"cancelled at check {n} of {counting.calls}: rows changed"
    return points
