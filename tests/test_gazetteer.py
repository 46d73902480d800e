"""The offline place index: spelling-tolerant search in English and Arabic, nearest place."""

from __future__ import annotations

import json

import pytest

from fieldapp.maps.gazetteer import Gazetteer, default, fold, skeleton
from fieldapp.paths import resource


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default()


def top(gaz: Gazetteer, text: str) -> str:
    matches = gaz.search(text, limit=3)
    assert matches, f"nothing found for {text!r}"
    return matches[0].place.name


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Azaz", "I‘zāz"),
        ("A'zaz", "I‘zāz"),
        ("Ezaz", "I‘zāz"),
        ("أعزاز", "I‘zāz"),
        ("اعزاز", "I‘zāz"),  # without the hamza
        ("Khan Sheikhun", "Khān Shaykhūn"),
        ("Khan Shaikhoun", "Khān Shaykhūn"),
        ("khan cheikhoun", "Khān Shaykhūn"),
        ("KHAN SHEIKHOUN", "Khān Shaykhūn"),
        ("kan shaykun", "Khān Shaykhūn"),  # typed the way it sounds: fuzzy
        ("خان شيخون", "Khān Shaykhūn"),
        ("خان شَيخُون", "Khān Shaykhūn"),  # with harakat
        ("Al-Bab", "Al Bāb"),
        ("El Bab", "Al Bāb"),
        ("الباب", "Al Bāb"),
        ("Idleb", "Idlib"),
        ("Maaret el Naaman", "Ma‘arrat an Nu‘mān"),
        ("Maarat al-Numan", "Ma‘arrat an Nu‘mān"),
        ("Jisr al-Shughour", "Jisr ash Shughūr"),
        ("Saraqeb", "Saraqib"),
        ("Kafr Nabl", "Kafranbel"),
        ("Deir ez-Zor", "Deir ez-Zor"),
        ("Dayr az Zawr", "Deir ez-Zor"),
        ("Halab", "Aleppo"),
        ("حلب", "Aleppo"),
    ],
)
def test_spellings_find_the_place(gaz: Gazetteer, query: str, expected: str) -> None:
    assert top(gaz, query) == expected


def test_a_match_carries_the_governorate_and_arabic_name(gaz: Gazetteer) -> None:
    match = gaz.search("Azaz")[0]
    assert match.place.admin1 == "Aleppo"
    assert match.place.admin1_pcode == "SY02"
    assert match.place.name_ar in ("أعزاز", "إعزاز")
    assert match.score >= 90
    assert abs(match.place.lat - 36.586) < 0.01
    assert "I‘zāz" in match.place.label()


def test_nonsense_finds_nothing(gaz: Gazetteer) -> None:
    assert gaz.search("qwxzvbnm") == []
    assert gaz.search("   ") == []


def test_fold_merges_transliterations() -> None:
    assert fold("Khān Shaykhūn") == fold("Khan Sheikhoun") == fold("Khan Shaikhun")
    assert fold("Deir") == fold("Dayr") == fold("Dair")
    assert fold("Al-Bāb") == fold("el Bab") == "bab"
    assert fold("أعزاز") == fold("اعزاز")
    assert skeleton(fold("Maarrat")) == skeleton(fold("Ma‘arat"))


def test_nearest_place_with_governorate(gaz: Gazetteer) -> None:
    near = gaz.nearest(35.4500, 36.6600)
    assert near is not None
    assert near.place.name == "Khān Shaykhūn"
    assert near.distance_km < 2
    assert (near.admin1, near.admin1_pcode) == ("Idlib", "SY07")


def test_the_point_decides_the_governorate_near_a_border(gaz: Gazetteer) -> None:
    # Kafr Zita (Hama) is 8 km from Khan Shaykhun (Idlib): the point, not the town, decides.
    assert gaz.admin1_at(35.3731, 36.6017) == ("Hama", "SY05")
    assert gaz.admin1_at(35.4417, 36.6481) == ("Idlib", "SY07")
    assert gaz.admin1_at(48.85, 2.35) == (None, None)


def test_far_from_everything(gaz: Gazetteer) -> None:
    assert gaz.nearest(0.0, 0.0, max_km=50) is None


def test_index_covers_syrian_places_and_attributes_geonames() -> None:
    data = json.loads(resource("gazetteer", "places.json").read_text("utf-8"))
    assert "GeoNames" in data["attribution"] and data["licence"] == "CC-BY-4.0"
    syria = [p for p in data["places"] if p[6] == "Syria"]
    assert len(syria) >= 300
    big = [p for p in syria if p[5] >= 1000]
    assert all(p[7] for p in big), "every Syrian town of 1,000+ has its governorate"
    notice = resource("gazetteer", "README.md").read_text("utf-8")
    assert "CC BY 4.0" in notice or "CC-BY 4.0" in notice


def test_a_broken_index_is_a_clear_error(tmp_path) -> None:
    from fieldapp.errors import FieldappError

    bad = tmp_path / "places.json"
    bad.write_text("{not json")
    with pytest.raises(FieldappError, match="place index"):
        Gazetteer.load(bad)


def test_places_command(cli) -> None:
    result = cli("places", "Khan", "Sheikhun")
    assert result.code == 0, result.err
    assert "Khān Shaykhūn" in result.out and "Idlib" in result.out
    assert "GeoNames" in result.err
    result = cli("places", "--near", "36.587", "37.046", "--format", "json")
    assert result.code == 0, result.err
    near = json.loads(result.out)
    assert near["place"]["name"] == "I‘zāz" and near["admin1"] == "Aleppo"
    result = cli("places", "qwxzvbnm")
    assert result.code == 1
