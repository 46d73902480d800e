"""Devices and trust: the `device` table (this database's own identity, its revision and
age keys) and the `devices` table (every device heard of, and which signing keys are
trusted). The only SQL over those two tables lives here; `Store` keeps its device
methods as delegations to these functions.

Callers outside the store (`sync.devices`, `sync.seal`, `sync.merge`) keep the rules and
the messages; this module only reads and writes rows. Writes open a transaction, which
joins the caller's when there is one (a merge records its signer inside its own).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from fieldapp.domain.revisions import utc_now
from fieldapp.errors import FieldappError, NotInitialised
from fieldapp.messages import Message
from fieldapp.store import bundles
from fieldapp.store.bundles import BundleEntry as BundleEntry

if TYPE_CHECKING:
    from fieldapp.store.database import Store


@dataclass(frozen=True)
class Device:
    id: str
    name: str
    organisation: str
    public_key: str
    certificate: str
    private_key: str
    created_at: str
    last_seq: int

    @property
    def fingerprint(self) -> str:
        return self.id


class KnownDevice(NamedTuple):
    """A row of the `devices` table."""

    id: str
    name: str
    organisation: str
    trusted: bool
    added_at: str
    trusted_at: str | None


# -- this database's own device ----------------------------------------------------------


def own(store: Store) -> Device | None:
    row = store._conn.execute(
        "SELECT id, name, organisation, public_key, certificate, private_key, created_at,"
        " last_seq FROM device"
    ).fetchone()
    return Device(*row) if row else None


def require_own(store: Store) -> Device:
    device = own(store)
    if device is None:
        raise NotInitialised(Message("device.not_initialised"))
    return device


def save_own(
    store: Store,
    *,
    fingerprint: str,
    name: str,
    organisation: str,
    public_key: str,
    certificate: str,
    private_key: str,
) -> Device:
    """Make a new identity this database's device, trusted by it; once per database."""
    if own(store) is not None:
        raise FieldappError(Message("device.already_initialised"))
    conn = store._conn
    with store.transaction():
        conn.execute(
            "INSERT INTO device (id, name, organisation, public_key, certificate,"
            " private_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (fingerprint, name, organisation, public_key, certificate, private_key, utc_now()),
        )
        conn.execute(
            "INSERT OR REPLACE INTO devices (id, name, organisation, certificate, trusted,"
            " added_at) VALUES (?, ?, ?, ?, 1, ?)",
            (fingerprint, name, organisation, certificate, utc_now()),
        )
    return require_own(store)


def take_seqs(store: Store, device_id: str, count: int = 1) -> int:
    """Reserve `count` revision sequence numbers of the own device; returns the last one.
    The caller is inside a transaction."""
    return store._conn.execute(
        "UPDATE device SET last_seq = last_seq + ? WHERE id = ? RETURNING last_seq",
        (count, device_id),
    ).fetchone()[0]


def age_recipient(store: Store) -> str | None:
    """The own device's age recipient ("age1..."), None before its first use."""
    row = store._conn.execute("SELECT age_recipient FROM device").fetchone()
    return row[0] if row else None


def age_identity(store: Store) -> str | None:
    """The own device's age identity, encrypted (an envelope), None before its first use."""
    row = store._conn.execute("SELECT age_identity FROM device").fetchone()
    return row[0] if row else None


def save_age_identity(store: Store, recipient: str, envelope: str) -> None:
    """Store the age key pair unless one is there already (the first one stays)."""
    conn = store._conn
    with store.transaction():
        conn.execute(
            "UPDATE device SET age_recipient = ?, age_identity = ? WHERE age_recipient IS NULL",
            (recipient, envelope),
        )


# -- every device heard of, and trust ----------------------------------------------------


def label(store: Store, device_id: str) -> str:
    """A person-readable name for a device id: "Amal (Idlib Response) 3f2a9c1e"."""
    row = store._conn.execute(
        "SELECT name, organisation FROM devices WHERE id = ?", (device_id,)
    ).fetchone()
    if row is None:
        return f"unknown device {device_id[:8]}"
    return f"{row[0]} ({row[1]}) {device_id[:8]}"


