"""A private spool: bytes that must not lie in clear on disk (a sealed bundle, unsealed),
written to a temporary file encrypted under a random key that lives only in memory.

A sealed bundle can unpack to more than is sensible to hold in memory (Limits allow 2 GiB
of CSV; stored, not deflated, the zip is as large), and the second verifying process must
read it too, so it goes to a file — but encrypted: AES-256-GCM in chunks of 64 KiB, the
chunk's number as its nonce, under a key made for this one file (store/scratch.new_key,
as the encrypted scratch copies are) and never written anywhere. The key reaches the
second process through its pipe, like the scratch copies' key. A file left behind by a
kill or a power cut is noise to anyone who finds it, and a chunk changed or moved on disk
is refused when read, never silently used.

`SpoolReader` reads it back with seek and tell (what zipfile needs), decrypting only the
chunks it is asked for: a few at a time in memory, whatever the file's size.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fieldapp.store import leftovers
from fieldapp.store.scratch import new_key

CHUNK = 64 * 1024
_TAG = 16
_SEALED = CHUNK + _TAG  # one chunk on disk
_CACHED = 4  # chunks kept decrypted: zipfile reads a few members side by side
_AAD = b"fieldapp-spool-v1"


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


@dataclass(frozen=True)
class Spool:
    """A spool file and what reads it: its key and its size in clear (memory only)."""

    path: Path
    key: bytes
    size: int

    def open(self) -> SpoolReader:
        return SpoolReader(self)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


class SpoolWriter:
    """A new spool in the temporary folder, filled by `write` (a file-like sink: pyrage
    writes into it), sealed by `finish`. `discard` removes it."""

    def __init__(self, prefix: str) -> None:
        # "fieldapp-unsealed-" gives fieldapp-unsealed-p<pid>-….spool: removed at the next
        # start once this process is gone (store/leftovers.py)
        self.path = leftovers.temp_file(prefix.removeprefix("fieldapp-").strip("-"), ".spool")
        self._file = open(self.path, "wb")  # noqa: SIM115 (closed by finish or discard)
        self._key = new_key()
        self._aead = AESGCM(self._key)
        self._pending = bytearray()
        self._chunks = 0
        self.size = 0

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        self._pending += view
        self.size += len(view)
        if len(self._pending) >= CHUNK:
            whole = len(self._pending) - len(self._pending) % CHUNK
            for start in range(0, whole, CHUNK):
                self._seal(bytes(self._pending[start : start + CHUNK]))
            del self._pending[:whole]
        return len(view)

    def flush(self) -> None:
        """Nothing to do: a chunk is written once it is whole (pyrage may call this)."""

    def _seal(self, chunk: bytes) -> None:
        self._file.write(self._aead.encrypt(_nonce(self._chunks), chunk, _AAD))
        self._chunks += 1

    def finish(self) -> Spool:
        """Write the last, partial chunk and close the file."""
        if self._pending:
            self._seal(bytes(self._pending))
            self._pending.clear()
        self._file.close()
        return Spool(self.path, self._key, self.size)

    def discard(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)


class SpoolReader(io.RawIOBase):
    """The spool's clear bytes, seekable. A read fills the whole buffer unless the end
    comes first (zipfile expects that of a file). A chunk that does not decrypt — the
    file changed on disk — raises OSError, which the bundle reader reports as damage."""

    def __init__(self, spool: Spool) -> None:
        self._file = open(spool.path, "rb")  # noqa: SIM115 - closed by close()
        self._aead = AESGCM(spool.key)
        self._size = spool.size
        self._pos = 0
        self._cache: OrderedDict[int, bytes] = OrderedDict()

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._pos = base + offset
        return self._pos

    def readinto(self, buffer: Any) -> int:
        out = memoryview(buffer).cast("B")
        done = 0
        while done < len(out) and self._pos < self._size:
            index, within = divmod(self._pos, CHUNK)
            chunk = self._chunk(index)
            n = min(len(out) - done, len(chunk) - within)
            out[done : done + n] = chunk[within : within + n]
            done += n
            self._pos += n
        return done

    def _chunk(self, index: int) -> bytes:
        found = self._cache.get(index)
        if found is not None:
            self._cache.move_to_end(index)
            return found
        expected = min(CHUNK, self._size - index * CHUNK) + _TAG
        self._file.seek(index * _SEALED)
        sealed = self._file.read(expected)
        try:
            if len(sealed) != expected:
                raise InvalidTag
            chunk = self._aead.decrypt(_nonce(index), sealed, _AAD)
        except InvalidTag:
            raise OSError(f"the private copy {self._file.name} was changed on disk") from None
        self._cache[index] = chunk
        if len(self._cache) > _CACHED:
            self._cache.popitem(last=False)
        return chunk

    def close(self) -> None:
        if not self.closed:
            self._file.close()
            self._cache.clear()
        super().close()
