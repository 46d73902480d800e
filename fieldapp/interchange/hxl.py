"""HXL (Humanitarian Exchange Language) hashtags of fieldapp's columns.

HXL adds one row of hashtags under a table's header so tools such as libhxl and HDX's
Quick Charts know what each column holds whatever its header says (in any language).
The same table serves the export (the hashtag row under the header) and the import (a
partner's HXL-tagged file maps to fieldapp's fields by its tags, not its headers).

Tags follow the HXL core schema where it has a hashtag for the thing (#date, #event,
#adm1, #loc, #geo, #affected, #population, #description); fieldapp's own columns use
#meta with a descriptive attribute. Displacement's far ends carry +origin / +dest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT

_PLACE = {
    "country": "#country+name",
    "admin1": "#adm1+name",
    "admin1_pcode": "#adm1+code",
    "admin2": "#adm2+name",
    "admin2_pcode": "#adm2+code",
    "admin3": "#adm3+name",
    "admin3_pcode": "#adm3+code",
    "location": "#loc+name",
    "location_pcode": "#loc+code",
    "latitude": "#geo+lat",
    "longitude": "#geo+lon",
    "geo_precision": "#geo+precision",
}


def _far_end(prefix: str, attribute: str) -> dict[str, str]:
    """Where displaced people came from (+origin) or went to (+dest): every level's name
    and P-code, as HXL tags a flow's ends."""
    out = {f"{prefix}_location": f"#loc+name+{attribute}"}
    out[f"{prefix}_location_pcode"] = f"#loc+code+{attribute}"
    for level in (1, 2, 3):
        out[f"{prefix}_admin{level}"] = f"#adm{level}+name+{attribute}"
        out[f"{prefix}_admin{level}_pcode"] = f"#adm{level}+code+{attribute}"
    return out


_META = {
    "id": "#meta+id",
    "created_at": "#meta+created",
    "updated_at": "#meta+updated",
    "device": "#meta+device",
    "revision": "#meta+revision",
}

_TAIL = {"source": "#meta+source", "notes": "#description"}

# kind -> field (or meta column) -> hashtag with attributes
HXL_TAGS: dict[str, dict[str, str]] = {
    INCIDENT: {
        "id": _META["id"],
        "event_date": "#date+occurred",
        "time_precision": "#meta+date_precision",
        "event_type": "#event+type",
        "sub_event_type": "#event+type+sub",
        "actor1": "#group+actor1",
        "actor2": "#group+actor2",
        **_PLACE,
        "killed": "#affected+killed",
        "injured": "#affected+injured",
        "targets": "#meta+targets",
        **_TAIL,
        **{k: v for k, v in _META.items() if k != "id"},
    },
    DISPLACEMENT: {
        "id": _META["id"],
        "report_date": "#date+reported",
        "period_end": "#date+end",
        "direction": "#meta+direction",
        **_PLACE,
        **_far_end("origin", "origin"),
        **_far_end("destination", "dest"),
        "individuals": "#affected+idps+ind",
        "households": "#affected+hh",
        "household_size": "#indicator+num+hh_size",
        "population_before": "#population+before",
        "cause": "#meta+cause",
        "cause_incidents": "#meta+cause_incidents",
        **_TAIL,
        **{k: v for k, v in _META.items() if k != "id"},
    },
}

# A hashtag, then attributes: "#adm1 +code", "#ADM1+Code" and "#adm1+code" are one tag.
_TAG = re.compile(r"^\s*#([a-z][a-z0-9_]*)((?:\s*\+\s*[a-z][a-z0-9_]*)*)\s*$", re.IGNORECASE)


def normalise(tag: str) -> tuple[str, frozenset[str]] | None:
    """(hashtag, attributes) in lower case, None when `tag` is not an HXL tag spec."""
    match = _TAG.match(tag or "")
    if match is None:
        return None
    attributes = (a.strip().lower() for a in match.group(2).split("+") if a.strip())
    return match.group(1).lower(), frozenset(attributes)


def tag_for(kind: str, name: str) -> str:
    """The hashtag of a column; a column no table names gets #meta+<its name>."""
    return HXL_TAGS[kind].get(name, "#meta+" + name)


def field_for_tag(kind: str, tag: str) -> str | None:
    """The field (or meta column) of `kind` tagged `tag`: same hashtag, same attributes in
    any order and case. None when no column of that kind has exactly that tag (a partner's
    +f / +children breakdown is not fieldapp's total, so no looser match is made)."""
    wanted = normalise(tag)
    if wanted is None:
        return None
    for name, known in HXL_TAGS[kind].items():
        if normalise(known) == wanted:
            return name
    return None


def is_tag_row(cells: Sequence[object]) -> bool:
    """HXL's own rule: a row is the hashtag row when every non-blank cell is a tag spec
    and at least one is."""
    texts = [str(c).strip() for c in cells if c is not None and str(c).strip()]
    return bool(texts) and all(normalise(t) is not None for t in texts)


def tag_row_index(rows: Sequence[Sequence[object]], look: int = 25) -> int | None:
    """Which of the first `look` rows is the hashtag row (libhxl also looks at the first
    25), None when there is none."""
    for index, row in enumerate(rows[:look]):
        if is_tag_row(row):
            return index
    return None
