"""Merge verified bundles into a database: each bundle in one transaction, all or nothing.

The rules live here (trust, an already merged bundle, what the summary says); the
writing is the store's: fieldapp.store.bulk.merge_from copies the verified scratch copies
into the record tables (a set-based fast path for records new to this database, the merge
engine Store.apply_revisions for the rest), inside one transaction with the device and
bundle-log updates, so a failure or a cancel anywhere leaves the database exactly as it
was.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fieldapp.domain.revisions import utc_now
from fieldapp.errors import Cancelled
from fieldapp.identity.keys import format_fingerprint
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress
from fieldapp.store import bulk
from fieldapp.store import bundles as stored_bundles
from fieldapp.store import devices as stored_devices
from fieldapp.store import places as stored_places
from fieldapp.store import scratch as stored_scratch
from fieldapp.store.database import ApplyResult, Store
from fieldapp.sync import format as fmt
from fieldapp.sync.errors import UntrustedSigner
from fieldapp.sync.verify import (
    BundleInfo,
    PassphraseFn,
    Signer,
    VerifiedBundle,
    check_against,
    describe_signer,
    open_bundle,
    verify_container,
)


@dataclass
class MergeSummary:
    path: Path
    bundle_id: str
    signer: Signer
    sequence: int
    revisions: int  # in the bundle
    new: int = 0  # records this database did not have
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0  # records left with competing versions
    skipped: int = 0  # revisions already present
    added: int = 0  # revisions added
    already_merged: bool = False
    trusted_now: bool = False  # this merge added the signer to the trusted keys
    seconds: float = 0.0
    sealed: bool = False
    missing_before: list[int] = field(default_factory=list)
    # earlier bundles of the signer not arrived, when too many to list (missing_before is
    # then empty): the bundle is "far ahead" of what this database received
    far_ahead: int = 0
    # what became of each places register edition the bundle carried (merge.places_*
    # messages: received, or kept out by a newer one held here); one already held says
    # nothing
    places: list[Message] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "deleted": self.deleted,
            "conflicts": self.conflicts,
            "skipped": self.skipped,
            "added": self.added,
        }


def untrusted(info: BundleInfo) -> UntrustedSigner:
    s = info.signer
    return UntrustedSigner(
        Message(
            "bundle.untrusted_signer",
            file=info.path.name,
            name=s.name,
            organisation=s.organisation,
            fingerprint=format_fingerprint(s.fingerprint),
        ),
        s.fingerprint,
        s.name,
        s.organisation,
    )


def merge_bundle(
    store: Store,
    path: str | Path,
    *,
    trust_new: bool = False,
    passphrase: PassphraseFn | None = None,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    limits: fmt.Limits = fmt.DEFAULT_LIMITS,
) -> MergeSummary:
    """Verify one bundle completely, then merge it in one transaction."""
    started = time.perf_counter()
    with open_bundle(path, store, passphrase, limits) as container:
        assert container.info is not None
        info = container.info
        describe_signer(store, info)
        if not info.signer.trusted and not trust_new:
            raise untrusted(info)
        if info.already_merged:
            # Exactly this signed manifest was merged before: check the files still match
            # it (cheap: no parsing), and change nothing.
            container.check_hashes()
            return MergeSummary(
                path=info.path,
                bundle_id=info.bundle_id,
                signer=info.signer,
                sequence=info.sequence,
                revisions=info.revisions,
                skipped=info.revisions,
                already_merged=True,
                sealed=info.sealed,
                seconds=time.perf_counter() - started,
            )
        # One bar for both passes: verification is the first half, the merge the second.
        half = max(1, info.revisions)
        first = (lambda done, total: progress(done, 2 * half)) if progress else None
        second = (lambda done, total: progress(half + done, 2 * half)) if progress else None
        with verify_container(container, store, progress=first, cancel=cancel) as verified:
            summary = merge_verified(
                store, verified, trust_new=trust_new, progress=second, cancel=cancel
            )
    summary.seconds = time.perf_counter() - started
    return summary


def merge_verified(
    store: Store,
    verified: VerifiedBundle,
    *,
    trust_new: bool = False,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> MergeSummary:
    """Merge a bundle verify_bundle accepted (the UI verifies, shows, then merges)."""
    started = time.perf_counter()
    info = verified.info
    describe_signer(store, info)
    if not info.signer.trusted and not trust_new:
        raise untrusted(info)
    summary = MergeSummary(
        path=info.path,
        bundle_id=info.bundle_id,
        signer=info.signer,
        sequence=info.sequence,
        revisions=info.revisions,
        sealed=info.sealed,
    )
    if info.already_merged:
        summary.already_merged = True
        summary.skipped = info.revisions
        return summary
    check_against(store, verified)  # the database may have changed since verification
    result = ApplyResult()
    total = max(1, info.revisions)
    done = 0

    def tick(count: int) -> None:
        nonlocal done
        if cancel and cancel():
            raise Cancelled(Message("merge.cancelled"))
        done += count
        if progress:
            progress(min(done, total), total)

    with stored_scratch.attached(store, verified.scratches) as copies, store.transaction():
        summary.trusted_now = _record_devices(store, info)
        bulk.merge_from(store, copies, verified.groups, result, tick)
        summary.places = _receive_places(store, verified)
        summary.missing_before = _record_bundle(store, info, result)
        if not summary.missing_before:
            summary.far_ahead = stored_bundles.missing_before(
                store, info.signer.fingerprint, info.sequence, fmt.MAX_LISTED_GAP
            )[1]
    summary.new = result.created
    summary.updated = result.updated
    summary.deleted = result.deleted
    summary.conflicts = result.conflicts
    summary.skipped = result.skipped
    summary.added = result.added
    summary.seconds = time.perf_counter() - started
    return summary


def _receive_places(store: Store, verified: VerifiedBundle) -> list[Message]:
    """Each register edition the bundle carries (checked by the verification) put in the
    register, unless it holds it already or a newer one at its levels (inside the merge's
    transaction: a failure later takes it back out)."""
    notes = []
    for carried in verified.places:
        ed = carried.edition
        outcome, newer = stored_places.receive(store, ed, carried.units)
        if outcome == "received":
            notes.append(Message("merge.places_received", name=ed.title, count=f"{ed.units:,}"))
        elif outcome == "kept" and newer is not None:
            notes.append(
                Message(
                    "merge.places_kept",
                    name=ed.title,
                    count=f"{ed.units:,}",
                    text=newer.title,
                    date=newer.valid_on or newer.loaded_at[:10],
                )
            )
    return notes


def _record_devices(store: Store, info: BundleInfo) -> bool:
    """Trust the signer (the caller checked that it is trusted or accepted) and learn the
    names of the other devices whose revisions the bundle relays (not trusted)."""
    s = info.signer
    now = utc_now()
    before = stored_devices.trust(store, s.fingerprint, s.name, s.organisation, s.certificate, now)
    stored_devices.learn(store, info.devices, now)
    return not before


def _record_bundle(store: Store, info: BundleInfo, result: ApplyResult) -> list[int]:
    return stored_bundles.record_received(
        store,
        bundle_id=info.bundle_id,
        device_id=info.signer.fingerprint,
        seq=info.sequence,
        created_at=info.created_at,
        full=info.full,
        revisions=info.revisions,
        manifest_sha256=info.manifest_sha256,
        summary=asdict(result),
    )
