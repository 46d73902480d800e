"""Operations on signed bundles: export, verify, merge (from files or from bundles already
verified), and the devices they come from.

`fieldapp.sync` does the work; these functions put the steps in order (this device must
exist before anything is signed or merged; a merge of several files goes on, or stops, at
a refused one), pass the task's progress and Cancel down, and say what changed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fieldapp import diskfull
from fieldapp.domain.fields import KINDS
from fieldapp.errors import Cancelled, FieldappError
from fieldapp.ops.changes import NOTHING, Changes
from fieldapp.progress import NO_TASK, Task
from fieldapp.store import Store
from fieldapp.sync import devices as device_mod
from fieldapp.sync.devices import DeviceStatus, ranges
from fieldapp.sync.errors import NothingToExport, UntrustedSigner
from fieldapp.sync.export import ExportResult, export_bundle
from fieldapp.sync.merge import MergeSummary, merge_bundle, merge_verified
from fieldapp.sync.verify import BundleInfo, VerifiedBundle, verify_bundle

Passphrase = Callable[[], str]  # asked only when a bundle is sealed
BUNDLES = Changes(bundles=True)  # an export: what is left to send

# Re-exported for the callers of these operations (an error to catch, a type to name, the
# one formatting helper for bundle numbers), so that they need not reach into sync.
__all__ = [
    "BundleInfo",
    "DeviceStatus",
    "Exported",
    "MergeResult",
    "MergeSummary",
    "NothingToExport",
    "UntrustedSigner",
    "Verified",
    "VerifiedBundle",
    "devices",
    "export",
    "merge",
    "merge_changes",
    "merge_checked",
    "ranges",
    "verify",
    "verify_all",
]


@dataclass(frozen=True)
class Exported:
    bundle: ExportResult
    changes: Changes = BUNDLES


@dataclass(frozen=True)
class Verified:
    """A bundle that passed every check, with its scratch copies (close it, or use it as a
    context manager, once merged or shown). `error` instead when verify_all was refused."""

    path: Path
    bundle: VerifiedBundle | None
    parts: int = 0  # processes that checked it (1 or 2)
    error: FieldappError | None = None
    changes: Changes = NOTHING

    @property
    def info(self) -> BundleInfo:
        assert self.bundle is not None, self.error
        return self.bundle.info

    def close(self) -> None:
        if self.bundle is not None:
            self.bundle.close()

    def __enter__(self) -> Verified:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class MergeResult:
    merged: tuple[MergeSummary, ...]
    failed: tuple[tuple[Path, FieldappError], ...] = ()  # bundles refused, in order
    changes: Changes = NOTHING

    @property
    def summary(self) -> MergeSummary:
        """The one bundle's summary (a merge of one file)."""
        return self.merged[0]


def merge_changes(summary: MergeSummary, kinds: Iterable[str]) -> Changes:
    """What a merged bundle changed: the kinds of the revisions it added, the devices (the
    signer is recorded, relayed devices learnt) and the bundle log; nothing when exactly
    this bundle was merged before; the places register when an edition was taken."""
    if summary.already_merged:
        return NOTHING
    received = any(note.code == "merge.places_received" for note in summary.places)
    return Changes(records=frozenset(kinds), devices=True, bundles=True, places=received)


@dataclass(frozen=True)
class _Before:
    """The database before one bundle is merged: enough to name the kinds it touched."""

    revisions: int
    records: dict[str, int]

    @classmethod
    def take(cls, store: Store) -> _Before:
        return cls(store.revision_count(), {kind: store.count(kind) for kind in KINDS})


def _kinds_touched(store: Store, before: _Before, summary: MergeSummary) -> set[str]:
    """The kinds of the revisions a merge added.

    A bundle that only brought new live records (every revision added made a record, none
    updated, deleted or in conflict: a first bulk merge) shows in the row counts, two
    cheap queries. Otherwise the new revisions are read: revisions are numbered in arrival
    order and never removed, so they are all numbered above the count taken before (gaps
    in the numbering could only add older revisions: a kind named for nothing, never one
    missed); a typical incremental bundle is small.
    """
    if not summary.added:
        return set()
    if summary.added == summary.new and not (
        summary.updated or summary.deleted or summary.conflicts
    ):
        return {kind for kind in KINDS if store.count(kind) != before.records[kind]}
    kinds: set[str] = set()
    for revision in store.revisions_since(before.revisions):
        kinds.add(revision.kind)
        if len(kinds) == len(KINDS):
            break
    return kinds


