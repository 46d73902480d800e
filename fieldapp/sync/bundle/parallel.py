"""The two-process path: a large bundle's contents checked in two parts at once, the
records before SPLIT here and the rest in a second, spawned process, each into its own
scratch copy; then the checks that span both parts.

_part_worker is the second process's entry: multiprocessing (spawn, and the frozen app
through freeze_support() in packaging/entry.py) finds it by this module's import path,
fieldapp.sync.bundle.parallel._part_worker, so it stays a module-level function here.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldapp.errors import Cancelled, FieldappError
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress
from fieldapp.store import scratch as stored_scratch
from fieldapp.store.database import Store
from fieldapp.store.scratch import KnownRevisions
from fieldapp.sync import format as fmt
from fieldapp.sync.bundle.check import _check_counts, _Part, _verify_part, missing_row
from fieldapp.sync.bundle.container import Container
from fieldapp.sync.bundle.scratch import VerifiedBundle, _check_parents_across, _remove_scratch
from fieldapp.sync.spool import Spool

# From this many revisions, a bundle is verified in two processes (the start-up of the
# second, ~0.25 s, is then repaid several times over). FIELDAPP_PARALLEL_VERIFY_MIN
# overrides it (the tests use it to drive the parallel path with small bundles).
PARALLEL_MIN = 20_000
# Record ids are random UUIDs: 9 in 16 sort below "9". The second process also reads past
# the first part and starts later, so the first part is the larger one.
SPLIT = "8b"


def _parallel_min() -> int:
    try:
        return int(os.environ.get("FIELDAPP_PARALLEL_VERIFY_MIN", PARALLEL_MIN))
    except ValueError:
        return PARALLEL_MIN


@dataclass
class _Job:
    """What the second process needs: the zip (a sealed bundle's private spool, with its
    key and size) and the manifest checked here; for an encrypted database, its key and
    the ephemeral key of the scratch copies (keys travel in memory, pickled through the
    pipe that starts the process: never through the environment or a file)."""

    path: str
    zip_path: str
    limits: fmt.Limits
    manifest: dict[str, Any]
    db_path: str | None  # a read-only URI
    today: dt.date
    split: str
    db_key: bytes | None = None
    scratch_key: bytes | None = None
    unsealed: Spool | None = None


def _verify_in_two(
    container: Container,
    store: Store | None,
    verified: VerifiedBundle,
    today: dt.date,
    progress: Progress | None,
    cancel: CancelFlag | None,
) -> None:
    """Side 0 here, side 1 in a second process, at the same time; then the checks that
    span both parts (totals, parents across the split)."""
    ctx = multiprocessing.get_context("spawn")  # no fork: the caller may run Qt threads
    receiver, sender = ctx.Pipe(duplex=False)
    counter = ctx.RawValue("q", 0)
    stop = ctx.Event()
    # A URI (percent-encoded: a '#' or '?' in a folder name stays a path) opened read-only.
    db_path = stored_scratch.read_only_uri(store) if store is not None else None
    db_key = store._key if store is not None else None
    key = stored_scratch.new_key() if db_key is not None else None  # one per verification
    job = _Job(
        str(container.path),
        str(container.zip_path),
        container.limits,
        container.manifest,
        db_path,
        today,
        SPLIT,
        db_key,
        key,
        container.unsealed,
    )
    worker = ctx.Process(
        target=_part_worker,
        args=(sender, job, counter, stop),
        daemon=True,
        name="fieldapp-verify",
    )
    worker.start()
    sender.close()  # the worker holds the only sending end: its exit is seen as EOF
    answered = False
    try:
        total = max(1, container.manifest["revisions"]["count"])
        here = (lambda done, total: progress(done + counter.value, total)) if progress else None
        path, first = _verify_part(container, store, today, here, cancel, SPLIT, 0, key)
        verified.scratches.append(path)
        verified.groups.append(first.groups)
        while not receiver.poll(0.1):
            if cancel and cancel():
                raise Cancelled(Message("cancelled.nothing_merged"))
            if progress:
                progress(first.revisions + counter.value, total)
        try:
            status, result = receiver.recv()
        except EOFError:
            raise FieldappError(Message("bundle.worker_no_answer")) from None
        answered = True
        if status != "ok":
            raise FieldappError(Message("bundle.second_part_refused", text=str(result)))
        stored_scratch.adopt(Path(result["scratch"]), key)
        verified.scratches.append(Path(result["scratch"]))  # closing `verified` removes it
        verified.groups.append(result["groups"])
        second = _Part(result["groups"], result["revisions"], result["rows"], result["missing"])
        _check_both(container, verified, [first, second])
        if progress:
            progress(first.revisions + second.revisions, total)
    finally:
        stop.set()
        if not answered:  # a scratch copy the worker made now is nobody's: remove it
            try:
                if receiver.poll(10):
                    status, result = receiver.recv()
                    if status == "ok":
                        _remove_scratch(Path(result["scratch"]))
            except (EOFError, OSError):
                pass
        worker.join(10)
        if worker.is_alive():
            worker.terminate()
            worker.join()
        receiver.close()


def _check_both(container: Container, verified: VerifiedBundle, parts: list[_Part]) -> None:
    """The checks that span both parts: totals, parents across the split, and a record row
    missing (raised last; the one-process path then names it after every other check)."""
    _check_counts(container.manifest, parts)
    _check_parents_across(verified.scratches, container.path.name)
    missing = missing_row(parts)
    if missing is not None:
        raise missing


def _part_worker(sender: Any, job: _Job, counter: Any, stop: Any) -> None:
    """The second process: verify side 1 of the bundle; send back its scratch and counts
    (or why not). Cancelled when `stop` is set."""
    try:
        # Not `sealed`: the spool is the parent's to remove; this process only reads it.
        container = Container(Path(job.path), Path(job.zip_path), False, job.limits, job.unsealed)
        known = KnownRevisions.read_only(job.db_path, job.db_key)

        def tell(done: int, total: int) -> None:
            counter.value = done

        try:
            container.zf = zipfile.ZipFile(container.source())
            container.manifest = job.manifest
            path, part = _verify_part(
                container, known, job.today, tell, stop.is_set, job.split, 1, job.scratch_key
            )
        finally:
            container.close()
            known.close()
        answer: tuple[str, Any] = (
            "ok",
            {"scratch": str(path), "groups": part.groups, "revisions": part.revisions,
             "rows": part.rows, "missing": part.missing},
        )  # fmt: skip
    except BaseException as exc:  # everything is reported to the parent
        path, answer = None, ("error", f"{type(exc).__name__}: {exc}")
    try:
        sender.send(answer)  # from here a scratch copy is the parent's
    except OSError:  # the parent is gone
        if path is not None:
            _remove_scratch(path)
    finally:
        sender.close()
