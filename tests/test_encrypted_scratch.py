"""The verified scratch copies of a bundle merged into an encrypted database are encrypted
too (an ephemeral key per verification, never the database's), on the one-process path and
on the two-process one (whose second process opens the encrypted database read-only with
the key it was handed in memory); a plain database keeps plain copies, as before.

The copies are read while they exist: every time they are attached to the store (the
check against the database, then the merge), with the -journal/-wal beside them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, copy_database, run_cli
from test_sync_helpers import displacement, state_of

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import WrongPassphrase
from fieldapp.store import Store, cipher
from fieldapp.store import scratch as stored_scratch
from fieldapp.sync import verify
from fieldapp.sync.bundle.parallel import SPLIT, _verify_in_two
from fieldapp.sync.bundle.rows import _today
from fieldapp.sync.merge import merge_verified

MARKERS = ("قصف مدرسة الزرزور", "MARKER-zarzour-7731")
PLAIN_HEADER = b"SQLite format 3\x00"


def _incident(day: int) -> dict[str, object]:
    return {
        "event_date": f"2019-05-{day % 28 + 1:02d}",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "admin1": "Idlib",
        "location": "Khan Shaykhun",
        "latitude": 35.44,
        "longitude": 36.65,
        "killed": 3,
        "notes": f"{MARKERS[0]} {MARKERS[1]} {day}",
        "source": "UN OCHA",
    }


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bundle from another device with records on both sides of the parallel split
    (one of them edited: a revision with a parent), the markers in every incident."""
    root = tmp_path_factory.mktemp("encrypted-scratch")
    other = root / "basel.db"
    assert run_cli("--db", other, "init", "--name", "Basel", "--org", "IRN").code == 0
    with Store.open(other) as store:
        ids: list[str] = []
        day = 0
        while min(sum(i < SPLIT for i in ids), sum(i >= SPLIT for i in ids)) < 3:
            day += 1
            if day % 4:
                ids.append(store.add(INCIDENT, _incident(day)))
            else:
                ids.append(store.add(DISPLACEMENT, _displacement(day)))
        edited = next(i for i in ids if store.kind_of(i) == INCIDENT)
        store.edit(edited, {"killed": 9})
    path = root / "basel.zip"
    result = run_cli("--db", other, "export", "--out", path)
    assert result.code == 0, result.err
    return path


def _displacement(day: int) -> dict[str, object]:
    return displacement(individuals=100 + day, notes=f"{MARKERS[0]} {day}")


@pytest.fixture
def encrypted(tmp_path: Path, plain_db_path: Path) -> Path:
    """The same plain database as `plain`, encrypted by the command."""
    db_path = copy_database(plain_db_path, tmp_path / "encrypted.db")
    result = run_cli("--db", db_path, "encrypt")
    assert result.code == 0, result.err
    return db_path


@pytest.fixture
def plain(plain_db_path: Path) -> Path:
    return plain_db_path


def _in_clear(paths: list[Path]) -> list[str]:
    """What a search of the copies' bytes finds: a marker, or a plain SQLite header."""
    found = []
    for path in paths:
        for file in (Path(str(path) + s) for s in ("", "-journal", "-wal", "-shm")):
            if not file.exists():
                continue
            data = file.read_bytes()
            found += [f"{file.name}: {m}" for m in MARKERS if m.encode() in data]
            if data.startswith(PLAIN_HEADER):
                found.append(f"{file.name}: plain SQLite")
    return found


@contextmanager
def _watching(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[Path]]]:
    """Every list of copies attached to the store (check against it, merge), with what a
    search of their files found at that moment: [[paths...], [found...]] per attach."""
    seen: list[Any] = []
    real = stored_scratch.attached

    @contextmanager
    def spying(store: Store, copies: Any) -> Iterator[Any]:
        with real(store, copies) as found:
            seen.append((list(found.copies), _in_clear(found.copies)))
            yield found
            seen.append((list(found.copies), _in_clear(found.copies)))

    monkeypatch.setattr(stored_scratch, "attached", spying)
    yield seen


def _state(path: Path) -> dict[str, list[tuple]]:
    """The records and revisions of a database, plain or encrypted, for comparing merges."""
    with Store.open(path, passphrase=PASSPHRASE if Store.is_encrypted(path) else None) as store:
        return state_of(store.db.conn)


def _scratch_files() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("fieldapp-bundle-*"))


