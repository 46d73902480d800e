"""`fieldapp places`: a coordinator loads a COD-AB (built by tests/cod_fixture.py, every
column the real one has), records are completed and refused against it, a later edition
replaces an earlier one, `places check` lists what is not placed and `--fill` completes
it; bad files are refused and leave the register as it was. Real databases, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cod_fixture import write_cod_boundaries_geojson, write_cod_csv, write_cod_xlsx

from fieldapp.errors import Cancelled
from fieldapp.ops import places as place_ops
from fieldapp.progress import Task
from fieldapp.store import Store

STRIKE = [
    "add", "incident", "--date", "2019-05-14", "--event-type", "Explosions/Remote violence",
    "--sub-event-type", "Air/drone strike", "--source", "Civil defence",
]  # fmt: skip


@pytest.fixture(scope="module")
def cod_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cod")
    return write_cod_xlsx(folder / "syr_adminboundaries_tabulardata.xlsx")


def records(cli, db: Path) -> list[dict]:
    result = cli("--db", db, "list", "incidents", "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def editions(cli, db: Path) -> list[dict]:
    result = cli("--db", db, "places", "editions", "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def load(cli, db: Path, *files: object) -> str:
    result = cli("--db", db, "places", "load", *files)
    assert result.code == 0, result.err
    return result.out


def test_load_then_a_typed_place_gets_every_level_s_code(cli, db_path: Path, cod_xlsx) -> None:
    before = cli("--db", db_path, *STRIKE, "--location", "Saraqab", "--admin1", "Idlib")
    assert before.code == 0, before.err
    out = load(cli, db_path, cod_xlsx)
    assert "57 units (admin 1: 14, admin 2: 11, admin 3: 14, admin 4: 18)" in out
    assert "valid on 2021-01-13" in out and "14 units of earlier editions replaced" in out
    assert "Records completed: 1" in out  # the record written before the load
    added = cli("--db", db_path, *STRIKE, "--location", "Saraqib", "--admin1", "إدلب")
    assert added.code == 0, added.err
    for record in records(cli, db_path):
        assert record["location_pcode"] == "C4185", record
        assert (record["admin1"], record["admin1_pcode"]) == ("Idleb", "SY07")
        assert (record["admin2"], record["admin2_pcode"]) == ("Idleb", "SY0700")
        assert (record["admin3"], record["admin3_pcode"]) == ("Saraqab", "SY070002")
        assert record["country"] == "Syria"  # as the records before the COD-AB say it


def test_every_spelling_finds_the_governorate(cli, db_path: Path, cod_xlsx) -> None:
    load(cli, db_path, cod_xlsx)
    for text in ("Idlib", "Idleb", "إدلب", "ادلب", "SY07", "sy07"):
        result = cli("--db", db_path, "places", "show", text, "--format", "json")
        assert result.code == 0, (text, result.err)
        shown = json.loads(result.out)
        assert (shown["pcode"], shown["name"], shown["name_ar"]) == ("SY07", "Idleb", "إدلب")
        if text.casefold() != "sy07":  # the district and sub-district of that name too
            assert "SY0700" in shown["others"]
    result = cli("--db", db_path, "places", "show", "C4200")
    assert result.code == 0, result.err
    assert "خان شيخون" in result.out and "Khan Sheikhoun" in result.out
    assert "Idleb (SY07) > Al Ma'ra (SY0703) > Khan Shaykhun (SY070301)" in result.out
    shared = cli("--db", db_path, "places", "show", "Al Hamidiyah")
    assert shared.code == 1 and "C4160" in shared.err and "C4190" in shared.err
    with Store.open(db_path) as store:
        assert [u.pcode for u in place_ops.find(store, "Idlib", 1)] == ["SY07"]
        assert {u.pcode for u in place_ops.find(store, "Maarrat An Nu'man")} == {
            "SY0703", "SY070300", "C4150",
        }  # fmt: skip


def test_a_code_of_another_unit_or_no_code_is_refused(cli, db_path: Path, cod_xlsx) -> None:
    load(cli, db_path, cod_xlsx)
    wrong = cli("--db", db_path, *STRIKE, "--location", "Saraqab", "--admin1", "Idlib",
                "--admin1-pcode", "SY13")  # fmt: skip
    assert wrong.code == 2
    assert "SY13 is As-Sweida, not Idlib" in wrong.err and "Idleb (SY07)" in wrong.err
    bad = cli("--db", db_path, *STRIKE, "--location", "Saraqab", "--admin1-pcode", "not-a-pcode")
    assert bad.code == 2 and "'not-a-pcode' is not a P-code" in bad.err
    elsewhere = cli("--db", db_path, *STRIKE, "--location", "Saraqab", "--admin1", "Idlib",
                    "--admin3-pcode", "SY070301")  # fmt: skip
    assert elsewhere.code == 0, elsewhere.err  # the community is looked for in that unit
    assert records(cli, db_path)[0]["location_pcode"] in (None, "")


def test_a_later_edition_replaces_the_earlier(cli, db_path: Path, cod_xlsx, tmp_path) -> None:
    load(cli, db_path, cod_xlsx)
    later = write_cod_xlsx(
        tmp_path / "syr_adminboundaries_tabulardata_2024.xlsx",
        valid_on="2024-03-01",
        rename={"C4185": "Saraqeb"},
    )
    out = load(cli, db_path, later, "--title", "Syria COD-AB 2024")
    assert "57 units of earlier editions replaced" in out
    listed = editions(cli, db_path)
    assert [e["title"] for e in listed] == [
        "Syria COD-AB 2024",
        "syr_adminboundaries_tabulardata.xlsx",
        "Syria governorates (shipped with fieldapp; Natural Earth shapes, OCHA P-codes)",
    ]
    assert [e["replaced_at"] is None for e in listed] == [True, False, False]
    assert listed[0]["valid_on"] == "2024-03-01" and listed[0]["levels"] == [1, 2, 3, 4]
    assert listed[0]["loaded_by"].startswith("Amal (Idlib Response Network)")
    table = cli("--db", db_path, "places", "editions")
    assert "cod-ab" in table.out and "current" in table.out and "loaded by" in table.out
    shown = json.loads(cli("--db", db_path, "places", "show", "C4185", "--format", "json").out)
    assert shown["name"] == "Saraqeb" and "Saraqab" in shown["alternates"]  # the old name
    typed_old_way = cli("--db", db_path, *STRIKE, "--location", "Saraqab", "--admin1", "Idlib")
    assert typed_old_way.code == 0, typed_old_way.err
    assert records(cli, db_path)[0]["location_pcode"] == "C4185"


def test_check_lists_the_ambiguous_and_the_unknown(cli, db_path: Path, cod_xlsx) -> None:
    load(cli, db_path, cod_xlsx)
    assert cli("--db", db_path, "places", "check").code == 0
    shared = cli("--db", db_path, *STRIKE, "--location", "Al Hamidiyah", "--admin1", "Idlib")
    assert shared.code == 0 and "more than one unit" in shared.err
    odd = cli("--db", db_path, *STRIKE, "--location", "Saraqab", "--admin1", "Idlib",
              "--admin2", "Nowhere district")  # fmt: skip
    assert odd.code == 0, odd.err
    result = cli("--db", db_path, "places", "check")
    assert result.code == 1
    assert shared.out.strip()[:8] in result.out and odd.out.strip()[:8] in result.out
    assert "Al Hamidiyah (C4160), Al Hamidiyah (C4190)" in result.out
    assert "Nowhere district is not an admin-2 name" in result.out
    listed = json.loads(cli("--db", db_path, "places", "check", "--format", "json").out)
    assert {(u["field"], u["status"], u["code"]) for u in listed["unplaced"]} == {
        ("location", "unplaced", "place.ambiguous"),
        ("admin2", "unplaced", "place.unknown_name"),
    }
    assert listed["checked"] == 2


def test_check_fill_completes_other_devices_records_only_with_all(
    cli, hq_db_path: Path, cod_xlsx
) -> None:
    out = load(cli, hq_db_path, cod_xlsx)
    assert "Records completed: 0" in out  # the coordinator wrote none of them
    before = json.loads(cli("--db", hq_db_path, "places", "check", "--format", "json").out)
    fillable = [u for u in before["unplaced"] if u["status"] == "others"]
    assert fillable and all("--fill --all" in u["message"] for u in fillable)
    assert any("C4185" in u["message"] for u in fillable)  # Saraqab, typed by a field worker
    unchanged = json.loads(
        cli("--db", hq_db_path, "places", "check", "--fill", "--format", "json").out
    )
    assert unchanged["completed"] == 0
    done = cli("--db", hq_db_path, "places", "check", "--fill", "--all", "--format", "json")
    filled = json.loads(done.out)
    assert filled["completed"] == len({u["id"] for u in fillable} - _conflicted(before))
    assert not [u for u in filled["unplaced"] if u["status"] in ("fillable", "others")]
    saraqab = [r for r in records(cli, hq_db_path) if r["location"] == "Saraqab"]
    assert saraqab and {r["location_pcode"] for r in saraqab} == {"C4185"}
    assert {r["admin3_pcode"] for r in saraqab} == {"SY070002"}


def _conflicted(report: dict) -> set[str]:
    return {u["id"] for u in report["unplaced"] if u["status"] == "conflict"}


def test_boundaries_warn_of_coordinates_outside(cli, db_path: Path, cod_xlsx, tmp_path) -> None:
    shapes = write_cod_boundaries_geojson(tmp_path / "syr_admbnda_adm1.geojson", 1)
    out = load(cli, db_path, cod_xlsx, "--boundaries", shapes)
    assert "Boundaries: 2 units" in out
    paris = cli("--db", db_path, *STRIKE, "--location", "Saraqab", "--admin1", "Idlib",
                "--lat", "48.85", "--lon", "2.35")  # fmt: skip
    assert paris.code == 0 and "km outside Idleb (SY07)" in paris.err
    listed = json.loads(cli("--db", db_path, "places", "check", "--format", "json").out)
    assert [(u["field"], u["status"]) for u in listed["unplaced"]] == [("latitude", "doubt")]


def test_a_csv_folder_loads_too(cli, db_path: Path, tmp_path: Path) -> None:
    write_cod_csv(tmp_path / "syr_adm")
    out = load(cli, db_path, tmp_path / "syr_adm")
    assert "admin 4: 18" in out and "syr_adm (valid on 2021-01-13)" in out


def _register(db: Path) -> tuple[list, list]:
    with Store.open(db) as store:
        infos = place_ops.editions(store)
        return [i.edition.id for i in infos], sorted(place_ops.find(store, "Idlib"), key=str)


@pytest.mark.parametrize("bad", ["not_cod", "truncated", "admin5", "missing"])
def test_bad_files_are_refused_and_change_nothing(
    cli, db_path: Path, cod_xlsx: Path, tmp_path: Path, bad: str
) -> None:
    path = tmp_path / f"{bad}.xlsx"
    if bad == "not_cod":
        path = tmp_path / "incidents.csv"
        path.write_text("date,location,admin1\n2019-05-14,Saraqab,Idlib\n", encoding="utf-8")
    elif bad == "truncated":
        path.write_bytes(cod_xlsx.read_bytes()[:5000])
    elif bad == "admin5":
        path = tmp_path / "sites.csv"
        path.write_text("admin5Pcode,admin5Name_en\nCP000001,Camp\n", encoding="utf-8")
    before = _register(db_path)
    result = cli("--db", db_path, "places", "load", path)
    assert result.code == 1
    expected = {
        "not_cod": "incidents.csv is not a COD-AB table",
        "truncated": "truncated.xlsx is named like an XLSX workbook but is not one",
        "admin5": "the column admin5Pcode names admin level 5",
        "missing": "missing.xlsx does not exist",
    }[bad]
    assert expected in result.err and result.err.count("\n") == 1
    assert _register(db_path) == before


def test_the_gazetteer_search_keeps_its_forms(cli) -> None:
    for argv in (["places", "Saraqab"], ["places", "search", "Saraqab", "--limit", "1"]):
        result = cli(*argv)
        assert result.code == 0 and "Saraqib" in result.out, (argv, result.err)
    for argv in (["places", "--near", "35.86", "36.80"], ["places", "near", "35.86", "36.80"]):
        result = cli(*argv)
        assert result.code == 0 and "Saraqib" in result.out, (argv, result.err)
    assert cli("places", "near", "95", "36").code == 2
    assert cli("places").code == 1


def test_a_cancelled_load_leaves_the_register_and_records_as_they_were(
    demo_store: Store, cod_xlsx: Path
) -> None:
    """Cancel while reading, and at the end of the completions (inside the transaction):
    nothing is written, and the register's index does not keep the rolled-back units."""
    before = [i.edition.id for i in place_ops.editions(demo_store)]
    rows = demo_store.query("incident")
    with pytest.raises(Cancelled):
        place_ops.load(demo_store, cod_xlsx, task=Task(None, lambda: True))
    total = len(rows) + len(demo_store.query("displacement"))
    seen: list[tuple[int, int]] = []
    task = Task(
        lambda done, of: seen.append((done, of)), lambda: bool(seen) and seen[-1][1] == total
    )
    with pytest.raises(Cancelled):
        place_ops.load(demo_store, cod_xlsx, task=task)
    assert (5, 5) in seen and seen[-1] == (total, total)  # sheets read, then records
    assert [i.edition.id for i in place_ops.editions(demo_store)] == before
    assert place_ops.find(demo_store, "Saraqab") == []  # no community in the register
    assert demo_store.query("incident") == rows
    done = place_ops.load(demo_store, cod_xlsx)
    assert done.completed == total and done.changes.touches_records("displacement")
