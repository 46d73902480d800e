"""Changing the passphrase (`fieldapp passphrase`, fieldapp.ops.passphrase,
identity/change_passphrase.py, store/rekey.py): the database is re-keyed and the device's
signing and sealing keys re-wrapped in one commit, or nothing changes. On real files; the
KDF cost is lowered (cipher._SCRYPT_N and the keys' own n) so that a change killed at
random moments many times runs in seconds."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli

from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import DatabaseError, FieldappError, NotInitialised, WrongPassphrase
from fieldapp.identity import keys
from fieldapp.ops import passphrase as ops_passphrase
from fieldapp.progress import Task
from fieldapp.store import Store, cipher, rekey
from fieldapp.sync.seal import ensure_age_identity

OLD = "old passphrase 1"
NEW = "new passphrase 2"
FAST_N = 2**10
RECORDS = 3000


def _rows(count: int) -> list[dict[str, object]]:
    return [
        {
            "event_date": "2019-05-01",
            "sub_event_type": "Attack",
            "location": "Dana",
            "notes": f"شاهد عيان {i} " * 8,
        }
        for i in range(count)
    ]


def _make(path: Path, *, encrypt: bool, records: int, sealing: bool = True) -> Path:
    """A database with a device key (and a sealing key) under OLD at the low KDF cost."""
    store = Store.open(path, create=True, encrypt=encrypt, passphrase=OLD if encrypt else None)
    with store:
        keys.save_identity(store, keys.create_identity("Amal", "Idlib Response", OLD, n=FAST_N))
        if sealing:
            ensure_age_identity(store, OLD)
        if records:
            store.add_many(INCIDENT, _rows(records))
    Store.lock(path)
    return path


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("passphrase")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cipher, "_SCRYPT_N", FAST_N)
        return {
            "big": _make(folder / "big.db", encrypt=True, records=RECORDS),
            "small": _make(folder / "small.db", encrypt=True, records=20),
            "plain": _make(folder / "plain.db", encrypt=False, records=20),
        }


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cipher, "_SCRYPT_N", FAST_N)


def _copy(template: Path, tmp_path: Path, name: str = "field.db") -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    path = folder / name
    shutil.copy(template, path)
    return path


@pytest.fixture
def encrypted(_templates: dict[str, Path], tmp_path: Path) -> Path:
    return _copy(_templates["small"], tmp_path)


@pytest.fixture
def plain(_templates: dict[str, Path], tmp_path: Path) -> Path:
    return _copy(_templates["plain"], tmp_path)


def digest(path: Path) -> str:
    """The database's bytes and its -wal's: what "unchanged" means."""
    h = hashlib.sha256()
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            h.update(file.read_bytes())
    return h.hexdigest()


def _opens(path: Path, passphrase: str) -> bool:
    try:
        cipher.connect(path, passphrase).close()
    except WrongPassphrase:
        return False
    return True


def state_of(path: Path) -> tuple[str, int]:
    """(the passphrase that opens the database, its incidents); asserts that exactly one
    does, that the device's signing and sealing keys open with that same one and not with
    the other, and that the file is whole."""
    opening = [p for p in (OLD, NEW) if _opens(path, p)]
    assert len(opening) == 1, f"opened by {len(opening)} passphrases"
    good = opening[0]
    bad = NEW if good == OLD else OLD
    conn = cipher.connect(path, good)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    with Store.open(path, create=False, passphrase=good) as store:
        envelope = store.require_device().private_key
        age = rekey.wrappings(store).age_identity
        count = store.count(INCIDENT)
    Store.lock(path)
    keys.decrypt_private_key(envelope, good)
    with pytest.raises(WrongPassphrase):
        keys.decrypt_private_key(envelope, bad)
    if age is not None:
        keys.decrypt_age_identity(age, good)
        with pytest.raises(WrongPassphrase):
            keys.decrypt_age_identity(age, bad)
    return good, count


# -- changing it -------------------------------------------------------------------------------


def test_the_database_and_both_keys_move_to_the_new_passphrase(encrypted: Path) -> None:
    salt = encrypted.read_bytes()[:16]
    with Store.open(encrypted, create=False, passphrase=OLD) as store:
        recipient = store.device() and rekey.wrappings(store).age_identity
        done = ops_passphrase.change_passphrase(store, OLD, NEW)
        # the open store goes on working under the new key, and the keyring holds it
        assert store.count(INCIDENT) == 20
        assert cipher.known_key(encrypted) == cipher.derive_key(NEW, salt) == store._key
        store.set_setting("after", "the change")
        with Store.open(encrypted, create=False) as again:  # the remembered (new) key
            assert again.setting("after") == "the change"
    assert recipient
    assert done.change.encrypted and done.change.sealing_key
    assert done.changes.devices and not done.changes.records
    assert encrypted.read_bytes()[:16] == salt  # the salt is kept
    assert state_of(encrypted) == (NEW, 20)
    with Store.open(encrypted, create=False, passphrase=NEW) as store:
        assert store.setting("after") == "the change"
    Store.lock(encrypted)


def test_a_path_is_opened_with_the_current_passphrase(encrypted: Path) -> None:
    seen: list[tuple[int, int]] = []
    done = ops_passphrase.change_passphrase(
        encrypted, OLD, NEW, repeat=NEW, task=Task(lambda d, t: seen.append((d, t)))
    )
    assert done.change.path == encrypted and seen[-1] == (5, 5)
    assert state_of(encrypted) == (NEW, 20)
    assert cipher.known_key(encrypted) is None  # state_of locked it; nothing else kept it
    # and back again
    ops_passphrase.change_passphrase(encrypted, NEW, OLD)
    assert state_of(encrypted) == (OLD, 20)


def test_other_connections_with_the_old_key_fail_afterwards(encrypted: Path) -> None:
    other = cipher.connect(encrypted, OLD)
    assert other.execute("SELECT count(*) FROM incidents").fetchone()[0] == 20
    ops_passphrase.change_passphrase(encrypted, OLD, NEW)
    with pytest.raises(cipher.Error):
        other.execute("SELECT count(*) FROM incidents").fetchone()
    other.close()
    Store.lock(encrypted)


@pytest.mark.parametrize(
    ("old", "new", "repeat", "code"),
    [
        ("not the passphrase", NEW, None, "passphrase.wrong_current"),
        (OLD, "short", None, "keys.passphrase_too_short"),
        (OLD, NEW, NEW + "x", "passphrase.new_differs"),
        (OLD, OLD, None, "passphrase.unchanged"),
    ],
)
def test_bad_input_changes_nothing(encrypted: Path, old, new, repeat, code) -> None:
    before = digest(encrypted)
    with Store.open(encrypted, create=False, passphrase=OLD) as store:
        with pytest.raises(FieldappError) as raised:
            ops_passphrase.change_passphrase(store, old, new, repeat=repeat)
        assert raised.value.code == code
    Store.lock(encrypted)
    assert digest(encrypted) == before
    assert state_of(encrypted) == (OLD, 20)


def test_a_wrong_current_passphrase_through_a_path_changes_no_byte(encrypted: Path) -> None:
    before = digest(encrypted)
    with pytest.raises(WrongPassphrase):
        ops_passphrase.change_passphrase(encrypted, "not the passphrase", NEW)
    assert digest(encrypted) == before


def test_a_key_that_only_the_other_passphrase_opens_is_refused(encrypted: Path) -> None:
    """The database opens with OLD but the typed passphrase must open the device key too."""
    with Store.open(encrypted, create=False, passphrase=OLD) as store:
        with pytest.raises(WrongPassphrase) as raised:
            rekey.check_database_passphrase(store, "not the passphrase")
        assert raised.value.code == "passphrase.wrong_current"


def test_a_cancel_before_the_commit_changes_nothing(encrypted: Path) -> None:
    before = digest(encrypted)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return True

    with pytest.raises(FieldappError) as raised:
        ops_passphrase.change_passphrase(encrypted, OLD, NEW, task=Task(cancelled=cancelled))
    assert raised.value.code.startswith("cancelled.") and calls
    assert digest(encrypted) == before


def test_a_cancel_after_the_commit_point_is_not_honoured(encrypted, monkeypatch) -> None:
    """Cancel pressed once the commit has started: the change completes (a Cancelled
    raised after the rekey would say "nothing was written" of a changed file)."""
    pressed: list[str] = []
    monkeypatch.setattr(rekey, "_step", lambda name: pressed.append(name))
    done = ops_passphrase.change_passphrase(
        encrypted, OLD, NEW, task=Task(cancelled=lambda: bool(pressed))
    )
    assert done.encrypted and pressed == ["wrapped", "rekeyed", "done"]
    assert state_of(encrypted) == (NEW, 20)


def test_keys_changed_meanwhile_are_not_overwritten(encrypted: Path) -> None:
    with Store.open(encrypted, create=False, passphrase=OLD) as store:
        current = rekey.wrappings(store)
        other = rekey.Wrappings(current.private_key, None)  # as if read before a sealing key
        with pytest.raises(DatabaseError) as raised:
            rekey.rewrap_and_rekey(store, other, current, cipher.derive_key(NEW, b"s" * 16))
        assert raised.value.code == "passphrase.changed_meanwhile"
        assert store.count(INCIDENT) == 20
    Store.lock(encrypted)
    assert state_of(encrypted) == (OLD, 20)


def test_a_plain_database_rewraps_the_keys_only(plain: Path) -> None:
    done = ops_passphrase.change_passphrase(plain, OLD, NEW)
    assert not done.change.encrypted and done.change.sealing_key
    assert cipher.describe(plain) == "plain"
    with Store.open(plain, create=False) as store:
        keys.decrypt_private_key(store.require_device().private_key, NEW)
        keys.decrypt_age_identity(rekey.wrappings(store).age_identity, NEW)
        with pytest.raises(WrongPassphrase):
            keys.decrypt_private_key(store.require_device().private_key, OLD)
        assert store.count(INCIDENT) == 20


def test_a_wrong_current_passphrase_on_a_plain_database_changes_no_byte(plain: Path) -> None:
    before = digest(plain)
    with pytest.raises(WrongPassphrase) as raised:
        ops_passphrase.change_passphrase(plain, "not the passphrase", NEW)
    assert raised.value.code == "passphrase.wrong_current"
    assert digest(plain) == before


def test_a_database_without_a_device_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    Store.open(path, create=True, encrypt=True, passphrase=OLD).close()
    with pytest.raises(NotInitialised):
        ops_passphrase.change_passphrase(path, OLD, NEW)
    Store.lock(path)
    assert _opens(path, OLD)


# -- the command line --------------------------------------------------------------------------


def test_cli_changes_the_passphrase_and_reminds_of_old_backups(encrypted, monkeypatch) -> None:
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", OLD)
    monkeypatch.setenv("FIELDAPP_NEW_PASSPHRASE", NEW)
    result = run_cli("--db", encrypted, "passphrase")
    assert result.code == 0, result.err
    assert "re-keyed" in result.out and "sealing key" in result.out
    assert "OLD passphrase" in result.out and "Scripts that set FIELDAPP_PASSPHRASE" in result.out
    Store.lock(encrypted)
    assert state_of(encrypted) == (NEW, 20)


def test_cli_help_names_the_variables() -> None:
    result = run_cli("passphrase", "--help")
    assert result.code == 0
    assert "FIELDAPP_NEW_PASSPHRASE" in result.out and "FIELDAPP_PASSPHRASE" in result.out


def test_cli_refuses_a_wrong_current_passphrase_and_a_short_new_one(encrypted, monkeypatch):
    before = digest(encrypted)
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", "not the passphrase")
    monkeypatch.setenv("FIELDAPP_NEW_PASSPHRASE", NEW)
    result = run_cli("--db", encrypted, "passphrase")
    assert result.code == 1 and "nothing was changed" in result.err, result.err
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", OLD)
    monkeypatch.setenv("FIELDAPP_NEW_PASSPHRASE", "short")
    result = run_cli("--db", encrypted, "passphrase")
    assert result.code == 1 and "at least 8" in result.err, result.err
    assert digest(encrypted) == before


def test_cli_asks_twice_and_refuses_two_different_new_ones(encrypted, monkeypatch) -> None:
    import getpass

    before = digest(encrypted)
    monkeypatch.delenv("FIELDAPP_PASSPHRASE")
    monkeypatch.delenv("FIELDAPP_NEW_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    answers = iter([OLD, NEW, NEW + " typo"])
    prompts: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda p="": prompts.append(p) or next(answers))
    result = run_cli("--db", encrypted, "passphrase")
    assert result.code == 1 and "differ" in result.err, result.err
    assert len(prompts) == 3 and "current" in prompts[0].lower()
    assert digest(encrypted) == before
    answers = iter([OLD, NEW, NEW])
    result = run_cli("--db", encrypted, "passphrase")
    assert result.code == 0, result.err
    Store.lock(encrypted)
    assert state_of(encrypted) == (NEW, 20)


def test_cli_on_a_plain_database_suggests_encrypting_it(plain, monkeypatch) -> None:
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", OLD)
    monkeypatch.setenv("FIELDAPP_NEW_PASSPHRASE", NEW)
    result = run_cli("--db", plain, "passphrase")
    assert result.code == 0, result.err
    assert "not encrypted" in result.out and "fieldapp encrypt" in result.out
    with Store.open(plain, create=False) as store:
        keys.decrypt_private_key(store.require_device().private_key, NEW)


# -- killed while changing it ------------------------------------------------------------------

CHILD = """
import os, sys
from fieldapp.store import Store, cipher, rekey
from fieldapp.ops import passphrase
cipher._SCRYPT_N = {n}
stop = sys.argv[4]
if stop:
    rekey._step = lambda name: os._exit(9) if name == stop else None
