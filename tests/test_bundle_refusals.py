"""Every way a bundle must be refused: clearly, with exit codes, and the database unchanged
(its whole SQL dump compared before and after)."""

from __future__ import annotations

import json
import struct
import uuid
import warnings
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import PASSPHRASE, copy_database, run_cli
from test_sync_helpers import (
    csv_bytes,
    csv_rows,
    device_factory,
    device_key,
    displacement,
    dump,
    forge,
    incident,
    read_bundle,
    repack,
    sign,
    write_zip,
)

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.store import Store
from fieldapp.sync import format as fmt
from fieldapp.sync.export import export_bundle
from fieldapp.sync.verify import verify_bundle


def valid_world(root: Path) -> dict[str, Path]:
    """One valid bundle from a field device (both kinds, an edit, a deletion), the
    coordinator it goes to, and an intruder with a key of its own (the hostile corpus of
    tests/test_bundle_hostile.py starts from the same)."""
    devices = device_factory()
    field = devices.new(root, "Amal")
    with Store.open(field) as store:
        a = store.add(INCIDENT, incident())
        store.add(INCIDENT, incident(event_date="2019-05-15", location="Kafr Nabl"))
        gone = store.add(INCIDENT, incident(event_date="2019-05-16", location="Ariha"))
        store.add(DISPLACEMENT, displacement(cause_incidents=[a]))
        store.edit(a, {"killed": 5})
        store.delete(gone)
        export_bundle(store, root / "valid.zip", PASSPHRASE)
    coordinator = devices.new(root, "Coordinator", "OCHA")
    with Store.open(coordinator) as store:  # it already holds something of its own
        store.add(INCIDENT, incident(location="Saraqib"))
    return {
        "root": root,
        "field": field,
        "bundle": root / "valid.zip",
        "coordinator": coordinator,
        "intruder": devices.new(root, "Intruder", "Nobody"),
    }


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return valid_world(tmp_path_factory.mktemp("refusals"))


@pytest.fixture
def coord(world: dict[str, Path], tmp_path: Path) -> Path:
    path = tmp_path / "coordinator.db"
    copy_database(world["coordinator"], path)
    return path


@pytest.fixture
def key(world: dict[str, Path]):
    return device_key(world["field"])


def refused(coord: Path, bundle: Path, *words: str, code: int | None = None) -> str:
    """Merge (and verify) through the CLI; both refuse, the database does not change."""
    before = dump(coord)
    result = run_cli("--db", coord, "merge", "--trust-new", bundle)
    assert result.code != 0, result.out
    if code is not None:
        assert result.code == code, result.err
    assert "Traceback" not in result.err
    for word in words:
        assert word in result.err, result.err
    assert dump(coord) == before
    check = run_cli("--db", coord, "verify", bundle)
    assert check.code != 0 and "Traceback" not in check.err
    assert dump(coord) == before
    return result.err


def test_the_valid_bundle_merges(world: dict[str, Path], coord: Path):
    result = run_cli("--db", coord, "merge", "--trust-new", world["bundle"])
    assert result.code == 0, result.err
    assert "3 new" in result.out  # the deleted record arrives deleted


# -- tampering ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", fmt.ENTRIES)
def test_flipped_byte_in_the_content_of_any_file(world, coord, tmp_path, name):
    files = read_bundle(world["bundle"])
    data = bytearray(files[name])
    at = len(data) // 2
    data[at] = ord("7") if data[at] != ord("7") else ord("8")
    bad = repack(world["bundle"], tmp_path / "bad.zip", files={name: bytes(data)})
    expected = {
        fmt.MANIFEST: "signature does not match",
        fmt.SIGNATURE: "signature does not match",
    }.get(name, f"{name} does not match the signed manifest")
    refused(coord, bad, expected, code=3)


