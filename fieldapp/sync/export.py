"""Export: write this database's revisions as a signed (optionally sealed) bundle.

The passphrase unlocks the signing key while the CSVs are written (scrypt runs without the
GIL); a wrong passphrase stops the export and leaves no file behind. The bundle is written
to a temporary file next to the target and renamed into place only when complete; a sealed
bundle's clear-text zip lives in the system's temporary folder (never on the USB stick it
is going to) and is deleted after encryption. The export mark and the bundle sequence
number move only once the file is in place, so an interrupted export is simply repeated
next time (merging is idempotent).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import queue
import threading
import time
import uuid
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from fieldapp import __version__
from fieldapp.domain.display import safe_text
from fieldapp.domain.fields import KINDS
from fieldapp.domain.places import Unit
from fieldapp.domain.revisions import utc_now
from fieldapp.errors import Cancelled, FieldappError
from fieldapp.identity.keys import decrypt_private_key
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress
from fieldapp.store import bundles as stored_bundles
from fieldapp.store import devices as stored_devices
from fieldapp.store import leftovers, outgoing, places, signing
from fieldapp.store.database import LAST_EXPORT_KEY, Store
from fieldapp.sync import format as fmt
from fieldapp.sync import seal as sealing
from fieldapp.sync.bundle import places as bundle_places
from fieldapp.sync.errors import NothingToExport
from fieldapp.sync.spool import Spool, SpoolWriter

_CHECK_EVERY = 2000
# zlib level 4: on bundle CSVs, 30 % less CPU than the default 6 for an 8 % larger file
# (100,000 records: 23.4 MB instead of 21.7 MB).
COMPRESSION = 4
# Reading the tables in record-id order jumps around the file; memory-mapping it spares a
# system call and a copy per page. Only for the export's read snapshot, then restored.
_MMAP_BYTES = 1 << 30


@dataclass
class ExportResult:
    path: Path
    bundle_id: str
    seq: int
    full: bool
    revisions: int
    records: dict[str, int]
    size: int
    fingerprint: str
    sealed_to: str | None = None
    since_n: int = 0
    last_n: int = 0
    seconds: float = 0.0
    devices: list[str] = field(default_factory=list)
    places: list[tuple[str, int]] = field(default_factory=list)  # editions sent: title, units


class _Pipe:
    """Bytes handed to a second thread that hashes, compresses and writes them.

    zlib and hashlib release the GIL on large buffers, so on two cores the deflate of one
    batch overlaps the formatting of the next; the queue is short, so memory stays at a few
    batches."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.sha = hashlib.sha256()
        self.size = 0
        self.error: BaseException | None = None
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self.thread = threading.Thread(target=self._run, name="bundle-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            chunk = self.queue.get()
            if chunk is None:
                return
            if self.error is not None:
                continue  # keep draining so the producer never blocks
            try:
                self.sha.update(chunk)
                self.raw.write(chunk)
                self.size += len(chunk)
            except BaseException as exc:  # reported to the producer
                self.error = exc

    def write(self, data: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(data)

    def close(self) -> None:
        """Finish writing (raises what the writer thread hit) and close the member."""
        self.queue.put(None)
        self.thread.join()
        self.raw.close()
        if self.error is not None:
            raise self.error


def _member(zf: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, time.gmtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    # ZipFile.open(ZipInfo) ignores the archive's compresslevel; the member carries its own
    # (`_compresslevel` up to Python 3.12, `compress_level` from 3.13).
    for attr in ("compress_level", "_compresslevel"):
        with contextlib.suppress(AttributeError):
            setattr(info, attr, zf.compresslevel)
    info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
    return info


class _CsvMember:
    """A CSV entry streamed into the zip: UTF-8 with BOM, CRLF, hashed as written.

    Rows are formatted into a text buffer and encoded a batch at a time (several times
    faster than a TextIOWrapper per row); the bytes go to a _Pipe."""

    def __init__(self, zf: zipfile.ZipFile, name: str, header: tuple[str, ...]):
        self.name = name
        self.pipe = _Pipe(zf.open(_member(zf, name), "w", force_zip64=True))
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")
        self.buffer.write("\ufeff")
        self.writer.writerow(header)
        self.rows = 0
        self.closed = False

    def flush(self) -> None:
        text = self.buffer.getvalue()
        if text:
            self.pipe.write(text.encode("utf-8"))
        self.buffer.seek(0)
        self.buffer.truncate()

    def close(self) -> dict[str, Any]:
        self.flush()
        self.closed = True
        self.pipe.close()
        return {"sha256": self.pipe.sha.hexdigest(), "size": self.pipe.size}

    def abort(self) -> None:
        """After a failure: stop the writer thread and release the zip's write handle (the
        partial file is deleted by the caller)."""
        if not self.closed:
            self.closed = True
            with contextlib.suppress(BaseException):
                self.pipe.close()


def export_bundle(
    store: Store,
    out: str | Path,
    passphrase: str,
    *,
    full: bool = False,
    seal_to: str | None = None,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    compresslevel: int = COMPRESSION,
) -> ExportResult:
    """Write a bundle of the revisions since the last export (or all, with `full`), and
    of the places register editions this device loaded since (or all), signed by it."""
    started = time.perf_counter()
    device = store.require_device()
    out = _check_target(Path(out), "bundle.age" if seal_to else "bundle.zip")
    recipient = sealing.parse_recipient(seal_to) if seal_to else None
    key_job = _unlock_meanwhile(device.private_key, passphrase)

    def stop() -> bool:
        if key_job.done():
            key_job.result()  # raises WrongPassphrase
        return bool(cancel and cancel())

    since = 0 if full else store.export_mark()
    _sign_pending(store, device.id, since, key_job)
    sending = bundle_places.to_send(store, device.id, full, key_job.result)
    with stored_bundles.export_snapshot(store, _MMAP_BYTES):  # one for every pass
        last_n, count = _pending(store, since, full, bool(sending), key_job)
        seq = stored_bundles.last_seq(store) + 1
        bundle_id = str(uuid.uuid4())
        spool = SpoolWriter("fieldapp-export-") if recipient else None
        tmp = _partial(out)
        try:
            with _zip(spool if spool is not None else tmp, compresslevel) as zf:
                files, records, devices = _write_csvs(
                    store, zf, since, last_n, count, progress, stop
                )
                _write_places(zf, sending, files)  # files listed: the register's too
                manifest = _manifest(
                    store,
                    bundle_id=bundle_id,
                    seq=seq,
                    full=full,
                    since=since,
                    last_n=last_n,
                    count=count,
                    records=records,
                    files=files,
                    devices=devices,
                    sending=sending,
                )
                manifest_bytes = _sign_manifest(zf, key_job.result, manifest)
            if spool is not None:
                _seal(spool.finish(), tmp, recipient, stop)
        except BaseException:
            tmp.unlink(missing_ok=True)
            if spool is not None:
                spool.discard()
            raise
    record = (bundle_id, seq, full, since, last_n, count, manifest_bytes, sending)
    _place(store, tmp, out, lambda: _record_export(store, *record))
    if progress:
        progress(max(1, 2 * count), max(1, 2 * count))
    return ExportResult(
        path=out,
        bundle_id=bundle_id,
        seq=seq,
        full=full,
        revisions=count,
        records=records,
        size=out.stat().st_size,
        fingerprint=device.id,
        sealed_to=seal_to,
        since_n=since,
        last_n=last_n,
        seconds=time.perf_counter() - started,
        devices=sorted(devices),
        places=[(ed.title, ed.units) for ed, _found in sending],
    )


def _pending(
    store: Store, since: int, full: bool, places: bool, key_job: Future[Any]
) -> tuple[int, int]:
    """The last revision number the bundle carries and how many; nothing to export (a
    wrong passphrase said first) without revisions or register editions to send."""
    last_n, count = outgoing.pending(store, since)
    if not count and not places:
        key_job.result()
        raise _nothing_to_export(full)
    return (since if last_n is None else last_n), count  # a bundle of the register alone


def _write_places(
    zf: zipfile.ZipFile,
    sending: list[tuple[places.Edition, list[Unit]]],
    files: dict[str, dict[str, Any]],
) -> None:
    """place_editions.csv and places.csv, when the bundle carries register editions."""
    if not sending:
        return
    editions = [bundle_places.edition_rows(ed) for ed, _found in sending]
    units = (row for ed, found in sending for row in bundle_places.unit_rows(ed.id, found))
    for name, header, rows in (
        (fmt.PLACE_EDITIONS, fmt.PLACE_EDITION_COLUMNS, iter(editions)),
        (fmt.PLACES, fmt.PLACE_COLUMNS, units),
    ):
        member = _CsvMember(zf, name, header)
        try:
            for row in rows:
                member.writer.writerow(row)
                if member.buffer.tell() > 1 << 20:  # a few boundaries at a time
                    member.flush()
        except BaseException:
            member.abort()
            raise
        files[name] = member.close()


def _sign_pending(store: Store, device_id: str, since: int, key_job: Future[Any]) -> None:
    """Every revision a bundle carries is signed by its author. This device's own that
    are not yet (written before fieldapp signed revisions, or while its key was closed)
    are signed now; another device's cannot be, and stop the export, naming the device."""
    unsigned = signing.unsigned_by_device(store, since)
    if not unsigned:
        return
    others = sorted((d for d in unsigned if d != device_id), key=lambda d: -unsigned[d])
    if others:
        raise FieldappError(
            Message(
                "export.unsigned_revisions",
                count=f"{sum(unsigned[d] for d in others):,}",
                name=safe_text(stored_devices.label(store, others[0])),
                id=others[0][:12],
            )
        )
    key = key_job.result()  # raises WrongPassphrase
    signing.remember(device_id, key)
    signing.sign_unsigned(store, device_id, key)


def _check_target(out: Path, example: str) -> Path:
    if out.is_dir():
        raise FieldappError(Message("file.is_a_folder", path=str(out), text=str(out / example)))
    if not out.parent.is_dir():
        raise FieldappError(Message("file.folder_missing", path=str(out.parent)))
    return out


def _nothing_to_export(full: bool) -> NothingToExport:
    if full:
        return NothingToExport(Message("export.no_records"))
    return NothingToExport(Message("export.nothing_changed"))


def _sign_manifest(
    zf: zipfile.ZipFile, key: Callable[[], ec.EllipticCurvePrivateKey], manifest: dict[str, Any]
) -> bytes:
    """Write the manifest and its signature (the key's unlocking finished by now)."""
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    signature = key().sign(manifest_bytes, ec.ECDSA(hashes.SHA256()))
    zf.writestr(_member(zf, fmt.MANIFEST), manifest_bytes)
    zf.writestr(_member(zf, fmt.SIGNATURE), signature)
    return manifest_bytes


def _unlock_meanwhile(private_key: str, passphrase: str) -> Future[Any]:
    """Unlocking the key (scrypt, ~0.4 s) runs without the GIL on a thread of its own while
    the CSVs are written; a wrong passphrase stops the export at the next progress check
    (and before "nothing to export"), the partial file is deleted: no file either way."""
    unlocking = ThreadPoolExecutor(1, thread_name_prefix="fieldapp-key")
    key_job = unlocking.submit(decrypt_private_key, private_key, passphrase)
    unlocking.shutdown(wait=False)
    return key_job


def _zip(target: Path | SpoolWriter, compresslevel: int) -> zipfile.ZipFile:
    """The bundle's zip, written to a file or (a bundle to seal) to an encrypted spool.
    A bundle to seal is zipped into an encrypted spool (a key in memory), never into a
    clear file: the clear zip would be every record on disk until it is sealed."""
    return zipfile.ZipFile(
        target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel
    )


def _partial(out: Path) -> Path:
    """A private file beside `out` for the bundle being written (renamed when complete),
    named with this process's id: what an export killed earlier left there (a hidden half
    bundle on a USB stick) is removed first (store.leftovers)."""
    leftovers.sweep_beside(out, "export", any_name=True)
    path = leftovers.beside_name(out, "export", ".partial")
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def _seal(zipped: Spool, sealed: Path, recipient: Any, cancelled: CancelFlag) -> None:
    """Seal the finished zip (read from its encrypted spool) into `sealed`, beside the
    target; the spool is removed either way."""
    try:
        sealing.seal_file(zipped, sealed, recipient, cancelled=cancelled)
    finally:
        zipped.remove()


def _write_csvs(
    store: Store,
    zf: zipfile.ZipFile,
    since: int,
    last_n: int,
    count: int,
    progress: Progress | None,
    cancel: CancelFlag | None,
) -> tuple[dict[str, dict[str, Any]], dict[str, int], set[str]]:
    """Record CSVs, then revisions.csv, each in record-id order (so a reader can check one
    against the other while streaming both)."""
    files: dict[str, dict[str, Any]] = {}
    records: dict[str, int] = {}
    state = {"done": 0, "total": count * 2}
    for kind in KINDS:
        _tick(progress, cancel, state["done"], state["total"])
        member = _CsvMember(zf, fmt.RECORD_FILES[kind], fmt.RECORD_COLUMNS[kind])
        try:
            _write_records(store, member, kind, since, last_n, state, progress, cancel)
        except BaseException:
            member.abort()
            raise
        files[member.name] = member.close()
        records[kind] = member.rows
    _tick(progress, cancel, state["done"], state["total"])
    member = _CsvMember(zf, fmt.REVISIONS, fmt.REVISION_COLUMNS)
    try:
        devices = _write_revisions(store, member, since, last_n, state, progress, cancel)
    except BaseException:
        member.abort()
        raise
    files[fmt.REVISIONS] = member.close()
    _tick(progress, cancel, state["done"], state["total"])
    return files, records, devices


def _write_records(
    store: Store,
    member: _CsvMember,
    kind: str,
    since: int,
    last_n: int,
    state: dict[str, int],
    progress: Progress | None,
    cancel: CancelFlag | None,
) -> None:
    # The materialised row of each record whose current revision is in this bundle: the
    # same values as that revision's data (verification checks that they agree).
    lists = [i + 1 for i in fmt.LIST_FIELD_INDEXES[kind]]
    nf = len(fmt.RECORD_COLUMNS[kind]) - 5
    writerow = member.writer.writerow
    values_cells = fmt.values_cells
    loads = json.loads
    for row in outgoing.record_rows(store, kind, fmt.RECORD_COLUMNS[kind], since, last_n):
        values = list(row[1 : 1 + nf])
        for i in lists:
            text = row[i]
            values[i - 1] = loads(text) if text and text != "[]" else []
        # The last four cells (created_at, updated_at, device, revision) are timestamps and
        # hex ids: they start with a digit or a-f, so there is never anything to neutralise.
        writerow([row[0], *values_cells(values), *row[1 + nf :]])
        member.rows += 1
        state["done"] += 1
        if state["done"] % _CHECK_EVERY == 0:
            member.flush()
            _tick(progress, cancel, state["done"], state["total"])


def _write_revisions(
    store: Store,
    member: _CsvMember,
    since: int,
    last_n: int,
    state: dict[str, int],
    progress: Progress | None,
    cancel: CancelFlag | None,
) -> set[str]:
    """revisions.csv, its lines built directly: every cell but the data is a hex id, a
    UUID, a kind, a number or a timestamp, which never needs quoting or neutralising, and
    the data (JSON, full of double quotes) is always quoted. The csv module would write
    exactly the same bytes, several times slower."""
    devices: set[str] = set()
    write = member.buffer.write
    rows = outgoing.revision_rows(store, since, last_n)
    for rev_id, record_id, kind, parents, dev, seq, timestamp, deleted, data, sig in rows:
        devices.add(dev)
        parent_cell = fmt.parents_cell(json.loads(parents)) if parents != "[]" else ""
        quoted = data.replace('"', '""')
        write(
            f"{rev_id},{record_id},{kind},{parent_cell},{dev},{seq},{timestamp},{deleted},"
            f'"{quoted}",{_signature_cell(sig, dev)}\r\n'
        )
        member.rows += 1
        state["done"] += 1
        if state["done"] % _CHECK_EVERY == 0:
            member.flush()
            _tick(progress, cancel, state["done"], state["total"])
    return devices


def _signature_cell(signature: bytes | None, device_id: str) -> str:
    if signature is None:  # written unsigned after _sign_pending looked: export again
        raise FieldappError(
            Message("export.unsigned_revisions", count="1", name="", id=device_id[:12])
        )
    return signature.hex()


def _tick(progress: Progress | None, cancel: CancelFlag | None, done: int, total: int) -> None:
    if cancel and cancel():
        raise Cancelled(Message("export.cancelled"))
    if progress:
        progress(min(done, total), total)


def _manifest(
    store: Store,
    *,
    bundle_id: str,
    seq: int,
    full: bool,
    since: int,
    last_n: int,
    count: int,
    records: dict[str, int],
    files: dict[str, dict[str, Any]],
    devices: set[str],
    sending: list[tuple[places.Edition, list[Unit]]],
) -> dict[str, Any]:
    device = store.require_device()
    others = outgoing.certificates(store, sorted(devices - {device.id}))
    first_ts, last_ts = outgoing.time_range(store, since, last_n)
    return {
        "format": fmt.FORMAT_NAME,
        "format_version": fmt.FORMAT_VERSION,
        "bundle_id": bundle_id,
        "created_at": utc_now(),
        "app_version": __version__,
        "author": {
            "fingerprint": device.id,
            "name": device.name,
            "organisation": device.organisation,
            "certificate": device.certificate,
        },
        "sequence": seq,
        "full": full,
        "revisions": {
            "count": count,
            "after_n": since,
            "last_n": last_n,
            "first_timestamp": first_ts,
            "last_timestamp": last_ts,
        },
        "records": dict(records),
        "devices": others,
        "encoding": "CSV: UTF-8 with BOM, CRLF line ends, RFC 4180 quoting",
        "files": files,
    } | bundle_places.manifest_count(sending)


def _place(store: Store, tmp: Path, out: Path, record: Callable[[], None]) -> None:
    """Record the export and put the bundle in place, both or neither: a bundle left
    without its record would give the next one the same number, a record without its
    bundle a number the coordinator waits for. The rename happens inside the transaction,
    and a commit that fails (a full disk) takes the placed bundle away again."""
    placed = False
    try:
        with store.transaction():
            record()
            os.replace(tmp, out)
            placed = True
    except BaseException:
        tmp.unlink(missing_ok=True)
        if placed:
            out.unlink(missing_ok=True)
        raise


def _record_export(
    store: Store,
    bundle_id: str,
    seq: int,
    full: bool,
    since: int,
    last_n: int,
    count: int,
    manifest_bytes: bytes,
    sending: list[tuple[places.Edition, list[Unit]]],
) -> None:
    places.mark_sent(store, [ed.id for ed, _found in sending])  # once, unless a full one
    stored_bundles.record_sent(
        store,
        bundle_id=bundle_id,
        device_id=store.require_device().id,
        seq=seq,
        full=full,
        revisions=count,
        manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
        summary={"after_n": since, "last_n": last_n},
        export_mark=(LAST_EXPORT_KEY, last_n),
    )
