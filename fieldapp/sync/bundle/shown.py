"""The spreadsheet is the truth a person reads: the record CSVs must show, for every record,
exactly the version its revisions make current.

A record's current revision is the provisional winner (fieldapp.domain.revisions.
pick_winner: latest timestamp, then highest id) of its heads, the revisions no other
revision of the bundle names as a parent. A record row must show that winner, never an
older version nor a record the winner deletes. A missing row is refused when the bundle
holds the record's whole history (its first revision, with no parent: every full bundle,
and every record created since the last incremental one); otherwise the exporter's
current version may be one the bundle does not carry, and no row is expected.

A row in the wrong place is refused as soon as its record is settled; a missing row only
after every other check (the caller raises `missing`), so that a bundle that is wrong in
several ways is refused for its revisions first.
"""

from __future__ import annotations

from fieldapp.messages import Message
from fieldapp.sync import format as fmt
from fieldapp.sync.bundle.rows import _Row
from fieldapp.sync.errors import BundleError


class ShownRecords:
    """Follows revisions.csv record by record (`track`, `end_record`, as it is read) and the
    record rows matched to revisions (`saw`, `settle`, as rows are checked)."""

    def __init__(self) -> None:
        self.heads: dict[str, _Row] = {}
        self.parented: set[str] = set()
        self.whole = False
        self.winners: dict[str, tuple[_Row | None, bool]] = {}
        self.shown: tuple[_Row, int] | None = None
        self.missing: Message | None = None

    def track(self, row: _Row) -> None:
        """One revision of the record being read."""
        if row.id not in self.parented:
            self.heads[row.id] = row
        for parent in row.parents:
            self.parented.add(parent)
            self.heads.pop(parent, None)
        if not row.parents:
            self.whole = True

    def end_record(self, record_id: str) -> None:
        """Every revision of `record_id` was read: its winner is known."""
        heads = self.heads.values()
        winner = max(heads, key=lambda r: (r.timestamp, r.id)) if heads else None
        self.winners[record_id] = (winner, self.whole)
        self.heads = {}
        self.parented = set()
        self.whole = False

    def saw(self, rev: _Row, line: int) -> None:
        """The record row at `line` shows revision `rev` (its cells were checked)."""
        self.shown = (rev, line)

    def settle(self, record_id: str) -> None:
        """Every revision of `record_id` was checked: was the right row shown?"""
        winner, whole = self.winners.pop(record_id, (None, False))
        shown, self.shown = self.shown, None
        if shown is not None:
            rev, line = shown
            if winner is not None and rev.id != winner.id:
                entry = fmt.RECORD_FILES[rev.kind]
                if winner.deleted:
                    raise BundleError(
                        Message("bundle.row_of_deleted", entry=entry, line=line, id=record_id)
                    )
                raise BundleError(
                    Message(
                        "bundle.row_not_current",
                        entry=entry,
                        line=line,
                        id=record_id,
                        revision=rev.id[:12],
                        wanted=winner.id[:12],
                    )
                )
        elif winner is not None and whole and not winner.deleted and self.missing is None:
            self.missing = Message(
                "bundle.row_missing",
                entry=fmt.RECORD_FILES[winner.kind],
                id=record_id,
                revision=winner.id[:12],
            )