@pytest.mark.parametrize("name", fmt.ENTRIES)
def test_flipped_byte_in_the_stored_zip_data(world, coord, tmp_path, name):
    raw = bytearray(world["bundle"].read_bytes())
    with zipfile.ZipFile(world["bundle"]) as zf:
        info = zf.getinfo(name)
    # local header: 30 bytes + name + extra, then the compressed data
    name_len, extra_len = struct.unpack(
        "<HH", raw[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_len + extra_len
    raw[start + info.compress_size // 2] ^= 0x20
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(raw))
    refused(coord, bad, "fieldapp: error:", code=3)


def test_manifest_edited_and_resigned_by_another_key(world, coord, tmp_path):
    intruder = device_key(world["intruder"])
    files = read_bundle(world["bundle"])
    manifest = json.loads(files[fmt.MANIFEST])
    manifest["records"][INCIDENT] += 1
    files[fmt.MANIFEST], files[fmt.SIGNATURE] = sign(manifest, intruder)
    bad = write_zip(tmp_path / "bad.zip", files)
    refused(coord, bad, "signature does not match", code=3)


def test_manifest_claiming_another_author_is_an_unknown_signer(world, coord, tmp_path):
    """Re-signed by another key that also names itself as the author: intact, but signed
    by a stranger; without trust it is refused with that stranger's fingerprint."""
    with Store.open(world["intruder"]) as store:
        me = store.require_device()
    intruder = device_key(world["intruder"])
    files = read_bundle(world["bundle"])
    manifest = json.loads(files[fmt.MANIFEST])
    manifest["author"] = {
        "fingerprint": me.id,
        "name": me.name,
        "organisation": me.organisation,
        "certificate": me.certificate,
    }
    files[fmt.MANIFEST], files[fmt.SIGNATURE] = sign(manifest, intruder)
    bad = write_zip(tmp_path / "bad.zip", files)
    before = dump(coord)
    result = run_cli("--db", coord, "merge", bad)
    assert result.code == 4
    assert "does not trust" in result.err and me.id[:4].upper() in result.err
    assert dump(coord) == before


def test_unknown_signer_without_trust(world, coord):
    before = dump(coord)
    result = run_cli("--db", coord, "merge", world["bundle"])
    assert result.code == 4
    assert "whose key this database does not trust" in result.err
    assert "Fingerprint: " in result.err and "--trust-new" in result.err
    assert dump(coord) == before


def test_untrusted_key_is_refused_even_when_known(world, coord):
    assert run_cli("--db", coord, "merge", "--trust-new", world["bundle"]).code == 0
    with Store.open(world["field"]) as store:
        fp = store.require_device().id
    assert run_cli("--db", coord, "keys", "untrust", fp[:16]).code == 0
    field = coord.parent / "field.db"
    copy_database(world["field"], field)
    with Store.open(field) as store:
        store.add(INCIDENT, incident(location="Idlib"))
        export_bundle(store, coord.parent / "next.zip", PASSPHRASE)
    before = dump(coord)
    assert run_cli("--db", coord, "merge", coord.parent / "next.zip").code == 4
    assert dump(coord) == before


# -- the container -----------------------------------------------------------------------


@pytest.mark.parametrize("keep", [0.5, 0.99, 0.0])
def test_truncated_zip(world, coord, tmp_path, keep):
    raw = world["bundle"].read_bytes()
    bad = tmp_path / "bad.zip"
    bad.write_bytes(raw[: int(len(raw) * keep)])
    refused(coord, bad, "not a complete bundle", code=3)


def test_zip_directory_asking_for_an_unknown_zip_version(world, coord, tmp_path):
    """Found by the mutation test: zipfile raises NotImplementedError for a central
    directory entry whose "version needed to extract" is beyond what it knows."""
    raw = bytearray(world["bundle"].read_bytes())
    at = raw.find(b"PK\x01\x02")  # the first central directory entry
    assert at > 0
    raw[at + 6 : at + 8] = struct.pack("<H", 99)  # version needed to extract: 9.9
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(raw))
    refused(coord, bad, "zip file version 9.9", code=3)


def _renamed(world, tmp_path: Path, old: str, new: str) -> Path:
    files = read_bundle(world["bundle"])
    entries = [(new if n == old else n, d) for n, d in files.items()]
    return write_zip(tmp_path / "bad.zip", entries)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("../incidents.csv", "points outside the bundle"),
        ("sub/../../incidents.csv", "points outside the bundle"),
        ("/etc/incidents.csv", "absolute path"),
        ("C:/incidents.csv", "absolute path"),
        ("\\\\server\\incidents.csv", "absolute path"),
        ("dir\\incidents.csv", "backslash"),
        ("data/incidents.csv", "inside a folder"),
    ],
)
def test_entry_names_that_escape(world, coord, tmp_path, name, words):
    refused(coord, _renamed(world, tmp_path, "incidents.csv", name), words, code=3)


