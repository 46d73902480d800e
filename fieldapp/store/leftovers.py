"""What a killed fieldapp leaves behind, and removing it on the next start.

A merge writes verified scratch copies of a bundle (`fieldapp-bundle-…`), an import of a
sealed bundle its encrypted spool (`fieldapp-unsealed-…`), a sealed export its zip before
sealing (`fieldapp-export-…`), all in the temporary folder; a migration writes its backup
beside the database under an unfinished name first. A process killed half-way (SIGKILL, a
power cut, the task manager) never removes them. So every such name carries the id of the
process it belongs to (`-p<pid>-`), and `sweep`, called whenever a store is opened (every
entry point, the command line and the window, passes through Store.open), removes those
whose process is gone (and those an earlier fieldapp named without one, once a day old).

The files stay directly in the temporary folder, not in a folder of their own: a process
that is never killed leaves nothing at all, not even an empty folder. A file the second
verifying process writes (sync/bundle/parallel.py) is named after the process that started
it, which adopts and removes it: the worker may end before its file is used.

Whether a process is alive: `os.kill(pid, 0)` on POSIX (another user's process answers
"not permitted": alive); on Windows, where os.kill would terminate it, OpenProcess and
GetExitCodeProcess. A pid reused by an unrelated process only keeps a leftover until that
one ends: never is a living process's file removed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import sys
import tempfile
import time
from pathlib import Path

# A temporary file's kind (its prefix), then its process: fieldapp-bundle-p1234-k3j4h5.sqlite
_TEMP_NAME = re.compile(r"^fieldapp-(?:bundle|unsealed|export)-p(\d+)-")
# What an earlier fieldapp named them (mkstemp's 8 random characters, no process id):
# removed once a day old.
_LEGACY_NAME = re.compile(r"^fieldapp-(?:bundle-\w{8}\.sqlite|unsealed-\w{8}\.spool)(?:-\w+)?$")
_LEGACY_AGE_S = 24 * 3600


def owner() -> int:
    """The process a temporary file belongs to: this one, or the one that started this
    one when it is a multiprocessing worker (which hands its files back)."""
    parent = multiprocessing.parent_process()
    if parent is not None and parent.pid is not None:
        return parent.pid
    return os.getpid()


def temp_file(kind: str, suffix: str, folder: Path | None = None) -> Path:
    """A new, empty file of this process in the temporary folder, mode 0600 (mkstemp),
    named so `sweep` can tell when its process is gone. `kind` is "bundle", "unsealed" or
    "export"."""
    fd, name = tempfile.mkstemp(prefix=f"fieldapp-{kind}-p{owner()}-", suffix=suffix, dir=folder)
    os.close(fd)
    return Path(name)


def beside_name(path: Path, what: str, suffix: str = "") -> Path:
    """An unfinished file's name beside `path`, carrying this process's id: hidden, and
    saying it is unfinished (`.field.db.unfinished-backup-p1234-a1b2c3d4`)."""
    unique = f"p{os.getpid()}-{os.urandom(4).hex()}"
    return path.with_name(f".{path.name}.unfinished-{what}-{unique}{suffix}")


def alive(pid: int) -> bool:
    """Whether process `pid` is running (or might be: when in doubt, alive)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's process
        return True
    return True


def _alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    query_limited_information, still_active = 0x1000, 259
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        # ERROR_ACCESS_DENIED (5): it exists, someone else's; otherwise it is gone
        return bool(kernel32.GetLastError() == 5)
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def _dead_owner(name: str, pattern: re.Pattern[str]) -> bool:
    match = pattern.match(name)
    return match is not None and not alive(int(match.group(1)))


def _stale(entry: os.DirEntry[str], now: float) -> bool:
    """Whether a file of fieldapp's in the temporary folder is a dead process's: by the
    process id in its name, or, named the way fieldapp did before it had one, by an age
    no verification or export reaches."""
    if not entry.name.startswith("fieldapp-"):
        return False
    if _TEMP_NAME.match(entry.name):
        return _dead_owner(entry.name, _TEMP_NAME)
    if _LEGACY_NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
        return now - entry.stat(follow_symlinks=False).st_mtime > _LEGACY_AGE_S
    return False


def sweep(folder: Path | None = None) -> list[Path]:
    """Remove fieldapp's temporary files whose process is gone (from the temporary
    folder, or `folder`); returns what was removed. Never fails: a file that cannot be
    removed now is tried again at the next start."""
    folder = Path(folder or tempfile.gettempdir())
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        with contextlib.suppress(OSError):
            if _stale(entry, now):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def sweep_beside(path: Path, what: str, *, any_name: bool = False) -> list[Path]:
    """Remove the unfinished files of `what` ("backup") beside `path` whose process is
    gone: a migration killed while it wrote its backup. With `any_name`, those made for
    any file of that folder: an export killed on its way to a USB stick left a hidden half
    bundle named after its own target, and the next export usually has another name."""
    removed = []
    # its own journal too (".field.db.unfinished-backup-p1234-a1b2c3d4-journal")
    name = r"\..+?" if any_name else re.escape(f".{path.name}")
    pattern = re.compile(name + re.escape(f".unfinished-{what}-p") + r"(\d+)-")
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            if _dead_owner(entry.name, pattern):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed
