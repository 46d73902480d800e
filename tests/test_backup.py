"""Backing up and restoring the database file: the store functions and the CLI commands."""

from __future__ import annotations

import sqlite3
import stat

import pytest
from conftest import PASSPHRASE

from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import Cancelled, DatabaseError
from fieldapp.store import Store, cipher
from fieldapp.store.backup import backup_database, check_database_file, restore_database

INCIDENT_VALUES = {"event_date": "2019-05-01", "sub_event_type": "Attack", "location": "Dana"}


def _open(path):
    """A backup or a kept copy: plain, or encrypted under the test databases' passphrase
    (a backup of an encrypted database is encrypted; the fixtures may be either)."""
    return Store.open(path, create=False, passphrase=PASSPHRASE)


def _connect(path, like):
    """A DB-API connection under the store to a copy of the database `like`."""
    if cipher.is_encrypted(path):
        return cipher.connect(path, key=cipher.known_key(like))
    return sqlite3.connect(path)


def test_backup_is_a_consistent_private_copy_while_the_database_is_open(demo_db_path, tmp_path):
    out = tmp_path / "copies" / "backup.db"
    with Store.open(demo_db_path) as live:
        # an uncommitted write in progress on the open database is not in the copy
        live.db.execute("BEGIN IMMEDIATE")
        live.db.execute("UPDATE settings SET value = value WHERE 0")
        count = live.count(INCIDENT)
        seen = []
        assert backup_database(demo_db_path, out, lambda d, t: seen.append((d, t))) == out
        live.db.execute("ROLLBACK")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert seen and seen[-1][0] == seen[-1][1] > 0
    assert [p.name for p in out.parent.iterdir()] == ["backup.db"]  # no temporary left
    assert check_database_file(out, key=cipher.known_key(demo_db_path)) >= 1
    with _open(out) as copy:
        assert copy.count(INCIDENT) == count > 0
        assert copy.require_device().name == "Amal"


def test_backup_refuses_to_overwrite_and_a_cancel_leaves_nothing(db_path, tmp_path):
    out = tmp_path / "b.db"
    out.write_text("keep me")
    with pytest.raises(DatabaseError, match="already exists"):
        backup_database(db_path, out)
    assert out.read_text() == "keep me"
    with pytest.raises(Cancelled):
        backup_database(db_path, out, cancelled=lambda: True, replace=True)
    assert out.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    with pytest.raises(DatabaseError, match="the database itself"):
        backup_database(db_path, db_path, replace=True)


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no file at"),
        (b"this is not sqlite" * 100, "not a fieldapp database"),
        ("other-program", "another program"),
        ("empty-sqlite", "not a fieldapp database"),
        ("newer", "newer fieldapp"),
    ],
)
def test_a_bad_backup_file_is_refused_and_nothing_changes(db_path, tmp_path, content, message):
    bad = tmp_path / "bad.db"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    elif content == "other-program":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE photos (id)")
        conn.close()
    elif content == "empty-sqlite":
        sqlite3.connect(bad).execute("PRAGMA user_version = 1").connection.close()
    elif content == "newer":
        bad.write_bytes(db_path.read_bytes())
        conn = _connect(bad, db_path)
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'x')")
        conn.commit()
        conn.close()
    with Store.open(db_path) as store:
        store.add(INCIDENT, INCIDENT_VALUES)
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match=message):
        restore_database(db_path, bad)
    assert db_path.read_bytes() == before
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_restore_keeps_the_current_database_and_replaces_it(demo_db_path, db_path, tmp_path):
    backup = backup_database(db_path, tmp_path / "empty-backup.db")  # no records
    with Store.open(demo_db_path) as store:
        count = store.count(INCIDENT)
    result = restore_database(demo_db_path, backup)
    assert result.previous is not None and result.previous.name.startswith("demo.db.before-")
    with Store.open(demo_db_path) as store:
        assert store.count(INCIDENT) == 0
    with _open(result.previous) as kept:
        assert kept.count(INCIDENT) == count > 0


def test_restore_works_under_an_open_reader_and_waits_for_a_writer(
    demo_db_path, db_path, tmp_path, monkeypatch
):
    monkeypatch.setattr("fieldapp.store.backup._LOCK_TIMEOUT_S", 0.2)
    backup = backup_database(db_path, tmp_path / "b.db")
    with Store.open(demo_db_path) as other:
        other.db.execute("BEGIN IMMEDIATE")  # a writer holds the database
        with pytest.raises(DatabaseError, match="in use"):
            restore_database(demo_db_path, backup)
        other.db.execute("ROLLBACK")
        assert other.count(INCIDENT) > 0
        restore_database(demo_db_path, backup)  # an idle connection (the window's) is fine
        assert other.count(INCIDENT) == 0  # and it sees the restored content


def test_restore_across_page_sizes_and_over_a_damaged_file(db_path, tmp_path):
    old = tmp_path / "old-4k.db"  # a plain database of 4 KiB pages (made by an old version)
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA page_size = 4096")
    conn.execute("VACUUM")
    conn.close()
    with Store.open(old) as store:
        store.set_setting("marker", "old-4k")
    with Store.open(db_path) as store:
        store.add(INCIDENT, INCIDENT_VALUES)
        page = store.db.execute("PRAGMA page_size").fetchone()[0]
    assert page != 4096 and cipher.describe(old) == "plain"
    restore_database(db_path, old)
    with Store.open(db_path) as store:
        assert store.count(INCIDENT) == 0 and store.setting("marker") == "old-4k"
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"garbage" * 1000)
    result = restore_database(broken, old)
    assert result.previous is not None and result.previous.read_bytes() == b"garbage" * 1000
    with Store.open(broken) as store:
        assert store.setting("marker") == "old-4k"


def test_cli_backup_and_restore_backup(cli, demo_db_path, tmp_path):
    out = tmp_path / "out.db"
    result = cli("--db", demo_db_path, "backup", out)
    assert result.code == 0, result.err
    assert f"to {out}" in result.out
    again = cli("--db", demo_db_path, "backup", out)
    assert again.code != 0 and "already exists" in again.err
    assert again.err.count("\n") == 1
    assert cli("--db", demo_db_path, "backup", out, "--force").code == 0
    assert cli("--db", demo_db_path, "delete", _first_id(demo_db_path)).code == 0
    result = cli("--db", demo_db_path, "restore-backup", out)
    assert result.code == 0, result.err
    kept = [line for line in result.out.splitlines() if "kept in" in line]
    assert len(kept) == 1 and "before-restore" in kept[0]
    with Store.open(demo_db_path) as store:
        assert store.get(_first_id(out)) is not None


@pytest.mark.parametrize("what", ["missing", "not-a-db"])
def test_cli_restore_backup_refuses_bad_input_in_one_line(cli, db_path, tmp_path, what):
    bad = tmp_path / "bad.db"
    if what == "not-a-db":
        bad.write_text("hello")
    before = db_path.read_bytes()
    result = cli("--db", db_path, "restore-backup", bad)
    assert result.code != 0
    assert result.err.startswith("fieldapp: error: ") and result.err.count("\n") == 1
    assert db_path.read_bytes() == before


def _first_id(path) -> str:
    with _open(path) as store:
        return store.query(INCIDENT)[0]["id"]
