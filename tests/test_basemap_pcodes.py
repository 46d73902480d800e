"""The shipped governorates carry one code, OCHA's P-code, and OCHA's names: nobody can join
on the FIPS/GeoNames numbering (where SY07 is Deir-ez-Zor), and Idleb is found however it
is spelled, by the gazetteer and by the places register alike."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from fieldapp.domain.spelling import fold
from fieldapp.maps import gazetteer
from fieldapp.paths import resource
from fieldapp.store import Store, places

ROOT = Path(__file__).resolve().parent.parent
OCHA_NAMES = {
    "SY01": "Damascus",
    "SY02": "Aleppo",
    "SY03": "Rural Damascus",
    "SY04": "Homs",
    "SY05": "Hama",
    "SY06": "Lattakia",
    "SY07": "Idleb",
    "SY08": "Al-Hasakeh",
    "SY09": "Deir-ez-Zor",
    "SY10": "Tartous",
    "SY11": "Ar-Raqqa",
    "SY12": "Dar'a",
    "SY13": "As-Sweida",
    "SY14": "Quneitra",
}


@pytest.fixture(scope="module")
def props() -> list[dict]:
    data = json.loads(resource("basemap", "syria_admin1.geojson").read_text("utf-8"))
    return [f["properties"] for f in data["features"]]


def test_no_feature_carries_another_code(props: list[dict]) -> None:
    assert props and all("fips" not in p for p in props)
    text = resource("basemap", "syria_admin1.geojson").read_text("utf-8")
    assert "fips" not in text.casefold()


def test_codes_are_ocha_s_once_each_with_ocha_s_names(props: list[dict]) -> None:
    assert sorted(p["pcode"] for p in props) == [f"SY{n:02d}" for n in range(1, 15)]
    assert {p["pcode"]: p["name"] for p in props} == OCHA_NAMES
    assert all(p["parent"] == "SY" and p["name_ar"] for p in props)
    idleb = next(p for p in props if p["pcode"] == "SY07")
    assert (idleb["name"], idleb["name_ar"]) == ("Idleb", "إدلب")
    assert "Idlib" in idleb["alternates"]


def test_every_spelling_folds_to_one_governorate(props: list[dict]) -> None:
    owner: dict[str, str] = {}
    for p in props:
        for name in (p["name"], p["name_ar"], *p["alternates"]):
            key = fold(name)
            assert key, name
            assert owner.setdefault(key, p["pcode"]) == p["pcode"], (name, owner[key])


def test_the_gazetteer_s_aliases_are_the_base_map_s_alternates(props: list[dict]) -> None:
    assert {p["name"]: tuple(p["alternates"]) for p in props} == gazetteer.ADMIN1_ALIASES


@pytest.mark.parametrize("text", ["Idlib", "Idleb", "إدلب", "idlib", "ادلب"])
def test_the_gazetteer_finds_idleb_however_spelled(text: str) -> None:
    area = gazetteer.default().governorate(text)
    assert area is not None and (area.name, area.pcode) == ("Idleb", "SY07")


def test_the_gazetteer_s_places_name_governorates_as_the_base_map_does(
    props: list[dict],
) -> None:
    names = {p["pcode"]: p["name"] for p in props}
    syrian = [p for p in gazetteer.default().places if p.country == "Syria"]
    assert syrian and all(names[p.admin1_pcode] == p.admin1 for p in syrian)  # type: ignore[index]
    assert not any(p.admin1 == "Idlib" for p in gazetteer.default().places)


@pytest.mark.parametrize("text", ["Idlib", "Idleb", "إدلب", "SY07"])
def test_the_register_finds_idleb_however_spelled(text: str) -> None:
    with Store.memory() as store:
        found = places.index(store).find(text)
    assert [(u.pcode, u.name, u.parent) for u in found] == [("SY07", "Idleb", "SY")]


def test_a_record_typed_idlib_is_stored_as_ocha_writes_it() -> None:
    with Store.memory() as store:
        checked = places.complete(store, "incident", {"admin1": "Idlib"})
    assert checked.ok
    assert (checked.values["admin1"], checked.values["admin1_pcode"]) == ("Idleb", "SY07")


def test_the_build_script_writes_no_fips_and_the_same_table(props: list[dict]) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_basemap
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert sorted(build_basemap.FIPS_TO_PCODE.values()) == sorted(OCHA_NAMES)
    assert build_basemap.FIPS_TO_PCODE["SY07"] == "SY09"  # FIPS SY07 is Deir-ez-Zor
    for p in props:
        name, arabic, alternates = build_basemap.GOVERNORATES[p["pcode"]]
        assert (name, arabic, list(alternates)) == (p["name"], p["name_ar"], p["alternates"])
    made = build_basemap.admin1_feature(
        "SY07", "Idlib", [[[(36.0, 35.0), (37.0, 35.0), (37.0, 36.0), (36.0, 35.0)]]]
    )
    assert "fips" not in made["properties"]
    assert set(made["properties"]) == set(props[0])
