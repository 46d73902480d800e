"""The encrypted file format (fieldapp/store/cipher.py: FORMAT, FORMERLY): new files are
format 2 (HMAC-SHA256 per page); a file of format 1 (HMAC-SHA512) still opens, is read,
written, verified against and merged into, and `fieldapp encrypt` rewrites it in format 2
under the same passphrase, safely against a kill at any moment. Checked on real files with
SQLCipher itself, not only through fieldapp's own opener."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest
from conftest import PASSPHRASE, copy_database, run_cli
from sqlcipher3 import dbapi2 as sqlcipher
from test_cipher import CHILD, run_killable

from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import DatabaseError, WrongPassphrase
from fieldapp.store import Store, cipher, cipher_convert

FAST_N = 2**10
FORMAT_1 = "HMAC_SHA512"
INCIDENT_ROW = {"sub_event_type": "Air/drone strike", "location": "Dana", "admin1": "Idlib"}


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cipher, "_SCRYPT_N", FAST_N)


def opens_with(path: Path, hmac: str, passphrase: str = PASSPHRASE) -> bool:
    """Whether SQLCipher itself (not fieldapp's opener) reads the file with this HMAC."""
    key = cipher.derive_key(passphrase, cipher.read_salt(path))
    conn = sqlcipher.connect(str(path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA cipher_compatibility = 4")
        conn.execute("PRAGMA cipher_page_size = 8192")
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {hmac}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher.DatabaseError:
        return False
    finally:
        conn.close()


def content(path: Path) -> cipher.Content:
    conn = cipher.connect(path, PASSPHRASE)
    try:
        return cipher.content(conn)
    finally:
        conn.close()


@pytest.fixture
def format_1(plain_demo_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo database encrypted as fieldapp did before format 2 (HMAC-SHA512)."""
    with monkeypatch.context() as before:
        before.setattr(cipher, "HMAC", FORMAT_1)
        cipher_convert.convert_in_place(plain_demo_db_path, PASSPHRASE)
    cipher.forget(plain_demo_db_path)
    assert opens_with(plain_demo_db_path, FORMAT_1)
    assert not opens_with(plain_demo_db_path, cipher.HMAC)
    return plain_demo_db_path


def count(path: Path) -> int:
    with Store.open(path, passphrase=PASSPHRASE) as store:
        return len(store.query_rows(INCIDENT, limit=10_000))


def test_a_new_database_is_format_2_and_sqlcipher_reads_it_only_with_sha256(tmp_path):
    path = tmp_path / "field.db"
    assert run_cli("--db", path, "init", "--name", "Amal", "--org", "SARD").code == 0
    assert opens_with(path, "HMAC_SHA256")
    assert not opens_with(path, FORMAT_1)
    conn = cipher.connect(path, PASSPHRASE)
    try:
        assert cipher.format_of(conn) == cipher.FORMAT
        assert cipher.FORMAT.startswith("fieldapp-db-v2:") and "HMAC_SHA256" in cipher.FORMAT
    finally:
        conn.close()


def test_a_format_1_database_is_read_and_written_and_stays_format_1(format_1, tmp_path):
    before = count(format_1)
    assert before > 0
    conn = cipher.connect(format_1, PASSPHRASE)
    try:
        assert cipher.format_of(conn) == cipher.FORMAT_V1
    finally:
        conn.close()
    result = run_cli("--db", format_1, "add", "incident", "--date", "2019-05-02",
                     "--sub-event-type", "Shelling/artillery/missile attack",
                     "--location", "Dana", "--killed", "2")  # fmt: skip
    assert result.code == 0, result.err
    assert count(format_1) == before + 1
    assert opens_with(format_1, FORMAT_1) and not opens_with(format_1, cipher.HMAC)


def test_a_wrong_passphrase_on_a_format_1_database_is_refused_as_on_format_2(format_1, tmp_path):
    other = tmp_path / "new.db"
    made = cipher.connect(other, PASSPHRASE)
    made.execute("CREATE TABLE t (x)")  # an empty file would be made anew, not refused
    made.close()
    messages = []
    for path in (format_1, other):
        with pytest.raises(WrongPassphrase) as refused:
            cipher.connect(path, "not the passphrase")
        messages.append(str(refused.value).replace(str(path), "PATH"))
    assert messages[0] == messages[1]
    assert "passphrase" in messages[0]


def _bundle(tmp_path: Path) -> Path:
    """A bundle from another device: four incidents, one of them edited."""
    other = tmp_path / "basel.db"
    assert run_cli("--db", other, "init", "--name", "Basel", "--org", "IRN").code == 0
    with Store.open(other, passphrase=PASSPHRASE) as store:
        ids = [
            store.add(INCIDENT, {**INCIDENT_ROW, "event_date": f"2019-05-0{d}", "killed": d})
            for d in range(1, 5)
        ]
        store.edit(ids[0], {"killed": 9})
    path = tmp_path / "basel.zip"
    assert run_cli("--db", other, "export", "--out", path).code == 0
    return path


@pytest.mark.parametrize("processes", ["one", "two"])
def test_a_bundle_is_verified_against_and_merged_into_a_format_1_database(
    format_1, tmp_path, monkeypatch, processes
):
    """The scratch copies are new files (format 2) attached to a format-1 database; with
    two processes the second opens the format-1 database read-only with the key."""
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", "1" if processes == "two" else "1000000")
    bundle = _bundle(tmp_path)
    before = count(format_1)
    checked = run_cli("--db", format_1, "verify", bundle)
    assert checked.code == 0, checked.err
    assert ("(two processes)" in checked.out) == (processes == "two"), checked.out
    merged = run_cli("--db", format_1, "merge", "--trust-new", bundle)
    assert merged.code == 0, merged.err
    assert count(format_1) == before + 4
    assert opens_with(format_1, FORMAT_1)


def test_fieldapp_encrypt_rewrites_a_format_1_database_in_format_2(format_1):
    want = content(format_1)
    result = run_cli("--db", format_1, "encrypt")
    assert result.code == 0, result.err
    assert "earlier format" in result.out and f"{want.revisions:,} revisions" in result.out
    assert opens_with(format_1, "HMAC_SHA256") and not opens_with(format_1, FORMAT_1)
    assert content(format_1) == want  # the same passphrase opens the same data
    assert sorted(os.listdir(format_1.parent)) == [format_1.name]
    again = run_cli("--db", format_1, "encrypt")
    assert again.code == 0 and "already encrypted" in again.out, again.out
    assert os.stat(format_1).st_mode & 0o077 == 0


def test_an_upgrade_refuses_a_database_in_use_and_changes_nothing(format_1):
    key = cipher.derive_key(PASSPHRASE, cipher.read_salt(format_1))
    want = content(format_1)
    with Store.open(format_1, passphrase=PASSPHRASE), pytest.raises(DatabaseError, match="in use"):
        cipher_convert.upgrade_in_place(format_1, key)
    assert opens_with(format_1, FORMAT_1)
    assert content(format_1) == want
    assert [p.name for p in format_1.parent.iterdir() if p.name.startswith(".")] == []


def test_an_upgrade_whose_copy_differs_is_thrown_away_and_changes_nothing(format_1, monkeypatch):
    key = cipher.derive_key(PASSPHRASE, cipher.read_salt(format_1))
    want = content(format_1)
    real = cipher_convert.content
    copies = iter([False, True])  # the database's content as it is, then the copy's altered

    def altered(conn):  # type: ignore[no-untyped-def]
        got = real(conn)
        return got.__class__(got.revisions - 1, "", "") if next(copies) else got

    with monkeypatch.context() as patched, pytest.raises(DatabaseError, match="same data"):
        patched.setattr(cipher_convert, "content", altered)
        cipher_convert.upgrade_in_place(format_1, key)
    assert opens_with(format_1, FORMAT_1)
    assert content(format_1) == want
    assert [p.name for p in format_1.parent.iterdir() if p.name.startswith(".")] == []


STEPS = ("settled", "copied", "verified", "done")  # upgrade_in_place's


def _run_child(path: Path, stop: str = "", kill_after: float | None = None) -> tuple[str, float]:
    code = CHILD.format(n=FAST_N)
    return run_killable(code, path, PASSPHRASE, stop, kill_after=kill_after)


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_an_upgrade_killed_at_any_moment_leaves_one_whole_database(format_1, tmp_path_factory):
    """Killed at each named step, then at random moments: the file is whole in format 1
    or in format 2, with the same content under the same passphrase; a second run
    finishes the upgrade and leaves nothing beside the database."""
    want = content(format_1)
    template = copy_database(format_1, tmp_path_factory.mktemp("format-1") / "template.db")

    def fresh() -> Path:
        for leftover in format_1.parent.iterdir():
            leftover.unlink()
        shutil.copy(template, format_1)
        return format_1

    def check() -> str:
        state = "1" if opens_with(format_1, FORMAT_1) else "2"
        assert state == "1" or opens_with(format_1, "HMAC_SHA256")
        assert content(format_1) == want
        cipher_convert.convert_in_place(format_1, PASSPHRASE)
        assert opens_with(format_1, "HMAC_SHA256") and content(format_1) == want
        assert sorted(os.listdir(format_1.parent)) == [format_1.name]
        return state

    for stop in STEPS:
        out, _ = _run_child(fresh(), stop=stop)
        assert out == ""
        assert check() == ("2" if stop == "done" else "1"), stop
    out, duration = _run_child(fresh())
    assert out == "done"
    outcomes: dict[str, int] = {}
    rng = random.Random(29)
    for _ in range(12):
        _run_child(fresh(), kill_after=rng.uniform(0, duration * 1.1))
        state = check()
        outcomes[state] = outcomes.get(state, 0) + 1
    print(f"upgrade {duration:.2f} s; 12 kills: {outcomes}")
    assert sum(outcomes.values()) == 12


def test_a_format_1_database_changes_its_passphrase_and_stays_format_1(format_1, monkeypatch):
    want = content(format_1)
    monkeypatch.setenv("FIELDAPP_NEW_PASSPHRASE", "another passphrase 2")
    result = run_cli("--db", format_1, "passphrase")
    assert result.code == 0, result.err
    Store.lock(format_1)
    assert opens_with(format_1, FORMAT_1, "another passphrase 2")
    assert not opens_with(format_1, FORMAT_1)  # the old passphrase no longer opens it
    conn = cipher.connect(format_1, "another passphrase 2")
    try:
        assert cipher.format_of(conn) == cipher.FORMAT_V1
        got = cipher.content(conn)  # the signing key's wrapping changed with the passphrase
        assert (got.revisions, got.revision_ids) == (want.revisions, want.revision_ids)
    finally:
        conn.close()


def test_a_format_1_database_is_backed_up_in_format_2_and_restored(format_1, tmp_path):
    """A backup is a new file: today's format, the database's key and salt. Restored,
    the content comes back into the database, which keeps its own format."""
    want = content(format_1)
    backup = tmp_path / "backup.db"
    assert run_cli("--db", format_1, "backup", backup).code == 0
    assert opens_with(backup, "HMAC_SHA256") and not opens_with(backup, FORMAT_1)
    assert content(backup) == want
    result = run_cli("--db", format_1, "add", "incident", "--date", "2019-05-03",
                     "--sub-event-type", "Air/drone strike", "--location", "Dana")  # fmt: skip
    assert result.code == 0, result.err
    assert content(format_1) != want
    restored = run_cli("--db", format_1, "restore-backup", backup)
    assert restored.code == 0, restored.err
    Store.lock(format_1)
    assert content(format_1) == want
    assert opens_with(format_1, FORMAT_1)
