"""Row parsing: the cells of revisions.csv and the record CSVs, checked and decoded.

The fast path of a revision row (one pattern over its joined cells, one decode and encode
of its data) and the slow path that names what is wrong; the canonical JSON encoders; a
record row compared with the revision that made it current; and where the second part of
a file starts when a bundle is checked in two processes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fieldapp.domain import revisions as revmod
from fieldapp.domain import validation
from fieldapp.domain.csvcell import unprotect
from fieldapp.domain.fields import FIELDS, KINDS, field_names
from fieldapp.messages import Message
from fieldapp.sync import format as fmt
from fieldapp.sync.bundle import strict
from fieldapp.sync.bundle.manifest import _reject_constant
from fieldapp.sync.errors import BundleError

if TYPE_CHECKING:
    from fieldapp.sync.bundle.container import _CountingReader

_JSON_FIELDS = {k: {f.name for f in FIELDS[k] if f.type in ("multi", "idlist")} for k in KINDS}
_NAMES = {k: field_names(k) for k in KINDS}
_GETTERS = {k: operator.itemgetter(*_NAMES[k]) for k in KINDS}


def _field_values(kind: str, data: dict[str, Any]) -> list[Any]:
    """The field values in field order (None for a missing field), fetched in one call."""
    try:
        return list(_GETTERS[kind](data))
    except KeyError:
        return [data.get(n) for n in _NAMES[kind]]


_LIST_COLUMNS = {k: [i for i, n in enumerate(_NAMES[k]) if n in _JSON_FIELDS[k]] for k in KINDS}
# Built once: json.dumps/json.loads with options construct a new encoder/decoder per call.
# _CANONICAL has exactly fieldapp.domain.revisions.canonical_json's settings (a test checks
# that they agree); _LIST_JSON is the store's encoding of list fields (json.dumps defaults,
# ensure_ascii off).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_LIST_JSON = json.JSONEncoder(ensure_ascii=False)
# The C encoder behind _CANONICAL, called directly: the same text without the per-call
# wrapper (JSONEncoder.encode builds a new C encoder each time). No cycle check: decoded
# JSON has none.
_ENCODE: Callable[[Any, int], Any] = (
    json.encoder.c_make_encoder(  # type: ignore[attr-defined]
        None, _CANONICAL.default, json.encoder.encode_basestring, None, ":", ",", True, False, True
    )
    if json.encoder.c_make_encoder is not None  # type: ignore[attr-defined]
    else lambda obj, _level: [_CANONICAL.encode(obj)]
)
# The first eight cells of a well-formed revision row joined by \x1f (which none of the
# patterns admits, so the groups are exactly the cells); a mismatch takes the slow path.
_HEX = fmt.HEX64.pattern
_HEAD_MATCH = re.compile(
    "\x1f".join(
        (
            f"({_HEX})",
            f"({fmt.UUID.pattern})",
            f"({'|'.join(KINDS)})",
            f"((?:{_HEX})(?:;{_HEX})*|)",
            f"({_HEX})",
            f"({fmt.SEQ.pattern})",
            f"({fmt.TIMESTAMP.pattern})",
            "([01])",
        )
    )
).fullmatch
_WIDTH = len(fmt.REVISION_COLUMNS)
_SIGNATURE = fmt.SIGNATURE_HEX.fullmatch
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_SCAN = _DECODER.scan_once  # decode() without its whitespace handling and wrapper
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]').search


@dataclass(slots=True)
class _Row:
    line: int
    id: str
    record_id: str
    kind: str
    parents: list[str]
    device: str
    seq: int
    timestamp: str
    deleted: bool
    data_text: str
    data: dict[str, Any]
    signature: bytes = b""
    grp: int = 0
    solo: bool = False


def _today() -> dt.date:
    return strict.today()


def _list_json(items: list[str]) -> str:
    """json.dumps(items, ensure_ascii=False) ("[]" for none) for a list of strings, built
    directly when no item needs escaping (ids, hashes and vocabulary codes never do)."""
    if not items:
        return "[]"
    try:
        text = '", "'.join(items)
    except TypeError:
        return _LIST_JSON.encode(items)
    if _NEEDS_ESCAPE(text) is None:
        return '["' + text + '"]'
    return _LIST_JSON.encode(items)


def _check_header(name: str, header: list[str] | None, expected: tuple[str, ...]) -> None:
    if header is None:
        raise BundleError(Message("bundle.csv_empty", entry=name))
    if header != list(expected):
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        text = ",".join(expected)
        if missing:
            problem = Message(
                "bundle.column_missing", entry=name, value=repr(missing[0]), text=text
            )
        elif extra:
            problem = Message(
                "bundle.column_unexpected", entry=name, value=repr(extra[0]), text=text
            )
        else:
            problem = Message("bundle.column_order", entry=name, text=text)
        raise BundleError(problem)


def _revision_id(r: _Row) -> str:
    return revmod.id_from_parts(
        r.record_id, r.kind, r.parents, r.device, r.seq, r.timestamp, r.deleted, r.data_text
    )


def _parse_row(line: int, cells: list[str], latest: str = "") -> _Row:
    """One revision row, checked. The common case (every cell well formed, the data
    canonical JSON) is settled by one pattern over the joined cells and one decode and
    encode; anything else takes _parse_slowly, which names what is wrong.

    `latest` is the last date (ISO) a timestamp may carry (default: strict.today())."""
    latest = latest or strict.today().isoformat()
    if len(cells) == _WIDTH and _SIGNATURE(cells[9]) is not None:
        head = _HEAD_MATCH("\x1f".join(cells[:8]))
        if head is not None:
            rid, record_id, kind, parents, device, seq, ts, deleted = head.groups()
            data_text = cells[8]
            if data_text[:1] == "'":
                data_text = data_text[1:]
            parent_list = parents.split(";") if parents else []
            try:
                if data_text.count("[") + data_text.count("{") > fmt.MAX_JSON_DEPTH:
                    raise ValueError("many brackets: the slow path measures the depth")
                data, end = _SCAN(data_text, 0)
                dt.datetime.fromisoformat(ts[:-1])
            except (StopIteration, ValueError, RecursionError):
                data = None
                end = -1
            if (
                end == len(data_text)
                and ts >= fmt.EARLIEST_TIMESTAMP
                and ts[:10] <= latest
                and data.__class__ is dict
                and (deleted == "0" or parent_list)
                and len(parent_list) <= fmt.MAX_PARENTS
                and (len(parent_list) < 2 or parent_list == sorted(set(parent_list)))
                and "".join(_ENCODE(data, 0)) == data_text
            ):
                row = _Row(
                    line,
                    rid,
                    record_id,
                    kind,
                    parent_list,
                    device,
                    int(seq),
                    ts,
                    deleted == "1",
                    data_text,
                    data,  # type: ignore[arg-type]
                    bytes.fromhex(cells[9]),
                )
                if _revision_id(row) == rid:
                    return row
    return _parse_slowly(line, cells, latest)


def _parse_slowly(line: int, cells: list[str], latest: str = "") -> _Row:
    if len(cells) != _WIDTH:
        raise BundleError(
            Message(
                "bundle.cell_count",
                entry="revisions.csv",
                line=line,
                count=len(cells),
                expected=_WIDTH,
            )
        )
    rid, record_id, kind, parents, device, seq, ts, deleted, data_text, signature = (
        unprotect(x) if x.startswith("'") else x for x in cells
    )

    def bad(reason: Message) -> BundleError:
        return BundleError(Message("bundle.revision_malformed", line=line, reason=reason))

    parent_list = _check_head_cells(bad, rid, record_id, kind, parents, device, seq, ts, deleted)
    if _SIGNATURE(signature) is None:
        raise bad(Message("revision.bad_signature_cell", value=repr(signature[:140])))
    latest = latest or strict.today().isoformat()
    if not (ts >= fmt.EARLIEST_TIMESTAMP and ts[:10] <= latest):
        raise bad(
            Message(
                "revision.time_out_of_bounds",
                value=repr(ts),
                earliest=fmt.EARLIEST_TIMESTAMP[:10],
                latest=latest,
            )
        )
    if strict.too_deep(data_text):
        raise bad(Message("revision.data_too_deep", limit=fmt.MAX_JSON_DEPTH))
    try:
        data = _DECODER.decode(data_text)
    except (ValueError, RecursionError) as exc:  # RecursionError: too_deep's backstop
        raise bad(Message("revision.data_not_json", text=str(exc))) from None
    if not isinstance(data, dict) or not _canonical(data, data_text):
        raise bad(Message("revision.data_not_canonical"))
    row = _Row(
        line,
        rid,
        record_id,
        kind,
        parent_list,
        device,
        int(seq),
        ts,
        deleted == "1",
        data_text,
        data,
        bytes.fromhex(signature),
    )
    if _revision_id(row) != rid:
        raise bad(Message("revision.altered", revision=rid[:12]))
    return row


def _canonical(data: dict[str, Any], text: str) -> bool:
    """The data text is canonical: RFC 8785 (what fieldapp writes), or the sorted-key JSON
    of a revision written before RFC 8785 ids (fieldapp.domain.revisions), which a bundle
    relays unchanged. The fast path in _parse_row has settled every text where the two
    agree; this is the rare number that needs care."""
    if _CANONICAL.encode(data) == text:
        return True
    try:
        return revmod.canonical_json(data) == text
    except ValueError:  # a number RFC 8785 cannot write (beyond 2**53): legacy form only
        return False


def _same_numbers(cells: list[str], expected: list[str]) -> bool:
    """The spreadsheet copy agrees but for how a whole number is written: the records
    table keeps a number field as REAL (5.0) while an RFC 8785 revision holds 5, and an
    older fieldapp's revision held 5.0 where this one writes 5."""
    for got, want in zip(cells, expected, strict=True):
        if got == want:
            continue
        try:
            if float(unprotect(got)) != float(unprotect(want)):
                return False
        except ValueError:
            return False
    return True


