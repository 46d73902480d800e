"""Setting a database up: this device's identity, its sealing key and certificate, the
devices it trusts, and the demo data.

The key work is in `fieldapp.identity` and `fieldapp.sync` (devices, sealing); the demo
data in `fieldapp.store.demo`. Making the device key is slow on purpose (scrypt), so it is
a step of its own (`create_identity`, no database needed) before `save_identity`; `init`
does both for callers that need not show progress in between.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import FieldappError
from fieldapp.identity.keys import SCRYPT_N, Identity
from fieldapp.identity.keys import create_identity as _create_identity
from fieldapp.identity.keys import save_identity as _save_identity
from fieldapp.messages import Message
from fieldapp.ops.changes import NOTHING, Changes
from fieldapp.progress import NO_TASK, Task
from fieldapp.store import Store
from fieldapp.store.database import Device
from fieldapp.store.demo import load_demo as _load_demo
from fieldapp.sync import devices as device_mod
from fieldapp.sync.devices import TrustResult
from fieldapp.sync.seal import age_recipient, ensure_age_identity

DEVICES = Changes(devices=True)
ALL_RECORDS = Changes.of_records(INCIDENT, DISPLACEMENT)

__all__ = [
    "CertificateWritten",
    "DemoLoaded",
    "Identity",
    "Initialised",
    "SealingKey",
    "TrustResult",
    "Trusted",
    "Untrusted",
    "create_database",
    "create_identity",
    "export_certificate",
    "init",
    "load_demo",
    "save_identity",
    "sealing_key",
    "trust",
    "untrust",
]


@dataclass(frozen=True)
class Initialised:
    device: Device
    changes: Changes = DEVICES


@dataclass(frozen=True)
class SealingKey:
    device: Device
    recipient: str  # age1…: what field workers seal their bundles to
    created: bool  # made just now (the passphrase was asked)
    changes: Changes = NOTHING


@dataclass(frozen=True)
class CertificateWritten:
    path: Path
    fingerprint: str
    changes: Changes = NOTHING


@dataclass(frozen=True)
class Trusted:
    result: TrustResult
    changes: Changes = DEVICES


@dataclass(frozen=True)
class Untrusted:
    fingerprint: str
    label: str  # "name (organisation)"
    changes: Changes = DEVICES


@dataclass(frozen=True)
class DemoLoaded:
    incidents: int
    displacements: int
    changes: Changes = ALL_RECORDS


def create_identity(
    name: str, organisation: str, passphrase: str, *, n: int = SCRYPT_N, task: Task = NO_TASK
) -> Identity:
    """A new device key and certificate, its private key under the passphrase (slow: the
    window runs it in the background). Nothing is written. The key derivation itself
    cannot be interrupted; a Cancel pressed meanwhile is honoured when it ends."""
    identity = _create_identity(name, organisation, passphrase, n)
    task.check()
    return identity


def save_identity(store: Store, identity: Identity, *, task: Task = NO_TASK) -> Initialised:
    """Make `identity` this database's device (once per database)."""
    return Initialised(_save_identity(store, identity))


def create_database(
    path: str | Path,
    identity: Identity,
    passphrase: str,
    *,
    encrypt: bool = True,
    task: Task = NO_TASK,
) -> Initialised:
    """A new database at `path` (missing or empty) holding `identity`: encrypted under
    `passphrase` (the one that protects the device key, so one passphrase unlocks both;
    its key is remembered in this process) unless `encrypt` is false. The database key
    costs another scrypt; a Cancel meanwhile is honoured before anything is written."""
    task.check()
    store = Store.open(path, encrypt=encrypt, passphrase=passphrase if encrypt else None)
    with store:
        return save_identity(store, identity)


def init(
    store: Store,
    name: str,
    organisation: str,
    passphrase: str,
    *,
    n: int = SCRYPT_N,
    task: Task = NO_TASK,
) -> Initialised:
    """This database's device identity, made and saved."""
    identity = create_identity(name, organisation, passphrase, n=n, task=task)
    task.check()
    return save_identity(store, identity)


def sealing_key(store: Store, passphrase: Callable[[], str]) -> SealingKey:
    """This device's age recipient, creating the sealing key on first use (only then is
    `passphrase()` asked: the key is kept under the device key's passphrase)."""
    device = store.require_device()
    recipient = age_recipient(store)
    if recipient is not None:
        return SealingKey(device, recipient, False)
    recipient = ensure_age_identity(store, passphrase())
    return SealingKey(device, recipient, True, DEVICES)


def export_certificate(store: Store, out: str | Path) -> CertificateWritten:
    """Write this device's certificate, for a coordinator to trust."""
    path = device_mod.export_certificate(store, out)
    return CertificateWritten(path, store.require_device().id)


def trust(store: Store, certificate: str | Path | bytes) -> Trusted:
    """Trust the device whose certificate this is: a file, or its PEM text as bytes."""
    if isinstance(certificate, bytes):
        pem = certificate
    else:
        path = Path(certificate)
        if not path.is_file():
            raise FieldappError(Message("keys.no_certificate_file", path=path))
        pem = path.read_bytes()
    return Trusted(device_mod.trust_certificate(store, pem))


def untrust(store: Store, fingerprint: str) -> Untrusted:
    """Stop trusting a device (`fingerprint` or its first 8+ characters): its bundles are
    refused from now on."""
    fp = device_mod.find_device(store, fingerprint)
    device_mod.set_trusted(store, fp, False)
    return Untrusted(fp, store.device_label(fp))


def load_demo(store: Store, *, task: Task = NO_TASK) -> DemoLoaded:
    """The north-west Syria sample, into an empty database only, in one transaction (a
    cancel writes nothing)."""
    store.require_device()
    incidents, displacements = _load_demo(store, task.progress, task.cancelled)
    return DemoLoaded(incidents, displacements)
