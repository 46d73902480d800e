"""Shared pieces for the bundle and sync tests (no tests of its own).

Devices are real databases with real keys; to keep the suite fast their keys use a lower
scrypt cost (the envelope records it, so decryption follows it). Bundles are real zip
files; `repack` and `forge` rewrite them the way a damaged copy or a buggy/malicious
signer would.
"""

from __future__ import annotations

import atexit
import copy
import csv
import hashlib
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import PASSPHRASE, copy_database, raw_connection
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from fieldapp.domain.revisions import Revision, pick_winner
from fieldapp.identity import keys
from fieldapp.identity.keys import create_identity, decrypt_private_key, save_identity
from fieldapp.store import Store, signing
from fieldapp.store.database import StoredRevision
from fieldapp.sync import format as fmt

FAST_N = 2**12


class Devices:
    """Makes fresh device databases; each (name, organisation) identity is created once
    per session (keyed by both: tests that ask for another organisation must get it,
    whichever test ran first)."""

    def __init__(self, root: Path):
        self.root = root
        self.templates: dict[tuple[str, str], Path] = {}
        self.count = 0

    def template(self, name: str, org: str) -> Path:
        if (name, org) not in self.templates:
            path = self.root / f"template-{name}-{len(self.templates)}.db"
            identity = create_identity(name, org, PASSPHRASE, n=FAST_N)
            # encrypted, as `fieldapp init` makes them
            with Store.open(path, encrypt=True, passphrase=PASSPHRASE) as store:
                save_identity(store, identity)
            con = raw_connection(path)
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.close()
            self.templates[name, org] = path
        return self.templates[name, org]

    def new(self, where: Path, name: str, org: str = "Idlib Response Network") -> Path:
        self.count += 1
        return copy_database(self.template(name, org), where / f"{name.lower()}-{self.count}.db")


_DEVICES: Devices | None = None


def device_factory() -> Devices:
    """One factory (and one template per device name) for the whole session."""
    global _DEVICES
    if _DEVICES is None:
        root = Path(tempfile.mkdtemp(prefix="fieldapp-test-devices-"))
        atexit.register(shutil.rmtree, root, True)
        _DEVICES = Devices(root)
    return _DEVICES


INCIDENT = {
    "event_date": "2019-05-14",
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Air/drone strike",
    "actor1": "Military forces of Syria",
    "country": "Syria",
    "admin1": "Idlib",
    "admin1_pcode": "SY07",
    "admin2": "Maarrat An-Numan",
    "location": "Khan Shaykhun - خان شيخون",
    "latitude": 35.4417,
    "longitude": 36.6481,
    "geo_precision": 1,
    "killed": 3,
    "injured": 12,
    "targets": ["residential", "school"],
    "source": "Civil defence",
    "notes": "غارة جوية على حي سكني\nTwo schools hit.",
}

DISPLACEMENT = {
    "report_date": "2019-05-20",
    "period_end": "2019-05-27",
    "direction": "departed",
    "country": "Syria",
    "admin1": "Idlib",
    "location": "Khan Shaykhun",
    "latitude": 35.4417,
    "longitude": 36.6481,
    "destination_location": "Atmeh",
    "individuals": 7000,
    "households": 1400,
    "household_size": 5.0,
    "population_before": 80000,
    "source": "Local council",
}


def incident(**changes: Any) -> dict[str, Any]:
    return {**INCIDENT, **changes}


def displacement(**changes: Any) -> dict[str, Any]:
    return {**DISPLACEMENT, **changes}


def dump(path: Path) -> str:
    """Every table's contents and the schema, as SQL text: equal dumps, equal databases."""
    con = raw_connection(path)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


def state(path: Path) -> dict[str, list[tuple]]:
    """What two converged databases must agree on (local arrival numbers left out)."""
    con = raw_connection(path)
    try:
        return state_of(con)
    finally:
        con.close()


def state_of(con: Any) -> dict[str, list[tuple]]:
    """state() over an open connection (an encrypted database's, for one)."""
    out = {
        "revisions": con.execute(
            "SELECT id, record_id, kind, parents, device, seq, timestamp, deleted, data"
            " FROM revisions ORDER BY id"
        ).fetchall(),
        "heads": con.execute("SELECT * FROM heads ORDER BY 1, 2").fetchall(),
    }
    for table in ("incidents", "displacements"):
        cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] != "n"]
        out[table] = con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY id").fetchall()
    return out