def _check_head_cells(
    bad: Callable[[Message], BundleError],
    rid: str,
    record_id: str,
    kind: str,
    parents: str,
    device: str,
    seq: str,
    ts: str,
    deleted: str,
) -> list[str]:
    """The eight cells before the data, each named when it is wrong; the parent ids."""
    if not fmt.HEX64.fullmatch(rid):
        raise bad(Message("revision.bad_id", value=repr(rid[:70])))
    if not fmt.UUID.fullmatch(record_id):
        raise bad(Message("list.not_a_record_id", value=repr(record_id[:40])))
    if kind not in KINDS:
        raise bad(Message("revision.bad_kind", value=repr(kind[:40])))
    parent_list = parents.split(";") if parents else []
    if (
        len(parent_list) > fmt.MAX_PARENTS
        or not all(fmt.HEX64.fullmatch(p) for p in parent_list)
        or parent_list != sorted(set(parent_list))
    ):
        raise bad(Message("revision.bad_parents"))
    if not fmt.HEX64.fullmatch(device):
        raise bad(Message("revision.bad_device", value=repr(device[:70])))
    if not fmt.SEQ.fullmatch(seq):
        raise bad(Message("revision.bad_sequence", value=repr(seq[:30])))
    if not fmt.TIMESTAMP.fullmatch(ts):
        raise bad(Message("revision.bad_timestamp", value=repr(ts[:40])))
    try:
        dt.datetime.fromisoformat(ts[:-1])
    except ValueError:
        raise bad(Message("revision.not_a_real_time", value=repr(ts))) from None
    if deleted not in ("0", "1"):
        raise bad(Message("revision.bad_deleted", value=repr(deleted[:10])))
    if deleted == "1" and not parent_list:
        raise bad(Message("revision.deletion_without_parent"))
    return parent_list


