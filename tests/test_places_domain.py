"""The places register's checks (fieldapp.domain.places), on a small register built here:
two governorates, their districts and sub-districts, communities and a camp.

Each test is one rule a person relies on: a code gives its names, a name in any spelling
its code, a lower level the levels above; a code of another unit is refused naming both;
coordinates far outside the named unit warn.
"""

from __future__ import annotations

import json

import pytest

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT, field_names
from fieldapp.domain.places import PlaceIndex, Unit, forget_stale, prefixes_of


def _box(lon: float, lat: float, half: float) -> str:
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
            [lon - half, lat + half], [lon - half, lat - half]]  # fmt: skip
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


UNITS = [
    Unit("SY07", 1, "Idleb", "إدلب", "SY", ("Idlib", "Edlib"), 35.9, 36.6,
         _box(36.6, 35.8, 0.5), "Syria"),
    Unit("SY02", 1, "Aleppo", "حلب", "SY", ("Halab",), 36.2, 37.2, _box(37.5, 36.3, 0.6),
         "Syria"),
    Unit("SY0703", 2, "Al Ma'ra", "المعرة", "SY07", ("Maarrat An Numan district",)),
    Unit("SY0702", 2, "Harim", "حارم", "SY07"),
    Unit("SY0200", 2, "Jebel Saman", "جبل سمعان", "SY02"),
    Unit("SY070302", 3, "Saraqab", "سراقب", "SY0703"),
    Unit("SY070200", 3, "Harim", "حارم", "SY0702"),
    Unit("SY020000", 3, "Jebel Saman", "جبل سمعان", "SY0200"),
    Unit("C4185", 4, "Saraqab", "سراقب", "SY070302", (), 35.86, 36.80),
    Unit("C4190", 4, "Tell Mardikh", "تل مرديخ", "SY070302", ("Tal Mardikh",), 35.83, 36.81),
    Unit("C1001", 4, "Kafr Nuran", "كفر نوران", "SY020000", (), 36.1, 36.9),
    Unit("C4300", 4, "Kafr Nuran", "كفر نوران", "SY070200", (), 36.2, 36.5),
    Unit("CP0001", 5, "Atmeh camp", "مخيم أطمة", "SY070200", ("Atmeh",), 36.27, 36.65),
]  # fmt: skip
INDEX = PlaceIndex(UNITS)
OWN = ("",)


def check(values: dict[str, object], prefixes: tuple[str, ...] = OWN):
    return INDEX.check(values, prefixes)


@pytest.mark.parametrize("typed", ["Idlib", "Idleb", "idleb", "إدلب", "ادلب", "SY07", "sy07"])
def test_every_spelling_and_the_code_find_the_governorate(typed: str) -> None:
    assert [u.pcode for u in INDEX.find(typed, (1,))] == ["SY07"]
    done = check({"admin1": typed} if not typed.lower().startswith("sy") else
                 {"admin1_pcode": typed})  # fmt: skip
    assert (done.values["admin1"], done.values["admin1_pcode"]) == ("Idleb", "SY07")
    assert done.values["country"] == "Syria" and done.ok


def test_a_typed_community_fills_every_level_above_it() -> None:
    done = check({"location": "Saraqab"})
    assert done.ok, done.errors
    assert {k: done.values[k] for k in done.filled} == {
        "location_pcode": "C4185",
        "admin3": "Saraqab",
        "admin3_pcode": "SY070302",
        "admin2": "Al Ma'ra",
        "admin2_pcode": "SY0703",
        "admin1": "Idleb",
        "admin1_pcode": "SY07",
        "country": "Syria",
    }


def test_a_code_that_belongs_to_another_unit_is_refused_with_both_names() -> None:
    done = check({"admin1": "Idlib", "admin1_pcode": "SY02"})
    message = done.errors["admin1_pcode"]
    assert "SY02 is Aleppo" in message and "Idleb (SY07)" in message


@pytest.mark.parametrize(
    ("values", "field", "says"),
    [
        ({"admin1_pcode": "not-a-pcode"}, "admin1_pcode", "is not a P-code"),
        ({"admin1_pcode": "SY99"}, "admin1_pcode", "not in the places register"),
        ({"admin1_pcode": "SY0703"}, "admin1_pcode", "admin-2 unit, not admin-1"),
        ({"admin1": "Aleppo", "admin2": "Harim", "admin2_pcode": "SY0702"}, "admin2_pcode",
         "Harim (SY0702) lies in Idleb (SY07), not in Aleppo (SY02)"),
    ],
)  # fmt: skip
def test_wrong_codes_are_refused(values: dict, field: str, says: str) -> None:
    done = check(values)
    assert says in done.errors[field], done.errors


