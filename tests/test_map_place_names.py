"""A map in Arabic names a governorate as the places register does in Arabic.

The register stores OCHA's English names; a record typed as إدلب or Idlib is stored as
"Idleb" with SY07. An Arabic page's popups say إدلب (the window's map and a page written
with `fieldapp map --lang ar`); an English page says what is stored; a name the register
does not know by the record's code stays as typed (PlaceIndex.arabic_name, which the
record tables use too).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.maps import data as mapdata
from fieldapp.store import Store
from fieldapp.store import places as store_places

SARAQIB = {"latitude": 35.86, "longitude": 36.8}


@pytest.fixture
def placed(db_path: Path) -> Path:
    with Store.open(db_path) as store:
        base = {"event_date": "2019-05-01", "sub_event_type": "Air/drone strike", **SARAQIB}
        store.add(INCIDENT, {**base, "location": "Saraqib", "admin1": "إدلب", "killed": 3})
        store.add(INCIDENT, {**base, "location": "Sarmin", "killed": 1})  # filled by the point
        store.add(
            DISPLACEMENT,
            {
                "report_date": "2019-05-02",
                "period_end": "2019-05-09",
                "direction": "departed",
                "location": "Saraqib",
                "admin1": "Idlib",
                "individuals": 120,
                **SARAQIB,
            },
        )
    return db_path


def test_the_register_gives_the_arabic_name_of_a_unit_named_by_any_spelling(store) -> None:
    index = store_places.index(store)
    assert index.arabic_name("SY07", "Idleb") == "إدلب"
    assert index.arabic_name("sy07", "Idlib") == "إدلب"  # a code as typed, another spelling
    assert index.arabic_name("SY07", "Aleppo") is None  # the name is another unit's
    assert index.arabic_name("SY99", "Idleb") is None  # no such unit
    assert index.arabic_name(None, "Idleb") is None
    assert index.arabic_name("SY07", "") is None


def test_an_arabic_payload_names_governorates_in_arabic(placed: Path) -> None:
    with Store.open(placed) as store:
        arabic = mapdata.payload(store, arabic=True)
        english = mapdata.payload(store)
    assert arabic["incidents"]["admin1"] == ["إدلب", "إدلب"]
    assert arabic["displacements"]["admin1"] == ["إدلب"]
    assert english["incidents"]["admin1"] == ["Idleb", "Idleb"]
    assert english["displacements"]["admin1"] == ["Idleb"]
    # nothing else moves: the columns stay aligned with the records
    assert arabic["incidents"]["loc"] == english["incidents"]["loc"]
    assert arabic["displacements"]["people"] == english["displacements"]["people"] == [120]


def test_a_page_written_in_arabic_says_idleb_in_arabic(placed: Path, tmp_path: Path) -> None:
    pages = {}
    for lang in ("ar", "en"):
        out = tmp_path / f"map-{lang}.html"
        result = run_cli("--db", placed, "map", "--lang", lang, "--out", out)
        assert result.code == 0, result.err
        pages[lang] = out.read_text("utf-8")
    shown = {lang: re.findall(r'"admin1":\[([^\]]*)\]', page) for lang, page in pages.items()}
    assert all('"إدلب"' in columns for columns in shown["ar"]) and len(shown["ar"]) == 2
    assert all('"إدلب"' not in columns for columns in shown["en"]) and len(shown["en"]) == 2
    assert all('"Idleb"' in columns for columns in shown["en"])
