"""Verify a bundle before anything is written to any database.

Order of checks, cheapest and most fundamental first, each refusal a BundleError naming the
file and what to do:

1. sealed? decrypt (age) into a private temporary file;
2. the zip container: a readable central directory, at most a handful of entries, every
   name a plain relative file name (no `..`, absolute paths, drive letters, backslashes,
   links, directories, duplicates, unexpected or missing files), no encryption, declared
   sizes and compression ratios within Limits (zip bombs are refused before inflating);
3. manifest.json (size-bounded, strict JSON), its format and version, the author's
   certificate matching the author's fingerprint, and the ECDSA signature over the
   manifest's exact bytes;
4. the CSVs, streamed (memory bounded by a batch, never by the bundle): exact headers,
   every revision's cells, its data validated with the same rules as the forms, its id
   recomputed from its content, revisions grouped by record, record rows agreeing cell for
   cell with their revisions, each record shown as its revisions leave it (no older
   version, no deleted record, no row missing), counts, and the SHA-256 and size of every
   file. A content
   error in a file whose hash does not match is reported as the hash mismatch (the real
   cause);
5. the places register editions a format-4 bundle may carry (place_editions.csv and
   places.csv): every cell, each edition's id recomputed from its content, its signature
   by the device that loaded it (fieldapp.sync.bundle.places);
6. with a database: revision kinds and parents consistent with what it already holds.

Verified revisions are copied into a private scratch SQLite file; the merge reads only from
there, so the bundle file is read once and cannot change under the merge.

A large bundle's step 4 runs in two processes at once, each checking the records on its
side of SPLIT into its own scratch file (verify_container, bundle.parallel). Anything that
stops that path sends the bundle through the one-process path, which is the reference.

This module is the public door; the work is in fieldapp.sync.bundle: container (steps 1-2),
manifest (step 3), rows and check (step 4), parallel (step 4 in two processes), places
(step 5), scratch (the scratch copies and step 6).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from fieldapp.errors import Cancelled
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress
from fieldapp.store.database import Store
from fieldapp.sync import format as fmt
from fieldapp.sync.bundle.check import BATCH, _check_counts, _verify_part, missing_row
from fieldapp.sync.bundle.container import Container, PassphraseFn, open_bundle
from fieldapp.sync.bundle.manifest import BundleInfo, Signer, describe_signer
from fieldapp.sync.bundle.parallel import PARALLEL_MIN, SPLIT, _parallel_min, _verify_in_two
from fieldapp.sync.bundle.places import read_places
from fieldapp.sync.bundle.rows import _today
from fieldapp.sync.bundle.scratch import VerifiedBundle, check_against
from fieldapp.sync.errors import BundleError

__all__ = [
    "BATCH",
    "PARALLEL_MIN",
    "SPLIT",
    "BundleInfo",
    "Container",
    "PassphraseFn",
    "Signer",
    "VerifiedBundle",
    "check_against",
    "describe_signer",
    "open_bundle",
    "verify_bundle",
    "verify_container",
]

log = logging.getLogger(__name__)


def verify_bundle(
    path: str | Path,
    store: Store | None = None,
    passphrase: PassphraseFn | None = None,
    *,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    limits: fmt.Limits = fmt.DEFAULT_LIMITS,
) -> VerifiedBundle:
    """Every check in this module's docstring; nothing is written to `store`."""
    with open_bundle(path, store, passphrase, limits) as container:
        return verify_container(container, store, progress=progress, cancel=cancel)


def verify_container(
    container: Container,
    store: Store | None = None,
    *,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> VerifiedBundle:
    """Steps 4-5 for an opened container (steps 1-3 done by open_bundle).

    A large bundle is checked in two processes, one part each. Whatever stops that (a
    refusal, a worker that cannot start) sends the bundle through the one-process path,
    which is the reference: it gives the refusal its exact message, or accepts the bundle.
    """
    started = time.perf_counter()
    assert container.info is not None
    info = container.info
    if store is not None:
        describe_signer(store, info)
    today = _today()
    verified = VerifiedBundle(info)
    try:
        done = False
        if info.revisions >= _parallel_min() and (os.cpu_count() or 1) >= 2:
            try:
                _verify_in_two(container, store, verified, today, progress, cancel)
                done = True
            except Cancelled:
                raise
            except Exception as exc:  # the reference path decides, and names the problem
                log.info("parallel verification of %s stopped (%s)", info.path.name, exc)
                verified.close()
        missing = None
        if not done:
            path, parts = _verify_part(container, store, today, progress, cancel)
            verified.scratches.append(path)
            verified.groups.append(parts.groups)
            _check_counts(container.manifest, [parts])
            missing = missing_row([parts])
        verified.places = read_places(container)
        _check_place_counts(info, verified)
        if store is not None:
            check_against(store, verified)
        if missing is not None:  # last: a bundle wrong in several ways is named by the rest
            raise missing
    except BaseException:
        verified.close()
        raise
    verified.seconds = time.perf_counter() - started
    return verified


def _check_place_counts(info: BundleInfo, verified: VerifiedBundle) -> None:
    """The register editions and units read are those the signed manifest counts."""
    for what, count in (
        ("editions", len(verified.places)),
        ("units", sum(len(p.units) for p in verified.places)),
    ):
        if count != info.places.get(what, 0):
            raise BundleError(
                Message(
                    "bundle.row_count",
                    entry=fmt.PLACE_EDITIONS if what == "editions" else fmt.PLACES,
                    count=f"{count:,}",
                    expected=f"{info.places.get(what, 0):,}",
                )
            )