def test_symlink_entry(world, coord, tmp_path):
    files = read_bundle(world["bundle"])
    files["incidents.csv"] = b"/etc/passwd"
    bad = write_zip(tmp_path / "bad.zip", files, **{"incidents.csv": 0o120777 << 16})
    refused(coord, bad, "is a link", code=3)


def test_duplicate_entry_name(world, coord, tmp_path):
    files = read_bundle(world["bundle"])
    entries = [*files.items(), ("incidents.csv", files["incidents.csv"])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns when writing a duplicate
        bad = write_zip(tmp_path / "bad.zip", entries)
    refused(coord, bad, "appears more than once", code=3)


def test_unexpected_and_missing_entries(world, coord, tmp_path):
    files = read_bundle(world["bundle"])
    extra = write_zip(tmp_path / "extra.zip", {**files, "run-me.exe": b"MZ"})
    refused(coord, extra, "unexpected file 'run-me.exe'", code=3)
    del files[fmt.SIGNATURE]
    missing = write_zip(tmp_path / "missing.zip", files)
    refused(coord, missing, "manifest.sig is missing", code=3)


def test_zip_bomb_is_refused_before_inflating(world, coord, tmp_path):
    """A small file that claims (honestly) to unpack to 50 MB of zeros."""
    files = read_bundle(world["bundle"])
    files["incidents.csv"] = bytes(50 << 20)
    bad = write_zip(tmp_path / "bomb.zip", files)
    assert bad.stat().st_size < 200_000
    refused(coord, bad, "zip bomb", code=3)


def test_a_header_that_understates_the_size_gains_nothing(world, coord, tmp_path):
    """Central directory and local header claim 100 bytes; the data inflates to 5 MB."""
    files = read_bundle(world["bundle"])
    files["incidents.csv"] = b"x" * (5 << 20)
    bad = write_zip(tmp_path / "liar.zip", files)
    raw = bytearray(bad.read_bytes())
    with zipfile.ZipFile(bad) as zf:
        info = zf.getinfo("incidents.csv")
    real = struct.pack("<I", info.file_size)
    fake = struct.pack("<I", 100)
    assert raw.count(real) >= 2
    bad.write_bytes(bytes(raw).replace(real, fake))
    refused(coord, bad, code=3)


def test_unknown_format_version(world, coord, key, tmp_path):
    def newer(m):
        m["format_version"] = fmt.FORMAT_VERSION + 1

    refused(coord, repack(world["bundle"], tmp_path / "v3.zip", key, manifest_edit=newer),
            f"format version {fmt.FORMAT_VERSION + 1}", "newer fieldapp", code=3)  # fmt: skip

    def older(m):
        m["format_version"] = 1

    refused(coord, repack(world["bundle"], tmp_path / "v1.zip", key, manifest_edit=older),
            "format 1", "did not sign each revision", "export again", code=3)  # fmt: skip

    def odd(m):
        m["format_version"] = "one"

    refused(coord, repack(world["bundle"], tmp_path / "vx.zip", key, manifest_edit=odd),
            "unknown bundle format version", code=3)  # fmt: skip


def test_not_a_bundle_at_all(coord, tmp_path):
    text = tmp_path / "notes.zip"
    text.write_text("hello")
    refused(coord, text, "not a complete bundle", code=3)
    other = write_zip(tmp_path / "other.zip", {"readme.txt": b"hi"})
    refused(coord, other, "unexpected file", code=3)


# -- CSV contents (the signer's own app gone wrong: re-signed, hashes updated) -----------


def _edit_csv(world, key, tmp_path, name, edit) -> Path:
    files = read_bundle(world["bundle"])
    rows = csv_rows(files[name])
    edit(rows)
    return repack(world["bundle"], tmp_path / "bad.zip", key, files={name: csv_bytes(rows)})


def _column(rows: list[list[str]], name: str) -> int:
    return rows[0].index(name)


def test_csv_missing_column(world, coord, key, tmp_path):
    def drop(rows):
        i = _column(rows, "notes")
        for r in rows:
            del r[i]

    refused(coord, _edit_csv(world, key, tmp_path, "incidents.csv", drop),
            "incidents.csv: the column 'notes' is missing", code=3)  # fmt: skip


def test_csv_extra_column(world, coord, key, tmp_path):
    def add(rows):
        rows[0].append("comment")
        for r in rows[1:]:
            r.append("x")

    refused(coord, _edit_csv(world, key, tmp_path, "displacements.csv", add),
            "unexpected column 'comment'", code=3)  # fmt: skip


def test_csv_revisions_header_wrong(world, coord, key, tmp_path):
    def rename(rows):
        rows[0][_column(rows, "data")] = "values"

    refused(coord, _edit_csv(world, key, tmp_path, "revisions.csv", rename),
            "revisions.csv: the column 'data' is missing", code=3)  # fmt: skip


def test_csv_bad_date_in_spreadsheet_copy(world, coord, key, tmp_path):
    def bad_date(rows):
        rows[1][_column(rows, "event_date")] = "2019-02-30"

    refused(coord, _edit_csv(world, key, tmp_path, "incidents.csv", bad_date),
            "event_date: '2019-02-30' is not a real calendar date", code=3)  # fmt: skip


def test_csv_negative_count_in_spreadsheet_copy(world, coord, key, tmp_path):
    def negative(rows):
        rows[1][_column(rows, "killed")] = "-3"

    refused(coord, _edit_csv(world, key, tmp_path, "incidents.csv", negative),
            "killed: -3 is negative", code=3)  # fmt: skip


def test_csv_spreadsheet_copy_disagrees_with_revision(world, coord, key, tmp_path):
    def other_value(rows):
        rows[1][_column(rows, "injured")] = "99"

    refused(coord, _edit_csv(world, key, tmp_path, "incidents.csv", other_value),
            "injured is '99' but its revision says", code=3)  # fmt: skip


def test_csv_row_for_a_revision_not_in_the_bundle(world, coord, key, tmp_path):
    def stray(rows):
        rows[1][-1] = "f" * 64

    refused(coord, _edit_csv(world, key, tmp_path, "incidents.csv", stray),
            "does not match any revision in revisions.csv", code=3)  # fmt: skip


@pytest.mark.parametrize("name", fmt.CSV_FILES)
def test_csv_non_utf8_byte(world, coord, key, tmp_path, name):
    files = read_bundle(world["bundle"])
    data = files[name]
    at = data.index(b"Khan") if b"Khan" in data else data.index(b"Idlib")
    bad = repack(
        world["bundle"],
        tmp_path / "bad.zip",
        key,
        files={name: data[:at] + b"\xff" + data[at + 1 :]},
    )
    refused(coord, bad, "not UTF-8", code=3)


def test_revision_with_bad_date_even_with_a_correct_id(world, coord, key, tmp_path):
    def bad(revs):
        revs[0]["data"]["event_date" if revs[0]["kind"] == INCIDENT else "report_date"] = (
            "2019-13-01"
        )

    refused(coord, forge(world["bundle"], tmp_path / "bad.zip", key, bad),
            "is not a real calendar date", code=3)  # fmt: skip


def test_revision_with_negative_count_even_with_a_correct_id(world, coord, key, tmp_path):
    def bad(revs):
        for r in revs:
            if r["kind"] == DISPLACEMENT:
                r["data"]["individuals"] = -10

    refused(coord, forge(world["bundle"], tmp_path / "bad.zip", key, bad),
            "individuals: -10 is negative", code=3)  # fmt: skip


def test_revision_altered_without_its_id(world, coord, key, tmp_path):
    def edit(rows):
        i = _column(rows, "data")
        row = next(r for r in rows[1:] if '"killed":' in r[i])
        row[i] = row[i].replace('"killed":', '"killed":1')

    refused(coord, _edit_csv(world, key, tmp_path, "revisions.csv", edit),
            "does not match its content", code=3)  # fmt: skip


def test_revision_whose_parent_belongs_to_another_record(world, coord, key, tmp_path):
    def cross(revs):
        roots = [r for r in revs if not r["parents"]]
        child = next(r for r in revs if r["parents"])
        stranger = next(r for r in roots if r["record_id"] != child["record_id"])
        child["parents"] = stranger["id"]

    refused(coord, forge(world["bundle"], tmp_path / "bad.zip", key, cross),
            "revision of another record", code=3)  # fmt: skip


def test_revision_not_in_canonical_form(world, coord, key, tmp_path):
    def spaced(rows):
        i = _column(rows, "data")
        rows[1][i] = json.dumps(json.loads(rows[1][i]), ensure_ascii=False)

    refused(coord, _edit_csv(world, key, tmp_path, "revisions.csv", spaced),
            "not canonical JSON", code=3)  # fmt: skip


def test_counts_that_disagree_with_the_manifest(world, coord, key, tmp_path):
    def more(m):
        m["revisions"]["count"] += 1

    refused(coord, repack(world["bundle"], tmp_path / "bad.zip", key, manifest_edit=more),
            "the manifest says", code=3)  # fmt: skip


def test_parent_linking_across_bundles_is_checked_against_the_database(world, coord, key, tmp_path):
    """A later bundle naming, as the parent of a new revision, a revision the coordinator
    already holds for another record."""
    assert run_cli("--db", coord, "merge", "--trust-new", world["bundle"]).code == 0
    with Store.open(coord) as store:
        other = store.query(INCIDENT, limit=1)[0]

    def cross(revs):
        child = next(r for r in revs if r["parents"] and r["record_id"] != other["id"])
        child["parents"] = other["revision"]
        child["seq"] = "999"

    def new_bundle(m):
        m["bundle_id"] = str(uuid.uuid4())
        m["sequence"] += 1

    bad = forge(world["bundle"], tmp_path / "bad.zip", key, cross, manifest_edit=new_bundle)
    refused(coord, bad, "revision of another record", code=3)


def test_verify_refuses_without_writing_anything(world, tmp_path):
    bad = tmp_path / "bad.zip"
    raw = world["bundle"].read_bytes()
    bad.write_bytes(raw[:-30])
    result = run_cli("--db", tmp_path / "none.db", "verify", bad)
    assert result.code == 3 and "not a complete bundle" in result.err
    assert not (tmp_path / "none.db").exists()
    with pytest.raises(Exception) as caught:
        verify_bundle(bad)
    assert type(caught.value).__name__ == "BundleError"


def test_deflate_stream_garbage_is_a_bundle_error(world, coord, tmp_path):
    """Compressed data replaced by random bytes of the same length (zlib.error inside)."""
    raw = bytearray(world["bundle"].read_bytes())
    with zipfile.ZipFile(world["bundle"]) as zf:
        info = zf.getinfo("revisions.csv")
    name_len, extra_len = struct.unpack(
        "<HH", raw[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_len + extra_len
    noise = zlib.compress(b"noise") * (info.compress_size // 10 + 1)
    raw[start : start + info.compress_size] = noise[: info.compress_size]
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(raw))
    refused(coord, bad, code=3)
