"""Reading OCHA's COD-AB (fieldapp.interchange.cod): the tabular XLSX as HDX publishes it
(sheets syr_adm0..syr_adm4 or Admin0..Admin4), per-level CSVs in a folder or a zip, the
newer adm1_pcode naming, the rows left out and why, the files refused, and boundaries."""

from __future__ import annotations

import csv
import json
import stat
import zipfile
from pathlib import Path

import openpyxl
import pytest
from cod_fixture import (
    COMMUNITIES,
    write_cod_boundaries_geojson,
    write_cod_csv,
    write_cod_xlsx,
)

from fieldapp.errors import FieldappError
from fieldapp.interchange import cod


def units_of(found: cod.CodFile) -> dict[str, tuple]:
    return {
        u.pcode: (u.level, u.name, u.name_ar, u.parent, u.alternates, u.country)
        for u in found.units
    }


def refused(path: Path, code: str) -> FieldappError:
    with pytest.raises(FieldappError) as caught:
        cod.read_cod(path)
    assert caught.value.code == code, str(caught.value)
    return caught.value


@pytest.fixture(scope="module")
def xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cod")
    return write_cod_xlsx(folder / "syr_adminboundaries_tabulardata.xlsx")


def test_the_workbook_as_hdx_publishes_it(xlsx: Path) -> None:
    found = cod.read_cod(xlsx)
    assert found.title == "syr_adminboundaries_tabulardata.xlsx"
    assert found.valid_on == "2021-01-13"
    assert found.country == "Syrian Arab Republic"
    assert found.by_level() == {1: 14, 2: 11, 3: 14, 4: 18}
    assert found.problems == []
    units = units_of(found)
    assert units["SY07"] == (1, "Idleb", "إدلب", "SY", ("Idlib", "ادلب"), "Syrian Arab Republic")
    assert units["SY13"][1:3] == ("As-Sweida", "السويداء")
    assert units["SY0703"][:4] == (2, "Al Ma'ra", "المعرة", "SY07")
    assert units["SY070002"][:4] == (3, "Saraqab", "سراقب", "SY0700")
    assert units["C4185"][:5] == (4, "Saraqab", "سراقب", "SY070002", ("Saraqib",))
    assert [u for u in found.units if u.level == 4 and u.latitude is not None] == []


def test_the_other_sheet_naming_and_points(tmp_path: Path, xlsx: Path) -> None:
    other = write_cod_xlsx(tmp_path / "cod.xlsx", naming="admin", points=True)
    assert openpyxl.load_workbook(other, read_only=True).sheetnames[1] == "Admin1"
    found = cod.read_cod(other)
    assert units_of(found) == units_of(cod.read_cod(xlsx))
    saraqab = next(u for u in found.units if u.pcode == "C4185")
    assert (saraqab.latitude, saraqab.longitude) == COMMUNITIES["C4185"][5:7]


def test_csv_folder_and_zip_hold_the_same_units(tmp_path: Path, xlsx: Path) -> None:
    files = write_cod_csv(tmp_path / "csv")
    expected = units_of(cod.read_cod(xlsx))
    assert units_of(cod.read_cod(tmp_path / "csv")) == expected
    archive = tmp_path / "syr_adm_csv.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for file in files:
            out.write(file, f"syr_adm/{file.name}")
        out.writestr("syr_adm/readme.txt", "COD-AB, see HDX")  # not a table: left aside
    found = cod.read_cod(archive)
    assert units_of(found) == expected and found.valid_on == "2021-01-13"


def test_one_admin4_csv_gives_the_levels_above_from_its_columns(tmp_path: Path) -> None:
    write_cod_csv(tmp_path)
    found = cod.read_cod(tmp_path / "syr_adm4.csv")
    assert found.by_level() == {1: 4, 2: 10, 3: 13, 4: 18}
    units = units_of(found)
    assert units["SY07"][1:4] == ("Idleb", "إدلب", "SY")
    assert units["SY070301"][1:4] == ("Khan Shaykhun", "خان شيخون", "SY0703")


def test_the_newer_cod_ab_column_names(tmp_path: Path) -> None:
    path = tmp_path / "syr_admin2.csv"
    rows = [
        ["adm2_name", "adm2_name1", "adm2_ref", "adm2_pcode", "adm1_name", "adm1_name1",
         "adm1_pcode", "adm0_name", "adm0_pcode", "valid_on", "valid_to"],
        ["Harim", "حارم", "Harem", "SY0702", "Idleb", "إدلب", "SY07", "Syria", "SY",
         "2024-05-02", ""],
        ["Ariha", "أريحا", "Ariha", "SY0704", "Idleb", "إدلب", "SY07", "Syria", "SY",
         "2024-05-02", ""],
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    found = cod.read_cod(path)
    assert found.valid_on == "2024-05-02" and found.country == "Syria"
    units = units_of(found)
    assert units["SY0702"] == (2, "Harim", "حارم", "SY07", ("Harem",), "Syria")
    assert units["SY07"] == (1, "Idleb", "إدلب", "SY", (), "Syria")


def _rewrite(path: Path, edit) -> None:
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)


