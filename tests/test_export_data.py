"""`fieldapp export-data`: each format opened by the reader analysts use (openpyxl,
pandas, libhxl, GDAL), the filters of `list`, awkward text, an empty result, a bad
destination."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import hxl
import openpyxl
import pandas as pd
import pytest

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT, columns
from fieldapp.errors import Cancelled, FieldappError
from fieldapp.interchange import acled, people_csv, xlsx_out
from fieldapp.messages import Message
from fieldapp.ops import exports as export_ops
from fieldapp.ops import records as record_ops
from fieldapp.progress import Task
from fieldapp.store import Filter, Store

HERE = Path(__file__).resolve().parent
SCHEMA = {
    "incidents": HERE / "data" / "hxl_schema_incidents.json",
    "displacements": HERE / "data" / "hxl_schema_displacements.json",
}
FORMULA = '=HYPERLINK("http://evil","x")'
NOTES = '<b>bold</b> & <script>x</script>\ttab\r\nline two, "quoted"'
STORED_NOTES = NOTES.replace("\r\n", "\n")  # as validation keeps it

STRIKE = {
    "event_date": "2024-03-01",
    "time_precision": "week",
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Air/drone strike",
    "country": "Syria",
    "admin1": "Idlib",
    "admin1_pcode": "SY07",
    "location": "خان شيخون",
    "latitude": 35.44,
    "longitude": 36.65,
    "geo_precision": 1,
    "killed": 3,
    "injured": 12,
    "targets": ["market", "residential"],
    "actor1": FORMULA,
    "source": "@SUM(A1)",
    "notes": NOTES,
}
CLASH = {
    "event_date": "2024-01-15",
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "admin1": "Beyond the register",  # a governorate fieldapp cannot place: no country
    "location": "Afrin",
    "killed": 0,
    "notes": "-2+3",
}
ARRIVED = {
    "report_date": "2024-03-02",
    "direction": "arrived",
    "admin1": "Idlib",
    "location": "إدلب",
    "latitude": 35.93,
    "longitude": 36.63,
    "origin_location": "Khan Shaykhun",
    "individuals": 1200,
    "households": 240,
    "household_size": 5,
}


@pytest.fixture
def sample(store: Store) -> Store:
    for kind, values in ((INCIDENT, STRIKE), (INCIDENT, CLASH), (DISPLACEMENT, ARRIVED)):
        record_ops.add(store, kind, values)
    return store


def _local(path: Path) -> hxl.Dataset:
    return hxl.data(str(path), hxl.InputOptions(allow_local=True))


def _ids(store: Store, kind: str) -> list[str]:
    return [r["id"] for r in store.query(kind, order_by=None, descending=True)]


# -- XLSX ---------------------------------------------------------------------------------


def test_xlsx_typed_cells_read_back_by_openpyxl(sample: Store, tmp_path: Path) -> None:
    out = tmp_path / "records.xlsx"
    done = export_ops.export_data(sample, "xlsx", out)
    assert done.files == (out,) and done.counts == {INCIDENT: 2, DISPLACEMENT: 1}
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["incidents", "displacements", "columns"]
    ws = wb["incidents"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:AB3"  # + location_pcode
    assert not ws.sheet_view.rightToLeft
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == list(columns(INCIDENT))
    strike = dict(zip(rows[0], rows[1], strict=True))  # newest first, as `list`
    assert strike["event_date"] == dt.datetime(2024, 3, 1)
    assert ws.cell(2, 2).is_date and ws.cell(2, 2).number_format == xlsx_out.DATE_FORMAT
    assert isinstance(strike["created_at"], dt.datetime)
    assert strike["killed"] == 3 and type(strike["killed"]) is int
    assert strike["latitude"] == 35.44 and strike["geo_precision"] == 1
    assert strike["targets"] == "market; residential"
    assert strike["location"] == "خان شيخون"
    # text is text: the formula is a string cell, nothing escaped
    assert strike["actor1"] == FORMULA and ws.cell(2, 6).data_type == "s"
    assert strike["source"] == "@SUM(A1)" and strike["notes"] == STORED_NOTES
    assert dict(zip(rows[0], rows[2], strict=True))["notes"] == "-2+3"
    assert ws.column_dimensions["A"].width >= 8
    shown = list(wb["displacements"].iter_rows(values_only=True))
    arrived = dict(zip(shown[0], shown[1], strict=True))
    assert arrived["individuals"] == 1200 and type(arrived["household_size"]) is int
    described = {(r[0], r[1]): r for r in wb["columns"].iter_rows(min_row=2, values_only=True)}
    assert described[("incidents", "event_date")][3] == "date"
    assert described[("displacements", "individuals")][4] == "#affected+idps+ind"
    assert len(described) == len(columns(INCIDENT)) + len(columns(DISPLACEMENT))


def test_xlsx_formula_in_a_workbook_is_not_a_formula() -> None:
    """openpyxl writes a str starting with "=" as a formula unless told it is text."""
    from fieldapp.interchange import table

    cols = table.export_columns(INCIDENT)
    record = {"id": "x", "location": "=1+1", "notes": "a\x01b _x0041_"}
    data = xlsx_out.xlsx_bytes(
        [xlsx_out.Sheet("incidents", cols, table.export_rows([record], INCIDENT))]
    )
    ws = openpyxl.load_workbook(io.BytesIO(data))["incidents"]
    location = ws.cell(2, [c.name for c in cols].index("location") + 1)
    assert location.value == "=1+1" and location.data_type == "s"
    assert b"<f>" not in _sheet_xml(data)
    notes = ws.cell(2, [c.name for c in cols].index("notes") + 1).value
    assert notes == "a_x0001_b _x005F_x0041_"  # OOXML's escapes: Excel shows \x01 and _x0041_


def _sheet_xml(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("xl/worksheets/sheet1.xml")


def test_xlsx_arabic_is_right_to_left_and_pandas_reads_it(sample: Store, tmp_path: Path) -> None:
    out = tmp_path / "ar.xlsx"
    export_ops.export_data(sample, "xlsx", out, lang="ar")
    wb = openpyxl.load_workbook(out)
    assert all(wb[name].sheet_view.rightToLeft for name in wb.sheetnames)
    frame = pd.read_excel(out, sheet_name="incidents")
    assert list(frame.columns) == list(columns(INCIDENT))
    assert frame["location"].tolist()[0] == "خان شيخون"
    assert frame["killed"].tolist() == [3, 0]
    assert str(frame["event_date"].dtype).startswith("datetime64")


def test_xlsx_with_hxl_row(sample: Store, tmp_path: Path) -> None:
    out = tmp_path / "tagged.xlsx"
    export_ops.export_data(sample, "xlsx", out, kinds=(INCIDENT,), hxl=True)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["incidents", "columns"]
    ws = wb["incidents"]
    assert ws.freeze_panes == "A3"
    assert ws.cell(2, 2).value == "#date+occurred"
    source = hxl.data(str(out), hxl.InputOptions(allow_local=True, sheet_index=0))
    assert "#affected+killed" in source.display_tags
    killed = source.display_tags.index("#affected+killed")  # row.get() gives None for 0
    rows = list(source)
    assert sorted(row.values[killed] for row in rows) == [0, 3]
    assert rows[0].get("#date+occurred") == "2024-03-01"
    problems: list[object] = []
    schema = hxl.schema(_local(SCHEMA["incidents"]), callback=problems.append)
    tagged = hxl.data(str(out), hxl.InputOptions(allow_local=True, sheet_index=0))
    assert schema.validate(tagged), [str(p) for p in problems]


# -- CSV for people -------------------------------------------------------------------------


def test_csv_bom_crlf_and_both_kinds(sample: Store, tmp_path: Path) -> None:
    done = export_ops.export_data(sample, "csv", tmp_path / "out.csv")
    inc, dis = tmp_path / "out-incidents.csv", tmp_path / "out-displacements.csv"
    assert done.files == (inc, dis)
    raw = inc.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,event_date,") and b"\r\n" in raw
    assert raw.count(b"\r\n") == 3  # header, 2 rows; the line break inside notes is quoted
    frame = pd.read_csv(inc, encoding="utf-8-sig", keep_default_na=False)
    assert list(frame.columns) == list(columns(INCIDENT))
    row = frame.iloc[0]
    assert row["location"] == "خان شيخون" and row["notes"] == STORED_NOTES
    assert row["actor1"] == "'" + FORMULA and row["source"] == "'@SUM(A1)"  # OWASP
    assert frame.iloc[1]["notes"] == "'-2+3"
    assert float(row["latitude"]) == 35.44 and int(row["killed"]) == 3  # numbers, no quote
    assert row["targets"] == "market; residential"
    shown = pd.read_csv(dis, encoding="utf-8-sig")
    assert shown["individuals"].tolist() == [1200] and shown["household_size"].tolist() == [5]


def test_csv_one_kind_is_the_file_named(sample: Store, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "only.csv"
    done = export_ops.export_data(sample, "csv", out, kinds=(DISPLACEMENT,))
    assert done.files == (out,) and list(out.parent.iterdir()) == [out]


# -- HXL ------------------------------------------------------------------------------------


def test_hxl_csv_read_by_libhxl_and_valid_against_the_schema(sample: Store, tmp_path: Path) -> None:
    export_ops.export_data(sample, "hxl", tmp_path / "hxl.csv")
    for name, tags in (
        ("incidents", ("#date+occurred", "#event+type+sub", "#adm1+code", "#affected+injured")),
        ("displacements", ("#affected+idps+ind", "#affected+hh", "#loc+name+origin")),
    ):
        path = tmp_path / f"hxl-{name}.csv"
        source = hxl.data(str(path), hxl.InputOptions(allow_local=True))
        assert set(tags) <= set(source.display_tags)
        rows = list(source)
        assert len(rows) == (2 if name == "incidents" else 1)
        problems: list[str] = []
        schema = hxl.schema(_local(SCHEMA[name]), callback=problems.append)
        assert schema.validate(_local(path)), [str(p) for p in problems]
    source = hxl.data(str(tmp_path / "hxl-incidents.csv"), hxl.InputOptions(allow_local=True))
    row = next(iter(source))
    assert row.get("#loc+name") == "خان شيخون" and row.get("#affected+killed") == "3"


def test_hxl_schema_catches_a_broken_file(tmp_path: Path) -> None:
    """The schema kept in the tests is not a rubber stamp: a bad date and a missing
    required cell fail it."""
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,event_date,event_type,sub_event_type,location,killed\n"
        "#meta+id,#date+occurred,#event+type,#event+type+sub,#loc+name,#affected+killed\n"
        "x,not a date,Battles,Armed clash,,many\n",
        encoding="utf-8",
    )
    problems: list[str] = []
    schema = hxl.schema(_local(SCHEMA["incidents"]), callback=lambda e: problems.append(str(e)))
    assert not schema.validate(_local(bad))
    assert len(problems) >= 3, problems  # the date, the place, the count


# -- ACLED ----------------------------------------------------------------------------------


def test_acled_columns_in_order(sample: Store, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    done = export_ops.export_data(sample, "acled", out)  # "all": ACLED holds incidents only
    assert done.counts == {INCIDENT: 2}
    frame = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert tuple(frame.columns) == acled.COLUMNS
    assert tuple(frame.columns[:31]) == acled.ACLED_COLUMNS and len(acled.ACLED_COLUMNS) == 31
    strike = frame.iloc[0]
    ids = _ids(sample, INCIDENT)
    assert strike["fieldapp_id"] == ids[0]
    assert strike["event_id_cnty"] == acled.event_id_cnty(ids[0], "Syria")
    assert (strike["year"], strike["time_precision"], str(strike["iso"])) == (2024, 2, "760")
    assert (strike["fatalities"], str(strike["injured"])) == (3, "12")
    assert strike["disorder_type"] == "Political violence"
    assert strike["civilian_targeting"] == "Civilian targeting"
    assert strike["interaction"] == "" and strike["admin1_pcode"] == "SY07"
    clash = frame.iloc[1]
    assert clash["event_id_cnty"].startswith("XXX") and clash["iso"] == ""
    assert clash["civilian_targeting"] == "" and clash["time_precision"] == 1
    again = tmp_path / "again.csv"
    export_ops.export_data(sample, "acled", again)
    assert again.read_bytes() == out.read_bytes()  # stable across runs


def test_acled_refuses_displacements(sample: Store, tmp_path: Path) -> None:
    with pytest.raises(FieldappError) as caught:
        export_ops.export_data(sample, "acled", tmp_path / "a.csv", kinds=(DISPLACEMENT,))
    assert caught.value.message.code == "export.acled_incidents_only"
    assert not (tmp_path / "a.csv").exists()


# -- filters, emptiness, destinations, Cancel ----------------------------------------------


def test_filters_are_those_of_list(cli, demo_db_path: Path, tmp_path: Path) -> None:
    flags = ("--admin1", "Idlib")
    listed = json.loads(
        cli("--db", demo_db_path, "list", "incidents", "--format", "json", *flags).out
    )
    out = tmp_path / "idlib.xlsx"
    done = cli("--db", demo_db_path, "export-data", "--format", "xlsx", "--out", out,
               "--kind", "incidents", *flags)  # fmt: skip
    assert done.code == 0, done.err
    assert f"Wrote {out}" in done.out
    ws = openpyxl.load_workbook(out)["incidents"]
    exported = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert exported == [r["id"] for r in listed] and exported
    everything = tmp_path / "all.xlsx"
    assert (
        cli("--db", demo_db_path, "export-data", "--format", "xlsx", "--out", everything).code == 0
    )
    assert openpyxl.load_workbook(everything)["incidents"].max_row - 1 > len(exported)


def test_empty_result_has_headers_only(sample: Store, tmp_path: Path) -> None:
    nothing = Filter(date_from="2030-01-01")
    export_ops.export_data(sample, "xlsx", tmp_path / "e.xlsx", flt=nothing)
    rows = list(
        openpyxl.load_workbook(tmp_path / "e.xlsx")["incidents"].iter_rows(values_only=True)
    )
    assert rows == [tuple(columns(INCIDENT))]
    export_ops.export_data(sample, "acled", tmp_path / "e.csv", flt=nothing)
    assert pd.read_csv(tmp_path / "e.csv", encoding="utf-8-sig").empty
    export_ops.export_data(sample, "hxl", tmp_path / "h.csv", kinds=(INCIDENT,), flt=nothing)
    assert list(hxl.data(str(tmp_path / "h.csv"), hxl.InputOptions(allow_local=True))) == []


def test_missing_folder_is_a_coded_error_and_nothing_is_left(
    cli, sample: Store, tmp_path: Path
) -> None:
    out = tmp_path / "no such folder" / "x.xlsx"
    with pytest.raises(FieldappError) as caught:
        export_ops.export_data(sample, "xlsx", out)
    assert caught.value.message.code == "file.folder_missing"
    with pytest.raises(FieldappError) as caught:
        export_ops.export_data(sample, "csv", tmp_path)
    assert caught.value.message.code == "file.is_a_folder"
    assert not (tmp_path / "no such folder").exists()
    done = cli("--db", sample.path, "export-data", "--format", "csv", "--out", out)
    assert done.code == 1 and "does not exist" in done.err and "Traceback" not in done.err
    assert not [p for p in tmp_path.iterdir() if not p.name.startswith("field.db")]


def test_cancel_leaves_nothing(sample: Store, tmp_path: Path) -> None:
    with pytest.raises(Cancelled):
        export_ops.export_data(
            sample, "xlsx", tmp_path / "c.xlsx", task=Task(cancelled=lambda: True)
        )
    assert not (tmp_path / "c.xlsx").exists()
    assert not [p for p in tmp_path.iterdir() if not p.name.startswith("field.db")]


def test_progress_reaches_the_total(sample: Store, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_ops.export_data(
        sample, "csv", tmp_path / "p.csv", task=Task(lambda d, t: seen.append((d, t)))
    )
    assert seen[-1] == (3, 3)  # written as they are read
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_the_csv_writer_quotes_as_spreadsheets_read() -> None:
    buffer = io.StringIO(newline="")
    people_csv.write(buffer, ["a", "b"], [["x,y", 'say "hi"'], [None, 2.0]])
    assert buffer.getvalue() == '\ufeffa,b\r\n"x,y","say ""hi"""\r\n,2\r\n'
    assert list(csv.reader(io.StringIO(buffer.getvalue()[1:], newline=""))) == [
        ["a", "b"], ["x,y", 'say "hi"'], ["", "2"]
    ]  # fmt: skip


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_geo_formats_through_export_data(cli, demo_db_path: Path, tmp_path: Path, fmt: str) -> None:
    """The GEO writers (interchange/geo.py, tested in test_export_geo) behind export-data:
    one file holding every kind, read by GDAL."""
    import pyogrio

    out = tmp_path / f"idlib.{fmt}"
    done = cli(
        "--db", demo_db_path, "export-data", "--format", fmt, "--out", out, "--admin1", "Idlib"
    )
    assert done.code == 0, done.err
    with Store.open(demo_db_path) as store:
        located = [
            r for r in store.query(INCIDENT, Filter(admin1="Idlib")) if r["latitude"] is not None
        ]
    layer = "incidents" if fmt == "gpkg" else None
    info = pyogrio.read_info(out, layer=layer)
    assert info["crs"] == "EPSG:4326"
    if fmt == "gpkg":
        assert info["features"] == len(located)
        assert {name for name, _ in pyogrio.list_layers(out)} >= {
            "incidents",
            "displacement_points",
        }