def certificate(store: Store, device_id: str) -> str | None:
    """The PEM certificate this database holds for a device (its own included)."""
    row = store._conn.execute(
        "SELECT certificate FROM devices WHERE id = ?", (device_id,)
    ).fetchone()
    if row is None:
        own_device = own(store)
        return own_device.certificate if own_device and own_device.id == device_id else None
    return row[0]


def trust_state(store: Store, fingerprint: str) -> bool | None:
    """Whether the key is trusted here; None if the device is not known at all."""
    row = store._conn.execute("SELECT trusted FROM devices WHERE id = ?", (fingerprint,)).fetchone()
    return None if row is None else bool(row[0])


def is_trusted(store: Store, fingerprint: str) -> bool:
    """Whether this database trusts the signing key with that fingerprint."""
    return bool(trust_state(store, fingerprint))


def trust(
    store: Store,
    fingerprint: str,
    name: str,
    organisation: str,
    certificate: str,
    now: str | None = None,
) -> bool | None:
    """Trust a signing key: add the device trusted, or mark a known one trusted (with this
    certificate). A device already trusted is left as it is. Returns what it was before:
    None (unknown), False (known, not trusted) or True."""
    now = now or utc_now()
    conn = store._conn
    with store.transaction():
        before = trust_state(store, fingerprint)
        if before is None:
            conn.execute(
                "INSERT INTO devices (id, name, organisation, certificate, trusted, added_at,"
                " trusted_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
                (fingerprint, name, organisation, certificate, now, now),
            )
        elif not before:
            conn.execute(
                "UPDATE devices SET trusted = 1, trusted_at = ?, certificate = ? WHERE id = ?",
                (now, certificate, fingerprint),
            )
    return before


def set_trusted(store: Store, fingerprint: str, trusted: bool) -> None:
    """Trust or stop trusting a known device (an unknown fingerprint changes nothing)."""
    conn = store._conn
    with store.transaction():
        conn.execute(
            "UPDATE devices SET trusted = ?, trusted_at = ? WHERE id = ?",
            (int(trusted), utc_now() if trusted else None, fingerprint),
        )


def learn(store: Store, devices: Iterable[Mapping[str, str]], now: str | None = None) -> None:
    """Remember devices a bundle relays revisions from (fingerprint, name, organisation,
    certificate), not trusted; devices already known are left as they are."""
    now = now or utc_now()
    conn = store._conn
    with store.transaction():
        for d in devices:
            conn.execute(
                "INSERT OR IGNORE INTO devices (id, name, organisation, certificate, trusted,"
                " added_at) VALUES (?, ?, ?, ?, 0, ?)",
                (d["fingerprint"], d["name"], d["organisation"], d["certificate"], now),
            )


def with_prefix(store: Store, prefix: str, limit: int = 2) -> list[str]:
    """Fingerprints starting with a lower-case hex prefix, at most `limit` of them."""
    rows = store._conn.execute(
        "SELECT id FROM devices WHERE id >= ? AND id < ? LIMIT ?", (prefix, prefix + "g", limit)
    ).fetchall()
    return [r[0] for r in rows]


def known(store: Store, own_id: str | None) -> list[KnownDevice]:
    """Every device heard of: the own one first, then the trusted ones, by name."""
    rows = store._conn.execute(
        "SELECT id, name, organisation, trusted, added_at, trusted_at FROM devices"
        " ORDER BY id = ? DESC, trusted DESC, name, id",
        (own_id,),
    ).fetchall()
    return [KnownDevice(fp, name, org, bool(t), added, at) for fp, name, org, t, added, at in rows]


def revisions_by_device(store: Store) -> dict[str, int]:
    """How many revisions this database holds from each device."""
    return dict(
        store._conn.execute("SELECT device, count(*) FROM revisions GROUP BY device").fetchall()
    )


def bundle_entries(store: Store, fingerprint: str) -> list[BundleEntry]:
    """The bundles a device sent here or this database sent as it (see bundles.entries)."""
    return bundles.entries(store, fingerprint)
