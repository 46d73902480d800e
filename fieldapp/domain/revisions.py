"""Revisions: the audit trail and the sync mechanism at once.

A revision is immutable. Its id is the SHA-256 of its canonical JSON, so the same change
arriving twice (from two bundles, or merged twice) is the same row, and nobody can alter a
revision without changing its id.

Each revision also carries its author device's signature over its id (fieldapp.store.
signing), kept beside the content, not in it: the id is what is signed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

FORMAT = 1


def canonical_json(obj: object) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept as text."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def utc_now() -> str:
    """Timestamps are UTC, millisecond precision, ISO 8601 with a Z."""
    now = dt.datetime.now(dt.UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class Revision:
    record_id: str
    kind: str
    parents: tuple[str, ...]
    device: str
    seq: int
    timestamp: str
    deleted: bool
    data: dict[str, object] = field(hash=False)
    # The author's ECDSA P-256 signature over `signing_message(id)`, r||s (64 bytes);
    # None for a revision written before fieldapp signed revisions (or not yet signed).
    signature: bytes | None = field(default=None, compare=False, hash=False, repr=False)

    def content(self) -> dict[str, object]:
        return {
            "v": FORMAT,
            "record": self.record_id,
            "kind": self.kind,
            "parents": sorted(self.parents),
            "device": self.device,
            "seq": self.seq,
            "ts": self.timestamp,
            "deleted": self.deleted,
            "data": self.data,
        }

    @property
    def id(self) -> str:
        return revision_id(self.content())

    def data_json(self) -> str:
        return canonical_json(self.data)


def revision_id(content: dict[str, object]) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


SIGNED_PREFIX = b"fieldapp revision v1\n"


def signing_message(revision_id: str) -> bytes:
    """What an author signs for a revision: its id behind a prefix no other fieldapp
    signature (a bundle's manifest, a PDF) can start with, so one cannot pass for another."""
    return SIGNED_PREFIX + revision_id.encode("ascii")


def pick_winner(heads: list[Revision]) -> Revision:
    """The provisional winner among competing heads: latest timestamp, then highest id.

    Every database computes the same winner from the same heads, so coordinators agree on
    what the table shows until a person resolves the conflict.
    """
    return max(heads, key=lambda r: (r.timestamp, r.id))
