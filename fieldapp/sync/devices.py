"""Known devices, trusted keys and which bundles arrived from whom.

Every export carries the device's next bundle sequence number, so a coordinator who has
bundles 1, 2 and 4 from a device knows that bundle 3 exists and has not arrived.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cryptography.x509.oid import NameOID

from fieldapp.domain.revisions import utc_now
from fieldapp.errors import FieldappError, NotFound
from fieldapp.identity.keys import certificate_fingerprint, load_certificate
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
    authored = dict(
        store.conn.execute("SELECT device, count(*) FROM revisions GROUP BY device").fetchall()
    )
    out = []
    for fp, name, org, trusted, added, trusted_at in store.conn.execute(
        "SELECT id, name, organisation, trusted, added_at, trusted_at FROM devices"
        " ORDER BY id = ? DESC, trusted DESC, name, id",
        (own_id,),
    ).fetchall():
        status = DeviceStatus(
            fp,
            name,
            org,
            bool(trusted),
            fp == own_id,
            added,
            trusted_at,
            revisions=authored.get(fp, 0),
        )
        rows = store.conn.execute(
            "SELECT seq, processed_at, created_at, direction FROM bundles WHERE device = ?"
            " ORDER BY processed_at",
            (fp,),
        ).fetchall()
        received = sorted({r[0] for r in rows if r[3] == "received"})
        status.sent = sum(1 for r in rows if r[3] == "sent")
        if received:
            status.received = received
            status.missing = [n for n in range(1, received[-1]) if n not in set(received)]
            latest = [r for r in rows if r[3] == "received"][-1]
            status.last_bundle_at, status.last_bundle_created = latest[1], latest[2]
        out.append(status)
    return out


def own_certificate(store: Store) -> str:
    return store.require_device().certificate


def export_certificate(store: Store, out: str | Path) -> Path:
    out = Path(out)
    if out.is_dir():
        raise FieldappError(f"{out} is a folder; give a file name such as {out / 'device.pem'}")
    out.write_text(own_certificate(store), encoding="ascii")
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
    now = utc_now()
    with store.transaction() as conn:
        row = conn.execute("SELECT trusted FROM devices WHERE id = ?", (fp,)).fetchone()
        if row is None:
            conn.execute(
                "INSERT INTO devices (id, name, organisation, certificate, trusted, added_at,"
                " trusted_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
                (fp, name, org, text, now, now),
            )
        elif not row[0]:
            conn.execute(
                "UPDATE devices SET trusted = 1, trusted_at = ?, certificate = ? WHERE id = ?",
                (now, text, fp),
            )
    return TrustResult(fp, name, org, row is not None, bool(row and row[0]))


def find_device(store: Store, prefix: str) -> str:
    """A device fingerprint from a prefix (spaces allowed, as printed in groups of four)."""
    text = "".join(prefix.split()).lower()
    if len(text) < 8:
        raise NotFound("give at least 8 characters of the fingerprint")
    rows = store.conn.execute(
        "SELECT id FROM devices WHERE id >= ? AND id < ? LIMIT 2", (text, text + "g")
    ).fetchall()
    if not rows:
        raise NotFound(f"no known device with fingerprint {prefix}")
    if len(rows) > 1:
        raise NotFound(f"{prefix} matches several devices; give more of the fingerprint")
    return rows[0][0]


def set_trusted(store: Store, fingerprint: str, trusted: bool) -> None:
    own = store.device()
    if own and own.id == fingerprint and not trusted:
        raise FieldappError("this is this database's own key; it cannot be untrusted")
    with store.transaction() as conn:
        conn.execute(
            "UPDATE devices SET trusted = ?, trusted_at = ? WHERE id = ?",
            (int(trusted), utc_now() if trusted else None, fingerprint),
        )
