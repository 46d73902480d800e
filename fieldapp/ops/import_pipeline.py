"""A large import in two processes: a second, spawned process reads the file, checks its
rows (conversion, validation, the place check) and makes each new one as the store writes
it (domain.revisions.Ready: its stored data, revision text and column values), sending
them in chunks, while this one writes them (revision ids, signatures, the encrypted file).
The two halves take about as long; on a machine with two cores the import then takes
about as long as its writing alone.

Why a process and not a thread: the checking is Python code, which threads run one at a
time. It is spawned, not forked (the window runs Qt threads), as the bundle check's second
process is (fieldapp.sync.bundle.parallel); the frozen application finds `_plan_worker` by
this module's import path through multiprocessing.freeze_support() in packaging/entry.py.
Nothing is written by the second process; a cancel or an error stops it.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from fieldapp.domain.places import PlaceIndex, Unit
from fieldapp.domain.revisions import Ready
from fieldapp.errors import FieldappError
from fieldapp.interchange import plan as planner
from fieldapp.interchange import readers
from fieldapp.interchange.mapping import Mapping
from fieldapp.interchange.plan import PlannedRow
from fieldapp.messages import Message
from fieldapp.progress import Task
from fieldapp.store.records import ready

# From this many rows an import checks them in a second process when a core is free (its
# start, ~0.5 s, is then repaid several times over). FIELDAPP_PARALLEL_IMPORT_MIN
# overrides it (the tests use it to drive this path with small files).
PARALLEL_MIN = 20_000
_MIN_ENV = "FIELDAPP_PARALLEL_IMPORT_MIN"
CHUNK = 2_000  # rows per message from the second process


def parallel_min() -> int:
    try:
        return int(os.environ.get(_MIN_ENV, PARALLEL_MIN))
    except ValueError:
        return PARALLEL_MIN


def wanted(rows: int) -> bool:
    """Whether `rows` rows are checked in a second process: enough of them, and a core
    free to run it. Measured on a two-core machine: with a core idle the import took 20.9 s
    instead of 24.7 s; with other programs keeping the cores busy it took 27.4 s instead of
    24.4 s (the second process adds about 3 s of work: its start, the rows pickled
    across), so a busy machine keeps to one process. (Figures from before the rows came
    ready to store; the choice they support is the same.)

    "Free" is measured now, over a tenth of a second (Linux's /proc/stat): the load average
    is a minute's memory, and a program that has just finished keeps it up for a minute
    after its core went idle. Where /proc/stat is missing, the load average decides (it
    counts this import itself); where that is missing too (Windows), the cores."""
    if rows < parallel_min():
        return False
    if _MIN_ENV in os.environ:  # asked for (the tests)
        return True
    cores = os.cpu_count() or 1
    if cores < 2:
        return False
    idle = idle_cores()
    if idle is not None:
        return idle >= 0.8  # most of a core: the rest of this import runs on the other
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):
        return cores >= 4
    return busy <= cores - 1


def idle_cores(seconds: float = 0.1, stat: str = "/proc/stat") -> float | None:
    """How many cores were idle over the next `seconds` (None: not measurable here)."""

    def sample() -> tuple[int, int]:
        with open(stat, encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return idle, sum(fields[:8])  # user..steal; guest is already counted in user

    try:
        idle1, total1 = sample()
        time.sleep(seconds)
        idle2, total2 = sample()
    except (OSError, ValueError, IndexError):
        return None
    if total2 <= total1:
        return None
    return (idle2 - idle1) / (total2 - total1) * (os.cpu_count() or 1)


@dataclass(frozen=True)
class _Job:
    path: str
    sheet: str | None
    sha256: str  # the file the parent read: a file changed meanwhile is refused
    mapping: Mapping
    today: dt.date
    places: tuple[Unit, ...]  # the register, for the same place checks as the parent's


Planned = tuple[PlannedRow, Ready | None]  # a row, and a new row's data ready to store


def planned_chunks(
    table: readers.Table, mapping: Mapping, units: tuple[Unit, ...], task: Task
) -> Iterator[list[Planned]]:
    """The rows of `table` checked by a second process, in file order, chunk by chunk,
    each with its data made ready to store when it is new. The caller has read or peeked
    at the table (so a file that cannot be opened is refused before the process starts);
    the second process reads it whole."""
    ctx = multiprocessing.get_context("spawn")  # no fork: the caller may run Qt threads
    receiver, sender = ctx.Pipe(duplex=False)
    stop = ctx.Event()
    job = _Job(str(table.path), table.sheet, table.sha256, mapping, dt.date.today(), units)
    worker = ctx.Process(
        target=_plan_worker, args=(sender, job, stop), daemon=True, name="fieldapp-import"
    )
    worker.start()
    sender.close()  # the worker holds the only sending end: its exit is seen as EOF
    try:
        while True:
            while not receiver.poll(0.1):
                task.check()
            try:
                status, payload = receiver.recv()
            except EOFError:
                raise failed(table, "it ended without an answer") from None
            if status == "rows":
                yield payload
            elif status == "end":
                return
            elif isinstance(payload, FieldappError):
                raise payload
            else:
                raise failed(table, str(payload))
    finally:
        stop.set()
        receiver.close()  # a worker blocked sending a chunk gets a broken pipe and ends
        worker.join(10)
        if worker.is_alive():
            worker.terminate()
            worker.join()


def failed(table: readers.Table, text: str) -> FieldappError:
    """The import stopped: `text` says why (a worker's error, a file changed meanwhile)."""
    return FieldappError(Message("import.worker_failed", path=table.path.name, text=text))


def _plan_worker(sender: Any, job: _Job, stop: Any) -> None:
    """The second process: read the file, check its rows, send them in chunks; stop when
    `stop` is set (the import was cancelled or failed)."""
    gc.disable()  # this process only makes rows to send (fieldapp.gcpause says why)
    try:
        table = readers.read(Path(job.path), job.sheet)
        if table.sha256 != job.sha256:
            raise failed(table, "the file changed while it was imported")
        places = PlaceIndex(job.places)
        chunk: list[Planned] = []
        for row in planner.iter_plan(table, job.mapping, places=places, today=job.today):
            chunk.append(_made_ready(row))
            if len(chunk) == CHUNK:
                if stop.is_set():
                    return
                sender.send(("rows", chunk))
                chunk = []
        sender.send(("rows", chunk))
        sender.send(("end", None))
    except BaseException as exc:  # everything is reported to the parent
        _tell(sender, exc)
    finally:
        sender.close()


def _made_ready(row: PlannedRow) -> Planned:
    """A new row with its stored data made here, beside the writing (the checks the
    store would repeat are those the plan made: validation, the place check)."""
    if row.status != planner.NEW:
        return row, None
    made = ready(row.kind, row.values)
    return (replace(row, values=made.values) if made.values is not row.values else row), made


def _tell(sender: Any, exc: BaseException) -> None:
    """Send the parent the error (a FieldappError as it is: its coded message)."""
    for payload in (exc if isinstance(exc, FieldappError) else repr(exc), repr(exc)):
        try:
            sender.send(("error", payload))
            return
        except OSError:  # the parent is gone
            return
        except Exception:  # the error does not pickle: its text then
            continue
