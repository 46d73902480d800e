"""Governorate names in the report's language.

Records store the English governorate name a field worker chose or typed ("Idlib",
sometimes "Idleb" or "Deir ez-Zor"). An Arabic report must print إدلب, not Idlib. The
shipped base map (resources/basemap/syria_admin1.geojson) names the 14 Syrian
governorates in both languages; this module reads those names once (no map code is
imported: a report is made without the map component too) and matches a stored name
loosely: case, articles, hyphens, apostrophes and the common spelling variants.
"""

from __future__ import annotations

import json
import re
from functools import cache

from fieldapp.paths import resource

_ARTICLES = ("al", "el", "ar", "as", "ad", "governorate")
_NOT_LETTER = re.compile(r"[^a-z]+")
# Spellings seen in ACLED, OCHA and field data that the base map writes another way.
_ALIASES = {
    "idleb": "idlib",
    "alhasakeh": "hasakeh",
    "alhasaka": "hasakeh",
    "arraqqa": "raqqa",
    "hasaka": "hasakeh",
    "hassakeh": "hasakeh",
    "hasakah": "hasakeh",
    "raqqah": "raqqa",
    "rakka": "raqqa",
    "sweida": "sweida",
    "suwayda": "sweida",
    "suweida": "sweida",
    "sweyda": "sweida",
    "daraa": "dara",
    "deirezzor": "deirezzor",
    "deirazzor": "deirezzor",
    "dayrazzawr": "deirezzor",
    "latakia": "lattakia",
    "ladhiqiyah": "lattakia",
    "tartus": "tartous",
    "tartous": "tartous",
    "hamah": "hama",
    "rifdimashq": "ruraldamascus",
    "damascusrural": "ruraldamascus",
    "dimashq": "damascus",
    "halab": "aleppo",
    "himsh": "homs",
}


def key(name: str) -> str:
    """A spelling-neutral key: "Deir-ez-Zor", "Deir ez Zor" and "deirezzor" are one."""
    words = _NOT_LETTER.split(name.casefold())
    folded = "".join(w for w in words if w and w not in _ARTICLES)
    return _ALIASES.get(folded, folded)


@cache
def _arabic_names() -> dict[str, str]:
    try:
        data = json.loads(resource("basemap", "syria_admin1.geojson").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    names = {}
    for feature in data.get("features", []):
        props = feature.get("properties", {})
        if props.get("name") and props.get("name_ar"):
            names[key(props["name"])] = props["name_ar"]
    return names


def governorate(lang: str, name: str | None) -> str:
    """The governorate's name in `lang` (Arabic from the base map); the stored name as it is
    when the language is English or the name is not one of the 14."""
    if not name or lang != "ar":
        return name or ""
    return _arabic_names().get(key(name), name)
