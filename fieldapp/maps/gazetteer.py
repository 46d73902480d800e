"""The offline place index: find a place by name (English or Arabic), or the nearest one.

Names in the region are written many ways: I‘zāz, A'zaz, Azaz, Ezzaz, أعزاز, اعزاز. A search
compares the user's text with every name a place is known by after folding both to a
spelling-neutral form (marks stripped, articles dropped, common transliteration variants
merged), then falls back to a consonant skeleton and a fuzzy ratio, so a name typed the way
it sounds still finds the place. The index is built once by scripts/build_gazetteer.py
(GeoNames data, CC-BY 4.0) and ships in resources/gazetteer/.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fieldapp.domain.geometry import distance_km, in_polygon
from fieldapp.domain.spelling import fold, is_arabic, plain, skeleton
from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.paths import resource

ATTRIBUTION = "Places: GeoNames (geonames.org), CC-BY 4.0"


@dataclass(frozen=True)
class Place:
    id: int
    name: str
    name_ar: str | None
    lat: float
    lon: float
    population: int
    country: str
    admin1: str | None
    admin1_pcode: str | None
    alternate_names: tuple[str, ...]
    admin2: str | None = None  # GeoNames' extract has no second-level areas

    def plain_name(self) -> str:
        """The name without transliteration marks, as people type it: "Khan Shaykhun"."""
        return plain(self.name)

    def label(self) -> str:
        """ "Khān Shaykhūn – خان شيخون (Idlib, Syria)"."""
        name = f"{self.name} – {self.name_ar}" if self.name_ar else self.name
        where = ", ".join(x for x in (self.admin1, self.country) if x)
        return f"{name} ({where})" if where else name

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "name_ar": self.name_ar,
            "latitude": self.lat,
            "longitude": self.lon,
            "population": self.population,
            "country": self.country,
            "admin1": self.admin1,
            "admin1_pcode": self.admin1_pcode,
            "admin2": self.admin2,
            "label": self.label(),
        }


@dataclass(frozen=True)
class Match:
    place: Place
    score: float  # 0..100: 100 is the same name after folding
    matched: str  # the name of the place that matched

    def as_dict(self) -> dict[str, object]:
        return self.place.as_dict() | {"score": round(self.score, 1), "matched": self.matched}


@dataclass(frozen=True)
class Nearest:
    place: Place
    distance_km: float
    admin1: str | None  # the governorate the point itself lies in (may differ near borders)
    admin1_pcode: str | None
    admin2: str | None

    def as_dict(self) -> dict[str, object]:
        return {
            "place": self.place.as_dict(),
            "distance_km": round(self.distance_km, 2),
            "admin1": self.admin1,
            "admin1_pcode": self.admin1_pcode,
            "admin2": self.admin2,
        }


@dataclass(frozen=True)
class Admin1:
    """A first-level area (a governorate in Syria) with what a record stores about it."""

    name: str
    name_ar: str | None
    pcode: str | None
    country: str

    def fields(self) -> dict[str, object]:
        """The record fields this area determines (admin1, admin1_pcode, country)."""
        return {"admin1": self.name, "admin1_pcode": self.pcode, "country": self.country}


@cache
def _admin1_features() -> tuple[dict, ...]:
    """The base map's governorates (read once): their shapes, OCHA P-codes, names and
    alternate spellings, the one source for all of these."""
    try:
        data = json.loads(resource("basemap", "syria_admin1.geojson").read_text("utf-8"))
    except (OSError, ValueError):
        return ()
    return tuple(data.get("features", ()))


# Spellings of Syria's governorates met in reports and other datasets (Natural Earth,
# GeoNames, ACLED), beyond OCHA's English and Arabic names: matched after folding. They are
# the base map's `alternates` (written by scripts/build_basemap.py), not a second list.
ADMIN1_ALIASES: dict[str, tuple[str, ...]] = {
    f["properties"]["name"]: tuple(f["properties"].get("alternates") or ())
    for f in _admin1_features()
}


# -- the index -------------------------------------------------------------------------------


class Gazetteer:
    def __init__(self, places: list[Place], attribution: str = ATTRIBUTION):
        self.places = places
        self.attribution = attribution
        # (folded name, skeleton, original name, place index) for every name of every place
        self._names: list[tuple[str, str, str, int]] = []
        for index, place in enumerate(places):
            seen: set[str] = set()
            for name in (place.name, *(place.alternate_names)):
                folded = fold(name)
                if folded and folded not in seen:
                    seen.add(folded)
                    self._names.append((folded, skeleton(folded), name, index))
        self._admin1 = _load_admin1()
        # (name, Arabic name, P-code) of Syria's governorates, from the same shapes
        self._syria = [(name, name_ar, pcode) for name, pcode, _box, _p, name_ar in self._admin1]
        self._admin1_index: dict[str, Admin1] | None = None

    @classmethod
    def load(cls, path: str | Path | None = None) -> Gazetteer:
        path = Path(path) if path else resource("gazetteer", "places.json")
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            places = [
                Place(
                    int(p[0]),
                    p[1],
                    p[2],
                    float(p[3]),
                    float(p[4]),
                    int(p[5] or 0),
                    p[6],
                    p[7],
                    p[8],
                    tuple(p[9]),
                )
                for p in data["places"]
            ]
        except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
            raise FieldappError(
                Message("places.index_unreadable", path=path, text=str(exc))
            ) from exc
        return cls(places, data.get("attribution", ATTRIBUTION))

    def __len__(self) -> int:
        return len(self.places)

    def search(self, text: str, limit: int = 10) -> list[Match]:
        """Places whose name matches `text`, best first (ties: bigger places first)."""
        query = fold(text.strip())
        if not query:
            return []
        qskel = skeleton(query)
        arabic = is_arabic(query)
        best: dict[int, tuple[float, str]] = {}
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(query)
        for folded, skel, name, index in self._names:
            if is_arabic(folded) != arabic:
                continue
            score = _score(query, qskel, folded, skel, matcher)
            if score and score > best.get(index, (0.0, ""))[0]:
                best[index] = (score, name)
        ranked = sorted(
            best.items(), key=lambda item: (-item[1][0], -self.places[item[0]].population)
        )
        return [Match(self.places[i], score, name) for i, (score, name) in ranked[:limit]]

    def suggest(self, text: str, limit: int = 8) -> list[Match]:
        """Type-ahead: places whose name (or a word of it) starts with what was typed so
        far, bigger places first, then search()'s spelling-tolerant matches. A prefix
        ranks first because the user has not finished typing: "khan" should offer Khan
        Shaykhun before a village whose alternate name is exactly "Khan"."""
        query = fold(text.strip())
        if not query:
            return []
        arabic = is_arabic(query)
        prefixed: dict[int, tuple[int, str]] = {}
        for folded, _skel, name, index in self._names:
            if is_arabic(folded) != arabic:
                continue
            place = self.places[index]
            main = name in (place.name, place.name_ar)
            if folded.startswith(query):
                rank = 0 if main else 1  # the main names before GeoNames' odd variants
            elif f" {query}" in f" {folded}":
                rank = 2
            else:
                continue
            if rank < prefixed.get(index, (9, ""))[0]:
                prefixed[index] = (rank, name)
        ranked = sorted(
            prefixed.items(), key=lambda item: (item[1][0], -self.places[item[0]].population)
        )
        out = [Match(self.places[i], 95.0 - 10 * rank, name) for i, (rank, name) in ranked]
        out = out[:limit]
        if len(out) < 3:  # little starts that way: a misspelling? (fuzzy: slower)
            seen = {m.place.id for m in out}
            out += [m for m in self.search(text, limit) if m.place.id not in seen]
        return out[:limit]

    def governorates(self) -> list[Admin1]:
        """Syria's fourteen governorates (base-map order by name), then the first-level
        areas of the neighbouring countries that places of the index lie in."""
        syrian = sorted(
            (Admin1(name, name_ar, pcode, "Syria") for name, name_ar, pcode in self._syria),
            key=lambda a: a.name.casefold(),
        )
        known = {a.name for a in syrian}
        others = sorted(
            {
                Admin1(p.admin1, None, p.admin1_pcode, p.country)
                for p in self.places
                if p.admin1 and p.admin1 not in known
            },
            key=lambda a: (a.country, a.name.casefold()),
        )
        return syrian + others

    def governorate(self, text: str | None) -> Admin1 | None:
        """The first-level area `text` names, in English or Arabic and in the usual
        transliterations ("Idleb", "إدلب", "Dayr az Zawr"); None when it names none."""
        query = fold((text or "").strip())
        if not query:
            return None
        if self._admin1_index is None:
            index: dict[str, Admin1] = {}
            areas = self.governorates()
            for area in areas:
                for name in (area.name, area.name_ar, *ADMIN1_ALIASES.get(area.name, ())):
                    if name:
                        index.setdefault(fold(name), area)
            self._admin1_index = index
        return self._admin1_index.get(query)

    def nearest(self, lat: float, lon: float, max_km: float | None = None) -> Nearest | None:
        """The closest known place, with the governorate the point itself falls in."""
        if not self.places:
            return None
        best = min(self.places, key=lambda p: distance_km(lat, lon, p.lat, p.lon))
        distance = distance_km(lat, lon, best.lat, best.lon)
        if max_km is not None and distance > max_km:
            return None
        admin1, pcode = self.admin1_at(lat, lon)
        if admin1 is None and distance < 30:
            admin1, pcode = best.admin1, best.admin1_pcode
        return Nearest(best, distance, admin1, pcode, best.admin2)

    def admin1_at(self, lat: float, lon: float) -> tuple[str | None, str | None]:
        """The Syrian governorate containing the point, from the base map's shapes."""
        for name, pcode, box, polygons, _name_ar in self._admin1:
            if not (box[0] <= lon <= box[2] and box[1] <= lat <= box[3]):
                continue
            if any(in_polygon(lon, lat, poly) for poly in polygons):
                return name, pcode
        return None, None


