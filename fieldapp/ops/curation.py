"""What a coordinator reviews after merging: conflicts (resolve) and possible duplicates
(find, link, merge one pair, merge every exact pair, mark every pair distinct).

`fieldapp.curation` does the work; these functions hold the steps a person's action needs
(find the pairs, then decide them all in one transaction, then count what is left) and
say what changed: record kinds for merges and resolutions, the decisions for links.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from fieldapp.curation import conflicts as conflict_mod
from fieldapp.curation import duplicates as dup_mod
from fieldapp.curation.conflicts import Conflict
from fieldapp.curation.duplicates import BulkResult, Candidate
from fieldapp.curation.duplicates import MergeResult as PairMerge
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.domain.revisions import Revision
from fieldapp.ops.changes import NOTHING, Changes
from fieldapp.progress import NO_TASK, Task
from fieldapp.store import Filter, Store

DECISIONS = Changes(duplicates=True)

__all__ = [
    "BulkResult",
    "Candidate",
    "Conflict",
    "Decided",
    "DuplicatesMerged",
    "ExactMerged",
    "Found",
    "Linked",
    "PairMerge",
    "Resolved",
    "conflicts",
    "find_duplicates",
    "link",
    "link_all",
    "mark_all_distinct",
    "mark_distinct",
    "merge_all_exact",
    "merge_duplicates",
    "merge_exact",
    "resolve",
]


@dataclass(frozen=True)
class Resolved:
    record_id: str
    kind: str
    revision: Revision
    changes: Changes


@dataclass(frozen=True)
class Found:
    candidates: tuple[Candidate, ...]
    changes: Changes = NOTHING


@dataclass(frozen=True)
class Linked:
    a: str
    b: str
    relation: str  # 'distinct', 'same' or 'none' (the decision removed)
    changes: Changes = DECISIONS


@dataclass(frozen=True)
class Decided:
    """Pairs recorded as one decision together (mark distinct, mark same)."""

    done: int
    changes: Changes = DECISIONS


@dataclass(frozen=True)
class DuplicatesMerged:
    result: PairMerge  # kept, removed, revision, repointed
    changes: Changes


@dataclass(frozen=True)
class ExactMerged:
    done: int  # pairs merged
    skipped: tuple[tuple[Candidate, str], ...]  # left for a person, with why
    left: int = 0  # pairs still listed afterwards (merge_all_exact only)
    changes: Changes = field(default=NOTHING)


def _merged_kinds(kind: str, merged: int) -> Changes:
    """Merging incidents may re-point displacement reports that named the removed one."""
    if not merged:
        return NOTHING
    kinds = (INCIDENT, DISPLACEMENT) if kind == INCIDENT else (kind,)
    return Changes(records=frozenset(kinds), duplicates=True)


# -- conflicts -----------------------------------------------------------------------------


def conflicts(store: Store) -> list[Conflict]:
    """Records with competing versions, each version side by side (a read)."""
    return conflict_mod.list_conflicts(store)


def resolve(
    store: Store,
    record_id: str,
    *,
    take: str | None = None,
    picks: Mapping[str, str] | None = None,
    task: Task = NO_TASK,
) -> Resolved:
    """End a conflict: keep one version whole (`take`), or field by field (`picks`)."""
    record_id = store.resolve_id(record_id)
    kind = store.kind_of(record_id)
    rev = conflict_mod.resolve(store, record_id, take=take, picks=picks)
    return Resolved(record_id, kind, rev, Changes.of_records(kind))


# -- duplicates ----------------------------------------------------------------------------


def find_duplicates(
    store: Store,
    kind: str = INCIDENT,
    *,
    km: float = 2.0,
    days: int = 1,
    limit: int | None = None,
    include_linked: bool = False,
    flt: Filter | None = None,
    classify: bool = False,
    task: Task = NO_TASK,
) -> Found:
    """Pairs that may be the same event, oldest first (a read; cancellable). With
    `classify`, each pair also says whether it is exact and who sent each side."""
    found = dup_mod.find_duplicates(
        store,
        kind,
        km=km,
        days=days,
        limit=limit,
        include_linked=include_linked,
        flt=flt,
        progress=task.progress,
        cancel=task.cancelled,
    )
    if classify:
        task.check()
        found = dup_mod.classify(store, found)
    return Found(tuple(found))


def link(store: Store, a: str, b: str, relation: str, *, task: Task = NO_TASK) -> Linked:
    """Record a decision about a pair ('distinct', 'same'), or remove it ('none')."""
    first, second = dup_mod.link(store, a, b, relation)
    return Linked(first, second, relation)


def link_all(
    store: Store, candidates: Sequence[Candidate], relation: str, *, task: Task = NO_TASK
) -> Decided:
    """One decision for every pair, in one transaction."""
    return Decided(dup_mod.link_all(store, candidates, relation))


def mark_distinct(
    store: Store, candidates: Sequence[Candidate], *, task: Task = NO_TASK
) -> Decided:
    """Record "different events" for every pair, in one transaction."""
    return Decided(dup_mod.mark_distinct(store, candidates))


def mark_all_distinct(
    store: Store, kind: str = INCIDENT, *, km: float = 2.0, days: int = 1, task: Task = NO_TASK
) -> Decided:
    """Every pair listed now recorded as different events (they are not listed again)."""
    found = find_duplicates(store, kind, km=km, days=days, task=task).candidates
    task.check()
    return mark_distinct(store, found)


def merge_duplicates(
    store: Store, keep: str, other: str, take: Iterable[str] = (), *, task: Task = NO_TASK
) -> DuplicatesMerged:
    """Merge `other` into `keep` (both histories kept); `take` names the fields whose
    value comes from `other`."""
    kind = store.kind_of(store.resolve_id(keep))
    result = dup_mod.merge_duplicates(store, keep, other, take)
    return DuplicatesMerged(result, _merged_kinds(kind, 1))


def merge_exact(
    store: Store, candidates: Sequence[Candidate], *, task: Task = NO_TASK
) -> ExactMerged:
    """Merge every pair whose records are equal field by field, in one transaction."""
    result = dup_mod.merge_exact(store, candidates)
    kinds = {c.kind for c in candidates}
    changes = NOTHING
    for kind in kinds:
        changes |= _merged_kinds(kind, result.done)
    return ExactMerged(result.done, tuple(result.skipped), changes=changes)


def merge_all_exact(
    store: Store, kind: str = INCIDENT, *, km: float = 2.0, days: int = 1, task: Task = NO_TASK
) -> ExactMerged:
    """Find the pairs, merge the exact ones, and count the pairs left for a person."""
    found = find_duplicates(store, kind, km=km, days=days, task=task).candidates
    task.check()
    merged = merge_exact(store, found)
    left = len(find_duplicates(store, kind, km=km, days=days).candidates)
    return ExactMerged(merged.done, merged.skipped, left, merged.changes)