class _RecordStream:
    """One record CSV read alongside revisions.csv (both are in record-id order)."""

    def __init__(
        self,
        kind: str,
        raw: io.RawIOBase,
        header: bool = True,
        version: int = fmt.FORMAT_VERSION,
    ):
        self.kind = kind
        self.name = fmt.RECORD_FILES[kind]
        self.text = io.TextIOWrapper(
            io.BufferedReader(raw, 1 << 16), encoding=fmt.CSV_ENCODING, newline=""
        )
        self.csv = csv.reader(self.text, strict=True)
        written = fmt.record_columns(kind, version)  # the columns of the bundle's format
        self.width = len(written)
        # An older format's row is read as a row of today's columns, the fields it did not
        # have empty: its revisions cannot hold them, and the match below checks they do not.
        self.spread: list[int] | None = None
        if written != fmt.RECORD_COLUMNS[kind]:
            self.spread = [
                written.index(c) if c in written else -1 for c in fmt.RECORD_COLUMNS[kind]
            ]
        self.nf = len(FIELDS[kind])
        self.today = strict.today()
        if header:
            _check_header(self.name, next(self.csv, None), written)
        self.rows = 0
        self.last_id = ""
        self.pending: list[str] | None = None
        self.advance()

    def advance(self) -> None:
        row = next(self.csv, None)
        if row is None:
            self.pending = None
            return
        if len(row) != self.width:
            raise BundleError(
                Message(
                    "bundle.cell_count",
                    entry=self.name,
                    line=self.csv.line_num,
                    count=len(row),
                    expected=self.width,
                )
            )
        if row[0] <= self.last_id:
            raise BundleError(
                Message("bundle.rows_out_of_order", entry=self.name, line=self.csv.line_num)
            )
        if self.spread is not None:
            row = [row[i] if i >= 0 else "" for i in self.spread]
        self.last_id = row[0]
        self.rows += 1
        self.pending = row

    def match(self, rev: _Row, data: dict[str, Any]) -> int:
        """If the next record row shows this revision, check it and return its line (0:
        it shows another revision)."""
        row = self.pending
        if row is None or row[0] != rev.record_id or row[-1] != rev.id:
            return 0
        expected = [rev.record_id, *fmt.values_cells(_field_values(self.kind, data))]
        line = self.csv.line_num
        if row[: 1 + self.nf] != expected and not _same_numbers(row[: 1 + self.nf], expected):
            raise BundleError(self._disagreement(line, row, expected))
        created, updated, device = row[1 + self.nf], row[2 + self.nf], row[3 + self.nf]
        if unprotect(updated) != rev.timestamp:
            raise BundleError(
                Message(
                    "bundle.updated_at_mismatch",
                    entry=self.name,
                    line=line,
                    value=repr(updated),
                    revision=rev.id[:12],
                )
            )
        if not strict.timestamp_in_bounds(unprotect(created), self.today) or not (
            fmt.HEX64.fullmatch(device)
        ):
            raise BundleError(Message("bundle.row_malformed", entry=self.name, line=line))
        self.advance()
        return line

    def taken(self) -> int:
        """Rows this stream checked (a row read ahead for the next part is not one)."""
        return self.rows - (self.pending is not None)

    def check_passed(self, record_id: str | None) -> None:
        """Record rows before `record_id` (or any, at the end) matched no revision."""
        row = self.pending
        if row is not None and (record_id is None or row[0] < record_id):
            raise BundleError(
                Message(
                    "bundle.row_without_revision",
                    entry=self.name,
                    line=self.csv.line_num,
                    id=row[0],
                    revision=row[-1][:12],
                )
            )

    def _disagreement(self, line: int, row: list[str], expected: list[str]) -> Message:
        names = fmt.RECORD_COLUMNS[self.kind]
        raw = {names[i]: unprotect(row[i]) for i in range(1, 1 + self.nf)}
        checked = validation.check(self.kind, raw, today=_today())
        if checked.errors:
            column, message = next(iter(checked.errors.items()))
            return Message(
                "bundle.bad_value",
                entry=self.name,
                line=line,
                id=row[0],
                column=column,
                reason=message,
            )
        for i, (got, want) in enumerate(zip(row, expected, strict=False)):
            if got != want:
                return Message(
                    "bundle.cell_disagrees",
                    entry=self.name,
                    line=line,
                    id=row[0],
                    column=names[i],
                    value=repr(got),
                    wanted=repr(want),
                )
        return Message("bundle.row_disagrees", entry=self.name, line=line)


