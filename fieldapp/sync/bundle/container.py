"""The zip container and its limits: a bundle opened (unsealed first if it is sealed), its
central directory checked before anything is inflated (entry count, plain names, no links,
folders, encryption or unknown compression, no duplicate, unexpected or missing file,
declared sizes and compression ratios within Limits), and its members read through a
reader that hashes and counts what really comes out.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, cast

from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.store.database import Store
from fieldapp.sync import format as fmt
from fieldapp.sync import seal as sealing
from fieldapp.sync.bundle.manifest import BundleInfo, _read_manifest
from fieldapp.sync.errors import BundleError
from fieldapp.sync.spool import Spool, SpoolReader

PassphraseFn = Callable[[], str]


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
                Message("bundle.entry_damaged", entry=self.name, text=str(exc))
            ) from None
        except Exception as exc:  # zlib.error is not an OSError
            raise BundleError(
                Message("bundle.entry_damaged", entry=self.name, text=str(exc))
            ) from None
        n = len(data)
        if n == 0:
            self.eof = True
            return 0
        self.size += n
        if self.size > self.limit or self.size > self.declared:
            raise BundleError(Message("bundle.entry_too_large", entry=self.name))
        self.sha.update(data)
        buffer[:n] = data
        return n

    def drain(self) -> None:
        while not self.eof:
            if not self.readinto(bytearray(1 << 20)):
                break


def _entry_count(source: Path | BinaryIO) -> int | None:
    """Entries declared by the end-of-central-directory record (None: not found/zip64)."""
    if isinstance(source, Path):
        with open(source, "rb") as f:
            return _entry_count(f)
    size = source.seek(0, io.SEEK_END)
    source.seek(max(0, size - 65_557))
    tail = source.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    total = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    return None if total == 0xFFFF else total


def _check_name(file: str, name: str) -> Message | None:
    """Why the entry `name` of the bundle `file` is refused, if it is."""
    if not name:
        return Message("bundle.entry_without_name", file=file)
    if "\x00" in name:
        return Message("bundle.entry_nul", file=file, value=repr(name))
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return Message("bundle.absolute_path", file=file, value=repr(name))
    if "\\" in name:
        return Message("bundle.backslash", file=file, value=repr(name))
    if ".." in name.split("/"):
        return Message("bundle.outside", file=file, value=repr(name))
    if "/" in name:
        return Message("bundle.in_folder", file=file, value=repr(name))
    return None


class Container:
    """An opened bundle: zip checked, manifest verified. Use as a context manager.

    A sealed bundle's zip is a private spool (`unsealed`: encrypted in the temporary
    folder, its key in memory), read through a SpoolReader; the container that unsealed
    it removes it when closed (`sealed`), the second verifying process only reads it."""

    def __init__(
        self,
        path: Path,
        zip_path: Path,
        sealed: bool,
        limits: fmt.Limits,
        unsealed: Spool | None = None,
    ):
        self.path = path
        self.zip_path = zip_path
        self.sealed = sealed
        self.limits = limits
        self.unsealed = unsealed
        self._reader: SpoolReader | None = None
        self.zf: zipfile.ZipFile | None = None
        self.manifest: dict[str, Any] = {}
        self.manifest_bytes = b""
        self.info: BundleInfo | None = None

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def source(self) -> Path | BinaryIO:
        """What zipfile reads: the bundle's file, or the unsealed spool decrypted as read."""
        if self.unsealed is None:
            return self.zip_path
        if self._reader is None:
            self._reader = self.unsealed.open()
        return cast(BinaryIO, self._reader)

    def close(self) -> None:
        if self.zf is not None:
            self.zf.close()
            self.zf = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self.sealed and self.unsealed is not None:
            self.unsealed.remove()

    def reader(self, name: str) -> _CountingReader:
        assert self.zf is not None
        info = self.zf.getinfo(name)
        try:
            raw = self.zf.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
            raise BundleError(
                Message("bundle.entry_unreadable", entry=name, text=str(exc))
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
        for name in fmt.csv_files(self.manifest.get("files")):
            reader = readers.get(name) or self.reader(name)
            reader.drain()
            problem = self._compare(name, reader)
            if problem:
                return problem
        return None

    def _compare(self, name: str, reader: _CountingReader) -> BundleError | None:
        expected = self.manifest["files"][name]
        if reader.size != expected["size"] or reader.sha.hexdigest() != expected["sha256"]:
            return BundleError(Message("bundle.altered", file=name))
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
        raise FieldappError(Message("bundle.not_found", path=path))
    sealed = sealing.is_sealed(path)
    if sealed:
        if store is None:
            raise BundleError(Message("bundle.sealed_needs_database", file=path.name))
        if passphrase is None:
            raise BundleError(Message("bundle.sealed_needs_passphrase", file=path.name))
        identity = sealing.age_identity(store, passphrase())
        unsealed = sealing.unseal(path, identity)
        container = Container(path, unsealed.path, sealed, limits, unsealed)
    else:
        container = Container(path, path, sealed, limits)
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
    source = c.source()
    declared = _entry_count(source)
    if declared is not None and declared > limits.max_entries:
        raise BundleError(
            Message(
                "bundle.entry_count", file=name, count=f"{declared:,}", expected=len(fmt.ENTRIES)
            )
        )
    try:
        c.zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise BundleError(Message("bundle.truncated", file=name, text=str(exc))) from None
    except NotImplementedError as exc:  # an entry needing a newer zip reader than exists
        raise BundleError(
            Message("bundle.zip_needs_newer_reader", file=name, text=str(exc))
        ) from None
    infos = c.zf.infolist()
    if len(infos) > limits.max_entries:
        raise BundleError(
            Message("bundle.entry_count", file=name, count=f"{len(infos):,}", expected=5)
        )
    _check_entries(name, infos)
    _check_sizes(name, infos, limits)


def _check_entries(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Plain files only, each named once: exactly the entries of a bundle."""
    for info in infos:
        problem = _check_name(name, info.filename)
        if problem:
            raise BundleError(problem)
        entry = repr(info.filename)
        kind = (info.external_attr >> 16) & 0o170000  # the Unix file type, 0 if none given
        if kind == 0o120000:
            raise BundleError(Message("bundle.link", file=name, value=entry))
        # a folder by its name, its Unix mode or its MS-DOS attribute (0x10)
        if info.is_dir() or kind == 0o040000 or info.external_attr & 0x10:
            raise BundleError(Message("bundle.folder", file=name, value=entry))
        if kind not in (0, 0o100000):  # a device, a pipe, a socket
            raise BundleError(Message("bundle.special_entry", file=name, value=entry))
        if info.flag_bits & 0x1:
            raise BundleError(Message("bundle.encrypted", file=name, value=entry))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleError(Message("bundle.compression", file=name, value=entry))
    counts = Counter(i.filename for i in infos)
    twice = sorted(n for n, k in counts.items() if k > 1)
    if twice:
        raise BundleError(Message("bundle.twice", file=name, value=repr(twice[0])))
    unexpected = sorted(set(counts) - set(fmt.ENTRIES) - set(fmt.OPTIONAL_ENTRIES))
    if unexpected:
        raise BundleError(
            Message(
                "bundle.unexpected_file",
                file=name,
                value=repr(unexpected[0]),
                text=", ".join((*fmt.ENTRIES, *fmt.OPTIONAL_ENTRIES)),
            )
        )
    missing = [n for n in fmt.ENTRIES if n not in counts]
    if missing:
        raise BundleError(Message("bundle.entry_missing", file=name, entry=missing[0]))


def _check_sizes(name: str, infos: list[zipfile.ZipInfo], limits: fmt.Limits) -> None:
    """The sizes the zip directory declares, one by one and in total (zip bombs)."""
    total = 0
    for info in infos:
        limit = {
            fmt.MANIFEST: limits.max_manifest_bytes,
            fmt.SIGNATURE: limits.max_signature_bytes,
            fmt.PLACES: limits.max_places_bytes,
        }.get(info.filename, limits.max_file_bytes)
        if info.file_size > limit:
            raise BundleError(
                Message(
                    "bundle.entry_size_limit",
                    file=name,
                    entry=info.filename,
                    size=f"{info.file_size:,}",
                    limit=f"{limit:,}",
                )
            )
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            raise BundleError(
                Message("bundle.zip_bomb", file=name, entry=info.filename, ratio=f"{ratio:,.0f}")
            )
    if total > limits.max_total_bytes:
        raise BundleError(
            Message(
                "bundle.total_size_limit",
                file=name,
                size=f"{total:,}",
                limit=f"{limits.max_total_bytes:,}",
            )
        )