def test_a_name_shared_by_two_units_is_settled_by_the_level_above() -> None:
    doubt = check({"location": "Kafr Nuran"})
    assert "location_pcode" not in doubt.filled
    assert "C1001" in doubt.warnings["location"] and "C4300" in doubt.warnings["location"]
    sure = check({"location": "Kafr Nuran", "admin1": "Aleppo"})
    assert sure.values["location_pcode"] == "C1001" and sure.ok


def test_an_unknown_name_is_kept_with_a_warning() -> None:
    done = check({"admin1": "Nowhere"})
    assert done.values["admin1"] == "Nowhere" and "admin1_pcode" not in done.values
    assert "Nowhere" in done.warnings["admin1"] and done.ok


def test_a_camp_is_a_location() -> None:
    done = check({"location": "Atmeh"})
    assert (done.values["location_pcode"], done.values["admin2_pcode"]) == ("CP0001", "SY0702")


def test_coordinates_outside_the_named_unit_warn_but_save() -> None:
    paris = check({"admin1": "Idlib", "latitude": 48.85, "longitude": 2.35})
    assert paris.ok and "outside Idleb (SY07)" in paris.warnings["latitude"]
    inside = check({"admin1": "Idlib", "latitude": 35.9, "longitude": 36.6})
    assert not inside.warnings
    # a community without a boundary: measured from its point
    far = check({"location": "Saraqab", "latitude": 35.86, "longitude": 37.5})
    assert "km from Saraqab (C4185)" in far.warnings["latitude"]


def test_coordinates_alone_give_the_units_that_hold_them() -> None:
    done = check({"latitude": 36.3, "longitude": 37.5})
    assert (done.values["admin1"], done.values["admin1_pcode"]) == ("Aleppo", "SY02")


def test_displacement_origin_and_destination_are_checked_like_the_own_place() -> None:
    prefixes = prefixes_of(field_names(DISPLACEMENT))
    assert prefixes == ("", "origin_", "destination_")
    assert prefixes_of(field_names(INCIDENT)) == ("",)
    done = check(
        {"location": "Afrin", "origin_location": "Tal Mardikh", "destination_admin1": "حلب"},
        prefixes,
    )
    assert done.values["origin_location_pcode"] == "C4190"
    assert done.values["origin_admin1_pcode"] == "SY07"
    assert done.values["destination_admin1"] == "Aleppo"
    wrong = check({"origin_admin1": "Idlib", "origin_admin1_pcode": "SY02"}, prefixes)
    assert "SY02 is Aleppo" in wrong.errors["origin_admin1_pcode"]


def test_an_edit_of_a_name_drops_the_code_it_had_given() -> None:
    old = check({"admin1": "Idlib"}).values
    values = forget_stale(old, {"admin1": "Aleppo"})
    assert values["admin1_pcode"] is None
    assert check(values).values["admin1_pcode"] == "SY02"
    recoded = forget_stale(old, {"admin1_pcode": "SY02"})
    assert recoded["admin1"] is None
    assert check(recoded).values["admin1"] == "Aleppo"


def test_remembered_answers_follow_the_values() -> None:
    first = check({"admin1": "Idlib", "notes": "a"})
    second = check({"admin1": "Aleppo", "notes": "b"})
    again = check({"admin1": "Idlib", "notes": "c"})
    assert (first.values["admin1_pcode"], second.values["admin1_pcode"]) == ("SY07", "SY02")
    assert again.values == {**first.values, "notes": "c"}
    again.errors["x"] = "changed"  # a caller's change does not leak into the memory
    assert not check({"admin1": "Idlib"}).errors


def test_a_name_of_a_unit_in_another_area_warns() -> None:
    done = check({"admin1": "Aleppo", "location": "Saraqab"})
    assert done.ok and "location_pcode" not in done.values
    assert "Saraqab (C4185), which does not lie in Aleppo (SY02)" in done.warnings["location"]
