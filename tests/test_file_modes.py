"""Every file that holds records is readable by its owner only (0600), whatever the umask:
databases and their -wal/-shm, migration backups, backups and a restore's kept copy."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_migrations import extra_migration

from fieldapp.store import Store, leftovers
from fieldapp.store import migrate as migrations
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    """The usual umask, which gives 0644 files unless fieldapp asks for less."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _modes(folder: Path) -> dict[str, str]:
    return {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in folder.iterdir() if p.is_file()}


def _all_private(folder: Path) -> None:
    modes = _modes(folder)
    assert modes and all(mode == "0o600" for mode in modes.values()), modes


@pytest.mark.parametrize("plain", [False, True])
def test_init_makes_a_private_database_wal_and_shm(cli, tmp_path: Path, plain: bool) -> None:
    folder = tmp_path / "data"
    db = folder / "field.db"
    args = ["--db", db, "init", "--name", "Amal", "--org", "IRN"]
    result = cli(*args, *(["--plain"] if plain else []))
    assert result.code == 0, result.err
    # held open: the -wal and -shm exist while a connection has written
    with Store.open(db, passphrase=None if plain else PASSPHRASE) as store:
        store.set_setting("touched", "yes")
        names = {p.name for p in folder.iterdir()}
        assert {"field.db-wal", "field.db-shm"} <= names, names
        _all_private(folder)
    _all_private(folder)


@pytest.mark.parametrize("encrypted", [True, False])
def test_a_migration_backup_is_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encrypted: bool
) -> None:
    folder = tmp_path / "data"
    db = folder / "field.db"
    passphrase = PASSPHRASE if encrypted else None
    Store.open(db, encrypt=encrypted, passphrase=passphrase).close()
    extra = extra_migration(tmp_path)
    monkeypatch.setattr(migrations, "migrations_dir", lambda: extra)
    with Store.open(db, passphrase=passphrase) as store:
        backup = store.backup_path
    assert backup is not None and ".backup-" in backup.name
    assert [p.name for p in folder.iterdir() if "unfinished" in p.name] == []
    _all_private(folder)
    with Store.open(backup, passphrase=passphrase) as old:  # a complete copy
        assert old.schema_version() >= 1


def test_backup_and_a_restores_kept_copy_are_private(cli, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "usb" / "copy.db"
    out.parent.mkdir()
    assert cli("--db", db_path, "backup", out).code == 0
    _all_private(out.parent)
    result = cli("--db", db_path, "restore-backup", out)
    assert result.code == 0, result.err
    kept = [p for p in db_path.parent.iterdir() if ".before-restore-" in p.name]
    assert len(kept) == 1
    assert oct(stat.S_IMODE(kept[0].stat().st_mode)) == "0o600"
    assert oct(stat.S_IMODE(db_path.stat().st_mode)) == "0o600"


def test_a_plain_restore_into_a_missing_database_is_private(
    cli, plain_db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "usb" / "plain-copy.db"
    out.parent.mkdir()
    assert cli("--db", plain_db_path, "backup", out).code == 0
    _all_private(out.parent)
    target = tmp_path / "new" / "field.db"
    target.parent.mkdir()
    result = cli("--db", target, "restore-backup", out)
    assert result.code == 0, result.err
    _all_private(target.parent)


def test_an_unfinished_backup_of_a_gone_process_is_removed(tmp_path: Path) -> None:
    db = tmp_path / "field.db"
    gone = tmp_path / f".field.db.unfinished-backup-p{2**22 + 7}-0a1b2c3d"
    journal = Path(f"{gone}-journal")
    mine = leftovers.beside_name(db, "backup")
    for path in (gone, journal, mine):
        path.write_bytes(b"half")
    assert sorted(leftovers.sweep_beside(db, "backup")) == [gone, journal]
    assert mine.exists()
