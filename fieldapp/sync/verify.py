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
   cell with their revisions, counts, and the SHA-256 and size of every file. A content
   error in a file whose hash does not match is reported as the hash mismatch (the real
   cause);
5. with a database: revision kinds and parents consistent with what it already holds.

Verified revisions are copied into a private scratch SQLite file; the merge reads only from
there, so the bundle file is read once and cannot change under the merge.

A large bundle's step 4 runs in two processes at once, each checking the records on its
side of SPLIT into its own scratch file (verify_container, _verify_in_two). Anything that
stops that path sends the bundle through the one-process path, which is the reference.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import multiprocessing
import operator
import os
import re
import sqlite3
import struct
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from fieldapp.domain import revisions as revmod
from fieldapp.domain import validation
from fieldapp.domain.csvcell import unprotect
from fieldapp.domain.fields import FIELDS, KINDS, field_names
from fieldapp.errors import Cancelled, FieldappError
from fieldapp.identity.keys import certificate_fingerprint, load_certificate
from fieldapp.store.database import Store
from fieldapp.sync import format as fmt
from fieldapp.sync import seal as sealing
from fieldapp.sync.errors import BundleError

Progress = Callable[[int, int], None]
CancelFlag = Callable[[], bool]
PassphraseFn = Callable[[], str]
BATCH = 1000
log = logging.getLogger(__name__)
_JSON_FIELDS = {k: {f.name for f in FIELDS[k] if f.type in ("multi", "idlist")} for k in KINDS}
_NAMES = {k: field_names(k) for k in KINDS}
_GETTERS = {k: operator.itemgetter(*_NAMES[k]) for k in KINDS}


def _field_values(kind: str, data: dict[str, Any]) -> list[Any]:
    """The field values in field order (None for a missing field), fetched in one call."""
    try:
        return list(_GETTERS[kind](data))
    except KeyError:
        return [data.get(n) for n in _NAMES[kind]]


_LIST_COLUMNS = {k: [i for i, n in enumerate(_NAMES[k]) if n in _JSON_FIELDS[k]] for k in KINDS}
_TODAY_SLACK = dt.timedelta(days=1)  # a device east of the coordinator is already tomorrow
# Built once: json.dumps/json.loads with options construct a new encoder/decoder per call.
# _CANONICAL has exactly fieldapp.domain.revisions.canonical_json's settings (a test checks
# that they agree); _LIST_JSON is the store's encoding of list fields (json.dumps defaults,
# ensure_ascii off).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_LIST_JSON = json.JSONEncoder(ensure_ascii=False)
# The C encoder behind _CANONICAL, called directly: the same text without the per-call
# wrapper (JSONEncoder.encode builds a new C encoder each time). No cycle check: decoded
# JSON has none.
_ENCODE: Callable[[Any, int], Any] = (
    json.encoder.c_make_encoder(  # type: ignore[attr-defined]
        None, _CANONICAL.default, json.encoder.encode_basestring, None, ":", ",", True, False, True
    )
    if json.encoder.c_make_encoder is not None  # type: ignore[attr-defined]
    else lambda obj, _level: [_CANONICAL.encode(obj)]
)
# The first eight cells of a well-formed revision row joined by \x1f (which none of the
# patterns admits, so the groups are exactly the cells); a mismatch takes the slow path.
_HEX = fmt.HEX64.pattern
_HEAD_MATCH = re.compile(
    "\x1f".join(
        (
            f"({_HEX})",
            f"({fmt.UUID.pattern})",
            f"({'|'.join(KINDS)})",
            f"((?:{_HEX})(?:;{_HEX})*|)",
            f"({_HEX})",
            f"({fmt.SEQ.pattern})",
            f"({fmt.TIMESTAMP.pattern})",
            "([01])",
        )
    )
).fullmatch


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


# -- the container -----------------------------------------------------------------------


class _CountingReader(io.RawIOBase):
    """Hashes and counts the bytes really inflated from a zip member, and stops at the
    limit whatever the header claimed."""

    def __init__(self, raw: Any, name: str, limit: int, declared: int):
        self.raw = raw
        self.name = name
        self.limit = limit
        self.declared = declared
        self.sha = hashlib.sha256()
        self.size = 0
        self.eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self.raw.read(len(buffer))
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:  # zlib.error too
            raise BundleError(
                f"{self.name} inside the bundle is damaged ({exc}); copy the bundle again "
                "from the sender"
            ) from None
        except Exception as exc:  # zlib.error is not an OSError
            raise BundleError(
                f"{self.name} inside the bundle is damaged ({exc}); copy the bundle again "
                "from the sender"
            ) from None
        n = len(data)
        if n == 0:
            self.eof = True
            return 0
        self.size += n
        if self.size > self.limit or self.size > self.declared:
            raise BundleError(
                f"{self.name} unpacks to more than its declared or allowed size; the bundle "
                "is refused (it may be a zip bomb)"
            )
        self.sha.update(data)
        buffer[:n] = data
        return n

    def drain(self) -> None:
        while not self.eof:
            if not self.readinto(bytearray(1 << 20)):
                break


