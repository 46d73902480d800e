"""Issue 16 end to end, as people do it: a coordinator loads the COD-AB (a file shaped like
OCHA's, tests/cod_fixture.py) and exports a signed bundle; a field worker merges it, and
from then on the worker's records get every level's code, are refused when a code belongs
to another unit, warned about far coordinates, and filtered by code. The real CLI on real
databases and a real zip bundle; the bundle is also opened with Python's zipfile."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from cod_fixture import write_cod_boundaries_geojson, write_cod_xlsx
from test_sync_helpers import device_factory

SARAQAB = [
    "add", "incident", "--date", "2019-05-14", "--event-type", "Explosions/Remote violence",
    "--sub-event-type", "Air/drone strike", "--location", "Saraqab",
]  # fmt: skip


def _ok(result) -> str:
    assert result.code == 0, result.err
    return result.out


def _rows(cli, db: Path, *flags: str) -> list[dict]:
    return json.loads(_ok(cli("--db", db, "list", "incidents", "--format", "json", *flags)))


def test_a_loaded_cod_ab_travels_to_the_field_and_places_every_record(cli, tmp_path: Path):
    factory = device_factory()
    hq = factory.new(tmp_path, "Coordinator", "OCHA hub")
    field = factory.new(tmp_path, "Amal")
    cod = write_cod_xlsx(tmp_path / "syr_adminboundaries_tabulardata.xlsx")
    shapes = write_cod_boundaries_geojson(tmp_path / "adm1.geojson", 1)
    _ok(cli("--db", hq, "places", "load", cod, "--boundaries", shapes, "--title", "Syria COD"))
    bundle = tmp_path / "hq.zip"
    exported = _ok(cli("--db", hq, "export", "--out", bundle))
    assert "Places register: Syria COD (57 units)" in exported

    with zipfile.ZipFile(bundle) as zf:  # what any zip tool sees: the register's files
        names = set(zf.namelist())
        assert {"place_editions.csv", "places.csv"} <= names
        text = zf.read("places.csv").decode("utf-8-sig")
    units = {row["pcode"]: row for row in csv.DictReader(io.StringIO(text))}
    assert units["C4185"]["name"] == "Saraqab" and units["SY07"]["name_ar"] == "إدلب"

    merged = _ok(cli("--db", field, "merge", bundle, "--trust-new"))
    assert "places register: Syria COD (57 units) received" in merged
    editions = json.loads(_ok(cli("--db", field, "places", "editions", "--format", "json")))
    assert editions[0]["title"] == "Syria COD" and editions[0]["source"] == "cod-ab"

    _ok(cli("--db", field, *SARAQAB, "--admin1", "إدلب"))
    [row] = _rows(cli, field)
    assert {k: row[k] for k in row if k.endswith("pcode")} == {
        "admin1_pcode": "SY07",
        "admin2_pcode": "SY0700",
        "admin3_pcode": "SY070002",
        "location_pcode": "C4185",
    }
    for typed in ("SY0700", "SY070002", "Saraqab"):
        level = "--admin2" if typed == "SY0700" else "--admin3"
        assert [r["id"] for r in _rows(cli, field, level, typed)] == [row["id"]]

    refused = cli("--db", field, *SARAQAB, "--admin1", "Idlib", "--admin2-pcode", "SY0202")
    assert refused.code == 2, refused.out
    assert "--admin2-pcode: A'zaz (SY0202) lies in Aleppo (SY02), not in Idleb (SY07)" in (
        refused.err
    )
    elsewhere = cli("--db", field, *SARAQAB, "--admin2-pcode", "SY0202")
    assert elsewhere.code == 0, elsewhere.err
    assert "warning: --location: Saraqab is Saraqab (C4185), which does not lie in A'zaz" in (
        elsewhere.err
    )
    far = cli("--db", field, *SARAQAB, "--lat", "48.85", "--lon", "2.35")
    assert far.code == 0 and "km outside Idleb (SY07)" in far.err