def test_list_csv_redirected_to_a_file_is_the_people_csv(
    demo_db_path: Path, tmp_path: Path
) -> None:
    """`fieldapp list --format csv > FILE`: the bytes of the one writer (BOM, CRLF), so a
    spreadsheet opens it with its Arabic intact."""
    import subprocess
    import sys

    out = tmp_path / "list.csv"
    with open(out, "wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "fieldapp", "--db", str(demo_db_path), "list", "incidents",
             "--format", "csv", "--admin1", "Idlib"],
            stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,event_date,") and raw.count(b"\r\n") > 1
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert list(frame.columns) == list(columns(INCIDENT))
    assert frame["location"].str.contains("إدلب").any()


def test_coded_refusals(cli, sample: Store, tmp_path: Path) -> None:
    for fmt, hxl_row, code in (
        ("csv", True, "export.hxl_xlsx_only"),
        ("pdf", False, "export.unknown_format"),
    ):
        with pytest.raises(FieldappError) as caught:
            export_ops.export_data(sample, fmt, tmp_path / f"x.{fmt}", hxl=hxl_row)
        assert caught.value.message.code == code
    done = cli("--db", sample.path, "export-data", "--format", "acled", "--kind", "displacements",
               "--out", tmp_path / "a.csv")  # fmt: skip
    assert done.code == 1 and "incidents only" in done.err and "Traceback" not in done.err
    assert not list(tmp_path.glob("*.csv"))


