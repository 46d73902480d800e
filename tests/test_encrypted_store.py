"""An encrypted database, end to end on real files: `fieldapp encrypt` converts a plain one
under the device key's passphrase, the store and the command line open it only with that
passphrase, records and merges work on it, and no record text is left in clear on disk."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from conftest import PASSPHRASE, run_cli

from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import DatabaseError, WrongPassphrase
from fieldapp.messages import code_of
from fieldapp.store import Store

MARKERS = ("قصف مدرسة الزرزور", "MARKER-zarzour-7731")


def _incident(note: str) -> dict[str, object]:
    return {
        "event_date": "2019-05-14",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "admin1": "Idlib",
        "location": "Khan Shaykhun",
        "latitude": 35.44,
        "longitude": 36.65,
        "killed": 3,
        "notes": note,
        "source": MARKERS[1],
    }


def _files_of(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if p.name.startswith(path.name)]


def _in_clear(path: Path) -> list[str]:
    """Markers found in the bytes of the database and every file beside it (-wal, -shm,
    backups, leftovers)."""
    found = []
    for file in _files_of(path):
        data = file.read_bytes()
        found += [f"{file.name}: {m}" for m in MARKERS if m.encode() in data]
    return found


@pytest.fixture
def encrypted(plain_db_path: Path) -> Path:
    db_path = plain_db_path  # made plain (an older fieldapp's), encrypted by the command
    with Store.open(db_path) as store:
        store.add(INCIDENT, _incident(MARKERS[0]))
    assert _in_clear(db_path)  # the check can see them while the file is plain
    result = run_cli("--db", db_path, "encrypt")
    assert result.code == 0, result.err
    assert "Encrypted" in result.out
    Store.lock(db_path)  # as the next process finds it: nothing unlocked
    return db_path


def test_encrypt_leaves_nothing_in_clear_and_sqlite_cannot_read_it(encrypted: Path) -> None:
    assert encrypted.read_bytes()[:16] != b"SQLite format 3\x00"
    assert not _in_clear(encrypted)
    conn = sqlite3.connect(encrypted)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT name FROM sqlite_master").fetchall()
    conn.close()


def test_the_command_line_opens_it_with_the_passphrase_only(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = run_cli("--db", encrypted, "list", "incidents", "--format", "json")
    assert listed.code == 0, listed.err
    assert MARKERS[0] in listed.out
    monkeypatch.delenv("FIELDAPP_PASSPHRASE")
    refused = run_cli("--db", encrypted, "list", "incidents")
    assert refused.code != 0
    assert "FIELDAPP_PASSPHRASE" in refused.err and "Traceback" not in refused.err
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", "not the passphrase")
    before = hashlib.sha256(encrypted.read_bytes()).hexdigest()
    wrong = run_cli("--db", encrypted, "list", "incidents")
    assert wrong.code != 0 and "passphrase does not open" in wrong.err
    assert hashlib.sha256(encrypted.read_bytes()).hexdigest() == before


def test_the_store_says_what_it_needs(encrypted: Path) -> None:
    with pytest.raises(DatabaseError) as needs:
        Store.open(encrypted, create=False)
    assert code_of(needs.value.message) == "database.needs_passphrase"
    with pytest.raises(WrongPassphrase):
        Store.open(encrypted, passphrase="wrong passphrase")
    with Store.open(encrypted, passphrase=PASSPHRASE) as store:
        assert store.encrypted
        record = store.query(INCIDENT)[0]
        store.edit(record["id"], {"killed": 4, "notes": MARKERS[0] + " (edited)"})
        assert store.get(record["id"])["killed"] == 4
    assert not _in_clear(encrypted)


def test_a_bundle_merges_into_an_encrypted_database(
    encrypted: Path, db_path: Path, tmp_path: Path, _template_db: Path
) -> None:
    other = tmp_path / "basel.db"
    assert run_cli("--db", other, "init", "--name", "Basel", "--org", "IRN").code == 0
    with Store.open(other) as store:
        store.add(INCIDENT, _incident("from Basel " + MARKERS[0]))
    bundle = tmp_path / "basel.zip"
    assert run_cli("--db", other, "export", "--out", bundle).code == 0
    merged = run_cli("--db", encrypted, "merge", bundle, "--trust-new")
    assert merged.code == 0, merged.err
    with Store.open(encrypted, passphrase=PASSPHRASE) as store:
        assert store.count(INCIDENT) == 2
    assert not _in_clear(encrypted)


def test_encrypt_refuses_a_passphrase_that_is_not_the_device_keys(
    plain_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = plain_db_path
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", "another long passphrase")
    result = run_cli("--db", db_path, "encrypt")
    assert result.code != 0 and "passphrase" in result.err
    assert not Store.is_encrypted(db_path)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_encrypting_twice_only_checks_and_cleans(encrypted: Path) -> None:
    again = run_cli("--db", encrypted, "encrypt")
    assert again.code == 0, again.err
    assert "already encrypted" in again.out
    assert sorted(p.name for p in _files_of(encrypted)) == [encrypted.name]


def test_a_backup_of_an_encrypted_database_is_encrypted_under_the_same_passphrase(
    encrypted: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "backups" / "copy.db"
    copy.parent.mkdir()
    result = run_cli("--db", encrypted, "backup", copy)
    assert result.code == 0, result.err
    assert Store.is_encrypted(copy) and not _in_clear(copy)
    assert copy.stat().st_mode & 0o777 == 0o600
    Store.lock(copy)
    with Store.open(copy, passphrase=PASSPHRASE) as store:
        assert store.query(INCIDENT)[0]["notes"] == MARKERS[0]
    restored = run_cli("--db", encrypted, "restore-backup", copy)  # and it restores
    assert restored.code == 0, restored.err
    assert Store.is_encrypted(encrypted) and not _in_clear(encrypted)
