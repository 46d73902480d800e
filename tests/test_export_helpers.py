"""The HXL and ACLED helpers the exports and the imports share (fieldapp/interchange)."""

from __future__ import annotations

import pytest

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT, columns
from fieldapp.interchange import acled, hxl


def test_every_column_has_one_distinct_tag() -> None:
    for kind in (INCIDENT, DISPLACEMENT):
        assert set(columns(kind)) <= set(hxl.HXL_TAGS[kind])
        tags = [hxl.normalise(t) for t in hxl.HXL_TAGS[kind].values()]
        assert None not in tags and len(set(tags)) == len(tags)


def test_field_for_tag_ignores_order_case_and_spaces() -> None:
    assert hxl.field_for_tag(INCIDENT, "#ADM1 +Code") == "admin1_pcode"
    assert hxl.field_for_tag(DISPLACEMENT, "#loc+dest+name") == "destination_location"
    assert hxl.field_for_tag(DISPLACEMENT, "#affected+ind+idps") == "individuals"
    assert hxl.field_for_tag(INCIDENT, "#affected+killed+f") is None  # a breakdown, not the total
    assert hxl.field_for_tag(INCIDENT, "not a tag") is None


def test_tag_row_index() -> None:
    assert hxl.tag_row_index([["Date", "Place"], ["#date+occurred", ""], ["2024-01-01", "x"]]) == 1
    assert hxl.tag_row_index([["#date", "#loc+name"]]) == 0
    assert hxl.tag_row_index([["Date", "#loc"], ["", ""]]) is None


def test_acled_row_and_back() -> None:
    record = {
        "id": "0123456789abcdef",
        "event_date": "2024-03-01",
        "time_precision": "week",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "country": "Syria",
        "targets": ["market", "road"],
        "killed": 3,
        "injured": 7,
        "admin1_pcode": "SY07",
        "updated_at": "2024-03-02T10:00:00.000Z",
    }
    row = acled.acled_row(record)
    assert list(row) == list(acled.COLUMNS)
    assert row["event_id_cnty"] == acled.event_id_cnty(record["id"], "Syria")
    assert row["event_id_cnty"].startswith("SYR") and row["event_id_cnty"][3:].isdigit()
    assert (row["year"], row["time_precision"], row["iso"], row["fatalities"]) == (2024, 2, 760, 3)
    assert row["disorder_type"] == "Political violence"
    assert row["civilian_targeting"] == "Civilian targeting"
    assert row["interaction"] == "" and row["timestamp"] == 1709373600
    values, source_id = acled.from_acled({k.upper(): str(v) for k, v in row.items()})
    assert source_id == row["event_id_cnty"]
    assert values["event_date"] == "2024-03-01" and values["time_precision"] == "week"
    assert values["killed"] == "3" and values["targets"] == ["market", "road"]
    assert values["admin1_pcode"] == "SY07" and "fatalities" not in values


def test_acled_conventions() -> None:
    assert acled.disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert acled.disorder_type("Riots", "Violent demonstration") == "Demonstrations"
    assert acled.disorder_type("Riots", "Mob violence") == "Political violence"
    assert (
        acled.disorder_type("Protests", "Excessive force against protesters")
        == "Political violence; Demonstrations"
    )
    assert acled.disorder_type("Strategic developments", "Arrests") == "Strategic developments"
    assert acled.civilian_targeting("Violence against civilians", "Attack", []) != ""
    assert acled.civilian_targeting("Battles", "Armed clash", ["military"]) == ""
    assert acled.acled_date("14 May 2019") == "2019-05-14"
    assert acled.acled_date("2019-05-14") == "2019-05-14"
    assert acled.is_acled(["EVENT_ID_CNTY", "event_date", "event_type", "sub_event_type", "x"])
    assert not acled.is_acled(["event_date", "event_type"])
    assert acled.event_number("abc") == acled.event_number("abc") != acled.event_number("abd")


@pytest.mark.parametrize(
    "text, iso",
    [("14 May 2019", "2019-05-14"), ("14-May-2019", "2019-05-14"), ("1 Sept 2020", "2020-09-01"),
     ("03 january 2021", "2021-01-03"), ("2019-05-14", "2019-05-14"),
     ("31 February 2019", "31 February 2019"), ("14 Mai 2019", "14 Mai 2019"),
     ("14/05/2019", "14/05/2019")],
)  # fmt: skip
def test_acled_dates_in_english_whatever_the_locale(text: str, iso: str) -> None:
    """A date that is not one is handed on unchanged, for validation to refuse by row."""
    assert acled.acled_date(text) == iso