def export(
    store: Store,
    out: str | Path,
    passphrase: str,
    *,
    full: bool = False,
    seal_to: str | None = None,
    task: Task = NO_TASK,
) -> Exported:
    """Write a signed bundle of what changed since the last one (or of everything).
    Raises NothingToExport when there is nothing new."""
    store.require_device()
    with diskfull.guard(Path(out), tempfile.gettempdir(), store.path):
        result = export_bundle(
            store,
            out,
            passphrase,
            full=full,
            seal_to=seal_to,
            progress=task.progress,
            cancel=task.cancelled,
        )
    return Exported(result)


def verify(
    store: Store | None,
    path: str | Path,
    *,
    passphrase: Passphrase | None = None,
    task: Task = NO_TASK,
) -> Verified:
    """Check one bundle completely without merging (`store` None: no database to ask
    about trust or what was merged before). Refusals raise."""
    with diskfull.guard():  # its scratch copies are in the temporary folder
        bundle = verify_bundle(
            path, store, passphrase, progress=task.progress, cancel=task.cancelled
        )
    return Verified(bundle.info.path, bundle, len(bundle.scratches))


def verify_all(
    store: Store | None,
    paths: Sequence[str | Path],
    *,
    passphrase: Passphrase | None = None,
    task: Task = NO_TASK,
) -> list[Verified]:
    """Check several bundles, one progress bar for all; a refused one carries its
    `error` and the others go on. Cancel raises Cancelled (the bundles checked so far
    are closed)."""
    out: list[Verified] = []
    try:
        for i, path in enumerate(paths):
            task.check()

            def step(done: int, total: int, i: int = i) -> None:
                task.report(i * 1000 + int(1000 * done / max(1, total)), 1000 * len(paths))

            try:
                out.append(
                    verify(store, path, passphrase=passphrase, task=Task(step, task.cancelled))
                )
            except Cancelled:
                raise
            except FieldappError as exc:
                out.append(Verified(Path(path), None, error=exc))
    except BaseException:
        for verified in out:
            verified.close()
        raise
    return out


def merge(
    store: Store,
    paths: Iterable[str | Path],
    *,
    trust_new: bool = False,
    passphrase: Passphrase | None = None,
    task: Task = NO_TASK,
    keep_going: bool = False,
) -> MergeResult:
    """Verify and merge bundle files, each in its own transaction, in order.

    A refused bundle raises (bundles merged before it stay merged), or with `keep_going`
    is listed in `failed` and the next one is merged. Cancel stops at once: the bundle
    being merged leaves nothing behind.
    """
    store.require_device()
    merged: list[MergeSummary] = []
    failed: list[tuple[Path, FieldappError]] = []
    changes = NOTHING
    for path in paths:
        task.check()
        before = _Before.take(store)
        try:
            with diskfull.guard(store.path):  # scratch copies, the database growing
                summary = merge_bundle(
                    store,
                    path,
                    trust_new=trust_new,
                    passphrase=passphrase,
                    progress=task.progress,
                    cancel=task.cancelled,
                )
        except Cancelled:
            raise
        except FieldappError as exc:
            if not keep_going:
                raise
            failed.append((Path(path), exc))
            continue
        merged.append(summary)
        changes |= merge_changes(summary, _kinds_touched(store, before, summary))
    return MergeResult(tuple(merged), tuple(failed), changes)


def merge_checked(
    store: Store,
    bundles: Sequence[tuple[VerifiedBundle, bool]],
    *,
    task: Task = NO_TASK,
) -> MergeResult:
    """Merge bundles verify/verify_all accepted, each with whether the person accepted
    its signer's key (the import dialog shows them first). A signer still untrusted is
    listed in `failed`; one progress bar for all."""
    store.require_device()
    total = sum(max(1, v.info.revisions) for v, _ in bundles)
    merged: list[MergeSummary] = []
    failed: list[tuple[Path, FieldappError]] = []
    changes = NOTHING
    base = 0
    for verified, accepted in bundles:
        task.check()

        def step(done: int, _total: int, base: int = base) -> None:
            task.report(base + done, total)

        before = _Before.take(store)
        try:
            with diskfull.guard(store.path):
                summary = merge_verified(
                    store, verified, trust_new=accepted, progress=step, cancel=task.cancelled
                )
        except UntrustedSigner as exc:
            failed.append((verified.info.path, exc))
        else:
            merged.append(summary)
            changes |= merge_changes(summary, _kinds_touched(store, before, summary))
        base += max(1, verified.info.revisions)
    return MergeResult(tuple(merged), tuple(failed), changes)


def devices(store: Store) -> list[DeviceStatus]:
    """Every known device: trust, bundles received and missing (a read)."""
    return device_mod.device_report(store)