def _verify_and_merge(db: Path, bundle: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """verify_bundle then merge_verified, as the window does; returns what `_watching` saw
    (and the search before any attach) and the copies' paths."""
    before = _scratch_files()
    passphrase = PASSPHRASE if Store.is_encrypted(db) else None
    with (
        _watching(monkeypatch) as seen,
        Store.open(db, passphrase=passphrase) as store,
        verify.verify_bundle(bundle, store) as verified,
    ):
        key = verified.scratch_key
        copies = list(verified.scratches)
        assert copies and all(p.exists() for p in copies)
        if store.encrypted:
            assert key is not None and len(key) == 32 and key != store._key
        else:
            assert key is None
        seen.append((copies, _in_clear(copies)))  # before any attach, too
        summary = merge_verified(store, verified, trust_new=True)
        assert summary.added > 0
    assert _scratch_files() <= before  # removed after the merge
    assert all(stored_scratch.key_of(p) is None for p in copies)  # the key is dropped
    return seen, copies


def test_an_encrypted_database_gets_encrypted_scratch_copies(
    encrypted: Path, bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", str(10**9))  # one process
    seen, copies = _verify_and_merge(encrypted, bundle, monkeypatch)
    assert len(copies) == 1
    assert len(seen) >= 3  # before, and while attached (the check against it, the merge)
    assert all(found == [] for _, found in seen), seen


def test_the_merge_gives_what_a_plain_database_gets(
    encrypted: Path, plain: Path, bundle: Path
) -> None:
    for db in (plain, encrypted):
        result = run_cli("--db", db, "merge", "--trust-new", bundle)
        assert result.code == 0, result.err
    assert Store.is_encrypted(encrypted) and not Store.is_encrypted(plain)
    merged, reference = _state(encrypted), _state(plain)
    assert len(merged["incidents"]) > 3
    assert merged == reference


def test_two_processes_verify_against_an_encrypted_database(
    encrypted: Path, plain: Path, bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", "1")
    # The parallel path alone (no one-process fallback): it must succeed, in two parts.
    store = Store.open(encrypted, passphrase=PASSPHRASE)
    with store, verify.open_bundle(bundle, store) as container:
        verified = verify.VerifiedBundle(container.info)  # type: ignore[arg-type]
        try:
            _verify_in_two(container, store, verified, _today(), None, None)
            assert len(verified.scratches) == 2
            assert all(stored_scratch.key_of(p) == verified.scratch_key for p in verified.scratches)
            assert verified.scratch_key not in (None, store._key)
            assert _in_clear(verified.scratches) == []
        finally:
            verified.close()
    checked = run_cli("--db", encrypted, "verify", bundle)
    assert checked.code == 0 and "(two processes)" in checked.out, checked.err
    # Verify and merge with the copies watched: two of them, never in clear.
    seen, copies = _verify_and_merge(encrypted, bundle, monkeypatch)
    assert len(copies) == 2
    assert all(found == [] for _, found in seen), seen
    assert run_cli("--db", plain, "merge", "--trust-new", bundle).code == 0
    assert _state(encrypted) == _state(plain)


def test_a_plain_database_keeps_plain_scratch_copies(
    plain: Path, bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search above can see the markers: in a plain database's copies they are there."""
    for parallel in ("1", str(10**9)):
        monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", parallel)
        db = plain.with_name(f"plain-{parallel}.db")
        shutil.copy(plain, db)
        seen, copies = _verify_and_merge(db, bundle, monkeypatch)
        assert len(copies) == (2 if parallel == "1" else 1)
        found = seen[0][1]
        for marker in MARKERS:
            assert any(marker in f for f in found), found
        assert any("plain SQLite" in f for f in found)


def test_the_second_process_reads_an_encrypted_database_read_only(tmp_path: Path) -> None:
    """KnownRevisions.read_only with the key: through the URI read_only_uri makes (a '#'
    or '?' in a folder name stays a path), and nothing can be written through it."""
    folder = tmp_path / "a#b?c"
    folder.mkdir()
    path = folder / "db.sqlite"
    key = stored_scratch.new_key()
    conn = cipher.connect(path, key=key, salt=os.urandom(cipher.SALT_BYTES))
    conn.execute("CREATE TABLE revisions (id TEXT, signature BLOB)")
    conn.execute("INSERT INTO revisions VALUES ('r1', x'00'), ('r2', x'00')")
    conn.close()
    known = stored_scratch.KnownRevisions.read_only(f"{path.resolve().as_uri()}?mode=ro", key)
    try:
        assert known.any and known.present(["r1", "r3"]) == {"r1"}
        with pytest.raises(cipher.Error, match="readonly"):
            known._conn.execute("INSERT INTO revisions VALUES ('r3', NULL)")  # type: ignore[union-attr]
    finally:
        known.close()
    with pytest.raises(WrongPassphrase):
        stored_scratch.KnownRevisions.read_only(path.resolve().as_uri(), stored_scratch.new_key())


def test_an_encrypted_copy_still_refuses_a_revision_twice() -> None:
    """SQLCipher's IntegrityError is not sqlite3's: the duplicate is still told apart."""
    writer = stored_scratch.ScratchWriter(stored_scratch.new_key())
    row = (1, "rev", "rec", INCIDENT, "[]", "dev", 1, "2019-05-14T00:00:00Z", 0, "{}", 1, 1, b"")
    writer.write([row, (2, *row[1:])], [], {})
    with pytest.raises(stored_scratch.DuplicateRevision):
        writer.finish()
    assert stored_scratch.key_of(writer.path) is not None
    stored_scratch.remove(writer.path)
    assert stored_scratch.key_of(writer.path) is None and not writer.path.exists()
