"""Fuzz bytes read as a mutation recipe: which seed bundle, which target database, and a
short list of structured edits (a CSV cell, a revision's data, a row, a manifest field, a
zip entry's attributes, raw bytes), each chosen among what the seed really holds.

A recipe is plain JSON (tests/fuzz/crashes/*.json), so a crash stays readable and
replayable after the fuzz input's byte layout or the seeds change. `decode` never fails:
bytes that run out read as zeros, which choose the first option (and end the edit list).
"""

from __future__ import annotations

import string
from typing import Any

from fuzz_world import World

MAX_OPS = 6
# the CSV checks are behind the container and the manifest: most edits are made there
STAGE_WEIGHTS = ("table",) * 6 + ("manifest",) * 3 + ("zip", "bytes")

# Cells and values that have broken (or nearly broken) CSV, JSON and form checks before.
TEXTS = [
    "",
    " ",
    "-1",
    "0",
    "1",
    "2019-02-30",
    "2019-05-14",
    "3000-01-01",
    "0001-01-01T00:00:00.000Z",
    "9999-12-31T23:59:59.999Z",
    "9999-99-99T99:99:99.999Z",
    "2019-05-14T10:00:00.000Z",
    "2019-05-14T10:00:00Z",
    "=1+1",
    "+1",
    "@SUM(A1)",
    "'",
    "'=1",
    "null",
    "true",
    "{}",
    "[]",
    '{"a":1}',
    '{"event_date":"2019-05-14"}',
    "9" * 30,
    "1e400",
    "NaN",
    "Infinity",
    "-0",
    "Idlib",
    "incident",
    "displacement",
    "a" * 300,
    "\x00",
    "\r",
    "\n",
    '"',
    '""',
    "a,b",
    ";",
    "\ufeff",
    "\x1b[2K\x1b[1AForged: yes",
    "\u202eevil",
    "\u2066x\u2069",
    "خان شيخون",
    "\ud7ff",
    "f" * 64,
    "F" * 64,
    "0" * 64,
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-4fff-bfff-ffffffffffff",
    "[" * 17 + "]" * 17,
    '{"a":' * 20 + "1" + "}" * 20,
]
INTS = [
    0,
    1,
    -1,
    2,
    3,
    255,
    2**31 - 1,
    2**31,
    2**53,
    2**53 + 1,
    2**63 - 1,
    2**63,
    -(2**63),
    -(2**63) - 1,
    10**12,
    10**19,
    10**400,
]
FLOATS = [0.0, -0.0, 0.5, 3.0, 35.0, 90.0, 90.00001, -180.0, 180.5, 1e308, 5e-324, 1e-7]
NESTS = [2, 15, 16, 17, 40, 500]


class Bytes:
    """A reader of fuzz bytes that never runs out (zeros past the end)."""

    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def left(self) -> int:
        return len(self.data) - self.pos

    def byte(self) -> int:
        if self.pos >= len(self.data):
            return 0
        self.pos += 1
        return self.data[self.pos - 1]

    def below(self, n: int) -> int:
        """An integer in [0, n): one byte for small n, more for larger."""
        if n <= 1:
            return 0
        value = 0
        span = 1
        while span < n:
            value = (value << 8) | self.byte()
            span <<= 8
        return value % n

    def choice(self, options: list[Any] | tuple[Any, ...]) -> Any:
        return options[self.below(len(options))]

    def chance(self, out_of_256: int) -> bool:
        return self.byte() < out_of_256

    def rare(self, out_of_256: int) -> bool:
        """True `out_of_256` times in 256, never past the end (zeros read as False)."""
        return self.byte() >= 256 - out_of_256

    def blob(self, limit: int) -> bytes:
        n = self.below(limit + 1)
        out = self.data[self.pos : self.pos + n]
        self.pos += len(out)
        return out

    def text(self, limit: int) -> str:
        return self.blob(limit).decode("utf-8", "replace")


