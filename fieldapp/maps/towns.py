"""Town and village names for the offline base map, from the gazetteer's populated places.

Placing a record by clicking a map with no names on it is clicking blind. The page gets
every populated place of the shipped gazetteer (GeoNames, ~1,000 places), biggest first,
named in the interface's language; it shows the first N of them for the zoom (more as the
user zooms in) and drops a name that would overlap a bigger place's. Nothing is fetched:
the names travel inside the page, as JSON escaped for a <script> element, and are drawn on
a canvas with fillText, so no name can ever become markup.

GeoNames' "Arabic" name of a place is sometimes a Persian, Urdu or Kurdish spelling (Beirut
as بېيرۇت, Osmaniye as عثمانیہ) or a split word (Damascus as د مشق); `arabic_name` picks the
best Arabic spelling among all the names the place is known by.
"""

from __future__ import annotations

import re
from typing import Any

from fieldapp.maps import gazetteer

# How many places (by population rank) the page may label at each zoom; the page lets a
# name through only where it does not overlap a bigger place's name.
ZOOM_LIMITS = {5: 8, 6: 20, 7: 50, 8: 140, 9: 320, 10: 700}
# Population tiers: the label's size (0: big city, 1: town, 2: village).
TIERS = (500_000, 50_000)

# Letters of Arabic proper (hamza to yeh), harakat, spaces and hyphens: a name using any
# other Arabic-script letter (ی ک گ پ چ ہ ە ۇ ې ڕ …) is another language's spelling.
_ARABIC_ONLY = re.compile("^[\u0621-\u063a\u0641-\u064a\u064b-\u0652 \\-]+$")
_HARAKAT = re.compile("[\u064b-\u0652]")


def arabic_name(place: gazetteer.Place) -> str | None:
    """The place's name in Arabic script and Arabic spelling, or None if it has none.

    Scored among name_ar and every Arabic alternate name: a one-letter word (د مشق) is a
    typo; a final teh marbuta (الرقة, not رقه) and a written hamza (إدلب, not ادلب) are
    standard spelling; name_ar wins ties. Harakat are dropped (map labels carry none).
    """
    candidates: list[str] = []
    for name in (place.name_ar, *place.alternate_names):
        if name and _ARABIC_ONLY.match(name):
            plain = _HARAKAT.sub("", name).strip()
            if plain and plain not in candidates:
                candidates.append(plain)
    if not candidates:
        return None
    preferred = _HARAKAT.sub("", place.name_ar or "").strip()

    def score(name: str) -> tuple[int, int]:
        words = name.replace("-", " ").split()
        points = -10 if any(len(w) == 1 and w != "و" for w in words) else 0
        points += 2 if words[-1].endswith("ة") else 0
        points += 1 if any(ch in name for ch in "أإآ") else 0
        return (points, 1 if name == preferred else 0)

    return max(candidates, key=score)


def label(place: gazetteer.Place, lang: str) -> str:
    """What the map writes for a place in `lang`: Arabic spelling in Arabic (the Latin
    name when the place has no Arabic one), otherwise the name as people type it."""
    if lang == "ar":
        return arabic_name(place) or place.plain_name()
    return place.plain_name()


def tier(population: int) -> int:
    return sum(1 for limit in TIERS if population < limit)


def payload(lang: str = "en", places: list[gazetteer.Place] | None = None) -> dict[str, Any]:
    """The towns as the page wants them: columns, biggest place first (its rank is its
    index), and the per-zoom limits. `places` defaults to the shipped gazetteer's."""
    if places is None:
        places = gazetteer.default().places
    ordered = sorted(places, key=lambda p: (-p.population, p.name))
    return {
        "names": [label(p, lang) for p in ordered],
        "lat": [round(p.lat, 4) for p in ordered],
        "lon": [round(p.lon, 4) for p in ordered],
        "tier": [tier(p.population) for p in ordered],
        "limits": {str(z): n for z, n in ZOOM_LIMITS.items()},
        "attribution": gazetteer.ATTRIBUTION,
    }
