"""Governorate names in the report's language.

Records store the English governorate name ("Idleb", or as a partner typed it: "Idlib",
"Deir ez-Zor"). An Arabic report must print إدلب, not Idleb. The shipped base map
(resources/basemap/syria_admin1.geojson) names the 14 Syrian governorates in both
languages with their other spellings; this module reads those once (no map code is
imported: a report is made without the map component too) and matches a stored name
through the same spelling-neutral folding as the places register (domain.spelling).
"""

from __future__ import annotations

import json
from functools import cache

from fieldapp.domain.spelling import fold
from fieldapp.paths import resource


@cache
def _arabic_names() -> dict[str, str]:
    try:
        data = json.loads(resource("basemap", "syria_admin1.geojson").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    names: dict[str, str] = {}
    for feature in data.get("features", []):
        props = feature.get("properties", {})
        arabic = props.get("name_ar")
        for name in (props.get("name"), *(props.get("alternates") or ())):
            if name and arabic:
                names.setdefault(fold(name), arabic)
    return names


def governorate(lang: str, name: str | None) -> str:
    """The governorate's name in `lang` (Arabic from the base map); the stored name as it is
    when the language is English or the name is not one of the 14."""
    if not name or lang != "ar":
        return name or ""
    return _arabic_names().get(fold(name), name)
