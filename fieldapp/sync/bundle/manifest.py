"""The signed manifest and its signer: manifest.json read strictly, its format and version,
the author's certificate against the author's fingerprint, the ECDSA signature over the
manifest's exact bytes, the shape of every field; and what this database knows of the
signer and of the bundle (describe_signer).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from fieldapp.domain.fields import KINDS
from fieldapp.errors import FieldappError
from fieldapp.identity.keys import certificate_fingerprint, load_certificate
from fieldapp.messages import Message
from fieldapp.store import bundles as stored_bundles
from fieldapp.store import devices as store_devices
from fieldapp.store.database import Store
from fieldapp.sync import format as fmt
from fieldapp.sync.bundle.manifest_schema import check_manifest_schema
from fieldapp.sync.bundle.strict import (
    finite_float,
    is_int64,
    timestamp_in_bounds,
    today,
    too_deep,
)
from fieldapp.sync.errors import BundleError

if TYPE_CHECKING:
    from fieldapp.sync.bundle.container import Container


@dataclass
class Signer:
    fingerprint: str
    name: str
    organisation: str
    certificate: str
    known: bool | None = None  # None: no database was consulted
    trusted: bool | None = None


@dataclass
class BundleInfo:
    """What the signed manifest says, once its signature has been checked."""

    path: Path
    sealed: bool
    bundle_id: str
    format_version: int
    created_at: str
    sequence: int
    full: bool
    signer: Signer
    revisions: int
    records: dict[str, int]
    files: dict[str, dict[str, Any]]
    devices: list[dict[str, str]]
    manifest_sha256: str
    size: int
    revision_range: dict[str, Any] = field(default_factory=dict)
    already_merged: bool = False  # this database merged exactly this bundle before
    # the places register editions it carries, and their units (format 4; zero if none)
    places: dict[str, int] = field(default_factory=lambda: {"editions": 0, "units": 0})


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("a key appears twice")
    return dict(pairs)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _read_manifest(c: Container) -> None:
    name = c.path.name
    limits = c.limits
    raw = c.read_small(fmt.MANIFEST, limits.max_manifest_bytes)
    signature = c.read_small(fmt.SIGNATURE, limits.max_signature_bytes)
    manifest = _parse_manifest(name, raw)
    if not isinstance(manifest, dict) or manifest.get("format") != fmt.FORMAT_NAME:
        raise BundleError(Message("bundle.not_a_bundle", file=name))
    version = manifest.get("format_version")
    if is_int64(version, 1, 1):
        raise BundleError(Message("bundle.format_unsigned", file=name))
    if not is_int64(version, fmt.OLDEST_READ, fmt.FORMAT_VERSION):  # not true, not 2.0
        if is_int64(version, fmt.FORMAT_VERSION + 1):
            raise BundleError(
                Message(
                    "bundle.newer_format",
                    file=name,
                    version=version,
                    supported=fmt.FORMAT_VERSION,
                )
            )
        raise BundleError(Message("bundle.unknown_format_version", file=name, value=repr(version)))
    author = manifest.get("author")
    if not isinstance(author, dict) or not isinstance(author.get("certificate"), str):
        raise BundleError(Message("bundle.no_signer", file=name))
    try:
        cert = load_certificate(author["certificate"])
        fingerprint = certificate_fingerprint(cert)
    except FieldappError:
        raise BundleError(Message("bundle.certificate_unreadable", file=name)) from None
    if author.get("fingerprint") != fingerprint:
        raise BundleError(Message("bundle.certificate_mismatch", file=name))
    public_key = cert.public_key()
    assert isinstance(public_key, ec.EllipticCurvePublicKey)
    try:
        public_key.verify(signature, raw, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        raise BundleError(Message("bundle.bad_signature", file=name)) from None
    _check_manifest(name, manifest)
    _check_devices(name, manifest)
    check_manifest_schema(manifest, name)  # the published schema, after the specific checks
    c.manifest = manifest
    c.manifest_bytes = raw
    _check_place_entries(c, manifest)
    _check_signed_sizes(c, manifest)
    c.info = _bundle_info(c, manifest, raw, version, fingerprint, author)


def _parse_manifest(name: str, raw: bytes) -> Any:
    """manifest.json as strict JSON: no duplicate key, no NaN, no number beyond a float's
    range, no nesting deeper than fmt.MAX_JSON_DEPTH (checked before parsing)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleError(Message("bundle.manifest_not_json", file=name, text=str(exc))) from None
    if too_deep(text):
        raise BundleError(Message("bundle.manifest_too_deep", file=name, limit=fmt.MAX_JSON_DEPTH))
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_reject_constant,
            parse_float=finite_float,
        )
    except (ValueError, RecursionError) as exc:  # RecursionError: the depth check's backstop
        raise BundleError(Message("bundle.manifest_not_json", file=name, text=str(exc))) from None


def _bundle_info(
    c: Container,
    manifest: dict[str, Any],
    raw: bytes,
    version: int,
    fingerprint: str,
    author: dict[str, Any],
) -> BundleInfo:
    return BundleInfo(
        path=c.path,
        sealed=c.sealed,
        bundle_id=manifest["bundle_id"],
        format_version=version,
        created_at=manifest["created_at"],
        sequence=manifest["sequence"],
        full=manifest["full"],
        signer=Signer(
            fingerprint=fingerprint,
            name=author["name"],
            organisation=author["organisation"],
            certificate=author["certificate"],
        ),
        revisions=manifest["revisions"]["count"],
        records=dict(manifest["records"]),
        files=manifest["files"],
        devices=manifest["devices"],
        manifest_sha256=hashlib.sha256(raw).hexdigest(),
        size=c.path.stat().st_size,
        revision_range=dict(manifest["revisions"]),
        places=dict(manifest.get("places") or {"editions": 0, "units": 0}),
    )


