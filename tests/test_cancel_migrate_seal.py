"""Cancel during a migration and during sealing: the two long steps below the operations
layer that could not be cancelled. Real database files, real age encryption."""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest
from conftest import raw_connection
from pyrage import x25519
from test_migrations import _dump, _siblings, _version1_db, _versions, _with_extra

from fieldapp.errors import Cancelled
from fieldapp.store import migrate as migrations
from fieldapp.sync.seal import seal_file


def _after(calls: int):
    """A Cancel flag that turns true on its `calls`-th question (and stays true)."""
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked >= calls

    return cancelled


def _two_migrations(tmp_path: Path) -> tuple[Path, Path]:
    path = _version1_db(tmp_path)
    # enough rows that the pre-migration backup takes several steps
    conn = raw_connection(path, isolation_level=None)
    conn.execute("CREATE TABLE IF NOT EXISTS filler (x BLOB)")
    conn.executemany("INSERT INTO filler VALUES (?)", [(b"x" * 4000,) for _ in range(5000)])
    conn.close()
    folder = _with_extra(
        tmp_path,
        tmp_path / "migrations-v1",
        "0002_one.sql",
        "CREATE TABLE one (id INTEGER PRIMARY KEY);\nINSERT INTO one VALUES (1);\n",
    )
    (folder / "0003_two.sql").write_text(
        "CREATE TABLE two (id INTEGER PRIMARY KEY);\nINSERT INTO two VALUES (2);\n",
        encoding="utf-8",
    )
    return path, folder


def test_a_migration_cancelled_during_the_backup_writes_nothing(tmp_path: Path) -> None:
    path, folder = _two_migrations(tmp_path)
    before, files = _dump(path), _siblings(path)
    conn = raw_connection(path, isolation_level=None)
    with pytest.raises(Cancelled):
        # the first question is before the backup; the third is inside it
        migrations.migrate(conn, path, folder, cancelled=_after(3))
    conn.close()
    assert _dump(path) == before
    assert _siblings(path) == files  # no half-written backup left beside it
    assert _versions(path) == [(1, "initial")]


def test_a_migration_cancelled_between_migrations_keeps_a_known_version(
    tmp_path: Path,
) -> None:
    path, folder = _two_migrations(tmp_path)
    seen: list[tuple[int, int]] = []
    conn = raw_connection(path, isolation_level=None)
    flag_after_first = {"on": False}

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 2:  # 0002's two statements ran: cancel before 0003 starts
            flag_after_first["on"] = True

    with pytest.raises(Cancelled):
        migrations.migrate(
            conn, path, folder, progress=progress, cancelled=lambda: flag_after_first["on"]
        )
    conn.close()
    # 0002 was cancelled at its end, before its COMMIT: rolled back whole, nothing of it
    assert _versions(path) == [(1, "initial")]
    check = raw_connection(path)
    tables = {r[0] for r in check.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    check.close()
    assert "one" not in tables and "two" not in tables
    assert seen[-1] == (2, 4)
    # and the next open, not cancelled, finishes the job
    conn = raw_connection(path, isolation_level=None)
    migrations.migrate(conn, path, folder)
    conn.close()
    assert _versions(path) == [(1, "initial"), (2, "one"), (3, "two")]


def test_sealing_cancelled_midway_leaves_no_sealed_file(tmp_path: Path) -> None:
    src = tmp_path / "bundle.zip"
    src.write_bytes(b"PK" + bytes(range(256)) * 40_000)  # ~10 MB, many rage reads
    dest = tmp_path / "bundle.age"
    recipient = x25519.Identity.generate().to_public()
    reads: list[int] = []
    with pytest.raises(Cancelled):
        seal_file(
            src,
            dest,
            recipient,
            progress=lambda done, total: reads.append(done),
            cancelled=_after(4),
        )
    assert not dest.exists()
    assert 0 < len(reads) < 10  # it stopped early, not at the end


def test_sealing_not_cancelled_opens_with_the_identity(tmp_path: Path) -> None:
    src = tmp_path / "bundle.zip"
    payload = bytes(range(256)) * 20_000
    src.write_bytes(payload)
    dest = tmp_path / "bundle.age"
    identity = x25519.Identity.generate()
    done: list[tuple[int, int]] = []
    seal_file(src, dest, identity.to_public(), progress=lambda d, t: done.append((d, t)))
    assert pyrage.decrypt(dest.read_bytes(), [identity]) == payload
    assert done[-1] == (len(payload), len(payload))
