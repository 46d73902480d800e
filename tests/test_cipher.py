"""Encrypted database files (fieldapp/store/cipher.py, cipher_convert.py), on real files:
keys and salts, opening and refusing, what is on the disk, converting a plain database in
place (killed at random moments too) and changing the passphrase."""

from __future__ import annotations

import hashlib
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
import sqlite_utils
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import DatabaseError, FieldappError, WrongPassphrase
from fieldapp.store import Store, cipher, cipher_convert

PASS = "correct horse battery"
ARABIC = "قصف مدرسة"
LATIN = "MARKER-Xq7-latin"
MARKERS = [ARABIC.encode("utf-8"), LATIN.encode("ascii")]
FAST_N = 2**10  # the tests' scrypt cost: the real one (2**17) is measured once below


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cipher, "_SCRYPT_N", FAST_N)


@pytest.fixture(scope="session")
def _marked_template(
    _template_plain_demo_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The demo database plus 500 incidents whose notes and sources carry the markers:
    big enough that a conversion takes a while to kill in the middle of."""
    path = tmp_path_factory.mktemp("cipher") / "marked.db"
    shutil.copy(_template_plain_demo_db, path)
    rows = [
        {
            "event_date": "2019-05-01",
            "sub_event_type": "Attack",
            "location": "Dana",
            "notes": f"{ARABIC} {LATIN} {i} " + "شاهد عيان " * 20,
            "source": f"{LATIN} source",
        }
        for i in range(500)
    ]
    with Store.open(path) as store:
        store.add_many(INCIDENT, rows)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
def marked_db(_marked_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "field.db"
    shutil.copy(_marked_template, path)
    return path


def plain_content(path: Path) -> cipher.Content:
    conn = sqlite3.connect(path)
    try:
        return cipher.content(conn)
    finally:
        conn.close()


def encrypted_content(path: Path, passphrase: str = PASS) -> cipher.Content:
    conn = cipher.connect(path, passphrase)
    try:
        return cipher.content(conn)
    finally:
        conn.close()


def found_markers(folder: Path) -> list[str]:
    """(file, marker) for every marker found in the bytes of every file under `folder`."""
    hits = []
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = file.read_bytes()
        hits += [f"{file.name}: {m.decode()}" for m in MARKERS if m in data]
    return hits


def new_encrypted(path: Path, passphrase: str = PASS) -> None:
    conn = cipher.connect(path, passphrase)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES (?)", (f"{ARABIC} {LATIN}",))
    conn.close()


# -- keys, salts, opening ----------------------------------------------------------------------


def test_a_new_database_round_trips_and_works_under_sqlite_utils(tmp_path):
    path = tmp_path / "new.db"
    new_encrypted(path)
    assert cipher.describe(path) == "encrypted" and cipher.is_encrypted(path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    conn = cipher.connect(path, PASS)
    assert conn.isolation_level is None
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 10000
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # memory
    db = sqlite_utils.Database(conn)
    assert db["notes"].count == 1
    db["more"].insert({"text": LATIN})
    assert [r["text"] for r in db["more"].rows] == [LATIN]
    conn.close()
    key = cipher.unlock(path, PASS)
    again = cipher.connect(path, key=key)
    assert again.execute("SELECT text FROM notes").fetchone()[0] == f"{ARABIC} {LATIN}"
    assert again.execute("SELECT text FROM more").fetchone()[0] == LATIN
    again.close()


def test_the_salt_is_the_files_first_16_bytes_and_the_key_comes_from_it(tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    new_encrypted(first)
    new_encrypted(second)
    salt = first.read_bytes()[:16]
    assert cipher.read_salt(first) == salt != second.read_bytes()[:16]
    conn = cipher.connect(first, PASS)
    assert conn.execute("PRAGMA cipher_salt").fetchone()[0] == salt.hex()
    conn.close()
    key = cipher.derive_key(PASS, salt)
    assert cipher.unlock(first, PASS) == key != cipher.unlock(second, PASS)
    cipher.connect(first, key=key).close()
    with pytest.raises(WrongPassphrase):
        cipher.connect(second, key=key)


def test_the_kdf_is_the_device_keys_scrypt_and_takes_less_than_a_second(monkeypatch):
    monkeypatch.setattr(cipher, "_SCRYPT_N", cipher.SCRYPT_N)
    salt = bytes(range(16))
    timings = []
    for _ in range(3):  # the best of three: other processes share this machine's 2 CPUs
        start = time.perf_counter()
        key = cipher.derive_key(PASS, salt)
        timings.append(time.perf_counter() - start)
    elapsed = min(timings)
    from fieldapp.identity import keys  # the device key's cost: one passphrase, one cost

    assert (keys.SCRYPT_N, keys.SCRYPT_R, keys.SCRYPT_P) == (2**17, 8, 1)
    expected = Scrypt(salt=salt, length=32, n=2**17, r=8, p=1).derive(PASS.encode())
    assert key == expected and len(key) == 32
    assert cipher.derive_key(PASS + " ", salt) != key
    print(f"derive_key: {elapsed:.3f} s")
    assert elapsed < 1.0


def test_plain_sqlite_cannot_read_an_encrypted_file(tmp_path):
    path = tmp_path / "new.db"
    new_encrypted(path)
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        conn.execute("SELECT name FROM sqlite_master").fetchall()
    conn.close()
    with pytest.raises(DatabaseError, match="is encrypted: it opens only with its passphrase"):
        Store.open(path, create=False)  # the store tells it from a damaged file: it asks


def test_markers_are_in_no_byte_of_the_file_its_wal_or_its_journal(tmp_path):
    # The search finds them in a plain file: the check can fail.
    plain = tmp_path / "plain" / "p.db"
    plain.parent.mkdir()
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (?)", (f"{ARABIC} {LATIN}",))
    conn.commit()
    conn.close()
    assert len(found_markers(plain.parent)) == 2

    folder = tmp_path / "enc"
    wal = folder / "wal.db"
    new_encrypted(wal)
    conn = cipher.connect(wal, PASS)
    conn.execute("PRAGMA journal_mode = WAL")
    for i in range(200):
        conn.execute("INSERT INTO notes (text) VALUES (?)", (f"{ARABIC} {LATIN} {i}",))
    assert wal.with_name("wal.db-wal").stat().st_size > 0  # still open: pages in the WAL
    assert found_markers(folder) == []
    conn.close()

    journal = folder / "journal.db"
    new_encrypted(journal)
    conn = cipher.connect(journal, PASS)
    conn.execute("PRAGMA journal_mode = PERSIST")  # the journal stays after the commit
    conn.execute("BEGIN")
    conn.execute("UPDATE notes SET text = text || ?", (LATIN,))
    conn.executemany("INSERT INTO notes (text) VALUES (?)", [(ARABIC * 50,)] * 300)
    conn.execute("COMMIT")
    conn.execute("DELETE FROM notes WHERE id > 1")
    assert journal.with_name("journal.db-journal").stat().st_size > 0
    assert found_markers(folder) == []
    conn.close()
    assert found_markers(folder) == []


def test_a_wrong_passphrase_is_refused_clearly_and_nothing_changes(tmp_path):
    path = tmp_path / "new.db"
    new_encrypted(path)
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path)))
    for wrong in ("correct horse batterY", "", "   "):
        with pytest.raises(WrongPassphrase) as caught:
            cipher.connect(path, wrong)
        assert "passphrase does not open" in str(caught.value)
        assert "nothing was changed" in str(caught.value)
        with pytest.raises(WrongPassphrase):
            cipher.unlock(path, wrong)
    with pytest.raises(WrongPassphrase):
        cipher.connect(path, key=bytes(32))
    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path))) == before
    with pytest.raises(FieldappError, match="at least 8"):  # a new database: a real one
        cipher.connect(tmp_path / "other.db", "short")


def test_plain_and_encrypted_files_are_told_apart(plain_db_path, tmp_path):
    db_path = plain_db_path
    enc = tmp_path / "enc.db"
    new_encrypted(enc)
    empty = tmp_path / "empty.db"
    empty.touch()
    assert cipher.describe(db_path) == "plain" and not cipher.is_encrypted(db_path)
    assert cipher.describe(enc) == "encrypted"
    assert cipher.describe(empty) == "empty"
    assert cipher.describe(tmp_path / "none.db") == "missing"
    with pytest.raises(DatabaseError, match="is a folder"):
        cipher.connect(tmp_path, PASS)
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="is not encrypted; convert it with `fieldapp encrypt`"):
        cipher.connect(db_path, PASS)
    with pytest.raises(DatabaseError, match="is not encrypted"):
        cipher.connect(db_path, key=bytes(32))
    assert db_path.read_bytes() == before
    with pytest.raises(DatabaseError, match="no database at"):
        cipher.connect(tmp_path / "none.db", key=bytes(32))
    assert not (tmp_path / "none.db").exists()


def test_a_truncated_or_damaged_header_is_refused_clearly(tmp_path):
    path = tmp_path / "new.db"
    new_encrypted(path)
    data = path.read_bytes()
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(data[:100])
    with pytest.raises(DatabaseError, match="damaged or truncated") as caught:
        cipher.connect(truncated, PASS)
    assert "Restore a backup" in str(caught.value)
    half = tmp_path / "half.db"
    half.write_bytes(data[: len(data) - 3000])
    with pytest.raises(DatabaseError, match="damaged or truncated"):
        cipher.connect(half, PASS)
    for offset in (3, 40):  # in the salt; in page 1's encrypted content
        damaged = tmp_path / f"damaged{offset}.db"
        bad = data[:offset] + bytes([data[offset] ^ 0xFF]) + data[offset + 1 :]
        damaged.write_bytes(bad)
        with pytest.raises(WrongPassphrase, match="or the file is damaged"):
            cipher.connect(damaged, PASS)
        assert damaged.read_bytes() == bad  # untouched
    noise = tmp_path / "noise.db"
    noise.write_bytes(os.urandom(cipher.PAGE_SIZE * 2))
    with pytest.raises(WrongPassphrase):
        cipher.connect(noise, PASS)


def test_sqlcipher_errors_are_not_sqlite3_errors(tmp_path):
    """What the integration must know: dialect.Error (sqlite3.Error) does not catch them."""
    assert not issubclass(cipher.Error, sqlite3.Error)
    conn = cipher.connect(tmp_path / "new.db", PASS)
    with pytest.raises(cipher.Error) as caught:
        conn.execute("SELECT * FROM no_such_table")
    assert not isinstance(caught.value, sqlite3.Error)
    conn.close()


# -- copies and conversion ---------------------------------------------------------------------


def test_an_encrypted_copy_holds_the_same_data_and_search_works(marked_db, tmp_path):
    before = hashlib.sha256(marked_db.read_bytes()).hexdigest()
    want = plain_content(marked_db)
    dest = tmp_path / "copy" / "enc.db"
    dest.parent.mkdir()
    key = cipher.encrypt_copy(marked_db, PASS, dest)
    assert key == cipher.derive_key(PASS, dest.read_bytes()[:16])
    assert encrypted_content(dest) == want and want.revisions > 500
    conn = cipher.connect(dest, key=key)
    for word in (f'"{LATIN}"', "مدرسة"):
        hits = conn.execute(
            "SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH ?", (word,)
        )
        assert hits.fetchone()[0] >= 500
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert found_markers(dest.parent) == []
    assert hashlib.sha256(marked_db.read_bytes()).hexdigest() == before
    with pytest.raises(DatabaseError, match="already exists"):
        cipher.encrypt_copy(marked_db, PASS, dest)
    with pytest.raises(DatabaseError, match="not a plain SQLite database"):
        cipher.encrypt_copy(dest, PASS, tmp_path / "again.db")


def test_content_tells_a_changed_row_apart(marked_db, tmp_path):
    other = tmp_path / "other.db"
    shutil.copy(marked_db, other)
    conn = sqlite3.connect(other)
    conn.execute(
        "UPDATE incidents SET notes = notes || '.' WHERE n = (SELECT max(n) FROM incidents)"
    )
    conn.commit()
    conn.close()
    assert plain_content(other).tables != plain_content(marked_db).tables
    assert plain_content(other).revision_ids == plain_content(marked_db).revision_ids


def test_convert_in_place_encrypts_the_database_and_leaves_nothing_in_clear(marked_db):
    folder = marked_db.parent
    with Store.open(marked_db) as store:  # a WAL with content not yet in the main file
        store.set_setting("last_note", f"{LATIN} in the wal")
        count = store.count(INCIDENT)
    assert found_markers(folder)  # the plain database: the search finds the markers
    want = plain_content(marked_db)
    old = open(marked_db, "rb")  # noqa: SIM115 (the old file's bytes, read after the rename)
    try:
        result = cipher_convert.convert_in_place(marked_db, PASS)
        old.seek(0)
        assert old.read().strip(b"\0") == b""  # the plain bytes were overwritten
    finally:
        old.close()
    assert result.revisions == want.revisions and not result.already and result.overwritten
    assert result.backup is None
    assert sorted(os.listdir(folder)) == ["field.db"]
    assert cipher.describe(marked_db) == "encrypted"
    assert encrypted_content(marked_db) == want
    assert found_markers(folder) == []
    conn = cipher.connect(marked_db, PASS)
    assert conn.execute("SELECT count(*) FROM incidents").fetchone()[0] == count
    conn.close()
    again = cipher_convert.convert_in_place(marked_db, PASS)
    assert again.already and sorted(os.listdir(folder)) == ["field.db"]
    with pytest.raises(WrongPassphrase):
        cipher_convert.convert_in_place(marked_db, "another passphrase")


def test_convert_without_a_second_name_overwrites_through_an_open_handle(marked_db, monkeypatch):
    def no_links(*_args: object) -> None:
        raise OSError("hard links not supported")

    monkeypatch.setattr(os, "link", no_links)
    old = open(marked_db, "rb")  # noqa: SIM115
    try:
        result = cipher_convert.convert_in_place(marked_db, PASS, keep_backup=True)
        old.seek(0)
        assert old.read().strip(b"\0") == b""
    finally:
        old.close()
    assert result.overwritten and result.backup is not None
    assert result.backup.name.startswith("field.db.plain-backup-")
    assert oct(result.backup.stat().st_mode & 0o777) == "0o600"
    assert plain_content(result.backup) == encrypted_content(marked_db)
    assert sorted(os.listdir(marked_db.parent)) == sorted(["field.db", result.backup.name])


def test_convert_refuses_a_database_in_use_and_changes_nothing(marked_db):
    with Store.open(marked_db) as store:
        before = store.count(INCIDENT)
        with pytest.raises(DatabaseError, match="in use by another fieldapp window"):
            cipher_convert.convert_in_place(marked_db, PASS)
        assert store.count(INCIDENT) == before
    assert cipher.describe(marked_db) == "plain"
    assert sorted(os.listdir(marked_db.parent)) == ["field.db"]


def test_convert_refuses_other_files_and_a_short_passphrase(tmp_path, marked_db):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    with pytest.raises(DatabaseError, match="another program"):
        cipher_convert.convert_in_place(other, PASS)
    assert other.read_bytes() == before
    with pytest.raises(FieldappError, match="at least 8"):
        cipher_convert.convert_in_place(marked_db, "short")
    with pytest.raises(DatabaseError, match="no database at"):
        cipher_convert.convert_in_place(tmp_path / "none.db", PASS)
    assert cipher.describe(marked_db) == "plain"


def test_a_copy_that_does_not_match_is_thrown_away(marked_db, monkeypatch):
    real = cipher_convert._plain_content
    monkeypatch.setattr(cipher_convert, "_plain_content", lambda p: real(p).__class__(0, "", ""))
    with pytest.raises(DatabaseError, match="does not hold the same data"):
        cipher_convert.convert_in_place(marked_db, PASS)
    assert cipher.describe(marked_db) == "plain"
    assert plain_content(marked_db) == real(marked_db)


# -- killed while converting -------------------------------------------------------------------

CHILD = """
import os, sys
from fieldapp.store import cipher, cipher_convert
cipher._SCRYPT_N = {n}
stop = sys.argv[3]
if stop:
    cipher_convert._step = lambda name: os._exit(9) if name == stop else None
print("ready", flush=True)
cipher_convert.convert_in_place(sys.argv[1], sys.argv[2])
print("done", flush=True)
"""
STEPS = ("", "settled", "backed-up", "copied", "verified", "linked", "replaced", "done")


def run_killable(code: str, *args: object, kill_after: float | None = None) -> tuple[str, float]:
    """Run `code` in a new Python process that prints "ready" before its work; SIGKILL it
    `kill_after` seconds after that. Returns its last output and how long the work ran."""
    child = subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    if kill_after is not None:
        time.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
    out = child.stdout.read().strip()
    child.wait(timeout=60)
    return out, time.perf_counter() - start


def _run_child(path: Path, stop: str = "", kill_after: float | None = None) -> tuple[str, float]:
    """Convert `path` in a new process (see run_killable), stopped at the step `stop`."""
    return run_killable(CHILD.format(n=FAST_N), path, PASS, stop, kill_after=kill_after)


def _check_after_crash(path: Path, want: cipher.Content, finish: bool = True) -> str:
    """Either the plain database, intact, or the complete encrypted one; then a second run
    finishes the conversion and nothing is left in clear (`finish`; always when the file
    is encrypted already, where that run only wipes the leftovers)."""
    state = cipher.describe(path)
    if state == "plain":
        assert plain_content(path) == want
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        conn.close()
        if not finish:
            return state
    else:
        assert state == "encrypted", state
        assert encrypted_content(path) == want
    cipher_convert.convert_in_place(path, PASS)
    assert sorted(os.listdir(path.parent)) == ["field.db"], os.listdir(path.parent)
    assert encrypted_content(path) == want
    assert found_markers(path.parent) == []
    return state


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_conversion_killed_at_any_moment_leaves_one_whole_database(marked_db, tmp_path):
    want = plain_content(marked_db)
    template = tmp_path / "template.db"
    shutil.copy(marked_db, template)

    def fresh() -> Path:
        for leftover in marked_db.parent.iterdir():
            leftover.unlink()
        shutil.copy(template, marked_db)
        return marked_db

    # At each named step, then at random moments over a whole conversion's duration.
    outcomes: dict[str, int] = {}
    for stop in STEPS[1:]:
        out, _ = _run_child(fresh(), stop=stop)
        assert out == ""
        state = _check_after_crash(marked_db, want)
        assert state == ("plain" if STEPS.index(stop) <= STEPS.index("linked") else "encrypted")
    out, duration = _run_child(fresh())
    assert out == "done"
    rng = random.Random(13)
    for _ in range(30):
        _run_child(fresh(), kill_after=rng.uniform(0, duration * 1.1))
        state = _check_after_crash(marked_db, want, finish=False)
        outcomes[state] = outcomes.get(state, 0) + 1
    print(f"conversion {duration:.2f} s; 30 kills: {outcomes}")
    assert sum(outcomes.values()) == 30


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_opening_the_database_after_a_kill_past_the_swap_wipes_the_plain_copies(marked_db):
    """Killed after the encrypted copy took the database's place but before the plain
    backup and the old plain file were wiped: the window (or any command) opening the
    database wipes them, without waiting for another `fieldapp encrypt`."""
    want = plain_content(marked_db)
    out, _ = _run_child(marked_db, stop="replaced")
    assert out == ""
    assert cipher.describe(marked_db) == "encrypted"
    left = cipher_convert.leftovers(marked_db)
    assert cipher_convert.backup_path(marked_db) in left
    assert found_markers(marked_db.parent)  # the plain backup, the old plain file
    key = cipher.unlock(marked_db, PASS)
    cipher.remember(marked_db, key)
    with Store.open(marked_db) as store:  # as the window opens it after the unlock
        assert len(store.query(INCIDENT)) > 500
    assert found_markers(marked_db.parent) == []
    assert sorted(p.name for p in marked_db.parent.iterdir()) in (
        ["field.db"],
        ["field.db", "field.db-shm", "field.db-wal"],
    )
    assert encrypted_content(marked_db) == want


# -- changing the passphrase -------------------------------------------------------------------


def test_rekey_changes_the_passphrase_and_keeps_the_salt(marked_db):
    cipher_convert.convert_in_place(marked_db, PASS)
    want = encrypted_content(marked_db)
    salt = marked_db.read_bytes()[:16]
    key = cipher.rekey(marked_db, PASS, "a new passphrase")
    assert marked_db.read_bytes()[:16] == salt
    assert (
        key
        == cipher.derive_key("a new passphrase", salt)
        == cipher.unlock(marked_db, "a new passphrase")
    )
    with pytest.raises(WrongPassphrase):
        cipher.connect(marked_db, PASS)
    assert encrypted_content(marked_db, "a new passphrase") == want
    conn = cipher.connect(marked_db, "a new passphrase")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    before = marked_db.read_bytes()
    with pytest.raises(WrongPassphrase):
        cipher.rekey(marked_db, PASS, "yet another one")
    with pytest.raises(FieldappError, match="at least 8"):
        cipher.rekey(marked_db, "a new passphrase", "short")
    assert marked_db.read_bytes() == before
    assert found_markers(marked_db.parent) == []


def test_rekey_in_wal_mode_survives_a_crash_before_the_checkpoint(tmp_path):
    path = tmp_path / "wal.db"
    new_encrypted(path)
    conn = cipher.connect(path, PASS)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # the rekeyed pages stay in the -wal
    key = cipher.derive_key("a new passphrase", cipher.read_salt(path))
    conn.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in ("wal.db", "wal.db-wal"):  # as a crash would leave them
        shutil.copy(tmp_path / name, crashed / name)
    conn.close()
    assert (crashed / "wal.db-wal").stat().st_size > 0
    opened = cipher.connect(crashed / "wal.db", "a new passphrase")
    assert opened.execute("SELECT text FROM notes").fetchone()[0] == f"{ARABIC} {LATIN}"
    opened.close()


REKEY_CHILD = """
import sys
from fieldapp.store import cipher
cipher._SCRYPT_N = {n}
print("ready", flush=True)
cipher.rekey(sys.argv[1], sys.argv[2], sys.argv[3])
print("done", flush=True)
"""


def _rekey_child(path: Path, kill_after: float | None) -> tuple[str, float]:
    code = REKEY_CHILD.format(n=FAST_N)
    return run_killable(code, path, PASS, "a new passphrase", kill_after=kill_after)


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
@pytest.mark.parametrize("mode", ["wal", "delete"])
def test_a_rekey_killed_at_any_moment_opens_with_one_of_the_passphrases(marked_db, mode):
    cipher_convert.convert_in_place(marked_db, PASS)
    conn = cipher.connect(marked_db, PASS)
    assert conn.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0] == mode
    conn.close()
    want = encrypted_content(marked_db)
    template = marked_db.with_name("template.db")
    shutil.copy(marked_db, template)

    def fresh() -> Path:
        for leftover in marked_db.parent.glob("field.db*"):
            leftover.unlink()
        shutil.copy(template, marked_db)
        return marked_db

    out, duration = _rekey_child(fresh(), None)
    assert out == "done"
    assert encrypted_content(marked_db, "a new passphrase") == want
    rng = random.Random(mode)
    outcomes: dict[str, int] = {}
    for _ in range(10):
        _rekey_child(fresh(), rng.uniform(0, duration * 1.1))
        opened = None
        for passphrase in ("a new passphrase", PASS):  # the new one first: no harm done
            try:
                opened = encrypted_content(marked_db, passphrase)
            except WrongPassphrase:
                continue
            outcomes[passphrase] = outcomes.get(passphrase, 0) + 1
            break
        assert opened == want
    print(f"rekey ({mode}) {duration:.2f} s; 10 kills: {outcomes}")


def test_no_other_connection_can_write_while_a_conversion_runs(marked_db, monkeypatch):
    refused: list[str] = []

    def write_behind(name: str) -> None:
        if name != "backed-up":
            return
        other = sqlite3.connect(marked_db, timeout=0.2)
        try:
            other.execute("INSERT INTO settings (key, value) VALUES ('behind', 'its back')")
            other.commit()
        except sqlite3.OperationalError as exc:
            refused.append(str(exc))
        finally:
            other.close()

    monkeypatch.setattr(cipher_convert, "_step", write_behind)
    cipher_convert.convert_in_place(marked_db, PASS)
    assert refused and "locked" in refused[0]
    conn = cipher.connect(marked_db, PASS)
    assert conn.execute("SELECT count(*) FROM settings WHERE key = 'behind'").fetchone()[0] == 0
    conn.close()


def test_a_backup_through_sqlites_backup_api_stays_encrypted_under_the_same_key(marked_db):
    """How backup.py can copy an encrypted database (its online backup API, into a new
    file keyed with the source's key and salt); a plain destination is refused."""
    cipher_convert.convert_in_place(marked_db, PASS)
    want = encrypted_content(marked_db)
    key = cipher.unlock(marked_db, PASS)
    source = cipher.connect(marked_db, key=key)
    copy = marked_db.with_name("backup.db")
    dest = cipher.connect(copy, key=key, salt=cipher.read_salt(marked_db))
    source.backup(dest)
    dest.close()
    assert encrypted_content(copy) == want  # opens with the passphrase alone
    assert found_markers(marked_db.parent) == []
    plain = sqlite3.connect(marked_db.with_name("plain.db"))
    with pytest.raises(TypeError):
        source.backup(plain)  # type: ignore[arg-type]
    plain.close()
    source.close()


def test_the_store_works_over_an_encrypted_connection(marked_db):
    """What Store.open will do once wired (dialect.connect -> cipher.connect): the store's
    own modules, sqlite-utils and full-text search over SQLCipher, with the WAL on."""
    from fieldapp.store import dialect
    from fieldapp.store import migrate as migrations
    from fieldapp.store.query import Filter

    revisions = cipher_convert.convert_in_place(marked_db, PASS).revisions
    conn = cipher.connect(marked_db, PASS)
    migrations.check_openable(conn, db_path=marked_db)
    dialect.configure(conn)
    assert migrations.migrate(conn, marked_db) is None
    store = Store(marked_db, conn)
    before = store.count(INCIDENT)
    ids = store.add_many(INCIDENT, [{**INCIDENT_ROW, "notes": f"{ARABIC} {LATIN} new"}] * 20)
    store.edit(ids[0], {"notes": f"{LATIN} edited"})
    assert store.count(INCIDENT) == before + 20
    assert store.count(INCIDENT, Filter(search="مدرسة")) >= 520
    assert store.get(ids[0])["notes"] == f"{LATIN} edited"
    assert store.db["incidents"].count == before + 20
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert marked_db.with_name("field.db-wal").stat().st_size > 0
    assert found_markers(marked_db.parent) == []
    with pytest.raises(cipher.Error), store.transaction():
        store.db.execute("INSERT INTO no_such_table VALUES (1)")
    store.close()
    assert found_markers(marked_db.parent) == []
    assert encrypted_content(marked_db).revisions == revisions + 21


INCIDENT_ROW = {"event_date": "2019-05-01", "sub_event_type": "Attack", "location": "Dana"}


def test_a_rekey_inside_a_transaction_commits_that_transaction(tmp_path):
    """A sharp edge for the integration: PRAGMA rekey commits the open transaction's
    writes with the re-encryption; the ROLLBACK after it undoes nothing."""
    path = tmp_path / "new.db"
    new_encrypted(path)
    conn = cipher.connect(path, PASS)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE notes SET text = 'written before the rekey'")
    cipher.rekey_connection(conn, path, "a new passphrase")
    conn.execute("ROLLBACK")
    conn.close()
    with pytest.raises(WrongPassphrase):
        cipher.connect(path, PASS)
    opened = cipher.connect(path, "a new passphrase")
    assert opened.execute("SELECT text FROM notes").fetchone()[0] == "written before the rekey"
    opened.close()


def test_a_failed_rename_leaves_the_plain_database_and_no_plain_copy(marked_db, monkeypatch):
    want = plain_content(marked_db)

    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(DatabaseError, match="Permission denied"):
        cipher_convert.convert_in_place(marked_db, PASS)
    monkeypatch.undo()
    assert cipher.describe(marked_db) == "plain" and plain_content(marked_db) == want
    assert sorted(os.listdir(marked_db.parent)) == ["field.db"]  # no copy, no backup
    cipher_convert.convert_in_place(marked_db, PASS)
    assert sorted(os.listdir(marked_db.parent)) == ["field.db"]


def test_attach_reads_an_encrypted_file_with_its_own_salt_and_a_plain_one(marked_db, tmp_path):
    """How the scratch copies of an import (store/scratch.py) attach to an encrypted store."""
    main = tmp_path / "main.db"
    new_encrypted(main)
    key = cipher.unlock(main, PASS)
    scratch = tmp_path / "scratch.db"
    conn = cipher.connect(scratch, key=key, salt=os.urandom(16))  # not the main file's salt
    conn.execute("CREATE TABLE r (y)")
    conn.execute("INSERT INTO r VALUES ('from the scratch copy')")
    conn.close()
    store = cipher.connect(main, key=key)
    cipher.attach(store, scratch, "bundle0", key)
    cipher.attach(store, marked_db, "plain", None)
    assert store.execute("SELECT y FROM bundle0.r").fetchone()[0] == "from the scratch copy"
    assert store.execute("SELECT count(*) FROM plain.revisions").fetchone()[0] > 500
    with pytest.raises(cipher.Error, match="not a database"):
        store.execute("ATTACH DATABASE ? AS other", (str(scratch),))  # main key *and* salt
    store.close()
