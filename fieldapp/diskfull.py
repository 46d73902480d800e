"""A full disk, said once for every file fieldapp writes: which place has no room, what to do.

A full USB stick is an ordinary day in the field. Whatever the writer — Python's own
files, zipfile, SQLite (a scratch copy, a backup, the database growing), pyrage sealing a
bundle — the failure reaches the person as one line naming the place that is full, never
as a traceback. ENOSPC (no space), EDQUOT (over quota) and EFBIG (larger than the file
system or the process allows: a FAT32 stick refuses files over 4 GB) are one problem for
the user: no room for this file there.

`write_atomically` writes a file the user asked for whole or not at all (a temporary name
beside it, then a rename); `guard(destination)` wraps an operation that writes one its own
way; the CLI's entry point uses `error_for` as the net for operations that do not wrap
themselves, and for its own output redirected to a file (`output`). The
error names `path` when the writer said which file failed; a write to an open file does
not say (Python's OSError from write() has no file name), and then the place is the one
with the least room among those the operation writes: its destination, the temporary
folder and the database's folder. A disk that has just failed has the least room left
(its partial file is removed by then, but it is still the smallest), and two places on one
disk are one disk.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from fieldapp.errors import DiskFull, FieldappError
from fieldapp.messages import Message

# No room for the file there: the disk is full, the user's quota is, or the file is
# larger than the file system (or the process's file-size limit) allows.
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})

# pyrage reports the OSError of the file it wrote as text ("OSError: [Errno 28] ...").
_ERRNO_TEXT = re.compile(r"\[Errno (\d+)\]")
# SQLite's SQLITE_FULL, from the sqlite3 module and from sqlcipher3 alike.
_SQLITE_FULL = "database or disk is full"

Place = str | os.PathLike[str] | None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and the ones it was raised from or while handling (bounded)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(seen) < 32:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _errno(exc: BaseException) -> int | None:
    if isinstance(exc, OSError):
        return exc.errno
    if type(exc).__module__.split(".")[0] == "pyrage":
        match = _ERRNO_TEXT.search(str(exc))
        return int(match.group(1)) if match else None
    return None


def _sqlite_full(exc: BaseException) -> bool:
    module = type(exc).__module__.split(".")[0]
    return module in ("sqlite3", "sqlcipher3") and _SQLITE_FULL in str(exc)


def is_disk_full(exc: BaseException) -> bool:
    """Whether `exc` (or what it was raised from) is a write that found no room."""
    if isinstance(exc, FieldappError):
        return False  # already said to the user (a DiskFull, the database's own message)
    return any(_errno(e) in DISK_FULL_ERRNOS or _sqlite_full(e) for e in _chain(exc))


def _failed_file(exc: BaseException) -> Path | None:
    for e in _chain(exc):
        if isinstance(e, OSError) and _errno(e) in DISK_FULL_ERRNOS and e.filename:
            return Path(os.fsdecode(e.filename))
    return None


def temp_folder() -> Path:
    return Path(tempfile.gettempdir())


def _existing_folder(path: Path) -> Path | None:
    folder = path if path.is_dir() else path.parent
    return folder if folder.is_dir() else None


def _room(path: Path) -> tuple[int, int] | None:
    """(free bytes for this user, device) of the disk holding `path`, None if unknown."""
    folder = _existing_folder(path)
    if folder is None:
        return None
    try:
        stats = os.statvfs(folder)
        return stats.f_bavail * stats.f_frsize, os.stat(folder).st_dev
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        return None


def nearly_full(path: Path, margin: int = 1 << 20) -> bool:
    """Whether the disk holding `path` has less than `margin` bytes left for this user:
    SQLite says only "disk I/O error" when it cannot even create its shared-memory file
    there, and on a disk this full that is why."""
    room = _room(path)
    return room is not None and room[0] < margin


def _fullest(places: list[Path]) -> Path:
    """The place with the least room; the first given on a tie or when unknown (the
    destination: one disk holding several places is one disk)."""
    best, best_room = places[0], _room(places[0])
    for place in places[1:]:
        room = _room(place)
        if room is None or best_room is None:
            continue
        if room[1] != best_room[1] and room[0] < best_room[0]:
            best, best_room = place, room
    return best


def _in_temp_folder(path: Path, temp: Path) -> bool:
    """Whether `path` is in the temporary folder, on its disk (not a disk mounted in it)."""
    folder = _existing_folder(path)
    try:
        return (
            folder is not None
            and folder.resolve().is_relative_to(temp.resolve())
            and os.stat(folder).st_dev == os.stat(temp).st_dev
        )
    except OSError:
        return False


def message(exc: BaseException, places: Iterable[Place] = (), output: Place = None) -> Message:
    """What to tell the user about the disk-full error `exc`, met while writing to
    `places` (the destination first; the temporary folder is always considered) or to
    `output`, the file the command's printed output goes to (the shell's, not ours to
    remove: the message says it is incomplete)."""
    temp = temp_folder()
    failed = _failed_file(exc)
    if failed is None:
        candidates = [Path(p) for p in places if p is not None]
        if output is not None:
            candidates.append(Path(output))
        failed = _fullest([*candidates, temp])
    if output is not None and failed == Path(output):
        return Message("file.output_disk_full", path=str(failed))
    if failed == temp or _in_temp_folder(failed, temp):
        return Message("file.temp_disk_full", path=str(temp))
    return Message("file.disk_full", path=str(failed))


def error_for(
    exc: BaseException, places: Iterable[Place] = (), output: Place = None
) -> DiskFull | None:
    """The DiskFull to raise instead of `exc`, None when `exc` is not a full disk."""
    if not is_disk_full(exc):
        return None
    return DiskFull(message(exc, places, output))


@contextlib.contextmanager
def guard(*places: Place) -> Iterator[None]:
    """Turn a full disk met inside the block into a DiskFull naming the place (the
    block's own cleanup has run by then: it removes its partial files)."""
    try:
        yield
    except Exception as exc:
        problem = error_for(exc, places)
        if problem is None:
            raise
        raise problem from exc


def write_atomically(out: Path, data: bytes) -> None:
    """Write `data` to the user's file `out` whole or not at all: under a private
    temporary name beside it, flushed to the disk, then renamed. A full disk is a DiskFull
    naming `out`; any other failure to write is file.cannot_write; either way the partial
    file is removed."""
    tmp: str | None = None
    try:
        with guard(out):
            fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, out)
            tmp = None
    except OSError as exc:
        raise FieldappError(
            Message("file.cannot_write", path=out, text=exc.strerror or str(exc))
        ) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
