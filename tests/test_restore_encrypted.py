"""Restoring backups when the database or the backup is encrypted (store/backup_encrypted.py,
ops.files.restore_backup, `fieldapp restore-backup`).

Real encrypted databases, real backups made by ops.files.backup, then restores: the
records come back; a missing, wrong or mistyped passphrase and a damaged backup change no
byte of the database; a backup made before a passphrase change needs the old passphrase
and the database opens with it afterwards; a plain backup restored into an encrypted
database is encrypted on its way in, and the copy kept beside it is encrypted too.

Key derivation costs about 0.4 s: one encrypted database is made per module and copied
(a copy shares its key and salt, as a backup does).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import PASSPHRASE

from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import Cancelled, DatabaseError, WrongPassphrase
from fieldapp.ops import files as file_ops
from fieldapp.progress import Task
from fieldapp.store import Store, cipher

OLD = PASSPHRASE  # the passphrase of the backups made before the change
NEW = "a new passphrase 2"
MARKER = "Zz-marker-Qalaat-al-Madiq"  # a place name to look for in the files' bytes


def _values(location: str) -> dict[str, str]:
    return {"event_date": "2019-05-01", "sub_event_type": "Attack", "location": location}


def _device(store: Store) -> None:
    """A device row, so that records can be added (no key pair: nothing here signs)."""
    store.save_device(
        fingerprint="f" * 64,
        name="Amal",
        organisation="Idlib Response Network",
        public_key="-",
        certificate="-",
        private_key="-",
    )


@pytest.fixture(scope="module")
def _encrypted_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    path = tmp_path_factory.mktemp("encrypted") / "template.db"
    with Store.open(path, create=True, encrypt=True, passphrase=OLD) as store:
        _device(store)
        store.add(INCIDENT, _values("Kafr Nabl"))
        key = store._key
    assert key is not None
    _settle(path, key)
    return path, key


def _settle(path: Path, key: bytes) -> None:
    """The WAL written into the file, so that a copy of the file alone is the database."""
    conn = cipher.connect(path, key=key)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@pytest.fixture
def encrypted_db(_encrypted_template: tuple[Path, bytes], tmp_path: Path) -> Path:
    """A fresh encrypted database (passphrase OLD) with one record, unlocked here."""
    template, key = _encrypted_template
    path = tmp_path / "live" / "field.db"
    path.parent.mkdir()
    shutil.copy(template, path)
    cipher.remember(path, key)
    return path


def _plain_db(path: Path, location: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(path, create=True) as store:
        _device(store)
        store.add(INCIDENT, _values(location))
    return path


def _locations(path: Path) -> list[str]:
    with Store.open(path, create=False) as store:
        return sorted(r["location"] for r in store.query(INCIDENT))


def _add(path: Path, location: str) -> None:
    with Store.open(path, create=False) as store:
        store.add(INCIDENT, _values(location))


def _state(path: Path) -> dict[str, str]:
    """Every file of the database's folder and a hash of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.parent.iterdir())
        if p.is_file()
    }


def _assert_encrypted(path: Path) -> None:
    data = path.read_bytes()
    assert data[:16] != cipher.PLAIN_HEADER
    assert MARKER.encode() not in data


def _rekey(path: Path, old: str, new: str) -> bytes:
    """Change the database's passphrase, as `fieldapp passphrase` does, and unlock it."""
    key = cipher.rekey(path, old, new)
    cipher.remember(path, key)
    return key


# -- encrypted backup into an encrypted database -----------------------------------------


def test_an_encrypted_backup_comes_back_and_the_kept_copy_is_encrypted(encrypted_db, tmp_path):
    _add(encrypted_db, MARKER)
    backup = file_ops.backup(encrypted_db, tmp_path / "backup.db").path
    assert cipher.read_salt(backup) == cipher.read_salt(encrypted_db)
    _add(encrypted_db, "Saraqib")
    key = cipher.known_key(encrypted_db)
    before = _state(encrypted_db)

    with pytest.raises(Cancelled):  # a cancel while copying: nothing written, nothing kept
        file_ops.restore_backup(encrypted_db, backup, task=Task(cancelled=lambda: True))
    assert _state(encrypted_db) == before

    with Store.open(encrypted_db) as window:  # the window's connection stays open
        done = file_ops.restore_backup(encrypted_db, backup)
        assert sorted(r["location"] for r in window.query(INCIDENT)) == ["Kafr Nabl", MARKER]
    assert not done.rekeyed and cipher.known_key(encrypted_db) == key
    assert _locations(encrypted_db) == ["Kafr Nabl", MARKER]
    assert cipher.unlock(encrypted_db, OLD) == key
    previous = done.previous
    assert previous is not None and previous.parent == encrypted_db.parent
    assert previous.read_bytes()[:16] != cipher.PLAIN_HEADER
    with Store.open(previous, create=False, passphrase=OLD) as kept:
        assert len(kept.query(INCIDENT)) == 3
    assert not [p.name for p in encrypted_db.parent.iterdir() if p.name.endswith(".tmp")]


