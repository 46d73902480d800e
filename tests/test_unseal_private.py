"""A sealed bundle is never in clear on disk while it is imported (fieldapp/sync/spool.py,
seal.unseal): it is unsealed into a spool encrypted under a random key held in memory,
which the second verifying process reads with the key from its pipe. Markers (Latin and
Arabic) in every text field of the records are searched for in every file of the
temporary folder — during the import, after it, after a cancel, after a refusal of a
tampered bundle, and after the importing process was killed with SIGKILL half-way."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pyrage
import pytest
from conftest import PASSPHRASE
from test_sync_helpers import DISPLACEMENT, FAST_N, INCIDENT, device_factory, read_bundle, write_zip

from fieldapp.domain.fields import FIELDS
from fieldapp.domain.fields import INCIDENT as INCIDENT_KIND
from fieldapp.errors import Cancelled
from fieldapp.identity.keys import create_identity, save_identity
from fieldapp.store import Store
from fieldapp.sync.errors import BundleError, SealedBundleError
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle
from fieldapp.sync.seal import age_identity, age_recipient, ensure_age_identity
from fieldapp.sync.spool import CHUNK, SpoolWriter
from fieldapp.sync.verify import open_bundle, verify_bundle

LATIN = "ZQXSEAL842"
ARABIC = "علامةمختومة"  # "a sealed mark"
ROOT = Path(__file__).resolve().parent.parent
RECORDS = 1500  # enough for several progress steps and both verifying processes


# -- finding the markers -----------------------------------------------------------------


def needles() -> list[bytes]:
    return [
        marker.encode(encoding)
        for marker in (LATIN, LATIN.lower(), ARABIC)
        for encoding in ("utf-8", "utf-16-le", "utf-16-be")
    ]


def markers_in(folder: Path) -> list[str]:
    """Every file under `folder` whose bytes, or whose zip members, hold a marker."""
    hits = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        try:
            data = path.read_bytes()
        except OSError:  # removed while we looked
            continue
        parts = [data]
        if data[:4] == b"PK\x03\x04":
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as zf:
                    parts += [zf.read(n) for n in zf.namelist()]
            except (zipfile.BadZipFile, EOFError, OSError):
                pass
        hits += [f"{path.name}: {n!r}" for part in parts for n in needles() if n in part]
    return hits


def spools(folder: Path) -> list[Path]:
    return sorted(folder.glob("fieldapp-unsealed-*"))


def marked(kind_values: dict, kind: str, tag: str) -> dict:
    values = dict(kind_values)
    for field in FIELDS[kind]:
        if field.type == "text" and not field.name.endswith("pcode") and field.name != "country":
            values[field.name] = f"{LATIN}{tag} {ARABIC}"
            # a marked place name is no unit the register knows: its code would not match
            if f"{field.name}_pcode" in values:
                values[f"{field.name}_pcode"] = None
    return values


# -- the world: a field device's sealed bundle for an encrypted coordinator ----------------


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("unseal")
    coord = root / "coordinator.db"
    # Encrypted (its verified scratch copies are encrypted too): only then may a killed
    # import leave no record in clear, whatever the fixtures give.
    with Store.open(coord, create=True, encrypt=True, passphrase=PASSPHRASE) as store:
        save_identity(store, create_identity("Coordinator", "OCHA", PASSPHRASE, n=FAST_N))
        recipient = ensure_age_identity(store, PASSPHRASE)
    field = device_factory().new(root, "Amal")
    sealed = root / "usb" / "amal-sealed.zip"
    sealed.parent.mkdir()
    with Store.open(field) as store:
        store.add_many(
            INCIDENT_KIND,
            (marked(INCIDENT, INCIDENT_KIND, f"i{i}") for i in range(RECORDS)),
        )
        store.add("displacement", marked(DISPLACEMENT, "displacement", "d"))
        export_bundle(store, sealed, PASSPHRASE, full=True, seal_to=recipient)
    assert sealed.read_bytes().startswith(b"age-encryption.org/v1")
    return {"root": root, "coord": coord, "sealed": sealed}


@pytest.fixture
def coord(world, tmp_path: Path):
    """A fresh copy of the coordinator's database, open."""
    path = copy_db(world["coord"], tmp_path / "coordinator.db")
    with Store.open(path, passphrase=PASSPHRASE) as store:
        yield store


def passphrase() -> str:
    return PASSPHRASE


def copy_db(source: Path, dest: Path) -> Path:
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            Path(f"{dest}{suffix}").write_bytes(Path(f"{source}{suffix}").read_bytes())
    return dest


def test_the_search_finds_the_markers_in_the_clear_zip(world, coord, tmp_path):
    """The sealed bundle decrypted outside the temporary folder (what `age -d` gives):
    the markers are there, so the search is known to find them."""
    folder = tmp_path / "look"
    folder.mkdir()
    identity = age_identity(coord, PASSPHRASE)
    (folder / "plain.zip").write_bytes(pyrage.decrypt(world["sealed"].read_bytes(), [identity]))
    found = markers_in(folder)
    assert any(LATIN in f for f in found) and any(repr(ARABIC.encode()) in f for f in found)
    assert markers_in(world["sealed"].parent) == []  # sealed: nothing to find


