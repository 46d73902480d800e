"""The one contract between a long operation and whoever watches it (a progress bar with
Cancel in the window, a progress line in the CLI).

A long operation takes `progress(done, total)` and `cancelled()`; `check(cancelled)` raises
`Cancelled` at a safe point, before anything is written or at a transaction's end.
These were once defined eight times, under two names for the flag.
"""

from __future__ import annotations

from collections.abc import Callable

from fieldapp.errors import Cancelled
from fieldapp.messages import Message

Progress = Callable[[int, int], None]
CancelFlag = Callable[[], bool]


def no_progress(done: int, total: int) -> None:
    """For callers that watch nothing."""


def never_cancelled() -> bool:
    return False


def check(cancelled: CancelFlag | None) -> None:
    """Stop here if the user asked to: raises Cancelled (nothing was written)."""
    if cancelled is not None and cancelled():
        raise Cancelled(Message("cancelled.nothing_written"))


class Task:
    """What a long operation receives from whoever runs it: where to report progress and
    how to learn that the user pressed Cancel. `check()` is the safe point: it raises
    Cancelled, so an operation calls it before it writes or at a transaction's end.

    Services below the operations layer still take the two callables (`task.progress`,
    `task.cancelled`), so they need not know this class.
    """

    __slots__ = ("cancelled", "progress")

    def __init__(self, progress: Progress | None = None, cancelled: CancelFlag | None = None):
        self.progress: Progress = progress or no_progress
        self.cancelled: CancelFlag = cancelled or never_cancelled

    def check(self) -> None:
        check(self.cancelled)

    def report(self, done: int, total: int) -> None:
        self.progress(done, total)


NO_TASK = Task()