def test_missing_wrong_passphrase_or_damaged_backup_changes_nothing(encrypted_db, tmp_path):
    backup = file_ops.backup(encrypted_db, tmp_path / "before-change.db").path
    _add(encrypted_db, "Saraqib")
    new_key = _rekey(encrypted_db, OLD, NEW)  # the backup keeps the OLD passphrase
    before = _state(encrypted_db)

    with pytest.raises(file_ops.BackupNeedsPassphrase) as needs:
        file_ops.restore_backup(encrypted_db, backup)
    assert needs.value.code == "restore.backup_needs_passphrase"
    with pytest.raises(file_ops.BackupNeedsPassphrase):
        file_ops.check_backup(encrypted_db, backup)
    with pytest.raises(WrongPassphrase):
        file_ops.restore_backup(encrypted_db, backup, "not the passphrase")
    assert _state(encrypted_db) == before

    data = backup.read_bytes()
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(data[: len(data) // 2 + 100])
    whole_pages = tmp_path / "short.db"  # whole pages, but not all of them
    whole_pages.write_bytes(data[: cipher.PAGE_SIZE])
    flipped = tmp_path / "flipped.db"
    flipped.write_bytes(data[:-100] + bytes(b ^ 0xFF for b in data[-100:]))
    for damaged in (truncated, whole_pages, flipped):
        with pytest.raises(DatabaseError):
            file_ops.restore_backup(encrypted_db, damaged, OLD)
        assert _state(encrypted_db) == before, damaged.name
    assert cipher.known_key(encrypted_db) == new_key

    done = file_ops.restore_backup(encrypted_db, backup, OLD)
    assert done.rekeyed and _locations(encrypted_db) == ["Kafr Nabl"]
    old_key = cipher.unlock(encrypted_db, OLD)  # it opens with the backup's passphrase
    assert cipher.known_key(encrypted_db) == old_key != new_key
    with pytest.raises(WrongPassphrase):
        cipher.unlock(encrypted_db, NEW)
    assert done.previous is not None
    with Store.open(done.previous, create=False, passphrase=NEW) as kept:  # as it was
        assert len(kept.query(INCIDENT)) == 2


def test_a_writer_or_a_failed_rekey_leaves_the_database_as_it_was(
    encrypted_db, tmp_path, monkeypatch
):
    monkeypatch.setattr("fieldapp.store.backup._LOCK_TIMEOUT_S", 0.2)
    backup = file_ops.backup(encrypted_db, tmp_path / "before-change.db").path
    _add(encrypted_db, "Saraqib")
    new_key = _rekey(encrypted_db, OLD, NEW)
    before = _state(encrypted_db)
    with Store.open(encrypted_db) as other:
        other.db.execute("BEGIN IMMEDIATE")  # another window is writing
        with pytest.raises(DatabaseError, match="in use"):
            file_ops.restore_backup(encrypted_db, backup, OLD)
        other.db.execute("ROLLBACK")
    assert _state(encrypted_db)["field.db"] == before["field.db"]

    def broken(*_args: object) -> bytes:
        raise DatabaseError("the disk is full (simulated)")

    monkeypatch.setattr(cipher, "rekey_connection", broken)
    with pytest.raises(DatabaseError, match="simulated"):
        file_ops.restore_backup(encrypted_db, backup, OLD)
    # the backup had been written in; the content kept beside it was written back
    assert _locations(encrypted_db) == ["Kafr Nabl", "Saraqib"]
    assert cipher.known_key(encrypted_db) == new_key == cipher.unlock(encrypted_db, NEW)


# -- plain and encrypted mixed ------------------------------------------------------------


def test_a_plain_backup_is_encrypted_on_its_way_in(encrypted_db, tmp_path):
    plain = _plain_db(tmp_path / "plain" / "plain.db", MARKER)
    backup = file_ops.backup(plain, tmp_path / "plain-backup.db").path
    assert backup.read_bytes()[:16] == cipher.PLAIN_HEADER and MARKER.encode() in (
        backup.read_bytes()
    )
    key = cipher.known_key(encrypted_db)

    done = file_ops.restore_backup(encrypted_db, backup)
    assert not done.rekeyed and cipher.known_key(encrypted_db) == key
    assert _locations(encrypted_db) == [MARKER]
    for path in encrypted_db.parent.iterdir():  # the database, its WAL, the kept copy
        _assert_encrypted(path)
    assert done.previous is not None and done.previous.exists()
    assert cipher.unlock(encrypted_db, OLD) == key  # the database's own passphrase still


def test_an_encrypted_backup_into_a_plain_database_is_refused(encrypted_db, tmp_path):
    backup = file_ops.backup(encrypted_db, tmp_path / "encrypted-backup.db").path
    plain = _plain_db(tmp_path / "plain" / "plain.db", MARKER)
    before = _state(plain)
    with pytest.raises(DatabaseError) as refused:
        file_ops.restore_backup(plain, backup)
    assert refused.value.code == "restore.encrypt_first"
    assert "fieldapp encrypt" in str(refused.value)
    assert _state(plain) == before
    # where there is no database yet, the backup comes back as it is: encrypted
    fresh = tmp_path / "new" / "field.db"
    with pytest.raises(file_ops.BackupNeedsPassphrase):  # no database's key to try
        file_ops.restore_backup(fresh, backup)
    assert not fresh.parent.exists() or not list(fresh.parent.iterdir())
    done = file_ops.restore_backup(fresh, backup, OLD)
    assert not done.rekeyed and cipher.known_key(fresh) == cipher.known_key(encrypted_db)
    assert done.previous is None and cipher.is_encrypted(fresh)
    assert cipher.read_salt(fresh) == cipher.read_salt(backup)
    assert _locations(fresh) == ["Kafr Nabl"]


# -- the command line ----------------------------------------------------------------------


def test_cli_restore_backup_of_encrypted_databases(cli, encrypted_db, tmp_path, monkeypatch):
    monkeypatch.delenv("FIELDAPP_BACKUP_PASSPHRASE", raising=False)
    same = tmp_path / "same-key.db"
    assert cli("--db", encrypted_db, "backup", same).code == 0
    _add(encrypted_db, "Saraqib")
    result = cli("--db", encrypted_db, "restore-backup", same)
    assert result.code == 0, result.err
    assert "Restored" in result.out and "now opens with" not in result.out
    assert _locations(encrypted_db) == ["Kafr Nabl"]

    _add(encrypted_db, "Saraqib")
    _rekey(encrypted_db, OLD, NEW)
    before = _state(encrypted_db)
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", "a wrong passphrase")
    result = cli("--db", encrypted_db, "restore-backup", same)
    assert result.code != 0 and "passphrase does not open" in result.err
    assert result.err.startswith("fieldapp: error: ") and result.err.count("\n") == 1
    assert _state(encrypted_db) == before
    monkeypatch.delenv("FIELDAPP_PASSPHRASE")
    result = cli("--db", encrypted_db, "restore-backup", same)  # no terminal to ask on
    assert result.code != 0 and "FIELDAPP_BACKUP_PASSPHRASE" in result.err
    assert _state(encrypted_db) == before

    monkeypatch.setenv("FIELDAPP_BACKUP_PASSPHRASE", OLD)  # the database's stays in the other
    result = cli("--db", encrypted_db, "restore-backup", same)
    assert result.code == 0, result.err
    assert "now opens with the passphrase the backup had" in result.out
    assert _locations(encrypted_db) == ["Kafr Nabl"]
    cipher.unlock(encrypted_db, OLD)

    plain = _plain_db(tmp_path / "plain" / "plain.db", MARKER)
    plain_backup = tmp_path / "plain-backup.db"
    assert cli("--db", plain, "backup", plain_backup).code == 0
    result = cli("--db", encrypted_db, "restore-backup", plain_backup)
    assert result.code == 0, result.err
    assert _locations(encrypted_db) == [MARKER]
    for path in encrypted_db.parent.iterdir():
        _assert_encrypted(path)

    before = _state(plain)
    result = cli("--db", plain, "restore-backup", same)
    assert result.code != 0 and "fieldapp encrypt" in result.err
    assert _state(plain) == before