def _check_devices(name: str, manifest: dict[str, Any]) -> None:
    """Every device the manifest lists carries the certificate of its fingerprint."""
    for device in manifest["devices"]:
        try:
            matches = (
                certificate_fingerprint(load_certificate(device["certificate"]))
                == device["fingerprint"]
            )
        except FieldappError:
            matches = False
        if not matches:
            raise BundleError(
                Message(
                    "bundle.device_certificate_mismatch",
                    file=name,
                    id=device["fingerprint"][:12],
                )
            )


def _check_place_entries(c: Container, manifest: dict[str, Any]) -> None:
    """The register's files are in the zip exactly when the signed manifest lists them."""
    held = {info.filename for info in c.zf.infolist()} if c.zf else set()
    for entry in fmt.PLACE_FILES:
        if entry in manifest["files"] and entry not in held:
            raise BundleError(Message("bundle.entry_missing", file=c.path.name, entry=entry))
        if entry in held and entry not in manifest["files"]:
            raise BundleError(
                Message(
                    "bundle.unexpected_file",
                    file=c.path.name,
                    value=repr(entry),
                    text=", ".join(fmt.csv_files(manifest["files"])),
                )
            )


def _check_signed_sizes(c: Container, manifest: dict[str, Any]) -> None:
    """The zip directory's sizes of the CSVs are the signed ones (before inflating any)."""
    signed = fmt.csv_files(manifest["files"])
    for info in c.zf.infolist() if c.zf else []:
        if info.filename in signed and info.file_size != manifest["files"][info.filename]["size"]:
            raise BundleError(Message("bundle.size_altered", file=info.filename))


def _is_int(value: Any, minimum: int = 0) -> bool:
    """A JSON integer (not true, not 1.0) that SQLite can store."""
    return is_int64(value, minimum)


def _check_manifest(name: str, m: dict[str, Any]) -> None:
    def bad(what: str) -> BundleError:
        return BundleError(Message("bundle.manifest_malformed", file=name, text=what))

    def text(value: Any, limit: int = 200) -> bool:
        return isinstance(value, str) and len(value) <= limit

    if not (isinstance(m.get("bundle_id"), str) and fmt.UUID.fullmatch(m["bundle_id"])):
        raise bad("bundle_id")
    if not (isinstance(m.get("created_at"), str) and timestamp_in_bounds(m["created_at"], today())):
        raise bad("created_at")
    author = m["author"]
    if not (text(author.get("name")) and text(author.get("organisation"))):
        raise bad("author")
    if not is_int64(m.get("sequence"), 1, fmt.MAX_BUNDLE_SEQUENCE):
        raise bad("sequence")
    if not isinstance(m.get("full"), bool):
        raise bad("full")
    revs = m.get("revisions")
    if not (isinstance(revs, dict) and _is_int(revs.get("count")) and _range_ok(revs)):
        raise bad("revisions")
    if not all(text(m[k]) for k in ("app_version", "encoding") if k in m):
        raise bad("app_version")
    records = m.get("records")
    if not (
        isinstance(records, dict)
        and set(records) == set(KINDS)
        and all(_is_int(v) for v in records.values())
    ):
        raise bad("records")
    _check_manifest_lists(m, bad, text)


def _range_ok(revs: dict[str, Any]) -> bool:
    """The optional revision range the exporter writes: local numbers, timestamps or null."""
    for key in ("after_n", "last_n"):
        if key in revs and not _is_int(revs[key]):
            return False
    for key in ("first_timestamp", "last_timestamp"):
        value = revs.get(key)
        if value is not None and not (isinstance(value, str) and fmt.TIMESTAMP.fullmatch(value)):
            return False
    return True


def _check_manifest_lists(
    m: dict[str, Any], bad: Callable[[str], BundleError], text: Callable[..., bool]
) -> None:
    """The manifest's devices and files, after its single fields (_check_manifest)."""
    devices = m.get("devices")
    if not isinstance(devices, list) or len(devices) > 100_000:
        raise bad("devices")
    for d in devices:
        if not (
            isinstance(d, dict)
            and isinstance(d.get("fingerprint"), str)
            and fmt.HEX64.fullmatch(d["fingerprint"])
            and text(d.get("name"))
            and text(d.get("organisation"))
            and text(d.get("certificate"), 20_000)
        ):
            raise bad("devices list")
    files = m.get("files")
    with_places = {*fmt.CSV_FILES, *fmt.PLACE_FILES}
    if not (
        isinstance(files, dict)
        and (
            set(files) == set(fmt.CSV_FILES)
            or (set(files) == with_places and is_int64(m.get("format_version"), fmt.PLACES_FROM))
        )
    ):
        raise bad("file list")
    places = m.get("places", {"editions": 0, "units": 0})
    if not (
        isinstance(places, dict)
        and set(places) == {"editions", "units"}
        and all(_is_int(v) for v in places.values())
        and (places["editions"] > 0) == (fmt.PLACES in files)
    ):
        raise bad("places")
    for entry in files.values():
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)
            and fmt.HEX64.fullmatch(entry["sha256"])
            and _is_int(entry.get("size"))
        ):
            raise bad("file list")


def describe_signer(store: Store, info: BundleInfo) -> None:
    """Fill in whether this database knows and trusts the signer, and whether it already
    merged exactly this bundle."""
    trusted = store_devices.trust_state(store, info.signer.fingerprint)
    info.signer.known = trusted is not None
    info.signer.trusted = bool(trusted)
    seen = stored_bundles.manifest_digest(store, info.bundle_id)
    if seen is not None and seen != info.manifest_sha256:
        raise BundleError(Message("bundle.id_reused", file=info.path.name, id=info.bundle_id))
    info.already_merged = seen is not None