def test_xlsx_stages_nothing_in_the_temporary_folder(
    sample: Store, tmp_path: Path, temp: Path
) -> None:
    """openpyxl would stage each sheet's XML (the records, in clear) in the temporary
    folder; the writer keeps it in memory, also when the export is cancelled mid-sheet."""
    seen: list[str] = []

    def cancelled() -> bool:
        seen.extend(p.name for p in temp.iterdir())
        return len(seen) > 1000  # never: the check only looks

    export_ops.export_data(sample, "xlsx", tmp_path / "x.xlsx", task=Task(cancelled=cancelled))
    assert openpyxl.load_workbook(tmp_path / "x.xlsx")["incidents"].max_row == 3
    assert not seen and not list(temp.iterdir())
    rows = [{"id": str(i), "notes": "x"} for i in range(10)]

    def stop_after_five():
        for row in rows[:5]:
            yield [row["id"]]
        raise Cancelled(Message("cancelled.nothing_written"))

    from fieldapp.interchange.table import Column

    with pytest.raises(Cancelled):
        xlsx_out.xlsx_bytes(
            [xlsx_out.Sheet("s", [Column("id", "Id", "text", "", "#meta+id")], stop_after_five())]
        )
    assert not list(temp.iterdir())


def test_workbook_bytes_of_an_ordinary_workbook(temp: Path) -> None:
    """xlsx_out.workbook_bytes saves any workbook without the temporary folder (for the
    other XLSX fieldapp writes: the XLSForm, a file of rejected rows)."""
    wb = openpyxl.Workbook()
    wb.active.append(["=1+1", dt.date(2024, 1, 2), "علامة"])
    data = xlsx_out.workbook_bytes(wb)
    assert not list(temp.iterdir())
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[1]] == ["=1+1", dt.datetime(2024, 1, 2), "علامة"]
