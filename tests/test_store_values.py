"""Values data entry offers back from the database (fieldapp.store.values)."""

from __future__ import annotations

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.store import Store
from fieldapp.store.values import admin2_values, district_of


def test_districts_most_used_first_and_per_governorate(demo_store: Store) -> None:
    every = admin2_values(demo_store)
    assert {"Harim", "Maarrat An-Numan", "Idlib", "Ariha"} <= set(every)
    assert admin2_values(demo_store, "idlib") == admin2_values(demo_store, "Idlib")
    assert "Harim" not in admin2_values(demo_store, "Aleppo")  # an Idlib district
    counts = {
        name: demo_store.db.execute(
            "SELECT (SELECT count(*) FROM incidents WHERE admin2 = ?)"
            " + (SELECT count(*) FROM displacements WHERE admin2 = ?)",
            (name, name),
        ).fetchone()[0]
        for name in every
    }
    assert [counts[n] for n in every] == sorted(counts.values(), reverse=True)


def test_the_district_a_place_is_filed_under(store: Store) -> None:
    assert district_of(store, "Khan Shaykhun") is None
    base = {"event_date": "2019-05-01", "sub_event_type": "Attack", "admin1": "Idlib"}
    for admin2, pcode in (("Maarrat An-Numan", "SY0703"), ("Maarrat An-Numan", "SY0703"),
                          ("Ariha", None)):  # fmt: skip
        store.add(INCIDENT, base | {"location": "Khan Shaykhun", "admin2": admin2,
                                    "admin2_pcode": pcode})  # fmt: skip
    store.add(
        DISPLACEMENT,
        {"report_date": "2019-05-01", "direction": "arrived", "location": "khan shaykhun",
         "individuals": 5, "admin2": "Maarrat An-Numan", "admin2_pcode": "SY0703"},
    )  # fmt: skip
    assert district_of(store, "Khan Shaykhun") == ("Maarrat An-Numan", "SY0703")
    assert district_of(store, "KHAN SHAYKHUN", "idlib") == ("Maarrat An-Numan", "SY0703")
    assert district_of(store, "Khan Shaykhun", "Hama") is None
    assert admin2_values(store) == ["Maarrat An-Numan", "Ariha"]