def test_broken_rows_are_left_out_and_said(tmp_path: Path) -> None:
    write_cod_csv(tmp_path)
    by_code = {}

    def spoil(rows: list[list[str]]) -> None:
        index = {row[2]: n for n, row in enumerate(rows)}
        by_code.update(index)
        rows[index["C4185"]][2] = ""  # no P-code
        rows[index["C4200"]][2] = "c-4200"  # not a P-code
        rows.append(["Saraqib town", "", "C4190", *rows[index["C4190"]][3:]])  # C4190 twice
        rows[index["C4121"]][10] = "SY079999"  # a sub-district the file lacks

    _rewrite(tmp_path / "syr_adm4.csv", spoil)
    found = cod.read_cod(tmp_path)
    codes = [p.code for p in found.problems]
    assert sorted(codes) == sorted(
        ["cod.row_no_pcode", "cod.row_bad_pcode", "cod.row_duplicate", "cod.row_no_parent"]
    )
    said = " | ".join(found.problems)
    assert f"syr_adm4.csv row {by_code['C4185'] + 1}: no admin-4 P-code" in said
    assert "'c-4200' is not a P-code" in said
    assert "C4190 names Saraqib town here and Al Hamidiyah" in said
    assert "Ariha (C4121) lies in SY079999" in said
    left = {u.pcode for u in found.units}
    assert {"C4200", "C4121"}.isdisjoint(left) and {"C4190", "C4150"} <= left
    assert found.by_level()[4] == 15


def test_not_a_cod_file(tmp_path: Path) -> None:
    path = tmp_path / "incidents.csv"
    path.write_text("date,location,admin1\n2019-05-14,Saraqab,Idlib\n", encoding="utf-8")
    error = refused(path, "cod.not_cod")
    assert "incidents.csv is not a COD-AB table" in str(error)
    refused(tmp_path / "missing.xlsx", "import.no_file")
    (tmp_path / "map.pdf").write_bytes(b"%PDF-1.7")
    refused(tmp_path / "map.pdf", "cod.unknown_format")


def test_a_truncated_workbook_is_refused(tmp_path: Path, xlsx: Path) -> None:
    data = xlsx.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    assert "cut.xlsx is named like an XLSX workbook" in str(refused(cut, "import.not_xlsx"))


def test_a_level_beyond_admin4_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "syr_adm5.csv"
    path.write_text(
        "admin5Name_en,admin5Pcode,admin4Pcode\nCamp 1,CP000001,C4185\n", encoding="utf-8"
    )
    error = refused(path, "cod.bad_level")
    assert "the column admin5Name_en names admin level 5" in str(error)


@pytest.mark.parametrize("entry", ["../outside.csv", "/etc/adm1.csv", "C:/adm1.csv", "link.csv"])
def test_a_zip_with_path_tricks_is_refused(tmp_path: Path, entry: str) -> None:
    archive = tmp_path / "cod.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("syr_adm1.csv", "admin1Name_en,admin1Pcode\nIdleb,SY07\n")
        info = zipfile.ZipInfo(entry)
        if entry == "link.csv":
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
        out.writestr(info, "admin1Name_en,admin1Pcode\nHama,SY05\n")
    assert entry in str(refused(archive, "cod.zip_entry"))


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("syr_adm1.csv", "admin1Pcode\n" + "SY07\n" * 2_000_000)
    refused(archive, "import.zip_bomb")


def test_boundaries_from_geojson(tmp_path: Path) -> None:
    shapes = cod.read_boundaries(write_cod_boundaries_geojson(tmp_path / "adm1.geojson", 1))
    assert sorted(shapes) == ["SY02", "SY07"]
    first = json.loads(shapes["SY07"])
    assert first["type"] == "MultiPolygon"
    assert first["coordinates"][1][0][0] == [38.000123, 32.0]  # rounded to 6 decimals
    assert json.loads(shapes["SY02"])["type"] == "Polygon"
    newer = write_cod_boundaries_geojson(tmp_path / "adm3.geojson", 3, naming="adm")
    assert list(cod.read_boundaries(newer)) == ["SY070002"]


def test_boundaries_that_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "syr_admbnda_adm1.shp").write_bytes(b"\x00\x00\x27\x0a")
    with pytest.raises(FieldappError) as caught:
        cod.read_boundaries(tmp_path / "syr_admbnda_adm1.shp")
    assert caught.value.code == "cod.boundaries_shapefile" and "ogr2ogr" in str(caught.value)
    (tmp_path / "adm1.geojson").write_text('{"type": "Feature"}', encoding="utf-8")
    with pytest.raises(FieldappError) as caught:
        cod.read_boundaries(tmp_path / "adm1.geojson")
    assert caught.value.code == "cod.boundaries_unreadable"
