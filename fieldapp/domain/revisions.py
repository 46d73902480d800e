"""Revisions: the audit trail and the sync mechanism at once.

A revision is immutable. Its id is the SHA-256 of its canonical JSON, so the same change
arriving twice (from two bundles, or merged twice) is the same row, and nobody can alter a
revision without changing its id.

The canonical form is RFC 8785 (the JSON Canonicalization Scheme), so anyone can recompute
an id with a standard library (`rfc8785.dumps`). Revisions written before fieldapp used it
were hashed with Python's sorted-key JSON, which differs from RFC 8785 only in how numbers
are written: a whole number stored as a float (`5.0`, where RFC 8785 writes `5`) or a
number in exponent form (`1e-05`, RFC 8785 `0.00001`). Such a revision keeps the id it
was given: ids are names that parents, signatures and other databases refer to, so they
are never rewritten. `Revision.form` says which form an id was made with; new writers
store whole numbers as integers, so they never write a `5.0` again.

Each revision also carries its author device's signature over its id (fieldapp.store.
signing), kept beside the content, not in it: the id is what is signed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

import rfc8785

from fieldapp.domain.canonical import SAFE_INTEGER

FORMAT = 1

RFC8785 = "rfc8785"
LEGACY = "legacy"  # Python's sorted-key JSON: ids made before fieldapp used RFC 8785
Form = Literal["rfc8785", "legacy"]

_LEGACY_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _plain_float(x: float) -> bool:
    """True when Python writes `x` exactly as RFC 8785 does (ECMAScript's Number
    to String): finite, not whole, and between 1e-4 and 1e16 in magnitude, where
    neither uses an exponent and both give the shortest round-tripping digits."""
    return math.isfinite(x) and not x.is_integer() and 1e-4 <= abs(x) < 1e16


def _members(obj: object) -> Iterable[object]:
    """A JSON container's values, or the value itself: what the number checks walk."""
    cls = obj.__class__
    if cls is dict:
        return obj.values()  # type: ignore[attr-defined]
    if cls is list or cls is tuple:
        return obj  # type: ignore[return-value]
    return (obj,)


def needs_care(obj: object) -> bool:
    """Whether Python's sorted-key JSON of `obj` may differ from RFC 8785: some number
    is a whole float, in exponent range, not finite, or an integer beyond 2**53.

    Runs for every revision hashed or read, so the common leaves (text, None, small
    integers, plain floats) are settled inline, without a call each."""
    for v in _members(obj):
        c = v.__class__
        if c is str or v is None or c is bool:
            continue
        if c is int:
            if -SAFE_INTEGER <= v <= SAFE_INTEGER:  # type: ignore[operator]
                continue
            return True
        if c is float:
            if _plain_float(v):  # type: ignore[arg-type]
                continue
            return True
        if (c is dict or c is list or c is tuple) and not needs_care(v):
            continue
        return True
    return False


def has_whole_float(obj: object) -> bool:
    """A `5.0`: only a writer from before RFC 8785 ids stored one (legacy form). Inline
    like needs_care: it runs for every revision written."""
    for v in _members(obj):
        c = v.__class__
        if c is float:
            if v - v == 0.0 and v.is_integer():  # type: ignore[operator,union-attr]
                return True
        elif (c is dict or c is list or c is tuple) and has_whole_float(v):
            return True
    return False


def canonical_json(obj: object) -> str:
    """RFC 8785 canonical JSON. Python's sorted-key JSON is the same text whenever no
    number needs care (nearly always), and about five times faster than the library."""
    if not needs_care(obj):
        return _LEGACY_JSON.encode(obj)
    return rfc8785.dumps(obj).decode("utf-8")


def legacy_json(obj: object) -> str:
    """The canonical form of ids made before RFC 8785: Python's sorted-key JSON."""
    return _LEGACY_JSON.encode(obj)


def form_of(data: object, text: str | None = None) -> Form:
    """Which canonical form a revision's id was made with, from its data (and the data's
    stored text, when there is one: it settles a number in exponent form). Data RFC 8785
    cannot write (an integer beyond 2**53, refused later by validation) is legacy."""
    if not needs_care(data):
        return RFC8785  # both forms give the same text
    try:
        rfc = canonical_json(data)
    except ValueError:
        return LEGACY
    if text is not None:
        return LEGACY if text != rfc and text == legacy_json(data) else RFC8785
    return LEGACY if has_whole_float(data) else RFC8785


def whole_numbers_as_integers(data: dict[str, object]) -> dict[str, object]:
    """`5.0` becomes `5`: integral numbers are stored as integers, as RFC 8785 writes them
    (a float field's value that happens to be whole, typed in a form or read from a sheet)."""
    if not has_whole_float(data):
        return data
    return {
        k: int(v) if v.__class__ is float and math.isfinite(v) and v.is_integer() else v  # type: ignore[union-attr]
        for k, v in data.items()
    }


class Ready(NamedTuple):
    """A new record as the store writes it: its data in stored form (checked, places
    completed, whole numbers as integers), the text its root revision is hashed from,
    and its row's field values in column order. Made ahead (fieldapp.store.records.ready)
    by a process that checked the data the way the store does (an import's second
    process, fieldapp.ops.import_pipeline), so the writing process neither checks nor
    serialises it again: on two cores that work runs beside the writing. (A tuple: it
    crosses the process boundary by the hundred thousand, and a frozen dataclass
    unpickles through dataclasses.fields, 13 µs each.)"""

    values: dict[str, object]
    text: str
    columns: tuple[object, ...]


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
    # The canonical form of the id (RFC8785 or LEGACY); None: decided from the data
    # (form_of), which is right unless a stored text says otherwise.
    form: Form | None = field(default=None, compare=False, hash=False, repr=False)

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

    def id_form(self) -> Form:
        return self.form or form_of(self.data)

    @property
    def id(self) -> str:
        return revision_id(self.content(), self.id_form())

    def data_json(self) -> str:
        """The data as stored and sent, in the form the id was made with."""
        return legacy_json(self.data) if self.id_form() == LEGACY else canonical_json(self.data)


def id_from_parts(
    record_id: str,
    kind: str,
    parents: list[str] | tuple[str, ...],
    device: str,
    seq: int,
    timestamp: str,
    deleted: bool,
    data_text: str,
) -> str:
    """Revision.id from the data's stored text, by concatenation: every other piece is
    canonical as it stands (a UUID, a kind, hex ids sorted, an integer, an ISO time), so
    this is the id without serialising the data again. For a bundle's rows and for a
    bulk write, where the data text is already at hand. `parents` sorted."""
    joined = '","'.join(parents)
    text = (
        f'{{"data":{data_text},"deleted":{"true" if deleted else "false"},'
        f'"device":"{device}","kind":"{kind}",'
        f'"parents":[{chr(34) + joined + chr(34) if parents else ""}],'
        f'"record":"{record_id}","seq":{seq},"ts":"{timestamp}","v":{FORMAT}}}'
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def revision_id(content: dict[str, object], form: Form = RFC8785) -> str:
    text = legacy_json(content) if form == LEGACY else canonical_json(content)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