def _score(
    query: str, qskel: str, folded: str, skel: str, matcher: difflib.SequenceMatcher
) -> float:
    if folded == query:
        return 100.0
    if folded.startswith(query):
        return 90.0 - min(10.0, len(folded) - len(query))
    if query in folded.split() or (len(query) > 3 and f" {query}" in f" {folded}"):
        return 75.0
    if len(qskel) >= 3 and skel == qskel:
        return 85.0
    if len(qskel) >= 3 and skel.startswith(qskel):
        return 70.0
    if abs(len(folded) - len(query)) > max(3, len(query) // 2):
        return 0.0
    matcher.set_seq1(folded)
    if matcher.real_quick_ratio() < 0.75 or matcher.quick_ratio() < 0.75:
        return 0.0
    ratio = matcher.ratio()
    return 60.0 + (ratio - 0.75) * 80 if ratio >= 0.75 else 0.0


def _load_admin1() -> list[tuple[str, str, tuple[float, float, float, float], list, str | None]]:
    areas = []
    for feature in _admin1_features():
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        xs = [pt[0] for poly in polygons for pt in poly[0]]
        ys = [pt[1] for poly in polygons for pt in poly[0]]
        box = (min(xs), min(ys), max(xs), max(ys))
        props = feature["properties"]
        areas.append((props["name"], props["pcode"], box, polygons, props.get("name_ar")))
    return areas


@cache
def default() -> Gazetteer:
    """The shipped index, loaded once per process (~50 ms)."""
    return Gazetteer.load()
