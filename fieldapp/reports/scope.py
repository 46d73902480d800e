"""What a report's totals may be wrong about: unresolved conflicts and possible duplicates
among the records in its scope (its filter).

A signed report is read as final. When a coordinator merged bundles that still hold
competing versions of a record, or the same event reported twice, the totals are not, and
the report must say so: the Reports view shows these counts before signing, the report's
first page carries them in a box, and `fieldapp report` prints them. The signer can still
go on; nothing is silent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from fieldapp.curation import duplicates as dup
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT, KINDS
from fieldapp.progress import CancelFlag, Progress
from fieldapp.reports import labels as L
from fieldapp.store import Filter, Store, curation
from fieldapp.store.query import matches

# The duplicates view's defaults: what a coordinator is shown as "possible duplicates".
KM, DAYS = 2.0, 1


@dataclass(frozen=True)
class ScopeWarnings:
    conflicts: int = 0  # records with competing versions
    exact: int = 0  # duplicate pairs whose every field is equal
    likely: int = 0  # other possible duplicate pairs (same type, near in place and time)

    @property
    def duplicates(self) -> int:
        return self.exact + self.likely

    def __bool__(self) -> bool:
        return bool(self.conflicts or self.duplicates)


def _matches(store: Store, kind: str, data: dict, flt: Filter | None) -> bool:
    """Whether a version's values fall within the filter (full-text search counted as a
    match: a warning that may be one too many is better than a silent one)."""
    if flt is None:
        return True
    return matches(kind, data, replace(flt, search=None), store.place_names)


def _conflicts(store: Store, flt: Filter | None) -> int:
    count = 0
    for kind in KINDS:
        count += len(curation.conflicted_in_scope(store, kind, flt))
        for record_id in curation.conflicted_hidden(store, kind):
            alive = [h for h in store.heads(record_id) if not h.deleted]
            if any(_matches(store, kind, h.data, flt) for h in alive):
                count += 1
    return count


def scope_warnings(
    store: Store,
    flt: Filter | None = None,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> ScopeWarnings:
    """Count the unresolved conflicts and undecided possible duplicates within `flt`.

    A linear pass over the records in scope (about a second for 50,000): the desktop app
    runs it in the background; `cancel()` returning True stops it (Cancelled).
    """
    exact = likely = 0
    for kind in (INCIDENT, DISPLACEMENT):
        found = dup.find_duplicates(
            store, kind, km=KM, days=DAYS, flt=flt, progress=progress, cancel=cancel
        )
        for c in dup.classify(store, found):
            if c.exact:
                exact += 1
            else:
                likely += 1
    return ScopeWarnings(_conflicts(store, flt), exact, likely)


def warning_lines(lang: str, w: ScopeWarnings) -> list[str]:
    """The warning in the report's language, one sentence per line (empty when none)."""
    if not w:
        return []
    lines = []
    if w.conflicts:
        key = "warn_conflicts_one" if w.conflicts == 1 else "warn_conflicts"
        lines.append(L.label(lang, key, n=L.number(lang, w.conflicts)))
    if w.duplicates:
        key = "warn_duplicates_one" if w.duplicates == 1 else "warn_duplicates"
        lines.append(
            L.label(
                lang,
                key,
                n=L.number(lang, w.duplicates),
                exact=L.number(lang, w.exact),
                likely=L.number(lang, w.likely),
            )
        )
    lines.append(L.label(lang, "warn_action"))
    return lines
