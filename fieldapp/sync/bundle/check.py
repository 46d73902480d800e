"""The checks of a bundle's contents (step 4 of fieldapp.sync.verify): every revision row
parsed and validated, grouped by record, record rows matched cell for cell, the files'
hashes and sizes, the manifest's counts; the accepted revisions written to a scratch copy.
One _Verifier checks the whole bundle, or one part of it (see fieldapp.sync.bundle.parallel).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldapp.domain import validation
from fieldapp.domain.fields import KINDS
from fieldapp.errors import Cancelled
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress
from fieldapp.store.database import Store
from fieldapp.store.scratch import DuplicateRevision, KnownRevisions, ScratchWriter
from fieldapp.store.scratch import new_key as new_scratch_key
from fieldapp.sync import format as fmt
from fieldapp.sync.bundle.authors import Authors
from fieldapp.sync.bundle.container import Container, _CountingReader
from fieldapp.sync.bundle.rows import (
    _LIST_COLUMNS,
    _check_header,
    _field_values,
    _list_json,
    _parse_row,
    _RecordStream,
    _Row,
    _skip_to,
)
from fieldapp.sync.bundle.scratch import parent_problem
from fieldapp.sync.bundle.shown import ShownRecords
from fieldapp.sync.errors import BundleError

BATCH = 1000


@dataclass
class _Part:
    """What one verifier counted: the manifest totals are checked over all parts."""

    groups: int
    revisions: int
    rows: dict[str, int]
    missing: Message | None = None  # a record row missing (refused after every other check)


class _Verifier:
    """Checks the CSV rows and writes the accepted revisions to a scratch copy.

    With `split`, it checks one part of the bundle: side 0 the records whose id (as the
    CSV writes it) sorts before `split`, side 1 the records from `split` on. The files are
    sorted by record id, so side 0 is a prefix of every file and side 1 the rest; side 1
    reads every file to its end and checks their sizes and hashes. Both sides apply the
    same rule to the same bytes, so every row is checked by exactly one of them.
    """

    def __init__(
        self,
        container: Container,
        known: KnownRevisions,
        scratch: ScratchWriter,
        progress: Progress | None,
        cancel: CancelFlag | None,
        *,
        today: dt.date,
        split: str | None = None,
        side: int = 0,
    ):
        self.c = container
        self.known = known
        self.scratch = scratch
        self.progress = progress
        self.cancel = cancel
        self.split = split
        self.side = side
        self.readers: dict[str, _CountingReader] = {}
        self.today = today
        self.pos = 0
        self.grp = 0
        self.last_record = ""
        self.shown = ShownRecords()
        self.authors = Authors(container.manifest)
        self.done = 0
        self.total = max(1, container.manifest["revisions"]["count"])

    def run(self) -> _Part:
        try:
            return self._run()
        except (BundleError, UnicodeDecodeError, csv.Error) as exc:
            problem = self.c.hash_problem(self.readers)
            if problem:
                raise problem from None
            if isinstance(exc, UnicodeDecodeError):
                raise BundleError(
                    Message(
                        "bundle.not_utf8",
                        file=self.c.path.name,
                        text=repr(exc.object[exc.start : exc.start + 1]),
                    )
                ) from None
            if isinstance(exc, csv.Error):
                raise BundleError(
                    Message("bundle.csv_malformed", file=self.c.path.name, text=str(exc))
                ) from None
            raise

    def _run(self) -> _Part:
        split, side = self.split, self.side
        later = split is not None and side == 1
        reader = self._open_streams(later)
        skipping = later
        group: list[_Row] = []
        batch: list[_Row] = []
        latest = self.today.isoformat()
        last_record = ""
        kind = ""
        count = 0
        for cells in reader:
            if split is not None:
                key = cells[1] if len(cells) > 1 else ""
                if skipping:
                    if key < split:
                        raise BundleError(Message("bundle.second_part_revisions"))
                    skipping = False
                elif side == 0 and key >= split:
                    break  # the rest is the other part's
            row = _parse_row(reader.line_num, cells, latest)
            count += 1
            if row.record_id != last_record:
                if row.record_id < last_record:
                    raise BundleError(
                        Message(
                            "bundle.revision_malformed",
                            line=row.line,
                            reason=Message("revision.not_grouped"),
                        )
                    )
                if last_record:
                    self.shown.end_record(last_record)
                self._close_group(group, batch)
                group = []
                last_record = row.record_id
                kind = row.kind
                self.grp += 1
            elif row.kind != kind:  # (a huge history's group may be empty: streamed)
                raise BundleError(
                    Message(
                        "bundle.revision_malformed",
                        line=row.line,
                        reason=Message(
                            "revision.two_kinds",
                            id=row.record_id,
                            kind=kind,
                            other=row.kind,
                        ),
                    )
                )
            row.grp = self.grp
            self.shown.track(row)
            group.append(row)
            if len(group) > BATCH:  # a huge history: stream it, it cannot be a fresh root
                batch.extend(group)
                group = []
            if len(batch) >= BATCH:
                self._flush(batch)
                batch = []
        if last_record:
            self.shown.end_record(last_record)
        self._close_group(group, batch)
        self._flush(batch)
        if self.last_record:
            self.shown.settle(self.last_record)
        self._check_ends(split if side == 0 else None)
        rows = {k: s.taken() for k, s in self.streams.items()}
        return _Part(self.grp, count, rows, self.shown.missing)

    def _open_streams(self, later: bool) -> Any:
        """The readers of every file, each started at this part's first row (`later`, see
        _skip_to) or past its checked header; the csv reader of revisions.csv."""
        c = self.c
        split = self.split
        for name in fmt.CSV_FILES:
            self.readers[name] = c.reader(name)
        raw: dict[str, io.RawIOBase] = dict(self.readers)
        if later:  # start each file at its first row of this part (see _skip_to)
            for name in fmt.CSV_FILES:
                raw[name] = _skip_to(self.readers[name], name, split)  # type: ignore[arg-type]
        version = c.manifest.get("format_version", fmt.FORMAT_VERSION)
        streams = {k: _RecordStream(k, raw[fmt.RECORD_FILES[k]], not later, version) for k in KINDS}
        self.streams = streams
        text = io.TextIOWrapper(
            io.BufferedReader(raw[fmt.REVISIONS], 1 << 16),
            encoding=fmt.CSV_ENCODING,
            newline="",
        )
        reader = csv.reader(text, strict=True)
        if later:
            starts = [s.pending[0] for s in streams.values() if s.pending is not None]
            if any(key < split for key in starts):  # type: ignore[operator]
                raise BundleError(Message("bundle.second_part_records"))
        else:
            _check_header(fmt.REVISIONS, next(reader, None), fmt.REVISION_COLUMNS)
        return reader

    def _check_ends(self, end: str | None) -> None:
        """No record row left unmatched before `end` (None: the files' ends, whose hashes
        and sizes are then checked: this verifier read every file to its end)."""
        for stream in self.streams.values():
            stream.check_passed(end)
        if end is None:  # this verifier read every file to its end
            for name, reader_ in self.readers.items():
                reader_.drain()
                problem = self.c._compare(name, reader_)
                if problem:
                    raise problem

    def _close_group(self, group: list[_Row], batch: list[_Row]) -> None:
        if len(group) == 1:
            group[0].solo = True
        batch.extend(group)

    def _flush(self, batch: list[_Row]) -> None:
        if not batch:
            return
        if self.cancel and self.cancel():
            raise Cancelled(Message("cancelled.nothing_merged"))
        known = self.known.present([r.id for r in batch])
        today = self.today
        is_clean = validation.is_clean
        check_author = self.authors.check
        list_columns = _LIST_COLUMNS
        rev_rows = []
        par_rows = []
        mat_rows: dict[str, list[tuple]] = {k: [] for k in KINDS}
        streams = tuple(self.streams.values())
        for r in batch:
            if r.record_id != self.last_record:  # a new group: rows before it went unmatched?
                if self.last_record:
                    self.shown.settle(self.last_record)  # the right row shown?
                self.last_record = r.record_id
                for stream in streams:
                    stream.check_passed(r.record_id)
            # Already-present revisions were validated (and their signatures checked) when
            # they arrived; their content is pinned by their id, which was just recomputed.
            # is_clean: no error, as stored.
            if r.id not in known:
                if not is_clean(r.kind, r.data, today):
                    _refuse_unclean(r, today)
                check_author(r)
            if not r.deleted and (line := self.streams[r.kind].match(r, r.data)):
                self.shown.saw(r, line)
            self.pos += 1
            rev_rows.append(
                (
                    self.pos,
                    r.id,
                    r.record_id,
                    r.kind,
                    _list_json(r.parents),
                    r.device,
                    r.seq,
                    r.timestamp,
                    int(r.deleted),
                    r.data_text,
                    r.grp,
                    int(r.solo),
                    r.signature,
                )
            )
            if r.parents:
                par_rows.extend((self.pos, p) for p in r.parents)
            if r.solo and not r.parents and not r.deleted:
                values = _field_values(r.kind, r.data)
                for i in list_columns[r.kind]:
                    values[i] = _list_json(values[i])
                mat_rows[r.kind].append(
                    (self.pos, *values, r.record_id, r.timestamp, r.device, r.id)
                )
        # Written here, not on a second thread: the sqlite3 module binds every value under
        # the GIL, and the two threads contending for it cost more than the overlap saved
        # (measured: 12 % more wall time and 20 % more CPU for the same part).
        self.scratch.write(rev_rows, par_rows, mat_rows)
        self.done += len(batch)
        if self.progress:
            self.progress(min(self.done, self.total), self.total)


def _refuse_unclean(r: _Row, today: dt.date) -> None:
    """A revision's data that is not exactly what fieldapp stores: say why (check()), or
    accept it if check() finds it clean after all."""
    checked = validation.check(r.kind, r.data, today=today)
    if checked.errors:
        column, message = next(iter(checked.errors.items()))
        raise BundleError(
            Message(
                "bundle.bad_value",
                entry="revisions.csv",
                line=r.line,
                id=r.record_id,
                column=column,
                reason=message,
            )
        )
    # A revision written before schema 5 (by a fieldapp of format 3 or earlier, or relayed
    # since) has no key for the fields added then: stored as it is, they are empty.
    values = {
        k: v
        for k, v in checked.values.items()
        if k in r.data or v is not None or k not in fmt.ADDED_IN_4[r.kind]
    }
    if values != r.data or _retyped(values, r.data):
        raise _not_stored_form(r, values)


def missing_row(parts: list[_Part]) -> BundleError | None:
    """The first record row missing from the record CSVs (see ShownRecords)."""
    problem = next((p.missing for p in parts if p.missing is not None), None)
    return BundleError(problem) if problem is not None else None


def _retyped(values: dict[str, Any], data: dict[str, Any]) -> bool:
    """Equal values of another JSON type (3.0 for 3, 35 for 35.0, true for 1): the revision
    id pins the text, so the stored form must be exact, type and all."""
    return any(v.__class__ is not data.get(k).__class__ for k, v in values.items())


def _not_stored_form(r: _Row, values: dict[str, Any]) -> BundleError:
    """Name the first field of another JSON type than the stored form, if one is."""
    for name, value in values.items():
        got = r.data.get(name)
        if got is not None and got.__class__ is not value.__class__ and got == value:
            return BundleError(
                Message(
                    "bundle.data_wrong_type",
                    line=r.line,
                    id=r.record_id,
                    column=name,
                    value=repr(got),
                    wanted=repr(value),
                )
            )
    return BundleError(Message("bundle.data_not_stored_form", line=r.line, id=r.record_id))


def _verify_part(
    container: Container,
    store: Store | KnownRevisions | None,
    today: dt.date,
    progress: Progress | None,
    cancel: CancelFlag | None,
    split: str | None = None,
    side: int = 0,
    key: bytes | None = None,
) -> tuple[Path, _Part]:
    """Verify (a part of) the CSVs into a new scratch file, with its own indexes checked.
    The file is encrypted under `key`, or under a new ephemeral key when `store` is an
    encrypted Store (fieldapp.store.scratch keeps it for the merge)."""
    known = store if isinstance(store, KnownRevisions) else KnownRevisions.of(store)
    if key is None and isinstance(store, Store) and store.encrypted:
        key = new_scratch_key()
    scratch = ScratchWriter(key)
    try:
        part = _Verifier(
            container, known, scratch, progress, cancel, today=today, split=split, side=side
        ).run()
        try:
            link = scratch.finish()
        except DuplicateRevision:
            raise BundleError(Message("bundle.revision_twice", file=container.path.name)) from None
        parent_problem(container.path.name, link)
    except BaseException:
        scratch.discard()
        raise
    return scratch.path, part


def _check_counts(manifest: dict[str, Any], parts: list[_Part]) -> None:
    count = sum(p.revisions for p in parts)
    if count != manifest["revisions"]["count"]:
        raise BundleError(
            Message(
                "bundle.revision_count",
                count=f"{count:,}",
                expected=f"{manifest['revisions']['count']:,}",
            )
        )
    for kind in KINDS:
        rows = sum(p.rows[kind] for p in parts)
        if rows != manifest["records"][kind]:
            raise BundleError(
                Message(
                    "bundle.row_count",
                    entry=fmt.RECORD_FILES[kind],
                    count=f"{rows:,}",
                    expected=f"{manifest['records'][kind]:,}",
                )
            )
