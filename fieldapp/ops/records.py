"""Operations on records a person makes one by one: add, edit, delete, restore, history.

The store does the work (validation, revisions, one transaction); these functions hold
the steps around it that the window and the command line both need (resolve a typed id,
find its kind, delete several together) and say which kinds of rows changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from fieldapp.domain.revisions import Revision
from fieldapp.identity import authorship
from fieldapp.ops.changes import NOTHING, Changes
from fieldapp.progress import NO_TASK, Task
from fieldapp.store import Store
from fieldapp.store import places as store_places
from fieldapp.store.database import StoredRevision


@dataclass(frozen=True)
class Added:
    record_id: str
    kind: str
    changes: Changes
    warnings: Mapping[str, str] = field(default_factory=dict)  # field -> place doubt


@dataclass(frozen=True)
class Edited:
    record_id: str
    kind: str
    revision: Revision | None  # None: the record already had these values
    changes: Changes
    warnings: Mapping[str, str] = field(default_factory=dict)  # field -> place doubt


@dataclass(frozen=True)
class Deleted:
    revisions: tuple[tuple[str, Revision], ...]  # (record id, its deletion), in given order
    changes: Changes


@dataclass(frozen=True)
class Restored:
    revisions: tuple[tuple[str, Revision | None], ...]  # None: it already had those values
    changes: Changes

    @property
    def record_id(self) -> str:
        return self.revisions[0][0]

    @property
    def revision(self) -> Revision | None:
        return self.revisions[0][1]


@dataclass(frozen=True)
class History:
    record_id: str
    revisions: tuple[StoredRevision, ...]  # oldest first
    authors: Mapping[str, str]  # device id -> "name (organisation)"
    changes: Changes = NOTHING
    signatures: Mapping[str, str] = field(default_factory=dict)  # id -> authorship.STATES


def place_warnings(store: Store, kind: str, record_id: str) -> dict[str, str]:
    """What the places register doubts about a saved record (coordinates outside the
    named unit, a name it does not know): said, never refused (domain.places)."""
    data = store.get(record_id)
    if data is None:
        return {}
    return dict(store_places.complete(store, kind, dict(data)).warnings)


def fill_country(values: dict[str, object], given: set[str], known: Callable[[str], bool]) -> bool:
    """A first-level area the places register does not hold (a neighbouring country's:
    Hatay, Akkar) but the gazetteer knows gives its country and usual spelling, here and
    in the form. What the register knows (`known`) is the store's to complete. Returns
    whether the gazetteer placed it."""
    text = values.get("admin1")
    if not isinstance(text, str) or not text.strip() or known(text):
        return False
    from fieldapp.maps.gazetteer import default  # the index loads only when needed

    area = default().governorate(text)
    if area is None:
        return False
    values["admin1"] = area.name
    if "country" not in given or not values.get("country"):
        values["country"] = area.country
    return True


def known_admin1(store: Store) -> Callable[[str], bool]:
    """Whether the places register holds a first-level unit of that name or code."""
    index = store_places.index(store)
    return lambda text: bool(index.find(text, (1,)))


def add(store: Store, kind: str, values: Mapping[str, object], *, task: Task = NO_TASK) -> Added:
    """Validate and store a new record (ValidationError names the fields)."""
    values = dict(values)
    fill_country(values, {k for k, v in values.items() if v not in (None, "")}, known_admin1(store))
    record_id = store.add(kind, values)
    return Added(record_id, kind, Changes.of_records(kind), place_warnings(store, kind, record_id))


def edit(
    store: Store, record_id: str, changes: Mapping[str, object], *, task: Task = NO_TASK
) -> Edited:
    """A new revision of the record (`record_id` may be a unique prefix)."""
    record_id = store.resolve_id(record_id)
    kind = store.kind_of(record_id)
    if "admin1" in changes:
        changes = dict(changes)
        fill_country(changes, {k for k, v in changes.items() if v}, known_admin1(store))
    rev = store.edit(record_id, changes)
    changed = NOTHING if rev is None else Changes.of_records(kind)
    return Edited(record_id, kind, rev, changed, place_warnings(store, kind, record_id))


def delete(store: Store, record_ids: Iterable[str], *, task: Task = NO_TASK) -> Deleted:
    """All the records or none: every id is resolved first (a missing or ambiguous one
    refuses the whole operation), then the deletions run in one transaction."""
    ids = list(dict.fromkeys(store.resolve_id(given) for given in record_ids))
    task.check()
    with store.transaction():
        revisions = tuple((record_id, store.delete(record_id)) for record_id in ids)
    kinds = {rev.kind for _, rev in revisions}
    return Deleted(revisions, Changes.of_records(*kinds))


def restore(
    store: Store, record_id: str, revision_id: str | None = None, *, task: Task = NO_TASK
) -> Restored:
    """Bring back a deleted record, or an older version of one (`revision_id`)."""
    record_id = store.resolve_id(record_id)
    rev = store.restore(record_id, revision_id)
    changes = NOTHING if rev is None else Changes.of_records(rev.kind)
    return Restored(((record_id, rev),), changes)


def restore_all(store: Store, record_ids: Sequence[str], *, task: Task = NO_TASK) -> Restored:
    """Bring back several deleted records together: all of them or none."""
    ids = list(dict.fromkeys(store.resolve_id(given) for given in record_ids))
    task.check()
    with store.transaction():
        revisions = tuple((record_id, store.restore(record_id)) for record_id in ids)
    kinds = {rev.kind for _, rev in revisions if rev is not None}
    return Restored(revisions, Changes.of_records(*kinds))


def history(store: Store, record_id: str) -> History:
    """A record's revisions, oldest first, with who wrote each (a read)."""
    record_id = store.resolve_id(record_id)
    revisions = tuple(store.history(record_id))
    authors = {r.device: store.device_label(r.device) for r in revisions}
    return History(record_id, revisions, authors, signatures=authorship.states(store, revisions))
