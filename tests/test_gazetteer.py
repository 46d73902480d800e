"""The offline place index: spelling-tolerant search in English and Arabic, nearest place."""

from __future__ import annotations

import json

import pytest

from fieldapp.maps.gazetteer import Gazetteer, default, fold, plain, skeleton
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
    assert (near.admin1, near.admin1_pcode) == ("Idleb", "SY07")


def test_the_point_decides_the_governorate_near_a_border(gaz: Gazetteer) -> None:
    # Kafr Zita (Hama) is 8 km from Khan Shaykhun (Idlib): the point, not the town, decides.
    assert gaz.admin1_at(35.3731, 36.6017) == ("Hama", "SY05")
    assert gaz.admin1_at(35.4417, 36.6481) == ("Idleb", "SY07")
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
    assert "Khān Shaykhūn" in result.out and "Idleb" in result.out
    assert "GeoNames" in result.err
    result = cli("places", "--near", "36.587", "37.046", "--format", "json")
    assert result.code == 0, result.err
    near = json.loads(result.out)
    assert near["place"]["name"] == "I‘zāz" and near["admin1"] == "Aleppo"
    result = cli("places", "qwxzvbnm")
    assert result.code == 1


# -- type-ahead and governorates (issue 11) -------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("khan", "Khān Shaykhūn"),  # a prefix: the town before a village called "Khan"
        ("khan shay", "Khān Shaykhūn"),
        ("Khan Sheikhoun", "Khān Shaykhūn"),
        ("خان", "Khān Shaykhūn"),
        ("خان شيخون", "Khān Shaykhūn"),
        ("saraq", "Saraqib"),
        ("maarrat an nu", "Ma‘arrat an Nu‘mān"),
        ("numan", "Ma‘arrat an Nu‘mān"),  # the start of a later word
    ],
)
def test_suggest_puts_what_starts_with_the_typed_text_first(
    gaz: Gazetteer, typed: str, first: str
) -> None:
    matches = gaz.suggest(typed)
    assert matches and matches[0].place.name == first, [m.place.name for m in matches]
    assert len(matches) <= 8


def test_plain_names_drop_transliteration_marks(gaz: Gazetteer) -> None:
    assert plain("Ma‘arrat an Nu‘mān") == "Maarrat an Numan"
    assert gaz.search("Khan Shaykhun")[0].place.plain_name() == "Khan Shaykhun"
    assert plain("خان شيخون") == "خان شيخون"


def test_the_fourteen_governorates_with_their_p_codes(gaz: Gazetteer) -> None:
    syrian = [a for a in gaz.governorates() if a.country == "Syria"]
    assert len(syrian) == 14
    assert sorted(a.pcode for a in syrian) == [f"SY{n:02d}" for n in range(1, 15)]
    assert all(a.name_ar for a in syrian)
    assert any(a.name == "Hatay" and a.country == "Turkey" for a in gaz.governorates())


@pytest.mark.parametrize(
    ("text", "name", "pcode"),
    [
        ("Idlib", "Idleb", "SY07"),
        ("idleb", "Idleb", "SY07"),
        ("إدلب", "Idleb", "SY07"),
        ("ادلب", "Idleb", "SY07"),
        ("Deir ez-Zor", "Deir-ez-Zor", "SY09"),
        ("Rif Dimashq", "Rural Damascus", "SY03"),
        ("Daraa", "Dar'a", "SY12"),
        ("Sweida", "As-Sweida", "SY13"),
        ("Raqqa", "Ar-Raqqa", "SY11"),
        ("Hasakah", "Al-Hasakeh", "SY08"),
        ("Latakia", "Lattakia", "SY06"),
        ("Tartus", "Tartous", "SY10"),
        ("Hatay", "Hatay", None),
    ],
)
def test_a_governorate_is_recognised_in_its_usual_spellings(
    gaz: Gazetteer, text: str, name: str, pcode: str | None
) -> None:
    area = gaz.governorate(text)
    assert area is not None and (area.name, area.pcode) == (name, pcode)
    assert area.fields()["admin1_pcode"] == pcode


@pytest.mark.parametrize("text", ["", "   ", None, "Narnia", "Idlibistan"])
def test_a_name_that_is_no_governorate_is_none(gaz: Gazetteer, text: str | None) -> None:
    assert gaz.governorate(text) is None