def json_value(b: Bytes, depth: int = 0) -> Any:
    """A JSON value of any type, biased to the edges: int64 and float limits, deep nesting,
    strings that are escapes, formulas, timestamps."""
    kind = b.below(10 if depth < 2 else 7)
    if kind == 0:
        return b.choice(INTS)
    if kind == 1:
        return int.from_bytes(b.blob(10), "big", signed=True)
    if kind == 2:
        return b.choice(FLOATS)
    if kind == 3:
        return b.choice([True, False, None])
    if kind == 4:
        return b.choice(TEXTS)
    if kind == 5:
        return b.text(24)
    if kind == 6:
        nest: Any = b.choice(["x", 1, None])
        for _ in range(b.choice(NESTS)):
            nest = [nest] if b.chance(128) else {"a": nest}
        return nest
    if kind == 7:
        return [json_value(b, depth + 1) for _ in range(b.below(4))]
    if kind == 8:
        return {b.choice(["a", "", "id", "killed", "\x00"]): json_value(b, depth + 1)}
    return b.choice(TEXTS) + b.text(8)


def _cell_text(b: Bytes, seed_cells: list[str], current: str) -> str:
    """A cell's new text: an interesting string, a cell taken from elsewhere in the seed
    (a real id, a real timestamp), or the current text edited a little."""
    how = b.below(6)
    if how == 0:
        return b.choice(TEXTS)
    if how == 1:
        return b.choice(seed_cells) if seed_cells else ""
    if how == 2:
        return b.text(40)
    if how == 3 and current:
        at = b.below(len(current))
        char = b.choice([*string.printable, "\x00", "é", "\u202e"])
        return current[:at] + char + current[at + 1 :]
    if how == 4:
        return current + b.choice(TEXTS)
    return current[: b.below(len(current) + 1)]


def _manifest_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into the manifest (dict keys and list indexes), deepest included."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out.extend(_manifest_paths(v, (*prefix, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(_manifest_paths(v, (*prefix, i)))
    return out


def _table_op(b: Bytes, world: World, seed: str) -> dict[str, Any]:
    s = world.seeds[seed]
    files = sorted(s.tables)
    name = b.choice(files)
    rows = s.tables[name]
    header = rows[0]
    revs = s.tables.get("revisions.csv", [[]])
    rev_header = revs[0]
    # weights: the edits that keep a bundle consistent reach the deepest checks
    kind = (0, 1, 2, 2, 2, 3, 4, 4, 5, 6)[b.below(10)]
    if kind <= 1:  # a cell (kind 1: the revision ids and record rows follow it)
        row = b.below(len(rows))
        col = b.choice(header)
        cells = [c for r in rows[1:] for c in r] + [c for r in revs[1:] for c in r]
        current = rows[row][header.index(col)] if row < len(rows) else ""
        return {
            "op": "cell",
            "file": name,
            "row": row,
            "col": col,
            "value": _cell_text(b, cells, current),
            "fix": kind == 1,
        }
    if kind == 2 and len(revs) > 1:  # a revision's data, its id and record row following
        data_keys = sorted(world.field_names)
        return {
            "op": "data",
            "row": 1 + b.below(len(revs) - 1),
            "key": b.choice(data_keys),
            "value": json_value(b) if b.chance(200) else "$delete",
        }
    if kind == 3 and len(revs) > 1:  # a head cell of a revision, id recomputed
        col = b.choice([c for c in rev_header if c not in ("id", "data")] or ["id"])
        row = 1 + b.below(len(revs) - 1)
        current = revs[row][rev_header.index(col)] if col in rev_header else ""
        cells = [r[rev_header.index(col)] for r in revs[1:] if col in rev_header]
        return {
            "op": "cell",
            "file": "revisions.csv",
            "row": row,
            "col": col,
            "value": _cell_text(b, cells, current),
            "fix": True,
        }
    if kind == 4 and len(revs) > 1:  # a new revision after one (an edit, a delete, a fork)
        return {
            "op": "child",
            "row": 1 + b.below(len(revs) - 1),
            "key": b.choice(sorted(world.field_names)),
            "value": json_value(b),
            "seconds": b.choice([1, 0, -1, 86_400 * 400, -(86_400 * 365 * 30)]),
            "deleted": b.chance(50),
            # a long history: past a verification batch (1,000) it is streamed
            "length": b.choice([1, 1, 1, 1, 1, 1, 1, 2, 3, 10, 999, 1001, 1500]),
        }
    if kind == 5 and b.chance(96) and len(revs) > 1:  # a record row showing another version
        return {"op": "show", "row": 1 + b.below(len(revs) - 1)}
    if kind == 5:
        return {
            "op": "row",
            "file": name,
            "action": b.choice(["drop", "dup", "swap", "blank", "short", "long"]),
            "row": b.below(len(rows)),
            "other": b.below(len(rows)),
        }
    return {
        "op": "csvbytes",
        "file": name,
        "at": b.below(4096),
        "cut": b.below(4),
        "insert": b.blob(8).hex(),
    }


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