store = Store.open(sys.argv[1], create=False, passphrase=sys.argv[2])
print("ready", flush=True)
passphrase.change_passphrase(store, sys.argv[2], sys.argv[3])
print("done", flush=True)
"""


def _child(path: Path, stop: str = "", kill_after: float | None = None) -> tuple[str, float]:
    """Change the passphrase of `path` in a new process; SIGKILL it `kill_after` seconds
    after its store is open. Returns its last output and how long it ran."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(n=FAST_N), str(path), OLD, NEW, stop],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    if kill_after is not None:
        time.sleep(kill_after)
        with contextlib.suppress(ProcessLookupError):
            child.send_signal(signal.SIGKILL)
    out = child.stdout.read().strip()
    child.wait(timeout=60)
    return out, time.perf_counter() - start


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_change_killed_at_any_moment_leaves_one_passphrase_for_everything(
    _templates: dict[str, Path], tmp_path: Path
) -> None:
    template = _templates["big"]
    path = tmp_path / "data" / "field.db"
    path.parent.mkdir()
    conn = cipher.connect(template, OLD)
    try:
        whole = cipher.content(conn)  # every revision, in arrival order
    finally:
        conn.close()

    def revisions(passphrase: str) -> tuple[int, str]:
        opened = cipher.connect(path, passphrase)
        try:
            got = cipher.content(opened)
        finally:
            opened.close()
        return got.revisions, got.revision_ids

    def fresh() -> Path:
        for leftover in path.parent.iterdir():
            leftover.unlink()
        shutil.copy(template, path)
        return path

    for stop, want in (("wrapped", OLD), ("rekeyed", NEW), ("done", NEW)):
        out, _ = _child(fresh(), stop=stop)
        assert out == ""
        assert state_of(path) == (want, RECORDS), stop
    out, duration = _child(fresh())
    assert out == "done"
    assert state_of(path) == (NEW, RECORDS)
    rng = random.Random(2026)
    outcomes: dict[str, int] = {}
    kills = 40
    for _ in range(kills):
        _child(fresh(), kill_after=rng.uniform(0, duration * 1.1))
        good, count = state_of(path)
        assert count == RECORDS
        assert revisions(good) == (whole.revisions, whole.revision_ids)
        outcomes[good] = outcomes.get(good, 0) + 1
    named = {"old": outcomes.get(OLD, 0), "new": outcomes.get(NEW, 0)}
    print(f"passphrase change {duration:.3f} s; {kills} kills: {named}")
    assert sum(outcomes.values()) == kills
