"""Migrations on real database files: fresh, upgrade with backup, refusals, rollback."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import PASSPHRASE, raw_connection, run_cli

from fieldapp.errors import DatabaseError
from fieldapp.paths import migrations_dir
from fieldapp.store import Store
from fieldapp.store import migrate as migrations

BACKUP_NAME = re.compile(r"^(?P<db>.+)\.backup-(\d{8}T\d{6})(-\d+)?-schema(?P<version>\d+)$")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _dump(path: Path) -> list[str]:
    conn = raw_connection(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _versions(path: Path) -> list[tuple[int, str]]:
    conn = raw_connection(path)
    try:
        return conn.execute(
            "SELECT version, name FROM schema_migrations ORDER BY version"
        ).fetchall()
    finally:
        conn.close()


def _siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def _only_first(tmp_path: Path) -> Path:
    """A migrations folder holding only 0001 (whatever else the app has gained since)."""
    folder = tmp_path / "migrations-v1"
    folder.mkdir()
    shutil.copy(migrations_dir() / "0001_initial.sql", folder)
    return folder


def _with_extra(tmp_path: Path, base: Path, name: str, sql: str) -> Path:
    folder = tmp_path / f"migrations-{name}"
    shutil.copytree(base, folder)
    (folder / name).write_text(sql, encoding="utf-8")
    return folder


def extra_migration(tmp_path: Path) -> Path:
    """The app's migrations and one more (a column): opening an up-to-date database then
    migrates it, backup first (the file-mode and leftover tests use it too)."""
    latest = migrations.available()[-1].version
    name = f"{latest + 1:04d}_test_flag.sql"
    sql = "ALTER TABLE incidents ADD COLUMN test_flag INTEGER;\n"
    return _with_extra(tmp_path, migrations_dir(), name, sql)


def _version1_db(tmp_path: Path) -> Path:
    """A database at schema 1 holding a little data, as an older fieldapp left it."""
    path = tmp_path / "old" / "field.db"
    path.parent.mkdir()
    conn = raw_connection(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    migrations.migrate(conn, path, _only_first(tmp_path))
    conn.execute("INSERT INTO settings (key, value) VALUES ('kept', 'yes')")
    conn.close()
    return path


def test_fresh_database_records_every_migration(tmp_path: Path) -> None:
    path = tmp_path / "new" / "field.db"
    with Store.open(path) as store:
        assert store.backup_path is None  # nothing to back up in a new file
        expected = [(m.version, m.name) for m in migrations.available()]
        assert store.schema_version() == expected[-1][0]
    assert _versions(path) == expected
    assert expected[0] == (1, "initial")
    assert not [n for n in _siblings(path) if ".backup-" in n]
    conn = raw_connection(path)
    applied_at = conn.execute("SELECT applied_at FROM schema_migrations").fetchall()
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", a) for (a,) in applied_at)
    assert {"revisions", "heads", "incidents", "displacements", "device", "devices"} <= tables


def test_reopening_an_up_to_date_database_changes_nothing(db_path: Path) -> None:
    before = _dump(db_path)
    with Store.open(db_path) as store:
        assert store.backup_path is None
    assert _dump(db_path) == before
    assert not [n for n in _siblings(db_path) if ".backup-" in n]


def test_upgrade_applies_records_and_backs_up_first(tmp_path: Path) -> None:
    path = _version1_db(tmp_path)
    before = _dump(path)
    folder = _with_extra(
        tmp_path,
        tmp_path / "migrations-v1",  # made by _version1_db
        "0002_test_extra.sql",
        "-- a test migration\n"
        "CREATE TABLE test_extra (id INTEGER PRIMARY KEY, note TEXT NOT NULL);\n"
        "INSERT INTO test_extra (note) VALUES ('added by 0002');\n"
        "ALTER TABLE settings ADD COLUMN changed_at TEXT;\n",
    )
    conn = raw_connection(path, isolation_level=None)
    backup = migrations.migrate(conn, path, folder)
    conn.close()

    assert _versions(path) == [(1, "initial"), (2, "test_extra")]
    conn = raw_connection(path)
    assert conn.execute("SELECT note FROM test_extra").fetchall() == [("added by 0002",)]
    assert conn.execute("SELECT key, value, changed_at FROM settings").fetchall() == [
        ("kept", "yes", None)
    ]
    conn.close()

    assert backup is not None and backup.exists()
    match = BACKUP_NAME.match(backup.name)
    assert match and match["db"] == "field.db" and match["version"] == "1", backup.name
    assert backup.parent == path.parent
    # The backup is a complete, valid copy of the database as it was before migrating.
    check = raw_connection(backup)
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()
    assert _dump(backup) == before
    assert _versions(backup) == [(1, "initial")]


def test_store_open_upgrades_an_initialised_database(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's own path: Store.open finds the newer migration, backs up, migrates."""
    latest = migrations.available()[-1].version
    name = f"{latest + 1:04d}_test_column.sql"
    folder = _with_extra(
        tmp_path, migrations_dir(), name, "ALTER TABLE incidents ADD COLUMN test_flag INTEGER;\n"
    )
    with Store.open(db_path) as store:
        record = store.add(
            "incident",
            {
                "event_date": "2019-05-14",
                "event_type": "Protests",
                "sub_event_type": "Peaceful protest",
                "location": "Azaz",
            },
        )
    monkeypatch.setattr(migrations, "migrations_dir", lambda: folder)
    with Store.open(db_path) as store:
        assert store.schema_version() == latest + 1
        assert store.backup_path is not None
        assert store.get(record)["location"] == "Azaz"
        cols = {r[1] for r in store.db.execute("PRAGMA table_info(incidents)")}
        assert "test_flag" in cols
        backup = store.backup_path
    # the backup opens (and migrates itself) like any file, under the same passphrase
    with Store.open(backup, passphrase=PASSPHRASE) as old:
        assert old.get(record)["location"] == "Azaz"


