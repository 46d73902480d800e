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
import tempfile
import time
from pathlib import Path

import pytest
from conftest import PASSPHRASE, copy_database
from test_migrations import extra_migration
from test_sync_helpers import FAST_N, INCIDENT, device_factory

from fieldapp.domain.fields import INCIDENT as INCIDENT_KIND
from fieldapp.identity.keys import create_identity, save_identity
from fieldapp.store import Store, leftovers
from fieldapp.sync.export import export_bundle
from fieldapp.sync.seal import ensure_age_identity

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
    folder = extra_migration(tmp_path)
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


# -- merges of a sealed bundle killed at random ----------------------------------------------

_MERGING_CHILD = """
import os, sys
from pathlib import Path
from fieldapp.store import Store
from fieldapp.sync.merge import merge_bundle

db, bundle = Path(sys.argv[1]), Path(sys.argv[2])
passphrase = os.environ["FIELDAPP_PASSPHRASE"]
store = Store.open(db, passphrase=passphrase)
print("merging", flush=True)
merge_bundle(store, bundle, trust_new=True, passphrase=lambda: passphrase)
print("done", flush=True)
"""

_EXPORTING_CHILD = """
import os, sys
from pathlib import Path
from fieldapp.store import Store
from fieldapp.sync.export import export_bundle

db, out, recipient = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
passphrase = os.environ["FIELDAPP_PASSPHRASE"]
store = Store.open(db, passphrase=passphrase)
print("exporting", flush=True)
export_bundle(store, out, passphrase, full=True, seal_to=recipient)
print("done", flush=True)
"""


@pytest.fixture(scope="module")
def sealed_world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | str]:
    """An encrypted coordinator and a field device's bundle of 1,500 records sealed to it."""
    root = tmp_path_factory.mktemp("leftovers")
    coord = root / "coordinator.db"
    with Store.open(coord, create=True, encrypt=True, passphrase=PASSPHRASE) as store:
        save_identity(store, create_identity("Coordinator", "OCHA", PASSPHRASE, n=FAST_N))
        recipient = ensure_age_identity(store, PASSPHRASE)
    field = device_factory().new(root, "Amal")
    sealed = root / "usb" / "amal-sealed.zip"
    sealed.parent.mkdir()
    with Store.open(field) as store:
        store.add_many(INCIDENT_KIND, (dict(INCIDENT, location=f"L{i}") for i in range(1500)))
        export_bundle(store, sealed, PASSPHRASE, full=True, seal_to=recipient)
    return {"coord": coord, "field": field, "sealed": sealed, "recipient": recipient}


def _run_killed(argv: list[str], temp: Path, kill_after: float | None, env: dict[str, str]):
    """Run a child (and the verifying process it starts) in its own process group with
    its own temporary folder, killing the whole group `kill_after` seconds after it says
    it has begun; (how it ended, seconds from its start line)."""
    child = subprocess.Popen(
        [sys.executable, "-c", *argv],
        cwd=ROOT,
        env={**os.environ, **env, "TMPDIR": str(temp), "FIELDAPP_PASSPHRASE": PASSPHRASE},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    assert line in ("merging", "exporting"), child.stderr.read() if child.stderr else ""
    started = time.perf_counter()
    if kill_after is None:
        child.wait(300)
        assert child.returncode == 0, child.stderr.read() if child.stderr else ""
        return "done", time.perf_counter() - started
    try:
        child.wait(kill_after)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(30)
    ended = "killed" if child.returncode == -signal.SIGKILL else "done"
    return ended, time.perf_counter() - started


def _ours(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("fieldapp-"))


def test_killed_merges_and_exports_leave_nothing_after_the_next_start(
    sealed_world, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    rng = random.Random(1414)
    merge = [_MERGING_CHILD, None, str(sealed_world["sealed"])]

    def fresh_coordinator(n: int) -> Path:
        return copy_database(sealed_world["coord"], tmp_path / f"coordinator-{n}.db")  # type: ignore[arg-type]

    # sealed exports first (the merges' kills below leave the last files)
    export = [_EXPORTING_CHILD, str(sealed_world["field"]), "", str(sealed_world["recipient"])]
    export[2] = str(tmp_path / "export-0.zip")
    _, duration = _run_killed(export, temp, None, {})
    export_kills = exports_left = 0
    for n in range(1, 5):
        export[2] = str(tmp_path / f"export-{n}.zip")
        ended, _ = _run_killed(export, temp, rng.uniform(0, duration), {})
        export_kills += ended == "killed"
        exports_left += ended == "killed" and bool(_ours(temp))
    merge[1] = str(fresh_coordinator(0))
    _, duration = _run_killed(merge, temp, None, {})  # type: ignore[arg-type]
    killed = attempts = left_behind = 0
    while killed < KILLS and attempts < 3 * KILLS:
        attempts += 1
        merge[1] = str(fresh_coordinator(attempts))
        two = {"FIELDAPP_PARALLEL_VERIFY_MIN": "1" if attempts % 2 else "1000000000"}
        ended, _ = _run_killed(merge, temp, rng.uniform(0, duration), two)  # type: ignore[arg-type]
        killed += ended == "killed"
        # what this kill left (this child's start removed what the earlier ones left)
        left_behind += ended == "killed" and bool(_ours(temp))
    assert killed >= KILLS, f"only {killed} of {attempts} merges were killed in time"
    found = _ours(temp)
    print(
        f"{killed} merges killed ({attempts} tried), {left_behind} left files behind;"
        f" {export_kills} sealed exports killed, {exports_left} left files behind;"
        f" {len(found)} files of fieldapp's before the start"
    )
    assert left_behind >= KILLS // 2, "the kills left nothing: the test would prove nothing"
    # fieldapp starts once (a store is opened): nothing of fieldapp's is left
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    with Store.open(fresh_coordinator(999)):
        pass
    assert _ours(temp) == []
    assert [p.name for p in temp.iterdir()] == []


def test_sweep_removes_only_what_a_gone_process_left(tmp_path: Path) -> None:
    folder = tmp_path / "tmp"
    folder.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        names = {
            "dead": f"fieldapp-bundle-p{gone.pid}-abcd1234.sqlite",
            "dead spool": f"fieldapp-unsealed-p{gone.pid}-abcd1234.spool",
            "dead export": f"fieldapp-export-p{gone.pid}-abcd1234.partial",
            "living": f"fieldapp-bundle-p{living.pid}-abcd1234.sqlite",
            "mine": leftovers.temp_file("bundle", ".sqlite", folder).name,
            "old legacy": "fieldapp-bundle-k3j4h5g6.sqlite",
            "new legacy": "fieldapp-unsealed-k3j4h5g6.spool",
            "not ours": "fieldapp-notes-p1-x.txt",
            "someone's": "other.txt",
        }
        for name in names.values():
            (folder / name).touch()
        day_ago = time.time() - 25 * 3600
        os.utime(folder / names["old legacy"], (day_ago, day_ago))
        removed = {p.name for p in leftovers.sweep(folder)}
        assert removed == {names["dead"], names["dead spool"], names["dead export"],
                           names["old legacy"]}  # fmt: skip
        assert leftovers.sweep(folder) == []
    finally:
        living.kill()
        living.wait()
    assert {p.name for p in leftovers.sweep(folder)} == {names["living"]}
