"""Known devices, trusted keys and which bundles arrived from whom.

Every export carries the device's next bundle sequence number, so a coordinator who has
bundles 1, 2 and 4 from a device knows that bundle 3 exists and has not arrived.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cryptography.x509.oid import NameOID

from fieldapp import diskfull
from fieldapp.errors import FieldappError, NotFound
from fieldapp.identity.keys import certificate_fingerprint, load_certificate
from fieldapp.messages import Message
from fieldapp.store import devices as stored
from fieldapp.store.bundles import MAX_LISTED_GAP
from fieldapp.store.database import Store


@dataclass
class DeviceStatus:
    fingerprint: str
    name: str
    organisation: str
    trusted: bool
    is_self: bool
    added_at: str
    trusted_at: str | None
    received: list[int] = field(default_factory=list)  # bundle sequence numbers merged here
    missing: list[int] = field(default_factory=list)  # numbers below the highest not received
    far_ahead: int = 0  # how many are missing, when too many to list (missing is then empty)
    last_bundle_at: str | None = None  # when the latest bundle was merged here
    last_bundle_created: str | None = None  # when the device wrote it
    sent: int = 0  # own device: bundles exported
    revisions: int = 0  # revisions this database holds from the device


def ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5, 7, 8] -> "1-3, 5, 7-8"."""
    parts: list[str] = []
    start = prev = None
    for n in sorted(numbers):
        if start is None:
            start = prev = n
        elif n == prev + 1:  # type: ignore[operator]
            prev = n
        else:
            parts.append(f"{start}-{prev}" if start != prev else f"{start}")
            start = prev = n
    if start is not None:
        parts.append(f"{start}-{prev}" if start != prev else f"{start}")
    return ", ".join(parts)


def device_report(store: Store) -> list[DeviceStatus]:
    own = store.device()
    own_id = own.id if own else None
    authored = stored.revisions_by_device(store)
    out = []
    for d in stored.known(store, own_id):
        status = DeviceStatus(
            d.id,
            d.name,
            d.organisation,
            d.trusted,
            d.id == own_id,
            d.added_at,
            d.trusted_at,
            revisions=authored.get(d.id, 0),
        )
        rows = stored.bundle_entries(store, d.id)
        received = sorted({r.seq for r in rows if r.direction == "received"})
        status.sent = sum(1 for r in rows if r.direction == "sent")
        if received:
            status.received = received
            status.missing, status.far_ahead = _missing(received)
            latest = [r for r in rows if r.direction == "received"][-1]
            status.last_bundle_at = latest.processed_at
            status.last_bundle_created = latest.created_at
        out.append(status)
    return out


def _missing(received: list[int]) -> tuple[list[int], int]:
    """The numbers below the highest received that have not arrived: listed, or only
    counted when more than MAX_LISTED_GAP (a bundle numbered 10**12 must not make a list
    of a trillion numbers)."""
    count = received[-1] - len(received)
    if count > MAX_LISTED_GAP:
        return [], count
    have = set(received)
    return [n for n in range(1, received[-1]) if n not in have], 0


def own_certificate(store: Store) -> str:
    return store.require_device().certificate


def export_certificate(store: Store, out: str | Path) -> Path:
    out = Path(out)
    if out.is_dir():
        raise FieldappError(Message("file.is_a_folder", path=out, text=out / "device.pem"))
    diskfull.write_atomically(out, own_certificate(store).encode("ascii"))
    return out


@dataclass
class TrustResult:
    fingerprint: str
    name: str
    organisation: str
    was_known: bool
    was_trusted: bool


def _subject(cert, oid) -> str:  # type: ignore[no-untyped-def]
    values = cert.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def trust_certificate(store: Store, pem: str | bytes) -> TrustResult:
    """Register a device's certificate (from `keys export`) as trusted."""
    cert = load_certificate(pem)
    fp = certificate_fingerprint(cert)
    name = _subject(cert, NameOID.COMMON_NAME) or "unnamed device"
    org = _subject(cert, NameOID.ORGANIZATION_NAME)
    text = pem.decode("ascii") if isinstance(pem, bytes) else pem
    before = stored.trust(store, fp, name, org, text)
    return TrustResult(fp, name, org, before is not None, bool(before))


def find_device(store: Store, prefix: str) -> str:
    """A device fingerprint from a prefix (spaces allowed, as printed in groups of four)."""
    text = "".join(prefix.split()).lower()
    if len(text) < 8:
        raise NotFound(Message("device.fingerprint_too_short"))
    rows = stored.with_prefix(store, text)
    if not rows:
        raise NotFound(Message("device.unknown", text=prefix))
    if len(rows) > 1:
        raise NotFound(Message("device.ambiguous", text=prefix))
    return rows[0]


def set_trusted(store: Store, fingerprint: str, trusted: bool) -> None:
    own = store.device()
    if own and own.id == fingerprint and not trusted:
        raise FieldappError(Message("device.own_key"))
    stored.set_trusted(store, fingerprint, trusted)
