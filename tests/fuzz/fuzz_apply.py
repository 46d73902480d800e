"""A recipe (fuzz_recipe) applied to its seed bundle: the bundle's bytes.

Stages, in order: the CSV tables (cells, revisions, rows; with "fix", each changed
revision's id is recomputed, its children's parents follow, its author's signature is made
again when the format carries one, and the record CSVs show what the revisions make
current), the CSV bytes, the manifest (hashes, sizes and counts brought in line with the
CSVs, then the recipe's edits) signed again with the author's key, the zip (entry names,
attributes, methods, flags), and last the file's raw bytes.

Everything that knows the bundle format beyond the seeds' own headers is in the
"format adapter" functions below, each guarded: if the format moves under them, the
mutation reaches less deep but the target keeps running.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import io
import json
import struct
import warnings
import zipfile
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from fuzz_world import World
from test_sync_helpers import csv_bytes

REVISIONS = "revisions.csv"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"

# -- format adapter -----------------------------------------------------------------------


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def revision_id(cells: dict[str, str]) -> str | None:
    """The id fieldapp computes for a revision row, None if the row cannot have one."""
    try:
        from fieldapp.domain.revisions import Revision

        parents = tuple(p for p in cells["parents"].split(";") if p)
        rev = Revision(
            cells["record_id"],
            cells["kind"],
            parents,
            cells["device"],
            int(cells["seq"]),
            cells["timestamp"],
            cells["deleted"] == "1",
            json.loads(cells["data"]),
        )
        return rev.id
    except Exception:
        return None


def signature_column(header: list[str]) -> str | None:
    """The revision signature's column, once the format has one."""
    return next((c for c in header if "sig" in c.lower()), None)