def test_newer_schema_is_refused_and_never_touched(db_path: Path) -> None:
    conn = raw_connection(db_path)
    conn.execute("INSERT INTO schema_migrations VALUES (99, 'from_the_future', 'x')")
    conn.commit()
    conn.close()
    digest, siblings = _digest(db_path), _siblings(db_path)
    assert not Path(f"{db_path}-wal").exists()

    with pytest.raises(DatabaseError) as info:
        Store.open(db_path)
    message = str(info.value)
    assert "99" in message and "newer fieldapp" in message and "not changed" in message
    assert _digest(db_path) == digest
    assert _siblings(db_path) == siblings  # no -wal, -shm or backup file left behind

    result = run_cli("--db", db_path, "list", "incidents")
    assert result.code != 0
    assert result.err.count("\n") == 1 and "newer fieldapp" in result.err
    assert _digest(db_path) == digest


def test_failing_migration_rolls_back_and_leaves_the_database_unchanged(tmp_path: Path) -> None:
    path = _version1_db(tmp_path)
    before = _dump(path)
    folder = _with_extra(
        tmp_path,
        tmp_path / "migrations-v1",
        "0002_broken.sql",
        "CREATE TABLE half_done (x INTEGER);\n"
        "INSERT INTO half_done VALUES (1);\n"
        "INSERT INTO no_such_table VALUES (1);\n",
    )
    conn = raw_connection(path, isolation_level=None)
    with pytest.raises(DatabaseError) as info:
        migrations.migrate(conn, path, folder)
    assert not conn.in_transaction
    conn.close()
    assert "0002_broken.sql" in str(info.value) and "no_such_table" in str(info.value)
    assert _dump(path) == before  # half_done was rolled back with the rest
    assert _versions(path) == [(1, "initial")]


def test_incomplete_migration_file_is_refused_before_any_write(tmp_path: Path) -> None:
    path = _version1_db(tmp_path)
    digest = _digest(path)
    folder = _with_extra(
        tmp_path, tmp_path / "migrations-v1", "0002_cut_short.sql", "CREATE TABLE t (\n  x INT"
    )
    conn = raw_connection(path, isolation_level=None)
    with pytest.raises(DatabaseError, match="incomplete statement"):
        migrations.migrate(conn, path, folder)
    conn.close()
    assert _digest(path) == digest
    assert not [n for n in _siblings(path) if ".backup-" in n]


def test_migrations_must_be_numbered_without_gaps(tmp_path: Path) -> None:
    folder = _with_extra(tmp_path, _only_first(tmp_path), "0003_skips_two.sql", "SELECT 1;")
    with pytest.raises(DatabaseError, match=r"not numbered 1\.\.n"):
        migrations.available(folder)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"This is a shopping list, not a database.\n" * 200)
    digest = _digest(path)
    with pytest.raises(DatabaseError, match="not a fieldapp database"):
        Store.open(path)
    assert _digest(path) == digest
    assert _siblings(path) == []

    result = run_cli("--db", path, "list", "incidents")
    assert result.code != 0
    assert result.err.count("\n") == 1 and "not a fieldapp database" in result.err
    assert "Traceback" not in result.err


def test_another_programs_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "contacts.sqlite"
    conn = raw_connection(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Amal', '+963')")
    conn.commit()
    conn.close()
    digest = _digest(path)
    with pytest.raises(DatabaseError, match="another program"):
        Store.open(path)
    assert _digest(path) == digest  # not even switched to WAL
    assert _siblings(path) == []


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder"):
        Store.open(tmp_path)


def test_missing_file_is_not_created_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.db"
    with pytest.raises(DatabaseError, match="fieldapp init"):
        Store.open(path, create=False)
    assert not path.exists()