# -- the spool ----------------------------------------------------------------------------


def test_the_spool_reads_back_what_was_written_and_refuses_a_change(temp):
    data = os.urandom(3 * CHUNK + 123) + f"{LATIN} {ARABIC}".encode()
    writer = SpoolWriter("fieldapp-unsealed-")
    for start in range(0, len(data), 8191):  # pyrage writes in pieces of any size
        writer.write(data[start : start + 8191])
    spool = writer.finish()
    assert spool.size == len(data) and spool.path.parent == temp
    assert markers_in(temp) == []
    with spool.open() as reader:
        assert reader.read() == data
        for at in (0, CHUNK - 1, CHUNK, 2 * CHUNK + 5, len(data) - 3):
            reader.seek(at)
            assert reader.read(CHUNK + 7) == data[at : at + CHUNK + 7]
        assert reader.seek(-10, io.SEEK_END) == len(data) - 10
        assert reader.read() == data[-10:]
    raw = bytearray(spool.path.read_bytes())
    raw[CHUNK + 40] ^= 1
    spool.path.write_bytes(bytes(raw))
    with spool.open() as reader:
        assert reader.read(100) == data[:100]
        with pytest.raises(OSError, match="changed on disk"):
            reader.read(2 * CHUNK)
    spool.path.write_bytes(bytes(raw[: CHUNK + 10]))  # cut short
    with spool.open() as reader, pytest.raises(OSError):
        reader.read()
    spool.remove()
    assert list(temp.iterdir()) == []


# -- importing ----------------------------------------------------------------------------


@pytest.mark.parametrize("processes", [1, 2])
def test_importing_a_sealed_bundle_leaves_nothing_in_clear(
    world, coord, temp, monkeypatch, processes
):
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", "1" if processes == 2 else "1000000000")
    seen: list[tuple[list[str], list[Path]]] = []

    def progress(done: int, total: int) -> None:
        if len(seen) < 3:
            seen.append((markers_in(temp), spools(temp)))

    summary = merge_bundle(
        coord, world["sealed"], trust_new=True, passphrase=passphrase, progress=progress
    )
    assert summary.sealed and summary.new == RECORDS + 1
    assert seen and all(hits == [] for hits, _ in seen)  # during the import
    assert all(len(found) == 1 for _, found in seen)  # the spool, encrypted
    assert markers_in(temp) == [] and list(temp.iterdir()) == []  # after it


def test_the_open_container_reads_the_spool_and_removes_it(world, coord, temp):
    with open_bundle(world["sealed"], coord, passphrase) as container:
        [spool] = spools(temp)
        assert container.sealed and container.zip_path == spool
        assert markers_in(temp) == []
        assert container.info is not None and container.info.revisions == RECORDS + 1
        container.check_hashes()
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize("processes", [1, 2])
def test_a_cancelled_import_leaves_nothing(world, coord, temp, monkeypatch, processes):
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", "1" if processes == 2 else "1000000000")
    calls: list[list[str]] = []

    def progress(done: int, total: int) -> None:
        calls.append(markers_in(temp))

    with pytest.raises(Cancelled):
        merge_bundle(
            coord,
            world["sealed"],
            trust_new=True,
            passphrase=passphrase,
            progress=progress,
            cancel=lambda: bool(calls),
        )
    assert calls and calls[0] == []
    assert markers_in(temp) == [] and list(temp.iterdir()) == []
    assert coord.count(INCIDENT_KIND) == 0


def reseal(files: dict[str, bytes], store: Store, out: Path) -> Path:
    """The bundle's files zipped and sealed again to the coordinator (outside the
    temporary folder), as a tampering courier with the coordinator's recipient could."""
    inner = out.with_suffix(".inner.zip")
    write_zip(inner, files)
    recipient = pyrage.x25519.Recipient.from_str(ensure_age_identity(store, PASSPHRASE))
    out.write_bytes(pyrage.encrypt(inner.read_bytes(), [recipient]))
    inner.unlink()
    return out


@pytest.mark.parametrize("processes", [1, 2])
def test_a_tampered_sealed_bundle_is_refused_and_leaves_nothing(
    world, coord, temp, tmp_path, monkeypatch, processes
):
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", "1" if processes == 2 else "1000000000")
    identity = age_identity(coord, PASSPHRASE)
    inner = tmp_path / "outside" / "inner.zip"
    inner.parent.mkdir()
    inner.write_bytes(pyrage.decrypt(world["sealed"].read_bytes(), [identity]))
    files = read_bundle(inner)
    inner.unlink()
    files["revisions.csv"] = files["revisions.csv"].replace(b"i7 ", b"i8 ", 1)
    tampered = reseal(files, coord, tmp_path / "outside" / "tampered.zip")
    with pytest.raises(BundleError) as refused:
        merge_bundle(coord, tampered, trust_new=True, passphrase=passphrase)
    assert refused.value.code in ("bundle.altered", "bundle.revision_id")
    assert markers_in(temp) == [] and list(temp.iterdir()) == []

    damaged = tmp_path / "outside" / "damaged.zip"
    damaged.write_bytes(world["sealed"].read_bytes()[:-5000])  # the age stream cut short
    with pytest.raises(SealedBundleError):
        verify_bundle(damaged, coord, passphrase)
    assert list(temp.iterdir()) == []


