"""Killed at random moments, fieldapp leaves nothing that looks real and is not (a
half-written file named like a backup), and nothing of its own in the temporary folder
once it has started again (store/leftovers.py)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fieldapp.paths import migrations_dir
from fieldapp.store import Store, leftovers
from fieldapp.store import migrate as migrations

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")

KILLS = 12

_MIGRATING_CHILD = """
import sys
from pathlib import Path
from fieldapp.store import Store
from fieldapp.store import migrate

db, folder = Path(sys.argv[1]), Path(sys.argv[2])
migrate.migrations_dir = lambda: folder
told = []

def cancelled():
    if not told:
        told.append(1)
        print("backing up", flush=True)
    return False

Store.open(db, cancelled=cancelled).close()
print("done", flush=True)
"""


def _extra_migration(tmp_path: Path) -> Path:
    folder = tmp_path / "migrations-next"
    shutil.copytree(migrations_dir(), folder)
    latest = migrations.available(folder)[-1].version
    (folder / f"{latest + 1:04d}_test_flag.sql").write_text(
        "ALTER TABLE incidents ADD COLUMN test_flag INTEGER;\n", encoding="utf-8"
    )
    return folder


def _big_plain_database(path: Path, megabytes: int = 48) -> None:
    """A plain database (made here, so the sqlite3 module may fill it) big enough that
    its backup takes a while."""
    Store.open(path, create=True).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    rows = megabytes * 1024 // 4
    conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?)",
        ((f"filler-{n}", os.urandom(2048).hex()) for n in range(rows)),
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _migrate_in_child(db: Path, folder: Path, kill_after: float | None) -> tuple[str, float]:
    """Open `db` (which migrates, backing up first) in a child process, killed
    `kill_after` seconds after its backup starts; how it ended, and how long after the
    backup started."""
    child = subprocess.Popen(
        [sys.executable, "-c", _MIGRATING_CHILD, str(db), str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    assert line == "backing up", child.stderr.read() if child.stderr else ""
    started = time.perf_counter()
    if kill_after is None:
        child.wait(120)
        return child.stdout.read().strip(), time.perf_counter() - started
    time.sleep(kill_after)
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    ended = "killed" if child.returncode == -signal.SIGKILL else "done"
    return ended, time.perf_counter() - started


def _sound(path: Path) -> bool:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def test_a_migration_backup_killed_at_random_is_never_a_broken_backup(tmp_path: Path) -> None:
    template = tmp_path / "template.db"
    _big_plain_database(template)
    folder = _extra_migration(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    db = data / "field.db"
    shutil.copy(template, db)
    ended, duration = _migrate_in_child(db, folder, None)
    assert ended == "done"
    rng = random.Random(14)
    killed = attempts = mid_backup = 0
    broken: list[str] = []
    while killed < KILLS and attempts < 3 * KILLS:  # a child may finish before its kill
        attempts += 1
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copy(template, db)
        if _migrate_in_child(db, folder, rng.uniform(0, 0.8 * duration))[0] != "killed":
            continue
        killed += 1
        mid_backup += any(".unfinished-backup-" in p.name for p in data.iterdir())
        backups = sorted(p for p in data.iterdir() if ".backup-" in p.name)
        broken += [p.name for p in backups if p.name not in broken and not _sound(p)]
    assert killed >= KILLS, f"only {killed} of {attempts} children were killed in time"
    backups = sorted(p for p in data.iterdir() if ".backup-" in p.name)
    print(f"{killed} kills ({mid_backup} while the backup was written): {len(backups)} "
          f"backups, {len(broken)} broken")  # fmt: skip
    assert backups and broken == [] and mid_backup >= KILLS // 2
    # the next run (a migration again) removes what the killed ones left unfinished
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, db)
    assert _migrate_in_child(db, folder, None)[0] == "done"
    assert [p.name for p in data.iterdir() if ".unfinished-" in p.name] == []
    assert leftovers.sweep_beside(db, "backup") == []