def sign_revision(rid: str, key: Any, like: str) -> str | None:
    """The author's signature over a revision id, encoded like the seed's cell `like`
    (hex or base64 of r||s). None when this fieldapp does not sign revisions."""
    try:
        from fieldapp.domain.revisions import signing_message
    except ImportError:
        return None
    der = key.sign(signing_message(rid), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    if like and all(c in "0123456789abcdefABCDEF" for c in like):
        return raw.hex()
    if "-" in like or "_" in like:
        return base64.urlsafe_b64encode(raw).decode()
    return base64.b64encode(raw).decode()


def record_file(kind: str) -> str | None:
    try:
        from fieldapp.sync import format as fmt

        return fmt.RECORD_FILES.get(kind)
    except Exception:
        return None


def cell(value: Any) -> str:
    from fieldapp.sync import format as fmt

    return fmt.cell(value)


# -- tables -------------------------------------------------------------------------------


class Tables:
    """The seed's CSVs as rows, edited by table ops; `fix` brings ids and shown rows in
    line for the revisions and records marked dirty."""

    def __init__(self, world: World, seed: str):
        self.world = world
        self.tables = copy.deepcopy(world.seeds[seed].tables)
        self.dirty: set[int] = set()  # revision rows (by identity) whose id is recomputed
        self.touched: set[str] = set()  # records whose shown row is rebuilt
        self.fresh = 0  # new revisions made
        self.shows: list[list[str]] = []  # revisions a record row is made to show

    @property
    def revs(self) -> list[list[str]]:
        return self.tables.get(REVISIONS, [[]])

    def col(self, name: str) -> int:
        header = self.revs[0]
        return header.index(name) if name in header else -1

    def get(self, row: list[str], name: str) -> str:
        i = self.col(name)
        return row[i] if 0 <= i < len(row) else ""

    def put(self, row: list[str], name: str, value: str) -> None:
        i = self.col(name)
        if 0 <= i < len(row):
            row[i] = value

    def mark(self, row: list[str]) -> None:
        self.dirty.add(id(row))
        self.touched.add(self.get(row, "record_id"))

    def apply(self, op: dict[str, Any]) -> None:
        kind = op["op"]
        if kind == "cell":
            self._cell(op)
        elif kind == "data":
            self._data(op)
        elif kind == "child":
            self._child(op)
        elif kind == "row":
            self._row(op)
        elif kind == "show" and len(self.revs) > 1:  # done last, in fix()
            self.shows.append(self.revs[1 + (op["row"] - 1) % (len(self.revs) - 1)])

    def _cell(self, op: dict[str, Any]) -> None:
        rows = self.tables.get(op["file"])
        if not rows or not rows[0]:
            return
        header = rows[0]
        r = op["row"] % len(rows)
        c = header.index(op["col"]) if op["col"] in header else len(header) - 1
        if c < len(rows[r]):
            if op["file"] == REVISIONS and r > 0:
                self.touched.add(self.get(rows[r], "record_id"))
            rows[r][c] = op["value"]
        if op.get("fix") and op["file"] == REVISIONS and r > 0 and op["col"] != "id":
            self.mark(rows[r])

    def _data(self, op: dict[str, Any]) -> None:
        revs = self.revs
        if len(revs) < 2:
            return
        rows = revs[1:]
        if op.get("kind"):  # the n-th revision of that kind (recipes written by hand)
            rows = [r for r in rows if self.get(r, "kind") == op["kind"]] or rows
        row = rows[(op["row"] - 1) % len(rows)]
        try:
            data = json.loads(self.get(row, "data"))
            if op["value"] == "$delete":
                data.pop(op["key"], None)
            else:
                data[op["key"]] = op["value"]
            self.put(row, "data", canonical(data))
        except (ValueError, TypeError, AttributeError, RecursionError):
            return
        self.mark(row)

    def _child(self, op: dict[str, Any]) -> None:
        """A new revision after a revision (an edit, a deletion; a fork when the parent
        already had a child); with "length", a chain of that many (a long history)."""
        revs = self.revs
        if len(revs) < 2 or self.col("id") < 0:
            return
        parent = revs[1 + (op["row"] - 1) % (len(revs) - 1)]
        record = self.get(parent, "record_id")
        device = self.get(parent, "device")
        seqs = [int(s) for r in revs[1:] if self.get(r, "device") == device
                if (s := self.get(r, "seq")).isdigit()]  # fmt: skip
        seq = max(seqs, default=0)
        last = max(j for j, r in enumerate(revs) if j and self.get(r, "record_id") == record)
        for step in range(op.get("length", 1)):
            seq += 1
            child = self._new_child(parent, op, seq, edit=step == 0)
            last += 1
            revs.insert(last, child)
            self.mark(child)
            parent = child

    def _new_child(self, parent: list[str], op: dict[str, Any], seq: int, edit: bool) -> list[str]:
        child = list(parent)
        self.fresh += 1
        # a placeholder id nothing else names, replaced by the real one in fix()
        self.put(child, "id", f"new-{self.fresh}")
        self.put(child, "parents", self.get(parent, "id"))
        self.put(child, "seq", str(seq))
        try:
            stamp = dt.datetime.fromisoformat(self.get(parent, "timestamp")[:-1])
            stamp += dt.timedelta(seconds=op["seconds"] if edit else 1)
            self.put(child, "timestamp", stamp.isoformat(timespec="milliseconds") + "Z")
        except (ValueError, OverflowError):
            pass
        self.put(child, "deleted", "1" if op["deleted"] and edit else "0")
        if edit:
            try:
                data = json.loads(self.get(parent, "data"))
                data[op["key"]] = op["value"]
                self.put(child, "data", canonical(data))
            except (ValueError, TypeError, AttributeError, RecursionError):
                pass
        return child

    def _row(self, op: dict[str, Any]) -> None:
        rows = self.tables.get(op["file"])
        if not rows:
            return
        r, o = op["row"] % len(rows), op["other"] % len(rows)
        action = op["action"]
        if action == "drop":
            del rows[r]
        elif action == "dup":
            rows.insert(r, list(rows[r]))
        elif action == "swap":
            rows[r], rows[o] = rows[o], rows[r]
        elif action == "blank":
            rows[r] = []
        elif action == "short" and rows[r]:
            rows[r] = rows[r][:-1]
        elif action == "long":
            rows[r] = [*rows[r], rows[r][-1] if rows[r] else ""]

    # -- bringing ids and shown rows in line ----------------------------------------------

    def fix(self) -> None:
        self._fix_ids()
        for row in self.shows:  # an older version, a deleted record: what the checks refuse
            self._reshow(self.get(row, "record_id"), row)

    def _fix_ids(self) -> None:
        if not self.dirty or self.col("id") < 0:
            return
        renamed: dict[str, str] = {}
        for _ in range(4):  # a renamed parent renames its children: a few passes settle it
            changed = False
            for row in self.revs[1:]:
                parents = self.get(row, "parents")
                if parents and any(p in renamed for p in parents.split(";")):
                    new = sorted(renamed.get(p, p) for p in parents.split(";"))
                    self.put(row, "parents", ";".join(new))
                    self.mark(row)
                if id(row) in self.dirty:
                    changed |= self._rename(row, renamed)
            if not changed:
                break
        for record in sorted(self.touched):
            self._reshow(record)

    def _rename(self, row: list[str], renamed: dict[str, str]) -> bool:
        cells = dict(zip(self.revs[0], row, strict=False))
        new = revision_id(cells)
        old = self.get(row, "id")
        if new is None or new == old:
            return False
        renamed[old] = new
        self.put(row, "id", new)
        sig_col = signature_column(self.revs[0])
        key = self.world.by_fingerprint.get(self.get(row, "device"))
        if sig_col and key is not None:
            signed = sign_revision(new, key, self.get(row, sig_col))
            if signed is not None:
                self.put(row, sig_col, signed)
        return True

    def _reshow(self, record: str, shown: list[str] | None = None) -> None:
        """The record's row in the record CSVs, as its revisions leave it (the winner of
        its heads; no row when the winner deletes it), or showing the revision `shown`."""
        mine = [r for r in self.revs[1:] if self.get(r, "record_id") == record]
        if not mine:
            return
        named = {p for r in mine for p in self.get(r, "parents").split(";") if p}
        heads = [r for r in mine if self.get(r, "id") not in named] or mine
        winner = max(heads, key=lambda r: (self.get(r, "timestamp"), self.get(r, "id")))
        if shown is not None:
            winner = shown
        old: list[str] | None = None
        old_header: list[str] = []
        for name, rows in self.tables.items():
            if name == REVISIONS or not rows:
                continue
            for j in range(len(rows) - 1, 0, -1):
                if rows[j] and rows[j][0] == record:
                    old, old_header = rows.pop(j), rows[0]
        file = record_file(self.get(winner, "kind"))
        if file not in self.tables or (self.get(winner, "deleted") == "1" and shown is None):
            return
        try:
            data = json.loads(self.get(winner, "data"))
            assert isinstance(data, dict)
        except (ValueError, AssertionError, RecursionError):
            return
        rows = self.tables[file]
        if not rows:  # every row, the header too, dropped by an earlier edit
            return
        kept = dict(zip(old_header, old, strict=False)) if old else {}
        first = min(self.get(r, "timestamp") for r in mine)
        special = {
            "id": record,
            "created_at": kept.get("created_at", first),
            "updated_at": self.get(winner, "timestamp"),
            "device": kept.get("device", self.get(winner, "device")),
            "revision": self.get(winner, "id"),
        }
        try:
            new = [special[c] if c in special else cell(data.get(c)) for c in rows[0]]
        except Exception:  # a value cell() cannot write (a dict): left for the checks
            new = [special.get(c, "") for c in rows[0]]
        at = next((j for j in range(1, len(rows)) if rows[j] and rows[j][0] > record), len(rows))
        rows.insert(at, new)


# -- the manifest -------------------------------------------------------------------------


def _walk(root: Any, path: list[Any]) -> tuple[Any, Any] | None:
    """The container holding path[-1], and that key, if the path leads anywhere."""
    node = root
    for key in path[:-1]:
        in_dict = isinstance(node, dict) and key in node
        in_list = isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
        if not (in_dict or in_list):
            return None
        node = node[key]
    if not path or not isinstance(node, dict | list):
        return None
    return node, path[-1]


def _manifest_edit(manifest: Any, op: dict[str, Any]) -> None:
    found = _walk(manifest, op["path"])
    if found is None:
        return
    node, key = found
    if op["op"] == "mtweak":
        in_dict = isinstance(node, dict) and key in node
        in_list = isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
        text = node[key] if in_dict or in_list else None
        if isinstance(text, str) and text:
            at = op["at"] % len(text)
            node[key] = text[:at] + op["char"] + text[at + 1 :]
        return
    if isinstance(node, dict):
        if op["op"] == "mdel":
            node.pop(key, None)
        else:
            node[key] = op["value"]
    elif isinstance(key, int) and 0 <= key < len(node):
        if op["op"] == "mdel":
            del node[key]
        else:
            node[key] = op["value"]


def _splice(raw: bytes, at: int, cut: int, insert: bytes) -> bytes:
    at %= len(raw) + 1
    return raw[:at] + insert + raw[at + cut :]


def _manifest_text(text: str, op: dict[str, Any]) -> str:
    if op["op"] == "mnest":
        opening = op["open"]
        closing = "]" if opening == "[" else "}"
        inner = "1" if opening != "[" else ""
        value = opening * op["depth"] + inner + closing * op["depth"]
        return text.replace("{", '{"x-nest": ' + value + ", ", 1)
    at = op["at"] % (len(text) + 1)
    return text[:at] + op["insert"] + text[at + op["cut"] :]


def _manifest(world: World, recipe: dict[str, Any], files: dict[str, bytes]) -> dict[str, bytes]:
    seed = world.seeds[recipe["seed"]]
    manifest = copy.deepcopy(seed.manifest)
    if recipe["hashes"] and isinstance(manifest.get("files"), dict):
        for name in manifest["files"]:
            if name in files:
                data = files[name]
                manifest["files"][name] = {
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "size": len(data),
                }
    if recipe["counts"]:
        _counts(manifest, files)
    text_ops = []
    for op in recipe["ops"]:
        if op["op"] in ("mset", "mdel", "mtweak"):
            _manifest_edit(manifest, op)
        elif op["op"] in ("mtext", "mnest"):
            text_ops.append(op)
    try:
        text = json.dumps(manifest, ensure_ascii=False, indent=2)
    except (ValueError, RecursionError):
        text = json.dumps(seed.manifest, ensure_ascii=False, indent=2)
    for op in text_ops:
        text = _manifest_text(text, op)
    raw = text.encode("utf-8", "surrogatepass")
    sign = recipe["sign"]
    if sign == "keep":
        signature = next(e.data for e in seed.entries if e.name == SIGNATURE)
    elif sign == "none":
        signature = b""
    else:
        key = world.keys[seed.signer if sign == "own" else "stranger"]
        signature = key.sign(raw, ec.ECDSA(hashes.SHA256()))
    return {MANIFEST: raw, SIGNATURE: signature}


def _counts(manifest: dict[str, Any], files: dict[str, bytes]) -> None:
    def rows(name: str) -> int:
        data = files[name].decode("utf-8-sig", "replace")
        return max(0, data.count("\r\n") - 1)

    revisions = manifest.get("revisions")
    if isinstance(revisions, dict) and REVISIONS in files:
        revisions["count"] = rows(REVISIONS)
    records = manifest.get("records")
    if isinstance(records, dict):
        for kind in records:
            name = record_file(kind)
            if name in files:
                records[kind] = rows(name)


# -- the zip ------------------------------------------------------------------------------


def _zip(world: World, recipe: dict[str, Any], files: dict[str, bytes]) -> bytes:
    seed = world.seeds[recipe["seed"]]
    entries = [
        {"name": e.name, "data": files.get(e.name, e.data), "attr": e.attr, "method": 8, "bits": 0}
        for e in seed.entries
    ]
    for op in recipe["ops"]:
        matching = [e for e in entries if e["name"] == op.get("entry")]
        kind = op["op"]
        if kind == "zextra":
            entries.append({"name": op["name"], "data": b"x", "attr": 0o100644 << 16})
        elif not matching or not kind.startswith("z"):
            continue
        elif kind == "zattr":
            matching[0]["attr"] = op["attr"]
        elif kind == "zcomp":
            matching[0]["method"] = op["method"]
        elif kind == "zflag":
            matching[0]["bits"] = op["bits"]
        elif kind == "zname":
            matching[0]["name"] = op["name"]
        elif kind == "zdrop":
            entries.remove(matching[0])
        elif kind == "zdup":
            entries.append(dict(matching[0]))
    return _pack(entries)


def _pack(entries: list[dict[str, Any]]) -> bytes:
    """The zip, then its method and flag fields patched where zipfile would not write them
    (unknown methods, the encryption or data-descriptor flags)."""
    out = io.BytesIO()
    patches: list[tuple[int, dict[str, Any]]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(out, "w") as zf:
            for i, e in enumerate(entries):
                method = e.get("method", 8)
                info = zipfile.ZipInfo(e["name"], (2019, 5, 14, 0, 0, 0))
                info.compress_type = method if method in (0, 8, 12, 14) else 0
                info.external_attr = e["attr"]
                zf.writestr(info, e["data"])
                if method not in (0, 8, 12, 14) or e.get("bits"):
                    patches.append((i, e))
    raw = bytearray(out.getvalue())
    for index, e in patches:
        _patch_entry(raw, index, e)
    return bytes(raw)


def _patch_entry(raw: bytearray, index: int, e: dict[str, Any]) -> None:
    at = -1
    for _ in range(index + 1):
        at = raw.find(b"PK\x01\x02", at + 1)
        if at < 0:
            return
    local = struct.unpack_from("<I", raw, at + 42)[0]
    if e.get("bits"):
        for where in (at + 8, local + 6):
            flags = struct.unpack_from("<H", raw, where)[0]
            struct.pack_into("<H", raw, where, flags | e["bits"])
    method = e.get("method", 8)
    if method not in (0, 8, 12, 14):
        struct.pack_into("<H", raw, at + 10, method)
        struct.pack_into("<H", raw, local + 8, method)


def _raw_bytes(raw: bytes, op: dict[str, Any]) -> bytes:
    if not raw:
        return raw
    at = op["at"] % len(raw)
    if op["op"] == "flip":
        out = bytearray(raw)
        out[at] ^= op["xor"]
        return bytes(out)
    if op["op"] == "cut":
        return raw[:at] + raw[at + op["len"] :]
    return raw[:at] + bytes.fromhex(op["hex"]) + raw[at:]


def build(world: World, recipe: dict[str, Any]) -> bytes:
    """The bundle file's bytes for a recipe."""
    tables = Tables(world, recipe["seed"])
    for op in recipe["ops"]:
        tables.apply(op)
    tables.fix()
    files = {name: csv_bytes(rows) for name, rows in tables.tables.items()}
    for op in recipe["ops"]:
        if op["op"] == "csvbytes" and op["file"] in files:
            files[op["file"]] = _splice(
                files[op["file"]], op["at"], op["cut"], bytes.fromhex(op["insert"])
            )
    files.update(_manifest(world, recipe, files))
    raw = _zip(world, recipe, files)
    for op in recipe["ops"]:
        if op["op"] in ("flip", "cut", "insert"):
            raw = _raw_bytes(raw, op)
    return raw