def _entry_count(path: Path) -> int | None:
    """Entries declared by the end-of-central-directory record (None: not found/zip64)."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        f.seek(max(0, size - 65_557))
        tail = f.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    total = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    return None if total == 0xFFFF else total


def _check_name(name: str) -> str | None:
    if not name:
        return "an entry has no name"
    if "\x00" in name:
        return f"the entry name {name!r} contains a NUL character"
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return f"the entry {name!r} is an absolute path"
    if "\\" in name:
        return f"the entry {name!r} contains a backslash (a Windows path)"
    if ".." in name.split("/"):
        return f"the entry {name!r} points outside the bundle (..)"
    if "/" in name:
        return f"the entry {name!r} is inside a folder; bundles hold plain files only"
    return None


class Container:
    """An opened bundle: zip checked, manifest verified. Use as a context manager."""

    def __init__(self, path: Path, zip_path: Path, sealed: bool, limits: fmt.Limits):
        self.path = path
        self.zip_path = zip_path
        self.sealed = sealed
        self.limits = limits
        self.zf: zipfile.ZipFile | None = None
        self.manifest: dict[str, Any] = {}
        self.manifest_bytes = b""
        self.info: BundleInfo | None = None

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.zf is not None:
            self.zf.close()
            self.zf = None
        if self.sealed and self.zip_path != self.path:
            self.zip_path.unlink(missing_ok=True)

    def reader(self, name: str) -> _CountingReader:
        assert self.zf is not None
        info = self.zf.getinfo(name)
        try:
            raw = self.zf.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
            raise BundleError(
                f"{name} inside the bundle cannot be read ({exc}); copy the bundle again"
            ) from None
        return _CountingReader(raw, name, self.limits.max_file_bytes, info.file_size)

    def read_small(self, name: str, limit: int) -> bytes:
        reader = self.reader(name)
        reader.limit = limit
        chunks = []
        while True:
            buf = bytearray(1 << 16)
            n = reader.readinto(buf)
            if not n:
                break
            chunks.append(bytes(buf[:n]))
        return b"".join(chunks)

    def hash_problem(self, readers: dict[str, _CountingReader] | None = None) -> BundleError | None:
        """Read every CSV to its end and report the first whose hash or size is wrong."""
        readers = readers or {}
        for name in fmt.CSV_FILES:
            reader = readers.get(name) or self.reader(name)
            reader.drain()
            problem = self._compare(name, reader)
            if problem:
                return problem
        return None

    def _compare(self, name: str, reader: _CountingReader) -> BundleError | None:
        expected = self.manifest["files"][name]
        if reader.size != expected["size"] or reader.sha.hexdigest() != expected["sha256"]:
            return BundleError(
                f"{name} does not match the signed manifest (its SHA-256 or size differs): the "
                "bundle was altered or damaged after it was signed. Nothing was merged; ask "
                "the sender for a fresh copy"
            )
        return None

    def check_hashes(self) -> None:
        problem = self.hash_problem()
        if problem:
            raise problem


def open_bundle(
    path: str | Path,
    store: Store | None = None,
    passphrase: PassphraseFn | None = None,
    limits: fmt.Limits = fmt.DEFAULT_LIMITS,
) -> Container:
    """Steps 1-3: unseal, check the container and the signed manifest."""
    path = Path(path)
    if not path.is_file():
        raise FieldappError(f"no bundle at {path}; check the path")
    sealed = sealing.is_sealed(path)
    zip_path = path
    if sealed:
        if store is None:
            raise BundleError(
                f"{path.name} is sealed (age-encrypted); open it with the database of the "
                "device it was sealed to (--db)"
            )
        if passphrase is None:
            raise BundleError(f"{path.name} is sealed; a passphrase is needed to open it")
        identity = sealing.age_identity(store, passphrase())
        zip_path = sealing.unseal_to_temp(path, identity)
    container = Container(path, zip_path, sealed, limits)
    try:
        _open_zip(container)
        _read_manifest(container)
    except BaseException:
        container.close()
        raise
    return container


def _open_zip(c: Container) -> None:
    limits = c.limits
    name = c.path.name
    declared = _entry_count(c.zip_path)
    if declared is not None and declared > limits.max_entries:
        raise BundleError(
            f"{name} holds {declared:,} entries; a bundle holds {len(fmt.ENTRIES)}. Refused"
        )
    try:
        c.zf = zipfile.ZipFile(c.zip_path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise BundleError(
            f"{name} is not a complete bundle: the zip is truncated or not a zip at all "
            f"({exc}). Copy it again from the sender"
        ) from None
    except NotImplementedError as exc:  # an entry needing a newer zip reader than exists
        raise BundleError(
            f"{name} is not a bundle fieldapp wrote: its zip directory asks for {exc}; "
            "refused. Ask the sender to export it again"
        ) from None
    infos = c.zf.infolist()
    if len(infos) > limits.max_entries:
        raise BundleError(f"{name} holds {len(infos):,} entries; a bundle holds 5. Refused")
    for info in infos:
        problem = _check_name(info.filename)
        if problem:
            raise BundleError(f"{name} is refused: {problem}")
        mode = info.external_attr >> 16
        if (mode & 0o170000) == 0o120000:
            raise BundleError(f"{name} is refused: the entry {info.filename!r} is a link")
        if info.is_dir():
            raise BundleError(f"{name} is refused: the entry {info.filename!r} is a folder")
        if info.flag_bits & 0x1:
            raise BundleError(f"{name} is refused: the entry {info.filename!r} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleError(
                f"{name} is refused: {info.filename!r} uses an unsupported compression"
            )
    counts = Counter(i.filename for i in infos)
    twice = sorted(n for n, k in counts.items() if k > 1)
    if twice:
        raise BundleError(f"{name} is refused: the entry {twice[0]!r} appears more than once")
    unexpected = sorted(set(counts) - set(fmt.ENTRIES))
    if unexpected:
        raise BundleError(
            f"{name} is refused: it holds an unexpected file {unexpected[0]!r}; a bundle holds "
            f"only {', '.join(fmt.ENTRIES)}"
        )
    missing = [n for n in fmt.ENTRIES if n not in counts]
    if missing:
        raise BundleError(f"{name} is not a complete bundle: {missing[0]} is missing")
    total = 0
    for info in infos:
        limit = {
            fmt.MANIFEST: limits.max_manifest_bytes,
            fmt.SIGNATURE: limits.max_signature_bytes,
        }.get(info.filename, limits.max_file_bytes)
        if info.file_size > limit:
            raise BundleError(
                f"{name} is refused: {info.filename} would unpack to {info.file_size:,} bytes, "
                f"more than the {limit:,} allowed"
            )
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            raise BundleError(
                f"{name} is refused: {info.filename} would unpack {ratio:,.0f} times larger "
                "than it is stored (a zip bomb)"
            )
    if total > limits.max_total_bytes:
        raise BundleError(
            f"{name} is refused: it would unpack to {total:,} bytes, more than the "
            f"{limits.max_total_bytes:,} allowed"
        )


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("a key appears twice")
    return dict(pairs)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_SCAN = _DECODER.scan_once  # decode() without its whitespace handling and wrapper


def _read_manifest(c: Container) -> None:
    name = c.path.name
    limits = c.limits
    raw = c.read_small(fmt.MANIFEST, limits.max_manifest_bytes)
    signature = c.read_small(fmt.SIGNATURE, limits.max_signature_bytes)
    try:
        manifest = json.loads(
            raw.decode("utf-8"),
            object_pairs_hook=_no_duplicates,
            parse_constant=_reject_constant,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise BundleError(
            f"{name}: manifest.json is not valid JSON ({exc}); the bundle is damaged"
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != fmt.FORMAT_NAME:
        raise BundleError(f"{name} is not a fieldapp bundle (its manifest says otherwise)")
    version = manifest.get("format_version")
    if version != fmt.FORMAT_VERSION:
        if isinstance(version, int) and not isinstance(version, bool) and version > 1:
            raise BundleError(
                f"{name} uses bundle format version {version}, but this fieldapp reads version "
                f"{fmt.FORMAT_VERSION}; install a newer fieldapp to merge it"
            )
        raise BundleError(f"{name} has an unknown bundle format version {version!r}; refused")
    author = manifest.get("author")
    if not isinstance(author, dict) or not isinstance(author.get("certificate"), str):
        raise BundleError(f"{name}: the manifest does not say who signed it; refused")
    try:
        cert = load_certificate(author["certificate"])
        fingerprint = certificate_fingerprint(cert)
    except FieldappError:
        raise BundleError(f"{name}: the author's certificate is unreadable; refused") from None
    if author.get("fingerprint") != fingerprint:
        raise BundleError(
            f"{name}: the author's certificate does not match the author's fingerprint; the "
            "manifest was tampered with. Refused"
        )
    public_key = cert.public_key()
    assert isinstance(public_key, ec.EllipticCurvePublicKey)
    try:
        public_key.verify(signature, raw, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        raise BundleError(
            f"{name}: the signature does not match the manifest: the manifest was altered, or "
            "signed by another key than the one it names. Nothing was merged; ask the sender "
            "for a fresh bundle"
        ) from None
    _check_manifest(name, manifest)
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
                f"{name}: the manifest lists device {device['fingerprint'][:12]} with a "
                "certificate that does not match it; refused"
            )
    c.manifest = manifest
    c.manifest_bytes = raw
    for info in c.zf.infolist() if c.zf else []:
        if (
            info.filename in fmt.CSV_FILES
            and info.file_size != manifest["files"][info.filename]["size"]
        ):
            raise BundleError(
                f"{info.filename} does not match the signed manifest (its size differs): the "
                "bundle was altered after it was signed. Nothing was merged"
            )
    c.info = BundleInfo(
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
    )


def _is_int(value: Any, minimum: int = 0) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _check_manifest(name: str, m: dict[str, Any]) -> None:
    def bad(what: str) -> BundleError:
        return BundleError(f"{name}: the manifest's {what} is missing or malformed; refused")

    def text(value: Any, limit: int = 200) -> bool:
        return isinstance(value, str) and len(value) <= limit

    if not (isinstance(m.get("bundle_id"), str) and fmt.UUID.fullmatch(m["bundle_id"])):
        raise bad("bundle_id")
    if not (isinstance(m.get("created_at"), str) and fmt.TIMESTAMP.fullmatch(m["created_at"])):
        raise bad("created_at")
    author = m["author"]
    if not (text(author.get("name")) and text(author.get("organisation"))):
        raise bad("author")
    if not _is_int(m.get("sequence"), 1):
        raise bad("sequence")
    if not isinstance(m.get("full"), bool):
        raise bad("full")
    revs = m.get("revisions")
    if not (isinstance(revs, dict) and _is_int(revs.get("count"))):
        raise bad("revisions")
    records = m.get("records")
    if not (
        isinstance(records, dict)
        and set(records) == set(KINDS)
        and all(_is_int(v) for v in records.values())
    ):
        raise bad("records")
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
    if not (isinstance(files, dict) and set(files) == set(fmt.CSV_FILES)):
        raise bad("file list")
    for entry in files.values():
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)
            and fmt.HEX64.fullmatch(entry["sha256"])
            and _is_int(entry.get("size"))
        ):
            raise bad("file list")


# -- the contents ------------------------------------------------------------------------


_SCRATCH_SCHEMA = [
    "CREATE TABLE rev (pos INTEGER PRIMARY KEY, id TEXT NOT NULL, record_id TEXT NOT NULL,"
    " kind TEXT NOT NULL, parents TEXT NOT NULL, device TEXT NOT NULL, seq INTEGER NOT NULL,"
    " timestamp TEXT NOT NULL, deleted INTEGER NOT NULL, data TEXT NOT NULL,"
    " grp INTEGER NOT NULL, solo INTEGER NOT NULL)",
    "CREATE TABLE par (child_pos INTEGER NOT NULL, parent TEXT NOT NULL)",
    *(
        f"CREATE TABLE mat_{kind} (pos INTEGER PRIMARY KEY, "
        + ", ".join(f'"{n}"' for n in field_names(kind))
        + ")"
        for kind in KINDS
    ),
]


@dataclass
class VerifiedBundle:
    """A verified bundle: its manifest facts and private scratch copies of its revisions
    (one per part verified in parallel, in record-id order).

    Close it (or use it as a context manager) to delete the scratch files.
    """

    info: BundleInfo
    scratches: list[Path] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)  # records (groups) in each scratch
    checked_against_db: bool = False
    seconds: float = 0.0

    def __enter__(self) -> VerifiedBundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for scratch in self.scratches:
            _remove_scratch(scratch)
        self.scratches = []
        self.groups = []

    @property
    def closed(self) -> bool:
        return not self.scratches

    def __del__(self) -> None:  # a holder that forgot to close (a dialog destroyed at exit)
        self.close()


def _remove_scratch(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


class _RecordStream:
    """One record CSV read alongside revisions.csv (both are in record-id order)."""

    def __init__(self, kind: str, raw: io.RawIOBase, header: bool = True):
        self.kind = kind
        self.name = fmt.RECORD_FILES[kind]
        self.text = io.TextIOWrapper(
            io.BufferedReader(raw, 1 << 16), encoding=fmt.CSV_ENCODING, newline=""
        )
        self.csv = csv.reader(self.text, strict=True)
        self.width = len(fmt.RECORD_COLUMNS[kind])
        self.nf = len(FIELDS[kind])
        if header:
            _check_header(self.name, next(self.csv, None), fmt.RECORD_COLUMNS[kind])
        self.rows = 0
        self.last_id = ""
        self.pending: list[str] | None = None
        self.advance()

    def advance(self) -> None:
        row = next(self.csv, None)
        if row is None:
            self.pending = None
            return
        if len(row) != self.width:
            raise BundleError(
                f"{self.name} line {self.csv.line_num}: {len(row)} cells where the header has "
                f"{self.width}; refused"
            )
        if row[0] <= self.last_id:
            raise BundleError(
                f"{self.name} line {self.csv.line_num}: records are not in id order or one "
                "appears twice; refused"
            )
        self.last_id = row[0]
        self.rows += 1
        self.pending = row

    def match(self, rev: _Row, data: dict[str, Any]) -> None:
        """If the next record row is the one this revision made current, check it."""
        row = self.pending
        if row is None or row[0] != rev.record_id or row[-1] != rev.id:
            return
        expected = [rev.record_id, *fmt.values_cells(_field_values(self.kind, data))]
        line = self.csv.line_num
        if row[: 1 + self.nf] != expected:
            raise BundleError(self._disagreement(line, row, expected))
        created, updated, device = row[1 + self.nf], row[2 + self.nf], row[3 + self.nf]
        if unprotect(updated) != rev.timestamp:
            raise BundleError(
                f"{self.name} line {line}: updated_at {updated!r} is not the time of revision "
                f"{rev.id[:12]}; refused"
            )
        if not fmt.TIMESTAMP.fullmatch(unprotect(created)) or not fmt.HEX64.fullmatch(device):
            raise BundleError(f"{self.name} line {line}: created_at or device is malformed")
        self.advance()

    def taken(self) -> int:
        """Rows this stream checked (a row read ahead for the next part is not one)."""
        return self.rows - (self.pending is not None)

    def check_passed(self, record_id: str | None) -> None:
        """Record rows before `record_id` (or any, at the end) matched no revision."""
        row = self.pending
        if row is not None and (record_id is None or row[0] < record_id):
            raise BundleError(
                f"{self.name} line {self.csv.line_num}: record {row[0]} (revision "
                f"{row[-1][:12]}) does not match any revision in revisions.csv; the copy for "
                "spreadsheets disagrees with the revisions. Refused"
            )

    def _disagreement(self, line: int, row: list[str], expected: list[str]) -> str:
        names = fmt.RECORD_COLUMNS[self.kind]
        raw = {names[i]: unprotect(row[i]) for i in range(1, 1 + self.nf)}
        checked = validation.check(self.kind, raw, today=_today())
        if checked.errors:
            column, message = next(iter(checked.errors.items()))
            return (
                f"{self.name} line {line} (record {row[0]}): {column}: {message}. The bundle "
                "was refused; nothing was merged"
            )
        for i, (got, want) in enumerate(zip(row, expected, strict=False)):
            if got != want:
                return (
                    f"{self.name} line {line} (record {row[0]}): {names[i]} is {got!r} but its "
                    f"revision says {want!r}; the spreadsheet copy disagrees with the "
                    "revisions. Refused"
                )
        return f"{self.name} line {line}: the row disagrees with its revision; refused"


@dataclass(slots=True)
class _Row:
    line: int
    id: str
    record_id: str
    kind: str
    parents: list[str]
    device: str
    seq: int
    timestamp: str
    deleted: bool
    data_text: str
    data: dict[str, Any]
    grp: int = 0
    solo: bool = False


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date() + _TODAY_SLACK


def _row_start(name: str, split: str) -> re.Pattern[bytes]:
    """Where a row of `name` whose record id sorts from `split` (lowercase hex) on can
    begin: after a line end, the cells before the record id, then an id >= split."""
    hexdigits = "0123456789abcdef"
    above = [
        split[:i] + "[" + "".join(h for h in hexdigits if h > split[i]) + "]"
        for i in range(len(split))
        if split[i] != "f"
    ]
    ids = "|".join([*above, split])
    before = "[0-9a-f]{64}," if name == fmt.REVISIONS else ""
    return re.compile(f"\\n(?={before}(?:{ids})[0-9a-f]*-[0-9a-f]{{4}}-)".encode())


class _Chained(io.RawIOBase):
    """The bytes from `head`, then the rest of `reader`."""

    def __init__(self, head: bytes, reader: _CountingReader):
        self.head = memoryview(head)
        self.reader = reader

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        return self.reader.readinto(buffer)


def _skip_to(reader: _CountingReader, name: str, split: str) -> io.RawIOBase:
    """Pass over the first part of a file (the other process checks it) to the first row
    of the second: the bytes still go through `reader`, so the file's hash covers them.

    A quoted note can hold a line that looks like a row start; the part would then start
    mid-row, and fail: every row's cells are checked, and the rows of both parts must add
    up to the manifest's counts. Any failure sends the bundle through the one-process
    path, which decides.
    """
    pattern = _row_start(name, split)
    carry = b""
    chunk = bytearray(1 << 20)
    while True:
        n = reader.readinto(chunk)
        if not n:
            return _Chained(b"", reader)
        data = carry + bytes(chunk[:n])
        found = pattern.search(data)
        if found is not None:
            return _Chained(data[found.end() :], reader)
        carry = data[-200:]  # a row start split across two reads


def _check_header(name: str, header: list[str] | None, expected: tuple[str, ...]) -> None:
    if header is None:
        raise BundleError(f"{name} is empty; it must start with its header row. Refused")
    if header != list(expected):
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        if missing:
            detail = f"the column {missing[0]!r} is missing"
        elif extra:
            detail = f"it has an unexpected column {extra[0]!r}"
        else:
            detail = "its columns are in the wrong order"
        raise BundleError(f"{name}: {detail}; the header must be {','.join(expected)}. Refused")


if revmod.FORMAT == 1:

    def _revision_id(r: _Row) -> str:
        """sha256(canonical_json(content)) built by concatenation: every piece is already
        canonical (validated ids, timestamp, the canonical data text), so this is exactly
        Revision.id without re-serialising the data."""
        parents = '","'.join(r.parents)
        text = (
            f'{{"data":{r.data_text},"deleted":{"true" if r.deleted else "false"},'
            f'"device":"{r.device}","kind":"{r.kind}",'
            f'"parents":[{chr(34) + parents + chr(34) if r.parents else ""}],'
            f'"record":"{r.record_id}","seq":{r.seq},"ts":"{r.timestamp}","v":1}}'
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

else:  # pragma: no cover - a future revision format

    def _revision_id(r: _Row) -> str:
        return revmod.Revision(
            r.record_id, r.kind, tuple(r.parents), r.device, r.seq, r.timestamp, r.deleted, r.data
        ).id


@dataclass
class _Part:
    """What one verifier counted: the manifest totals are checked over all parts."""

    groups: int
    revisions: int
    rows: dict[str, int]


class _Verifier:
    """Checks the CSV rows and writes the accepted revisions to a scratch copy.

    With `split`, it checks one part of the bundle: side 0 the records whose id (as the
    CSV writes it) sorts before `split`, side 1 the records from `split` on. The files are
    sorted by record id, so side 0 is a prefix of every file and side 1 the rest; side 1
    reads every file to its end and checks their sizes and hashes. Both sides apply the
    same rule to the same bytes, so every row is checked by exactly one of them.
    """

    def __init__(
        self,
        container: Container,
        known: sqlite3.Connection | None,
        scratch: sqlite3.Connection,
        progress: Progress | None,
        cancel: CancelFlag | None,
        *,
        today: dt.date,
        split: str | None = None,
        side: int = 0,
    ):
        self.c = container
        self.known = known
        self.scratch = scratch
        self.progress = progress
        self.cancel = cancel
        self.split = split
        self.side = side
        self.readers: dict[str, _CountingReader] = {}
        self.today = today
        self.pos = 0
        self.grp = 0
        self.last_record = ""
        self.done = 0
        self.total = max(1, container.manifest["revisions"]["count"])
        self.check_existing = bool(
            known is not None
            and known.execute("SELECT 1 FROM revisions LIMIT 1").fetchone() is not None
        )
        self.mat_sql = {
            kind: f"INSERT INTO mat_{kind} VALUES ({', '.join('?' * (len(FIELDS[kind]) + 1))})"
            for kind in KINDS
        }

    def run(self) -> _Part:
        try:
            return self._run()
        except (BundleError, UnicodeDecodeError, csv.Error) as exc:
            problem = self.c.hash_problem(self.readers)
            if problem:
                raise problem from None
            if isinstance(exc, UnicodeDecodeError):
                raise BundleError(
                    f"a CSV file in {self.c.path.name} is not UTF-8 text (byte "
                    f"{exc.object[exc.start : exc.start + 1]!r}); refused"
                ) from None
            if isinstance(exc, csv.Error):
                raise BundleError(
                    f"a CSV file in {self.c.path.name} is malformed ({exc}); refused"
                ) from None
            raise

    def _run(self) -> _Part:
        c = self.c
        split, side = self.split, self.side
        for name in fmt.CSV_FILES:
            self.readers[name] = c.reader(name)
        later = split is not None and side == 1
        raw: dict[str, io.RawIOBase] = dict(self.readers)
        if later:  # start each file at its first row of this part (see _skip_to)
            for name in fmt.CSV_FILES:
                raw[name] = _skip_to(self.readers[name], name, split)  # type: ignore[arg-type]
        streams = {k: _RecordStream(k, raw[fmt.RECORD_FILES[k]], header=not later) for k in KINDS}
        self.streams = streams
        text = io.TextIOWrapper(
            io.BufferedReader(raw[fmt.REVISIONS], 1 << 16),
            encoding=fmt.CSV_ENCODING,
            newline="",
        )
        reader = csv.reader(text, strict=True)
        if later:
            starts = [s.pending[0] for s in streams.values() if s.pending is not None]
            if any(key < split for key in starts):  # type: ignore[operator]
                raise BundleError("a record file does not start its second part where expected")
        else:
            _check_header(fmt.REVISIONS, next(reader, None), fmt.REVISION_COLUMNS)
        skipping = later
        group: list[_Row] = []
        batch: list[_Row] = []
        last_record = ""
        count = 0
        for cells in reader:
            if split is not None:
                key = cells[1] if len(cells) > 1 else ""
                if skipping:
                    if key < split:
                        raise BundleError(
                            "revisions.csv does not start its second part where expected"
                        )
                    skipping = False
                elif side == 0 and key >= split:
                    break  # the rest is the other part's
            row = self._parse(reader.line_num, cells)
            count += 1
            if row.record_id != last_record:
                if row.record_id < last_record:
                    raise BundleError(
                        f"revisions.csv line {row.line}: revisions are not grouped by record "
                        "(record ids must ascend); refused"
                    )
                self._close_group(group, batch)
                group = []
                last_record = row.record_id
                self.grp += 1
            elif row.kind != group[0].kind:
                raise BundleError(
                    f"revisions.csv line {row.line}: record {row.record_id} is both a "
                    f"{group[0].kind} and a {row.kind}; refused"
                )
            row.grp = self.grp
            group.append(row)
            if len(group) > BATCH:  # a huge history: stream it, it cannot be a fresh root
                batch.extend(group)
                group = []
            if len(batch) >= BATCH:
                self._flush(batch)
                batch = []
        self._close_group(group, batch)
        self._flush(batch)
        end = split if side == 0 else None
        for stream in streams.values():
            stream.check_passed(end)
        if end is None:  # this verifier read every file to its end
            for name, reader_ in self.readers.items():
                reader_.drain()
                problem = c._compare(name, reader_)
                if problem:
                    raise problem
        return _Part(self.grp, count, {k: s.taken() for k, s in streams.items()})

    def _close_group(self, group: list[_Row], batch: list[_Row]) -> None:
        if len(group) == 1:
            group[0].solo = True
        batch.extend(group)

    def _parse(self, line: int, cells: list[str]) -> _Row:
        """One revision row, checked. The common case (every cell well formed, the data
        canonical JSON) is settled by one pattern over the joined cells and one decode and
        encode; anything else takes _parse_slowly, which names what is wrong."""
        if len(cells) == 9:
            head = _HEAD_MATCH("\x1f".join(cells[:8]))
            if head is not None:
                rid, record_id, kind, parents, device, seq, ts, deleted = head.groups()
                data_text = cells[8]
                if data_text[:1] == "'":
                    data_text = data_text[1:]
                parent_list = parents.split(";") if parents else []
                try:
                    data, end = _SCAN(data_text, 0)
                    dt.datetime.fromisoformat(ts[:-1])
                except (StopIteration, ValueError):
                    data = None
                    end = -1
                if (
                    end == len(data_text)
                    and data.__class__ is dict
                    and (deleted == "0" or parent_list)
                    and len(parent_list) <= fmt.MAX_PARENTS
                    and (len(parent_list) < 2 or parent_list == sorted(set(parent_list)))
                    and "".join(_ENCODE(data, 0)) == data_text
                ):
                    row = _Row(
                        line,
                        rid,
                        record_id,
                        kind,
                        parent_list,
                        device,
                        int(seq),
                        ts,
                        deleted == "1",
                        data_text,
                        data,  # type: ignore[arg-type]
                    )
                    if _revision_id(row) == rid:
                        return row
        return self._parse_slowly(line, cells)

    def _parse_slowly(self, line: int, cells: list[str]) -> _Row:
        if len(cells) != 9:
            raise BundleError(
                f"revisions.csv line {line}: {len(cells)} cells where the header has 9; refused"
            )
        rid, record_id, kind, parents, device, seq, ts, deleted, data_text = (
            unprotect(x) if x.startswith("'") else x for x in cells
        )

        def bad(what: str) -> BundleError:
            return BundleError(f"revisions.csv line {line}: {what}; refused")

        if not fmt.HEX64.fullmatch(rid):
            raise bad(f"{rid[:70]!r} is not a revision id")
        if not fmt.UUID.fullmatch(record_id):
            raise bad(f"{record_id[:40]!r} is not a record id")
        if kind not in KINDS:
            raise bad(f"{kind[:40]!r} is not a record kind")
        parent_list = parents.split(";") if parents else []
        if (
            len(parent_list) > fmt.MAX_PARENTS
            or not all(fmt.HEX64.fullmatch(p) for p in parent_list)
            or parent_list != sorted(set(parent_list))
        ):
            raise bad("the parents are not sorted, distinct revision ids")
        if not fmt.HEX64.fullmatch(device):
            raise bad(f"{device[:70]!r} is not a device fingerprint")
        if not fmt.SEQ.fullmatch(seq):
            raise bad(f"{seq[:30]!r} is not a sequence number")
        if not fmt.TIMESTAMP.fullmatch(ts):
            raise bad(f"{ts[:40]!r} is not a UTC timestamp")
        try:
            dt.datetime.fromisoformat(ts[:-1])
        except ValueError:
            raise bad(f"{ts!r} is not a real time") from None
        if deleted not in ("0", "1"):
            raise bad(f"deleted is {deleted[:10]!r}, not 0 or 1")
        if deleted == "1" and not parent_list:
            raise bad("a deletion must name the revision it deletes")
        try:
            data = _DECODER.decode(data_text)
        except ValueError as exc:
            raise bad(f"the data is not valid JSON ({exc})") from None
        if not isinstance(data, dict) or _CANONICAL.encode(data) != data_text:
            raise bad("the data is not canonical JSON")
        row = _Row(
            line,
            rid,
            record_id,
            kind,
            parent_list,
            device,
            int(seq),
            ts,
            deleted == "1",
            data_text,
            data,
        )
        if _revision_id(row) != rid:
            raise bad(
                f"revision {rid[:12]} does not match its content (its id is the SHA-256 of "
                "its content): the revision was altered"
            )
        return row

    def _write(
        self, rev_rows: list[tuple], par_rows: list[tuple], mat_rows: dict[str, list[tuple]]
    ) -> None:
        s = self.scratch
        s.executemany("INSERT INTO rev VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rev_rows)
        if par_rows:
            s.executemany("INSERT INTO par VALUES (?, ?)", par_rows)
        for kind, rows in mat_rows.items():
            if rows:
                s.executemany(self.mat_sql[kind], rows)

    def _flush(self, batch: list[_Row]) -> None:
        if not batch:
            return
        if self.cancel and self.cancel():
            raise Cancelled("cancelled; nothing was merged")
        known: set[str] = set()
        if self.check_existing and self.known is not None:
            marks = ",".join("?" for _ in batch)
            known = {
                r[0]
                for r in self.known.execute(
                    f"SELECT id FROM revisions WHERE id IN ({marks})", [r.id for r in batch]
                )
            }
        today = self.today
        is_clean = validation.is_clean
        list_columns = _LIST_COLUMNS
        rev_rows = []
        par_rows = []
        mat_rows: dict[str, list[tuple]] = {k: [] for k in KINDS}
        streams = tuple(self.streams.values())
        for r in batch:
            if r.record_id != self.last_record:  # a new group: rows before it went unmatched?
                self.last_record = r.record_id
                for stream in streams:
                    stream.check_passed(r.record_id)
            if r.id not in known:
                # Already-present revisions were validated when they arrived; their content
                # is pinned by their id, which was just recomputed.
                if is_clean(r.kind, r.data, today):
                    pass  # what check() would say: no error, the values exactly as stored
                elif (checked := validation.check(r.kind, r.data, today=today)).errors:
                    column, message = next(iter(checked.errors.items()))
                    raise BundleError(
                        f"revisions.csv line {r.line} (record {r.record_id}): {column}: "
                        f"{message}. The bundle was refused; nothing was merged"
                    )
                elif checked.values != r.data:
                    raise BundleError(
                        f"revisions.csv line {r.line} (record {r.record_id}): the data is not in "
                        "the form fieldapp stores (fields missing, extra or not normalised); "
                        "refused"
                    )
            if not r.deleted:
                self.streams[r.kind].match(r, r.data)
            self.pos += 1
            rev_rows.append(
                (
                    self.pos,
                    r.id,
                    r.record_id,
                    r.kind,
                    _list_json(r.parents),
                    r.device,
                    r.seq,
                    r.timestamp,
                    int(r.deleted),
                    r.data_text,
                    r.grp,
                    int(r.solo),
                )
            )
            if r.parents:
                par_rows.extend((self.pos, p) for p in r.parents)
            if r.solo and not r.parents and not r.deleted:
                values = _field_values(r.kind, r.data)
                for i in list_columns[r.kind]:
                    values[i] = _list_json(values[i])
                mat_rows[r.kind].append((self.pos, *values))
        # Written here, not on a second thread: the sqlite3 module binds every value under
        # the GIL, and the two threads contending for it cost more than the overlap saved
        # (measured: 12 % more wall time and 20 % more CPU for the same part).
        self._write(rev_rows, par_rows, mat_rows)
        self.done += len(batch)
        if self.progress:
            self.progress(min(self.done, self.total), self.total)


_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]').search


def _list_json(items: list[str]) -> str:
    """json.dumps(items, ensure_ascii=False) ("[]" for none) for a list of strings, built
    directly when no item needs escaping (ids, hashes and vocabulary codes never do)."""
    if not items:
        return "[]"
    try:
        text = '", "'.join(items)
    except TypeError:
        return _LIST_JSON.encode(items)
    if _NEEDS_ESCAPE(text) is None:
        return '["' + text + '"]'
    return _LIST_JSON.encode(items)


def _new_scratch() -> tuple[Path, sqlite3.Connection]:
    fd, name = tempfile.mkstemp(prefix="fieldapp-bundle-", suffix=".sqlite")
    os.close(fd)
    path = Path(name)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    for statement in _SCRATCH_SCHEMA:
        conn.execute(statement)
    return path, conn


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


# From this many revisions, a bundle is verified in two processes (the start-up of the
# second, ~0.25 s, is then repaid several times over). FIELDAPP_PARALLEL_VERIFY_MIN
# overrides it (the tests use it to drive the parallel path with small bundles).
PARALLEL_MIN = 20_000
# Record ids are random UUIDs: 9 in 16 sort below "9". The second process also reads past
# the first part and starts later, so the first part is the larger one.
SPLIT = "8b"


def _parallel_min() -> int:
    try:
        return int(os.environ.get("FIELDAPP_PARALLEL_VERIFY_MIN", PARALLEL_MIN))
    except ValueError:
        return PARALLEL_MIN


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
        if not done:
            path, parts = _verify_part(container, store, today, progress, cancel)
            verified.scratches.append(path)
            verified.groups.append(parts.groups)
            _check_counts(container.manifest, [parts])
        if store is not None:
            check_against(store, verified)
    except BaseException:
        verified.close()
        raise
    verified.seconds = time.perf_counter() - started
    return verified


def _verify_part(
    container: Container,
    store: Store | sqlite3.Connection | None,
    today: dt.date,
    progress: Progress | None,
    cancel: CancelFlag | None,
    split: str | None = None,
    side: int = 0,
) -> tuple[Path, _Part]:
    """Verify (a part of) the CSVs into a new scratch file, with its own indexes checked."""
    known = store.conn if isinstance(store, Store) else store
    scratch_path, scratch = _new_scratch()
    try:
        try:
            part = _Verifier(
                container, known, scratch, progress, cancel, today=today, split=split, side=side
            ).run()
            try:
                scratch.execute("CREATE UNIQUE INDEX rev_id ON rev (id)")
            except sqlite3.IntegrityError:
                raise BundleError(
                    f"{container.path.name}: a revision appears twice in revisions.csv; refused"
                ) from None
            scratch.execute("CREATE INDEX rev_grp ON rev (grp)")
            _check_parents(scratch, container.path.name)
            scratch.execute("COMMIT")
        finally:
            scratch.close()
    except BaseException:
        _remove_scratch(scratch_path)
        raise
    return scratch_path, part


def _check_counts(manifest: dict[str, Any], parts: list[_Part]) -> None:
    count = sum(p.revisions for p in parts)
    if count != manifest["revisions"]["count"]:
        raise BundleError(
            f"revisions.csv holds {count:,} revisions but the manifest says "
            f"{manifest['revisions']['count']:,}; refused"
        )
    for kind in KINDS:
        rows = sum(p.rows[kind] for p in parts)
        if rows != manifest["records"][kind]:
            raise BundleError(
                f"{fmt.RECORD_FILES[kind]} holds {rows:,} rows but the manifest says "
                f"{manifest['records'][kind]:,}; refused"
            )


@dataclass
class _Job:
    """What the second process needs: the (unsealed) zip and the manifest checked here."""

    path: str
    zip_path: str
    limits: fmt.Limits
    manifest: dict[str, Any]
    db_path: str | None  # a read-only URI
    today: dt.date
    split: str


def _verify_in_two(
    container: Container,
    store: Store | None,
    verified: VerifiedBundle,
    today: dt.date,
    progress: Progress | None,
    cancel: CancelFlag | None,
) -> None:
    """Side 0 here, side 1 in a second process, at the same time; then the checks that
    span both parts (totals, parents across the split)."""
    ctx = multiprocessing.get_context("spawn")  # no fork: the caller may run Qt threads
    receiver, sender = ctx.Pipe(duplex=False)
    counter = ctx.RawValue("q", 0)
    stop = ctx.Event()
    # A URI (percent-encoded: a '#' or '?' in a folder name stays a path) opened read-only.
    db_path = (
        f"{store.path.resolve().as_uri()}?mode=ro"
        if store is not None and store.path is not None
        else None
    )
    job = _Job(
        str(container.path),
        str(container.zip_path),
        container.limits,
        container.manifest,
        db_path,
        today,
        SPLIT,
    )
    worker = ctx.Process(
        target=_part_worker,
        args=(sender, job, counter, stop),
        daemon=True,
        name="fieldapp-verify",
    )
    worker.start()
    sender.close()  # the worker holds the only sending end: its exit is seen as EOF
    answered = False
    try:
        total = max(1, container.manifest["revisions"]["count"])
        here = (lambda done, total: progress(done + counter.value, total)) if progress else None
        path, first = _verify_part(container, store, today, here, cancel, SPLIT, 0)
        verified.scratches.append(path)
        verified.groups.append(first.groups)
        while not receiver.poll(0.1):
            if cancel and cancel():
                raise Cancelled("cancelled; nothing was merged")
            if progress:
                progress(first.revisions + counter.value, total)
        try:
            status, result = receiver.recv()
        except EOFError:
            raise FieldappError("the verifying process ended without an answer") from None
        answered = True
        if status != "ok":
            raise FieldappError(f"the second part was not accepted: {result}")
        verified.scratches.append(Path(result["scratch"]))  # closing `verified` removes it
        verified.groups.append(result["groups"])
        second = _Part(result["groups"], result["revisions"], result["rows"])
        _check_counts(container.manifest, [first, second])
        _check_parents_across(verified.scratches, container.path.name)
        if progress:
            progress(first.revisions + second.revisions, total)
    finally:
        stop.set()
        if not answered:  # a scratch copy the worker made now is nobody's: remove it
            try:
                if receiver.poll(10):
                    status, result = receiver.recv()
                    if status == "ok":
                        _remove_scratch(Path(result["scratch"]))
            except (EOFError, OSError):
                pass
        worker.join(10)
        if worker.is_alive():
            worker.terminate()
            worker.join()
        receiver.close()


def _part_worker(sender: Any, job: _Job, counter: Any, stop: Any) -> None:
    """The second process: verify side 1 of the bundle; send back its scratch and counts
    (or why not). Cancelled when `stop` is set."""
    try:
        container = Container(Path(job.path), Path(job.zip_path), False, job.limits)
        known = sqlite3.connect(job.db_path, uri=True) if job.db_path else None

        def tell(done: int, total: int) -> None:
            counter.value = done

        try:
            container.zf = zipfile.ZipFile(job.zip_path)
            container.manifest = job.manifest
            path, part = _verify_part(container, known, job.today, tell, stop.is_set, job.split, 1)
        finally:
            container.close()
            if known is not None:
                known.close()
        answer: tuple[str, Any] = (
            "ok",
            {"scratch": str(path), "groups": part.groups, "revisions": part.revisions,
             "rows": part.rows},
        )  # fmt: skip
    except BaseException as exc:  # everything is reported to the parent
        path, answer = None, ("error", f"{type(exc).__name__}: {exc}")
    try:
        sender.send(answer)  # from here a scratch copy is the parent's
    except OSError:  # the parent is gone
        if path is not None:
            _remove_scratch(path)
    finally:
        sender.close()


def describe_signer(store: Store, info: BundleInfo) -> None:
    """Fill in whether this database knows and trusts the signer, and whether it already
    merged exactly this bundle."""
    row = store.conn.execute(
        "SELECT trusted FROM devices WHERE id = ?", (info.signer.fingerprint,)
    ).fetchone()
    info.signer.known = row is not None
    info.signer.trusted = bool(row and row[0])
    seen = store.conn.execute(
        "SELECT manifest_sha256 FROM bundles WHERE id = ?", (info.bundle_id,)
    ).fetchone()
    if seen is not None and seen[0] != info.manifest_sha256:
        raise BundleError(
            f"{info.path.name} reuses the id of another bundle this database already has "
            f"({info.bundle_id}) with different contents; refused. Ask the sender to export again"
        )
    info.already_merged = seen is not None


def _check_parents(scratch: sqlite3.Connection, name: str, parents: str = "main") -> None:
    """No revision in the scratch copy names as its parent a revision of another record
    in the `parents` copy (the same one, or the other part's)."""
    row = scratch.execute(
        "SELECT c.id, c.record_id, p.parent, x.record_id FROM main.par p"
        f" JOIN main.rev c ON c.pos = p.child_pos JOIN {parents}.rev x ON x.id = p.parent"
        " WHERE x.record_id != c.record_id LIMIT 1"
    ).fetchone()
    if row:
        raise BundleError(
            f"{name}: revision {row[0][:12]} of record {row[1]} names as its parent "
            f"a revision of another record ({row[3]}); refused"
        )


def _check_parents_across(scratches: list[Path], name: str) -> None:
    for child, parent in ((0, 1), (1, 0)):
        conn = sqlite3.connect(scratches[child], isolation_level=None)
        try:
            conn.execute("ATTACH DATABASE ? AS other", (str(scratches[parent]),))
            _check_parents(conn, name, "other")
        finally:
            conn.close()


def check_against(store: Store, verified: VerifiedBundle) -> None:
    """Step 5: the bundle's revisions agree with what this database holds (read only)."""
    info = verified.info
    conn = store.conn
    if conn.execute("SELECT 1 FROM revisions LIMIT 1").fetchone() is None:
        verified.checked_against_db = True
        return
    with attached(store, verified) as schemas:
        for bundle in schemas:
            _check_part_against(conn, bundle, info.path.name)
    verified.checked_against_db = True


def _check_part_against(conn: sqlite3.Connection, bundle: str, name: str) -> None:
    row = conn.execute(
        f"SELECT r.record_id, r.kind, m.kind FROM {bundle}.rev r"
        " JOIN main.revisions m ON m.record_id = r.record_id"
        " WHERE m.kind != r.kind LIMIT 1"
    ).fetchone()
    if row:
        raise BundleError(
            f"{name}: record {row[0]} is a {row[1]} in the bundle but a {row[2]} "
            "in this database; refused"
        )
    row = conn.execute(
        f"SELECT c.id, c.record_id, x.record_id FROM {bundle}.par p"
        f" JOIN {bundle}.rev c ON c.pos = p.child_pos"
        " JOIN main.revisions x ON x.id = p.parent"
        " WHERE x.record_id != c.record_id LIMIT 1"
    ).fetchone()
    if row is None:
        row = conn.execute(
            f"SELECT r.id, r.record_id, c.record_id FROM {bundle}.rev r"
            " JOIN main.revision_parents rp ON rp.parent = r.id"
            " JOIN main.revisions c ON c.id = rp.child"
            " WHERE c.record_id != r.record_id LIMIT 1"
        ).fetchone()
    if row:
        raise BundleError(
            f"{name}: revision {row[0][:12]} of record {row[1]} is linked to a "
            f"revision of another record ({row[2]}); refused"
        )


class attached:
    """ATTACH the scratch copies as bundle0, bundle1, ... to a store's connection, for the
    block (outside any transaction: SQLite attaches only there). Yields their names."""

    def __init__(self, store: Store, verified: VerifiedBundle):
        self.store = store
        self.verified = verified
        self.schemas: list[str] = []

    def __enter__(self) -> list[str]:
        if self.verified.closed:
            raise FieldappError("this verified bundle was already closed; verify it again")
        try:
            for i, scratch in enumerate(self.verified.scratches):
                self.store.conn.execute(f"ATTACH DATABASE ? AS bundle{i}", (str(scratch),))
                self.schemas.append(f"bundle{i}")
        except BaseException:
            self.__exit__()
            raise
        return list(self.schemas)

    def __exit__(self, *exc: object) -> None:
        while self.schemas:
            self.store.conn.execute(f"DETACH DATABASE {self.schemas.pop()}")