def _row_start(name: str, split: str) -> re.Pattern[bytes]:
    """Where a row of `name` whose record id sorts from `split` (lowercase hex) on can
    begin: after a line end, the cells before the record id, then an id >= split."""
    hexdigits = "0123456789abcdef"
    above = [
        split[:i] + "[" + "".join(h for h in hexdigits if h > split[i]) + "]"
        for i in range(len(split))
        if split[i] != "f"
    ]
    ids = "|".join([*above, split])
    before = "[0-9a-f]{64}," if name == fmt.REVISIONS else ""
    return re.compile(f"\\n(?={before}(?:{ids})[0-9a-f]*-[0-9a-f]{{4}}-)".encode())


class _Chained(io.RawIOBase):
    """The bytes from `head`, then the rest of `reader`."""

    def __init__(self, head: bytes, reader: _CountingReader):
        self.head = memoryview(head)
        self.reader = reader

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        return self.reader.readinto(buffer)


def _skip_to(reader: _CountingReader, name: str, split: str) -> io.RawIOBase:
    """Pass over the first part of a file (the other process checks it) to the first row
    of the second: the bytes still go through `reader`, so the file's hash covers them.

    A quoted note can hold a line that looks like a row start; the part would then start
    mid-row, and fail: every row's cells are checked, and the rows of both parts must add
    up to the manifest's counts. Any failure sends the bundle through the one-process
    path, which decides.
    """
    pattern = _row_start(name, split)
    carry = b""
    chunk = bytearray(1 << 20)
    while True:
        n = reader.readinto(chunk)
        if not n:
            return _Chained(b"", reader)
        data = carry + bytes(chunk[:n])
        found = pattern.search(data)
        if found is not None:
            return _Chained(data[found.end() :], reader)
        carry = data[-200:]  # a row start split across two reads
