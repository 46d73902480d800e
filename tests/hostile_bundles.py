"""The hostile corpus (issue 14): every class of bad bundle, made from one valid bundle.

Each case rewrites the valid bundle the way an attacker holding the field device's key (or
a buggy app on that device) would, re-signing the manifest with that key as
test_sync_helpers.repack does, so what is refused is the content, not the signature.
`build_corpus` writes every case into a folder; tests/test_bundle_hostile.py runs each
through `fieldapp verify` and `fieldapp merge` and counts what happens.

A case says what must happen: refused with exit code 3 (a bad bundle) or 4 (trust), with
words its one-line message must hold; or merged (0) -- a bundle far ahead of the others
is accepted, its gap counted, not enumerated.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from test_sync_helpers import csv_bytes, csv_rows, forge, read_bundle, repack, write_zip

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.domain.revisions import Revision
from fieldapp.identity.keys import create_identity
from fieldapp.store import signing
from fieldapp.sync import format as fmt
from fieldapp.sync.bundle.rows import _field_values, _revision_id, _Row

Key = ec.EllipticCurvePrivateKey
Builder = Callable[[Path, Key, Path], Path]


@dataclass
class Case:
    name: str
    build: Builder
    code: int = 3  # 3: a bad bundle; 4: trust; 0: merged
    words: tuple[str, ...] = ()
    path: Path | None = None


# -- manifest.json, edited as text (json.dumps itself cannot write 100,000 levels) ---------


def _signed_manifest(src: Path, key: Key, out: Path, edit: Callable[[str], str]) -> Path:
    files = read_bundle(src)
    raw = edit(files[fmt.MANIFEST].decode("utf-8")).encode("utf-8")
    files[fmt.MANIFEST] = raw
    files[fmt.SIGNATURE] = key.sign(raw, ec.ECDSA(hashes.SHA256()))
    return write_zip(out, files)


def _insert(field: str) -> Callable[[str], str]:
    """Add a top-level field to the manifest's text, right after its opening brace."""
    return lambda text: text.replace("{", "{" + f'"x-hostile": {field}, ', 1)


def _nested(depth: int, kind: str) -> str:
    if kind == "arrays":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


def _manifest_deep(depth: int, kind: str) -> Builder:
    return lambda src, key, out: _signed_manifest(src, key, out, _insert(_nested(depth, kind)))


def _manifest_field(edit: Callable[[dict[str, Any]], None]) -> Builder:
    return lambda src, key, out: repack(src, out, key, manifest_edit=edit)


