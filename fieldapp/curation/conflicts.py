"""Conflicts: records with more than one head, shown side by side and resolved.

A conflict arises when two devices changed the same record without seeing each other's
change. Until a person decides, every database shows the same provisional winner (latest
timestamp, then highest id). Resolving writes one revision whose parents are all the heads,
so once it travels, every database converges on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fieldapp.domain.fields import FIELDS
from fieldapp.domain.revisions import Revision, pick_winner
from fieldapp.errors import FieldappError, NotFound
from fieldapp.messages import Message
from fieldapp.store.database import Store, StoredRevision


@dataclass
class Version:
    revision: StoredRevision
    author: str
    provisional: bool  # what the tables show until someone resolves

    @property
    def id(self) -> str:
        return self.revision.id


@dataclass
class Conflict:
    record_id: str
    kind: str
    versions: list[Version]
    differing: list[str]  # fields whose values differ between the versions

    def value(self, version: Version, name: str) -> object:
        return version.revision.data.get(name)


def conflict(store: Store, record_id: str) -> Conflict:
    heads = store.heads(record_id)
    if len(heads) < 2:
        raise FieldappError(Message("conflict.none", id=record_id))
    winner = pick_winner(heads)  # type: ignore[arg-type]
    heads.sort(key=lambda h: (h.timestamp, h.id), reverse=True)
    versions = [Version(h, store.device_label(h.device), h.id == winner.id) for h in heads]
    kind = heads[0].kind
    differing = [
        f.name
        for f in FIELDS[kind]
        if len({repr(h.data.get(f.name)) for h in heads if not h.deleted}) > 1
    ]
    return Conflict(record_id, kind, versions, differing)


def list_conflicts(store: Store) -> list[Conflict]:
    return [conflict(store, record_id) for record_id in store.conflicts()]


def resolve(
    store: Store,
    record_id: str,
    *,
    take: str | None = None,
    picks: Mapping[str, str] | None = None,
) -> Revision:
    """Take one version whole (`take`, a revision id or prefix), or build the record field by
    field: `picks` maps a field to the version (id or prefix) whose value to keep; fields not
    picked come from `take`, else from the provisional winner."""
    if not picks:
        if take is None:
            raise FieldappError(Message("conflict.say_which"))
        return store.resolve(record_id, take=take)
    current = conflict(store, record_id)

    def find(prefix: str) -> Version:
        found = [v for v in current.versions if v.id.startswith(prefix.strip().lower())]
        if len(found) != 1:
            options = ", ".join(v.id[:12] for v in current.versions)
            raise NotFound(
                Message("conflict.no_single_version", value=repr(prefix), allowed=options)
            )
        return found[0]

    base = find(take) if take else next(v for v in current.versions if v.provisional)
    if base.revision.deleted:
        alive = [v for v in current.versions if not v.revision.deleted]
        base = alive[0]
    values = dict(base.revision.data)
    names = {f.name for f in FIELDS[current.kind]}
    for name, prefix in picks.items():
        if name not in names:
            raise FieldappError(
                Message("record.not_a_field_of_kind", field=name, kind=current.kind)
            )
        version = find(prefix)
        if version.revision.deleted:
            raise FieldappError(Message("conflict.version_is_deletion", revision=version.id[:12]))
        values[name] = version.revision.data.get(name)
    return store.resolve(record_id, values=values)