def assert_consistent(path: Path) -> None:
    """A valid state: SQLite and the full-text indexes intact, every record's row is the
    provisional winner of its heads, and no row lacks heads."""
    con = raw_connection(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        for table in ("incidents", "displacements"):
            con.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('integrity-check')")
    finally:
        con.close()
    with Store.open(path) as store:
        records = {r[0] for r in store.db.execute("SELECT DISTINCT record_id FROM revisions")}
        for record_id in records:
            heads = store.heads(record_id)
            assert heads, f"record {record_id} has no head"
            winner = pick_winner(heads)  # type: ignore[arg-type]
            current = store.get(record_id)
            if winner.deleted:
                assert current is None
            else:
                assert current is not None
                assert current["revision"] == winner.id
                for name, value in winner.data.items():
                    assert current[name] == value, (record_id, name)
        for table in ("incidents", "displacements"):
            orphan = store.db.execute(
                f"SELECT id FROM {table} WHERE id NOT IN (SELECT record_id FROM heads)"
            ).fetchall()
            assert orphan == []


def device_key(path: Path) -> ec.EllipticCurvePrivateKey:
    with Store.open(path) as store:
        return decrypt_private_key(store.require_device().private_key, PASSPHRASE)


def read_bundle(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_zip(
    path: Path, entries: list[tuple[str, bytes]] | dict[str, bytes], **attrs: Any
) -> Path:
    items = entries.items() if isinstance(entries, dict) else entries
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in items:
            info = zipfile.ZipInfo(name, (2019, 5, 14, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = attrs.get(name, 0o100644 << 16)
            zf.writestr(info, data)
    return path


def sign(manifest: dict[str, Any], key: ec.EllipticCurvePrivateKey) -> tuple[bytes, bytes]:
    raw = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    return raw, key.sign(raw, ec.ECDSA(hashes.SHA256()))


def repack(
    src: Path,
    out: Path,
    key: ec.EllipticCurvePrivateKey | None = None,
    *,
    files: dict[str, bytes] | None = None,
    manifest_edit: Callable[[dict[str, Any]], None] | None = None,
) -> Path:
    """Rewrite a bundle with replaced files; with `key`, update the manifest's hashes and
    sizes and sign it again (what a signer's own buggy or malicious app would do)."""
    contents = read_bundle(src)
    contents.update(files or {})
    if key is not None:
        manifest = json.loads(contents[fmt.MANIFEST])
        if manifest_edit:  # made older: the record files get the columns of that format
            edited = copy.deepcopy(manifest)
            manifest_edit(edited)
            older_columns(contents, edited.get("format_version", fmt.FORMAT_VERSION))
        for name in [*fmt.CSV_FILES, *(n for n in fmt.PLACE_FILES if n in contents)]:
            data = contents[name]
            manifest["files"][name] = {
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
        if manifest_edit:
            manifest_edit(manifest)
        contents[fmt.MANIFEST], contents[fmt.SIGNATURE] = sign(manifest, key)
    return write_zip(out, contents)


def older_columns(contents: dict[str, bytes], version: object) -> None:
    """The record files of a bundle rewritten with the columns of format `version` (what
    the fieldapp of that format wrote), when they have today's: the columns added since
    are dropped (a value in one is lost, and the verification then refuses the row)."""
    if not isinstance(version, int) or version >= fmt.FORMAT_VERSION:
        return
    for kind, name in fmt.RECORD_FILES.items():
        rows = csv_rows(contents[name])
        if not rows or tuple(rows[0]) != fmt.RECORD_COLUMNS[kind]:
            continue
        keep = [i for i, c in enumerate(rows[0]) if c in fmt.record_columns(kind, version)]
        contents[name] = csv_bytes([[row[i] for i in keep] for row in rows])


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def forge(
    src: Path,
    out: Path,
    key: ec.EllipticCurvePrivateKey,
    edit: Callable[[list[dict[str, Any]]], None],
    manifest_edit: Callable[[dict[str, Any]], None] | None = None,
    *,
    resign: str = "own",
) -> Path:
    """Rewrite revisions.csv through `edit` (a list of revision dicts: id is recomputed
    from the content afterwards, so the result is internally consistent) and re-sign.

    Each revision's own signature: `resign` "own" signs again with `key` the revisions of
    the key's device (the signer re-writing its own history: consistent) and keeps the
    others' as they were; "all" signs every revision with `key` (writing in another
    device's name); "none" keeps every signature as it was."""
    own = keys.fingerprint(key.public_key())
    contents = read_bundle(src)
    rows = csv_rows(contents[fmt.REVISIONS])
    header, body = rows[0], rows[1:]
    revs = [dict(zip(header, r, strict=True)) for r in body]
    for r in revs:
        r["data"] = json.loads(r["data"])
    edit(revs)
    new = [header]
    for r in revs:
        rev = Revision(
            r["record_id"],
            r["kind"],
            tuple(p for p in r["parents"].split(";") if p),
            r["device"],
            int(r["seq"]),
            r["timestamp"],
            r["deleted"] == "1",
            r["data"],
        )
        if resign == "all" or (resign == "own" and rev.device == own):
            r["signature"] = signing.sign(key, rev.id).hex()
        r["id"] = rev.id
        new.append(
            [
                rev.id,
                rev.record_id,
                rev.kind,
                ";".join(sorted(rev.parents)),
                rev.device,
                str(rev.seq),
                rev.timestamp,
                "1" if rev.deleted else "0",
                rev.data_json(),
                r["signature"],
            ]
        )
    # The spreadsheet copies are left out (no rows): they must agree, and these tests are
    # about the revisions.
    files = {fmt.REVISIONS: csv_bytes(new)}
    for kind, name in fmt.RECORD_FILES.items():
        files[name] = csv_bytes([list(fmt.RECORD_COLUMNS[kind])])

    def counts(manifest: dict[str, Any]) -> None:
        manifest["revisions"]["count"] = len(revs)
        manifest["records"] = {kind: 0 for kind in fmt.RECORD_FILES}
        if manifest_edit:
            manifest_edit(manifest)

    return repack(src, out, key, files=files, manifest_edit=counts)


def revision_rows(path: Path) -> list[StoredRevision]:
    with Store.open(path) as store:
        return list(store.revisions_since(0))