# -- killed half-way ------------------------------------------------------------------------

_CHILD = """
import os, sys, time
from pathlib import Path
from fieldapp.store import Store
from fieldapp.sync.verify import verify_bundle

db, bundle, passphrase = sys.argv[1], sys.argv[2], os.environ.pop("UNSEAL_TEST_PASSPHRASE")
store = Store.open(Path(db), passphrase=passphrase)
told = []

def progress(done, total):
    if done and not told:
        told.append(1)
        print("verifying", flush=True)
        time.sleep(120)  # killed here

verify_bundle(Path(bundle), store, lambda: passphrase, progress=progress)
print("finished", flush=True)
"""


@pytest.mark.parametrize("processes", [1, 2])
def test_killed_in_the_middle_of_an_unseal_and_verify_leaves_nothing_in_clear(
    world, temp, tmp_path, processes
):
    db = copy_db(world["coord"], tmp_path / "coordinator.db")
    env = {
        **os.environ,
        "TMPDIR": str(temp),
        "UNSEAL_TEST_PASSPHRASE": PASSPHRASE,
        "FIELDAPP_PARALLEL_VERIFY_MIN": "1" if processes == 2 else "1000000000",
    }
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(db), str(world["sealed"])],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline() if child.stdout else ""
        assert line.strip() == "verifying", child.stderr.read() if child.stderr else ""
        assert len(spools(temp)) == 1  # unsealed, and being verified
        assert markers_in(temp) == []
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    assert child.returncode == -signal.SIGKILL
    left = [p.name for p in temp.rglob("*") if p.is_file()]
    assert any(name.startswith("fieldapp-unsealed-") for name in left)  # left behind...
    assert markers_in(temp) == []  # ...and unreadable


def test_a_sealed_export_never_writes_the_clear_zip(world, coord, tmp_path, temp):
    """The zip of a bundle to seal goes into an encrypted spool, not a clear file: looked
    at while it is being written and after, the temporary folder holds no marker."""
    field = device_factory().new(tmp_path, "Amal")
    with Store.open(field) as store:
        store.add_many(
            INCIDENT_KIND, (marked(INCIDENT, INCIDENT_KIND, f"e{i}") for i in range(300))
        )
    recipient = age_recipient(coord)
    seen: list[list[str]] = []
    written: list[list[Path]] = []

    def look(done: int, total: int) -> None:
        seen.append(markers_in(temp))  # deflated text would hide them: the zip itself shows
        seen[-1] += [p.name for p in temp.iterdir() if b"PK\x03\x04" in p.read_bytes()]
        written.append(sorted(temp.iterdir()))

    out = tmp_path / "usb" / "sealed.zip"
    out.parent.mkdir()
    with Store.open(field) as store:
        export_bundle(store, out, PASSPHRASE, full=True, seal_to=recipient, progress=look)
    assert any(written), "the export was looked at while its spool existed"
    assert all(not found for found in seen), seen
    assert markers_in(temp) == [] and list(temp.iterdir()) == []
    assert out.read_bytes().startswith(b"age-encryption.org/v1")


@pytest.mark.parametrize("damage", ["flip", "add", "cut"])
def test_a_sealed_bundle_damaged_in_transit_is_one_line_and_the_next_file_still_merges(
    world, tmp_path, temp, cli, damage
):
    """One byte flipped, added or cut in a sealed bundle: one line, exit 3, nothing of it
    written; a good file after it in the same `merge` is merged all the same."""
    from test_sync_helpers import state

    data = bytearray(world["sealed"].read_bytes())
    middle = len(data) // 2
    if damage == "flip":
        data[middle] ^= 0x01
    elif damage == "add":
        data.insert(middle, 7)
    else:
        del data[middle]
    bad = tmp_path / f"{damage}.zip"
    bad.write_bytes(bytes(data))
    db = copy_db(world["coord"], tmp_path / "coordinator.db")
    with Store.open(db, passphrase=PASSPHRASE):
        pass  # this process knows its key, as after an unlock
    before = state(db)
    alone = cli("--db", db, "merge", "--trust-new", bad)
    assert alone.code == 3 and "Traceback" not in alone.err
    assert alone.err.strip().count("\n") == 0 and "damaged" in alone.err
    assert state(db) == before and list(temp.iterdir()) == []
    both = cli("--db", db, "merge", "--trust-new", bad, world["sealed"])
    assert both.code == 3 and f"{bad.name}:" in both.err and "Traceback" not in both.err
    assert "merged bundle #1" in both.out  # the good one, after the refused one
    assert list(temp.iterdir()) == []