def _set(name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(m: dict[str, Any]) -> None:
        m[name] = value

    return edit


def _set_records(kind: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(m: dict[str, Any]) -> None:
        m["records"][kind] = value

    return edit


# -- revisions.csv -----------------------------------------------------------------------


def _revision_cells(src: Path) -> list[list[str]]:
    return csv_rows(read_bundle(src)[fmt.REVISIONS])


def _with_revisions(src: Path, key: Key, out: Path, rows: list[list[str]]) -> Path:
    return repack(src, out, key, files={fmt.REVISIONS: csv_bytes(rows)})


def _data_cell(text: str) -> Builder:
    """The first revision's data cell replaced by raw text, its id recomputed."""

    def build(src: Path, key: Key, out: Path) -> Path:
        rows = _revision_cells(src)
        row = rows[1]
        row[8] = text
        parents = row[3].split(";") if row[3] else []
        rev = _Row(0, "", row[1], row[2], parents, row[4], int(row[5]), row[6],
                   row[7] == "1", text, {})  # fmt: skip
        row[0] = _revision_id(rev)
        row[9] = signing.sign(key, row[0]).hex()  # the author's app wrote it: signed
        return _with_revisions(src, key, out, rows)

    return build


def _first_incident_data(src: Path) -> dict[str, Any]:
    rows = _revision_cells(src)
    return json.loads(next(r for r in rows[1:] if r[2] == INCIDENT)[8])


def _data_number(name: str, number_text: str) -> Builder:
    """An incident's data with `name` set to a number written exactly as `number_text`."""

    def build(src: Path, key: Key, out: Path) -> Path:
        data = _first_incident_data(src)
        data[name] = 123456.5  # a placeholder that is written as itself
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return _data_cell(text.replace("123456.5", number_text))(src, key, out)

    return build


def _forged(edit: Callable[[dict[str, Any]], None], kind: str = INCIDENT) -> Builder:
    """A revision of `kind` edited as a value and its id recomputed (test_sync_helpers.forge:
    the record CSVs are left empty, the counts follow)."""

    def edit_all(revs: list[dict[str, Any]]) -> None:
        edit(next(r for r in revs if r["kind"] == kind))

    return lambda src, key, out: forge(src, out, key, edit_all)


def _data(name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(rev: dict[str, Any]) -> None:
        rev["data"][name] = value

    return edit


def _timestamp(value: str) -> Callable[[dict[str, Any]], None]:
    def edit(rev: dict[str, Any]) -> None:
        rev["timestamp"] = value

    return edit


def _long_history(length: int) -> Builder:
    """The first record's history made `length` revisions long, each editing the last
    (more than a verification batch: the group is streamed)."""

    def build(src: Path, key: Key, out: Path) -> Path:
        rows = _revision_cells(src)
        first = rows[1]
        start = dt.datetime.fromisoformat(first[6][:-1])
        chain = [first]
        for i in range(1, length):
            prev = chain[-1]
            stamp = (start + dt.timedelta(seconds=i)).isoformat(timespec="milliseconds")
            data = json.loads(prev[8])
            rev = Revision(first[1], first[2], (prev[0],), first[4], 10_000 + i, stamp + "Z",
                           False, data)  # fmt: skip
            chain.append([rev.id, rev.record_id, rev.kind, prev[0], rev.device, str(rev.seq),
                          rev.timestamp, "0", rev.data_json(),
                          signing.sign(key, rev.id).hex()])  # fmt: skip
        rest = [r for r in rows[1:] if r[1] != first[1]]
        return _with_revisions(src, key, out, [rows[0], *chain, *rest])

    return build


# -- zip entry types ---------------------------------------------------------------------


def _entry_attr(name: str, attr: int) -> Builder:
    def build(src: Path, key: Key, out: Path) -> Path:
        return write_zip(out, read_bundle(src), **{name: attr})

    return build


# -- the record CSVs against the revisions -----------------------------------------------


def _revisions_by_record(src: Path) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    for row in _revision_cells(src)[1:]:
        out.setdefault(row[1], []).append(row)
    return out


def _record_row(kind: str, rev: list[str], template: list[str]) -> list[str]:
    """The row a record CSV would hold for revision `rev` (cells as the exporter writes)."""
    values = fmt.values_cells(_field_values(kind, json.loads(rev[8])))
    created, _updated, device, _rev = template[-4:]
    return [rev[1], *values, created, rev[6], device, rev[0]]


def _with_rows(
    src: Path, key: Key, out: Path, kind: str, edit: Callable[[list[list[str]]], None]
) -> Path:
    name = fmt.RECORD_FILES[kind]
    rows = csv_rows(read_bundle(src)[name])
    edit(rows)
    count = len(rows) - 1

    def counts(m: dict[str, Any]) -> None:
        m["records"][kind] = count  # the manifest agrees: only the rows tell

    return repack(src, out, key, files={name: csv_bytes(rows)}, manifest_edit=counts)


def _older_version(src: Path, key: Key, out: Path) -> Path:
    """The edited incident shown as it was before the edit."""
    history = _revisions_by_record(src)

    def edit(rows: list[list[str]]) -> None:
        for i, row in enumerate(rows[1:], 1):
            revs = history[row[0]]
            if len(revs) > 1:
                first = next(r for r in revs if not r[3])
                rows[i] = _record_row(INCIDENT, first, row)
                return
        raise AssertionError("the valid bundle has no edited incident")

    return _with_rows(src, key, out, INCIDENT, edit)


def _deleted_shown(src: Path, key: Key, out: Path) -> Path:
    """A row for the deleted incident, showing it as it was before its deletion."""
    history = _revisions_by_record(src)

    def edit(rows: list[list[str]]) -> None:
        gone = next(k for k, revs in history.items() if any(r[7] == "1" for r in revs))
        root = next(r for r in history[gone] if not r[3])
        rows.append(_record_row(INCIDENT, root, rows[1]))
        rows[1:] = sorted(rows[1:], key=lambda r: r[0])

    return _with_rows(src, key, out, INCIDENT, edit)


def _missing_row(src: Path, key: Key, out: Path) -> Path:
    """Half the incidents (one of two) left out, the manifest's count matching."""
    return _with_rows(src, key, out, INCIDENT, lambda rows: rows.pop())


def _created_at(value: str) -> Builder:
    """The first incident row's created_at replaced."""

    def edit(rows: list[list[str]]) -> None:
        rows[1][-4] = value

    return lambda src, key, out: _with_rows(src, key, out, INCIDENT, edit)


def _extra_row(src: Path, key: Key, out: Path) -> Path:
    """A displacement row for a record that has no revision in the bundle."""

    def edit(rows: list[list[str]]) -> None:
        extra = list(rows[1])
        extra[0] = "ffffffff-ffff-4fff-bfff-ffffffffffff"
        rows.append(extra)

    return _with_rows(src, key, out, DISPLACEMENT, edit)


CASES: list[Case] = [
    # 1. tracebacks and hangs, now one-line refusals
    Case("manifest: 5,000 nested arrays", _manifest_deep(5_000, "arrays"), 3, ("nests deeper",)),
    Case("manifest: 100,000 nested arrays", _manifest_deep(100_000, "arrays"), 3, ("nests",)),
    Case("manifest: 5,000 nested objects", _manifest_deep(5_000, "objects"), 3, ("nests",)),
    Case("manifest: 100,000 nested objects", _manifest_deep(100_000, "objects"), 3, ("nests",)),
    Case(
        "data: 5,000 nested arrays",
        _data_cell('{"a":' + _nested(5_000, "arrays") + "}"),
        3,
        ("nests deeper",),
    ),
    Case(
        "data: 50,000 nested arrays",
        _data_cell('{"a":' + _nested(50_000, "arrays") + "}"),
        3,
        ("nests deeper",),
    ),
    # beyond the CSV reader's cell limit (131,072 characters): refused as a malformed CSV
    Case(
        "data: 100,000 nested arrays",
        _data_cell('{"a":' + _nested(100_000, "arrays") + "}"),
        3,
        ("refused",),
    ),
    Case("data: 100,000 nested objects", _data_cell(_nested(100_000, "objects")), 3, ()),
    Case(
        "data: 20,000 nested objects", _data_cell(_nested(20_000, "objects")), 3, ("nests deeper",)
    ),
    Case("data: latitude 10**400", _forged(_data("latitude", 10**400)), 3, ("latitude",)),
    Case("data: latitude 1e400", _data_number("latitude", "1e400"), 3, ("line",)),
    Case("data: killed 10**400", _forged(_data("killed", 10**400)), 3, ("killed",)),
    Case(
        "manifest: a float of 1e400",
        lambda s, k, o: _signed_manifest(s, k, o, _insert("1e400")),
        3,
        ("not valid JSON",),
    ),
    Case("manifest: sequence 2**63", _manifest_field(_set("sequence", 2**63)), 3, ("sequence",)),
    Case(
        "manifest: sequence 10**400", _manifest_field(_set("sequence", 10**400)), 3, ("sequence",)
    ),
    Case(
        "manifest: sequence 2**53 + 1",
        _manifest_field(_set("sequence", 2**53 + 1)),
        3,
        ("sequence",),
    ),
    Case(
        "manifest: record count 2**64",
        _manifest_field(_set_records(INCIDENT, 2**64)),
        3,
        ("records",),
    ),
    Case("manifest: sequence 10**12 (far ahead)", _manifest_field(_set("sequence", 10**12)), 0),
    # 2. wrongly accepted, now refused
    Case(
        "zip: revisions.csv a folder (Unix mode)",
        _entry_attr(fmt.REVISIONS, 0o040755 << 16),
        3,
        ("is a folder",),
    ),
    Case(
        "zip: revisions.csv a folder (MS-DOS attribute)",
        _entry_attr(fmt.REVISIONS, 0x10),
        3,
        ("is a folder",),
    ),
    Case(
        "zip: incidents.csv a character device",
        _entry_attr("incidents.csv", 0o020644 << 16),
        3,
        ("not a plain file",),
    ),
    Case(
        "zip: manifest.json a pipe",
        _entry_attr(fmt.MANIFEST, 0o010644 << 16),
        3,
        ("not a plain file",),
    ),
    Case(
        "manifest: format_version true",
        _manifest_field(_set("format_version", True)),
        3,
        ("format version",),
    ),
    Case(
        "manifest: format_version 1.0",
        _manifest_field(_set("format_version", 1.0)),
        3,
        ("format version",),
    ),
    Case("manifest: full 1", _manifest_field(_set("full", 1)), 3, ("full",)),
    Case(
        "manifest: created_at 9999-99-99T99:99:99.999Z",
        _manifest_field(_set("created_at", "9999-99-99T99:99:99.999Z")),
        3,
        ("created_at",),
    ),
    Case(
        "manifest: created_at in year 9999",
        _manifest_field(_set("created_at", "9999-12-31T23:59:59.999Z")),
        3,
        ("created_at",),
    ),
    Case(
        "manifest: created_at in year 0001",
        _manifest_field(_set("created_at", "0001-01-01T00:00:00.000Z")),
        3,
        ("created_at",),
    ),
    Case(
        "revision: timestamp in year 0001",
        _forged(_timestamp("0001-01-01T00:00:00.000Z")),
        3,
        ("is not a time between",),
    ),
    Case(
        "revision: timestamp in year 9999",
        _forged(_timestamp("9999-12-31T23:59:59.999Z")),
        3,
        ("is not a time between",),
    ),
    Case("revisions: one record's history of 1,200 revisions", _long_history(1_200), 3, ()),
    Case("data: killed = 3.0", _forged(_data("killed", 3.0)), 3, ("killed is 3.0",)),
    Case(
        "data: latitude = true",
        _forged(_data("latitude", True)),
        3,
        ("latitude: must be a number",),
    ),
    Case(
        "data: individuals = 7000.0",
        _forged(_data("individuals", 7000.0), DISPLACEMENT),
        3,
        ("individuals is 7000.0",),
    ),
    Case("data: killed = true", _forged(_data("killed", True)), 3, ("killed",)),
    Case(
        'data: latitude = "35.4"',
        _forged(_data("latitude", "35.4")),
        3,
        ("not in the form fieldapp stores",),
    ),
]
# 3. the spreadsheet is the truth a person reads
SPREADSHEET: list[Case] = [
    Case(
        "incidents.csv: an older version than the revisions hold",
        _older_version,
        3,
        ("is shown at revision",),
    ),
    Case("incidents.csv: a record the revisions delete", _deleted_shown, 3, ("delete it",)),
    Case(
        "incidents.csv: created_at 9999-99-99T99:99:99.999Z",
        _created_at("9999-99-99T99:99:99.999Z"),
        3,
        ("created_at",),
    ),
    Case(
        "incidents.csv: created_at in year 0001",
        _created_at("0001-01-01T00:00:00.000Z"),
        3,
        ("created_at",),
    ),
    Case("incidents.csv: a row missing, counts matching", _missing_row, 3, ("has no row",)),
    Case(
        "displacements.csv: a row without a revision",
        _extra_row,
        3,
        ("does not match any revision",),
    ),
]
CASES += SPREADSHEET


# -- the earlier classes (container, signature, names): kept in the corpus as regressions -


def _other_key(src: Path, key: Key, out: Path) -> Path:
    """The manifest edited and re-signed by a key that is not the author's."""
    stranger = ec.generate_private_key(ec.SECP256R1())
    return _manifest_field(_set_records(INCIDENT, 5))(src, stranger, out)


def _renamed(new: str) -> Builder:
    def build(src: Path, key: Key, out: Path) -> Path:
        files = read_bundle(src)
        return write_zip(out, [(new if n == "incidents.csv" else n, d) for n, d in files.items()])

    return build


def _many_entries(count: int) -> Builder:
    def build(src: Path, key: Key, out: Path) -> Path:
        files = list(read_bundle(src).items())
        files += [(f"x{i}.csv", b"") for i in range(count)]
        return write_zip(out, files)

    return build


def _truncated(keep: float) -> Builder:
    def build(src: Path, key: Key, out: Path) -> Path:
        raw = src.read_bytes()
        out.write_bytes(raw[: int(len(raw) * keep)])
        return out

    return build


def _cell(name: str, text: str) -> Builder:
    """A cell of the first record row replaced, the bundle re-signed."""

    def build(src: Path, key: Key, out: Path) -> Path:
        rows = csv_rows(read_bundle(src)[name])
        rows[1][rows[0].index("notes" if "notes" in rows[0] else "source")] = text
        return repack(src, out, key, files={name: csv_bytes(rows)})

    return build


CASES += [
    Case("data: killed of 5,000 digits", _data_number("killed", "9" * 5_000), 3, ("JSON",)),
    Case(
        "manifest: a number of 5,000 digits",
        lambda s, k, o: _signed_manifest(s, k, o, _insert("9" * 5_000)),
        3,
        ("JSON",),
    ),
    Case("manifest re-signed by another key", _other_key, 3, ("signature does not match",)),
    Case("zip: an entry named ../incidents.csv", _renamed("../incidents.csv"), 3, ("outside",)),
    Case(
        "zip: an entry named /etc/incidents.csv",
        _renamed("/etc/incidents.csv"),
        3,
        ("absolute path",),
    ),
    Case("zip: 20,000 entries", _many_entries(20_000), 3, ("entries",)),
    Case("zip: cut at half", _truncated(0.5), 3, ("not a complete bundle",)),
    Case("zip: cut one byte short", _truncated(0.9999), 3, ()),
    Case("incidents.csv: a NUL in a cell, re-signed", _cell("incidents.csv", "a\x00b"), 3, ()),
    Case(
        "incidents.csv: a formula in a cell, re-signed",
        _cell("incidents.csv", "=cmd|' /C calc'!A0"),
        3,
        ("disagrees",),
    ),
]


# -- authorship (each revision signed by its author) -------------------------------------


def _in_the_name_of(with_certificate: bool) -> Builder:
    """The first revision credited to another device (a key made here), signed with the
    signer's own key: with that device's certificate in the manifest, or without."""
    other = create_identity("Coordinator", "OCHA", "correct horse battery", n=2**4)

    def claim(revs: list[dict[str, Any]]) -> None:
        revs[0]["device"] = other.fingerprint

    def carry(manifest: dict[str, Any]) -> None:
        manifest["devices"] = [{"fingerprint": other.fingerprint, "name": other.name,
                                "organisation": other.organisation,
                                "certificate": other.certificate}]  # fmt: skip

    edit = carry if with_certificate else None
    return lambda src, key, out: forge(src, out, key, claim, edit, resign="all")


def _signatures_swapped(src: Path, key: Key, out: Path) -> Path:
    """The first two revisions' signatures exchanged: each a real signature of the
    author, over another revision."""
    rows = _revision_cells(src)
    rows[1][9], rows[2][9] = rows[2][9], rows[1][9]
    return _with_revisions(src, key, out, rows)


CASES += [
    Case("revision: in another device's name, its certificate carried",
         _in_the_name_of(True), 3, ("says Coordinator (", "changed or forged")),
    Case("revision: in another device's name, no certificate",
         _in_the_name_of(False), 3, ("no certificate of that device",)),
    Case("revision: signatures of two revisions swapped", _signatures_swapped, 3,
         ("its signature is not that device's",)),
    Case("manifest: format_version 1 (no revision signatures)", _manifest_field(
        _set("format_version", 1)), 3, ("did not sign each revision",)),
]  # fmt: skip


# -- certificates of a key type fieldapp does not know ---------------------------------

_EC_KEY = bytes.fromhex("06072a8648ce3d0201")  # id-ecPublicKey, 1.2.840.10045.2.1
_UNKNOWN_KEY = bytes.fromhex("06072a8648ce3d0001")  # 1.2.840.10045.0.1 (the fuzzer's find)


def unknown_key_type(pem: str) -> str:
    """The certificate with its key's algorithm changed to an unknown one: it still
    loads, but cryptography cannot make a key of it (UnsupportedAlgorithm)."""
    body = "".join(line for line in pem.strip().splitlines() if "-----" not in line)
    der = base64.b64decode(body)
    assert der.count(_EC_KEY) == 1
    text = base64.b64encode(der.replace(_EC_KEY, _UNKNOWN_KEY)).decode("ascii")
    lines = [text[i : i + 64] for i in range(0, len(text), 64)]
    return "\n".join(["-----BEGIN CERTIFICATE-----", *lines, "-----END CERTIFICATE-----", ""])


def _author_unknown_key(m: dict[str, Any]) -> None:
    m["author"]["certificate"] = unknown_key_type(m["author"]["certificate"])


def _relayed_unknown_key(src: Path, key: Key, out: Path) -> Path:
    other = create_identity("Coordinator", "OCHA", "correct horse battery", n=2**4)

    def carry(manifest: dict[str, Any]) -> None:
        manifest["devices"] = [{"fingerprint": other.fingerprint, "name": other.name,
                                "organisation": other.organisation,
                                "certificate": unknown_key_type(other.certificate)}]  # fmt: skip

    return repack(src, out, key, manifest_edit=carry)


CASES += [
    Case("manifest: the author's certificate of an unknown key type",
         _manifest_field(_author_unknown_key), 3, ("certificate is unreadable",)),
    Case("manifest: a relayed device's certificate of an unknown key type",
         _relayed_unknown_key, 3, ("certificate",)),
]  # fmt: skip


def build_corpus(valid: Path, key: Key, folder: Path) -> list[Case]:
    """Every case of CASES written into `folder` from the valid bundle."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = []
    for i, case in enumerate(CASES):
        path = case.build(valid, key, folder / f"case-{i:02d}.zip")
        cases.append(Case(case.name, case.build, case.code, case.words, path))
    return cases
