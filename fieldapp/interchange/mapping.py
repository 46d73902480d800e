"""Which column of an imported file goes to which field, found from what the file says
about itself: a known layout (ACLED, a Kobo/ODK export of the published XLSForm,
fieldapp's own export), an HXL hashtag row, or headers that are field names or labels
(English, or Arabic as the window shows them).

The layouts are recognised by the modules that define them (interchange.acled,
interchange.kobo, interchange.hxl), imported by name so that a frozen build collects them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT
from fieldapp.interchange import acled, hxl, kobo, qm

LAYOUTS = ("acled", "kobo", "hxl", "fieldapp")
_SEPARATORS = re.compile(r"[\s_\-]+")


@dataclass(frozen=True)
class Mapping:
    kind: str  # "incident" | "displacement"
    columns: dict[str, str] = field(default_factory=dict)  # column header -> field name
    layout: str | None = None  # "acled" | "kobo" | "hxl" | "fieldapp" | None
    name: str | None = None  # a saved mapping's name


def normalise(header: object) -> str:
    """A header as compared: letter case, spaces, underscores and dashes ignored."""
    return _SEPARATORS.sub(" ", str(header).casefold()).strip()


@functools.cache
def _names(kind: str) -> dict[str, str]:
    """Every way a header may name a field of `kind`: its name, its English label, its
    Arabic label, normalised."""
    out: dict[str, str] = {}
    for f in FIELDS[kind]:
        arabic = qm.translate("ar", "fields", f.label)  # the shipped catalogue, as the window's
        for text in (f.label, arabic or "", f.name):
            if text:
                out[normalise(text)] = f.name
    return out


def by_headers(kind: str, headers: Sequence[str]) -> dict[str, str]:
    """Columns whose header names a field (each field taken once, by its first column)."""
    names = _names(kind)
    out: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        name = names.get(normalise(header))
        if header and name and name not in taken and header not in out:
            out[header] = name
            taken.add(name)
    return out


def by_tags(kind: str, headers: Sequence[str], tags: Sequence[str]) -> dict[str, str]:
    """Columns whose HXL hashtag names a field (interchange.hxl.field_for_tag)."""
    fields = {f.name for f in FIELDS[kind]}
    out: dict[str, str] = {}
    taken: set[str] = set()
    for header, tag in zip(headers, tags, strict=False):
        name = hxl.field_for_tag(kind, tag) if tag else None
        if header and name in fields and name not in taken and header not in out:
            out[header] = name
            taken.add(name)
    return out


def guess_kind(headers: Sequence[str], tags: Sequence[str] | None = None) -> str:
    """The kind more of whose fields the headers (or tags) name; incident on a tie."""
    scores = {}
    for kind in (INCIDENT, DISPLACEMENT):
        found = set(by_headers(kind, headers).values())
        if tags:
            found |= set(by_tags(kind, headers, tags).values())
        own = {f.name for f in FIELDS[kind]} - {f.name for f in FIELDS[_other(kind)]}
        scores[kind] = (len(found & own), len(found))
    return DISPLACEMENT if scores[DISPLACEMENT] > scores[INCIDENT] else INCIDENT


def _other(kind: str) -> str:
    return DISPLACEMENT if kind == INCIDENT else INCIDENT


def is_fieldapp(kind: str, headers: Sequence[str]) -> bool:
    """fieldapp's own export of `kind`: an id column and every required field named."""
    found = set(by_headers(kind, headers).values())
    required = {f.name for f in FIELDS[kind] if f.required} - {"event_type"}
    has_id = any(normalise(h) == "id" for h in headers)
    return has_id and required <= found and len(found) * 2 >= len(FIELDS[kind])


def detect(
    headers: Sequence[str], tags: Sequence[str] | None, kind: str | None = None
) -> tuple[str | None, str]:
    """(layout, kind) of a file from its header row and hashtag row (`kind`: the kind
    the user says the rows are)."""
    if kind in (None, INCIDENT) and acled.is_acled(list(headers)):
        return "acled", INCIDENT
    if kobo.is_kobo(list(headers)):
        return "kobo", kind or _kobo_kind(headers)
    kind = kind or guess_kind(headers, tags)
    if is_fieldapp(kind, headers):
        return "fieldapp", kind
    if tags and by_tags(kind, headers, tags):
        return "hxl", kind
    return None, kind


def _kobo_kind(headers: Sequence[str]) -> str:
    """A Kobo export's kind is said row by row (interchange.kobo.from_kobo); this is the
    kind its columns look like, for the mapping's label."""
    leaves = [str(h).rsplit("/", 1)[-1] for h in headers]
    return guess_kind(leaves)


def suggest(headers: Sequence[str], tags: Sequence[str] | None, kind: str | None = None) -> Mapping:
    """The mapping fieldapp proposes: the layout's own, else by tags and headers."""
    layout, kind = detect(headers, tags, kind)
    if layout in ("acled", "kobo"):
        return Mapping(kind, {}, layout)
    columns = by_headers(kind, headers)
    if tags:
        for header, name in by_tags(kind, headers, tags).items():
            if name not in columns.values():
                columns.setdefault(header, name)
    return Mapping(kind, columns, layout)