def _manifest_op(b: Bytes, world: World, seed: str) -> dict[str, Any]:
    paths = _manifest_paths(world.seeds[seed].manifest)
    kind = b.below(8)
    if kind <= 3:
        path = list(b.choice(paths))
        if kind == 3:
            path = [*path[:-1], b.choice(["x-extra", "", "format", "files", "0"])]
        return {"op": "mset", "path": path, "value": json_value(b)}
    if kind == 4:
        return {"op": "mdel", "path": list(b.choice(paths))}
    if kind == 5:
        nest = b.choice([*NESTS, 5000, 100_000])
        return {"op": "mnest", "depth": nest, "open": b.choice(["[", '{"a":'])}
    if kind == 6:  # one character of a string field (a certificate, a fingerprint, a time)
        strings = [p for p in paths if isinstance(_at(world.seeds[seed].manifest, p), str)]
        return {
            "op": "mtweak",
            "path": list(b.choice(strings)),
            "at": b.below(1024),
            "char": b.choice([*"AZaz09+/=-:.TZ", "\x00", "\n", "é"]),
        }
    return {
        "op": "mtext",
        "at": b.below(4096),
        "cut": b.below(6),
        "insert": b.choice(TEXTS) if b.chance(128) else b.text(8),
    }


def _zip_op(b: Bytes, world: World, seed: str) -> dict[str, Any]:
    names = [e.name for e in world.seeds[seed].entries]
    entry = b.choice(names)
    kind = b.below(7)
    if kind == 0:
        attr = b.choice(
            [0o040755 << 16, 0o120777 << 16, 0o020644 << 16, 0o010644 << 16, 0x10, 0o100644 << 16]
        )
        return {"op": "zattr", "entry": entry, "attr": attr}
    if kind == 1:
        return {"op": "zcomp", "entry": entry, "method": b.choice([0, 8, 12, 14, 99])}
    if kind == 2:
        return {"op": "zflag", "entry": entry, "bits": b.choice([0x1, 0x8, 0x800, 0x40])}
    if kind == 3:
        new = b.choice(["../" + entry, "/" + entry, "x/" + entry, entry + "/", "a\\b", "", entry])
        return {"op": "zname", "entry": entry, "name": new}
    if kind == 4:
        return {"op": "zdrop", "entry": entry}
    if kind == 5:
        return {"op": "zdup", "entry": entry}
    return {"op": "zextra", "name": b.choice(["README.txt", "extra.csv", entry + ".bak"])}


def _bytes_op(b: Bytes) -> dict[str, Any]:
    kind = b.below(3)
    at = b.below(1 << 16)
    if kind == 0:
        return {"op": "flip", "at": at, "xor": 1 + b.below(255)}
    if kind == 1:
        return {"op": "cut", "at": at, "len": 1 + b.below(64)}
    return {"op": "insert", "at": at, "hex": b.blob(16).hex()}


def decode(world: World, data: bytes) -> dict[str, Any]:
    """The recipe these fuzz bytes choose (deterministic for a given world's seeds)."""
    b = Bytes(data)
    seed = b.choice(world.seed_names())
    recipe: dict[str, Any] = {
        "seed": seed,
        "target": b.choice(world.target_names()),
        # most inputs keep the signature valid: the interesting code is behind it
        "sign": b.choice(["own"] * 13 + ["stranger", "keep", "none"]),
        "hashes": not b.rare(16),
        "counts": not b.rare(16),
        "ops": [],
    }
    for _ in range(1 + b.below(MAX_OPS)):
        if b.left() <= 0:
            break
        stage = b.choice(STAGE_WEIGHTS)
        if stage == "table":
            op = _table_op(b, world, seed)
        elif stage == "manifest":
            op = _manifest_op(b, world, seed)
        elif stage == "zip":
            op = _zip_op(b, world, seed)
        else:
            op = _bytes_op(b)
        recipe["ops"].append(op)
    # read last, so that the inputs of earlier corpora keep their meaning
    recipe["parallel"] = b.rare(2)  # 1 in 128: a second process costs seconds
    return recipe
