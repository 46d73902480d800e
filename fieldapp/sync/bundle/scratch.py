"""The verified bundle: its manifest facts and the scratch copies of its revisions (their
schema and SQL live in fieldapp.store.scratch), and the checks that span a copy (parents
within a record, across the two parts, against this database), with their messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fieldapp.messages import Message
from fieldapp.store import scratch as stored_scratch
from fieldapp.store.database import Store
from fieldapp.store.scratch import ForeignLink
from fieldapp.sync.bundle.manifest import BundleInfo
from fieldapp.sync.errors import BundleError

if TYPE_CHECKING:
    from fieldapp.sync.bundle.places import PlaceEdition


@dataclass
class VerifiedBundle:
    """A verified bundle: its manifest facts and private scratch copies of its revisions
    (one per part verified in parallel, in record-id order).

    Close it (or use it as a context manager) to delete the scratch files.
    """

    info: BundleInfo
    scratches: list[Path] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)  # records (groups) in each scratch
    checked_against_db: bool = False
    seconds: float = 0.0
    places: list[PlaceEdition] = field(default_factory=list)  # register editions, checked

    def __enter__(self) -> VerifiedBundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for scratch in self.scratches:
            _remove_scratch(scratch)
        self.scratches = []
        self.groups = []

    @property
    def scratch_key(self) -> bytes | None:
        """The ephemeral key the scratch copies are encrypted with (one per verification,
        for an encrypted database), None for plain copies: what `attached` opens them with."""
        return stored_scratch.key_of(self.scratches[0]) if self.scratches else None

    @property
    def closed(self) -> bool:
        return not self.scratches

    def __del__(self) -> None:  # a holder that forgot to close (a dialog destroyed at exit)
        self.close()


def _remove_scratch(path: Path) -> None:
    stored_scratch.remove(path)


def parent_problem(name: str, link: ForeignLink | None) -> None:
    """Refuse a bundle whose revision names as its parent a revision of another record."""
    if link:
        raise BundleError(
            Message(
                "bundle.foreign_parent",
                file=name,
                revision=link.revision_id[:12],
                id=link.record_id,
                text=link.other_record,
            )
        )


def _check_parents_across(scratches: list[Path], name: str) -> None:
    parent_problem(name, stored_scratch.foreign_parent_across(scratches))


def check_against(store: Store, verified: VerifiedBundle) -> None:
    """Step 5: the bundle's revisions agree with what this database holds (read only)."""
    if not store.has_revisions():
        verified.checked_against_db = True
        return
    name = verified.info.path.name
    with stored_scratch.attached(store, verified.scratches) as copies:
        clash = copies.kind_clash()
        if clash:
            raise BundleError(
                Message(
                    "bundle.kind_clash",
                    file=name,
                    id=clash.record_id,
                    kind=clash.bundle_kind,
                    other=clash.database_kind,
                )
            )
        link = copies.foreign_link()
        if link:
            raise BundleError(
                Message(
                    "bundle.linked_elsewhere",
                    file=name,
                    revision=link.revision_id[:12],
                    id=link.record_id,
                    text=link.other_record,
                )
            )
    verified.checked_against_db = True
