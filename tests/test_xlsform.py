"""The published XLSForms: pyxform (what KoboToolbox and ODK Central run on upload) turns
them into XForms without an error or a warning, and they ask what fieldapp stores."""

from __future__ import annotations

import io
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert, xls2xform_convert

from fieldapp.domain import vocab
from fieldapp.domain.canonical import MAX_COUNT
from fieldapp.domain.fields import FIELDS
from fieldapp.interchange import xlsform

XF = "{http://www.w3.org/2002/xforms}"
LEFT_OUT = {"latitude", "longitude", "cause_incidents"}  # the geopoint; fieldapp's own ids


def _sheet(book: openpyxl.Workbook, name: str) -> list[dict[str, object]]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _xform(data: bytes) -> ET.Element:
    """The XForm pyxform makes of the workbook: raises on an invalid form; a warning
    fails the test too."""
    warnings: list[str] = []
    result = convert(io.BytesIO(data), warnings=warnings, file_type=".xlsx", form_name="data")
    assert warnings == []
    return ET.fromstring(result.xform)


@pytest.mark.parametrize("kind", xlsform.FORMS)
def test_pyxform_converts_the_form(kind):
    root = _xform(xlsform.workbook_bytes(kind))
    instance = root.find(f".//{XF}instance/{XF}data")
    assert instance is not None
    assert instance.get("id") == xlsform.FORM_IDS[kind]
    binds = {b.get("nodeset").rsplit("/", 1)[-1]: b for b in root.iter(f"{XF}bind")}
    expected = {f.name for f in FIELDS[kind]} - LEFT_OUT | {"coordinates"}
    assert expected <= set(binds)
    types = {"int": "int", "float": "decimal", "date": "date", "text": "string"}
    for f in FIELDS[kind]:
        if f.name in LEFT_OUT:
            continue
        bind = binds[f.name]
        assert (bind.get("required") == "true()") == f.required, f.name
        if f.type in types:
            assert bind.get("type") == types[f.type], f.name
    assert binds["coordinates"].get("type") == "geopoint"
    date = "event_date" if kind == "incident" else "report_date"
    assert binds[date].get("constraint") == ". <= today()"


def test_the_workbook_as_kobo_reads_it(tmp_path):
    data = xlsform.workbook_bytes("incident")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey = _sheet(book, "survey")
    names = [r["name"] for r in survey if r["type"] not in ("begin_group", "end_group")]
    assert len(names) == len(set(names))
    assert {"label::English (en)", "label::Arabic (ar)"} <= set(survey[0])
    for row in survey:
        if row["type"] not in ("end_group", "calculate", "start", "end"):
            assert row["label::English (en)"] and row["label::Arabic (ar)"], row["name"]
    by_name = {r["name"]: r for r in survey}
    assert by_name["event_date"]["label::Arabic (ar)"] == "التاريخ"
    assert by_name["killed"]["type"] == "integer"
    assert by_name["killed"]["constraint"] == f". >= 0 and . <= {MAX_COUNT}"
    assert by_name["targets"]["type"] == "select_multiple targets"
    assert by_name["sub_event_type"]["choice_filter"] == "event_type=${event_type}"
    assert by_name["notes"]["appearance"] == "multiline"
    choices = _sheet(book, "choices")
    targets = {r["name"]: r for r in choices if r["list_name"] == "targets"}
    assert set(targets) == set(vocab.TARGETS)
    assert targets["school"]["label::Arabic (ar)"]
    subs = [r for r in choices if r["list_name"] == "sub_event_type"]
    assert len(subs) == len(vocab.SUB_EVENT_TYPES)
    strike = next(r for r in subs if r["label::English (en)"] == "Air/drone strike")
    assert strike["name"] == "air_drone_strike"
    assert strike["event_type"] == "explosions_remote_violence"
    assert strike["label::Arabic (ar)"] == "غارة جوية/بطائرة مسيّرة"
    settings = _sheet(book, "settings")[0]
    assert settings["form_id"] == "fieldapp_incident"
    assert settings["default_language"] == "English (en)"


def test_displacement_constraints_mirror_validation():
    root = _xform(xlsform.workbook_bytes("displacement"))
    binds = {b.get("nodeset").rsplit("/", 1)[-1]: b for b in root.iter(f"{XF}bind")}
    assert binds["household_size"].get("constraint") == ". > 0 and . <= 50"
    assert "today()" in binds["period_end"].get("constraint")
    assert "/report_date" in binds["period_end"].get("constraint")
    # one of individuals and households is required (one way: both ways is a cycle)
    assert "households" in binds["individuals"].get("required")
    assert binds["households"].get("required") is None
    assert binds["fieldapp_kind"].get("calculate") == "'displacement'"


def test_the_check_can_fail():
    """pyxform refuses a broken form: the tests above would see one."""
    book = openpyxl.load_workbook(io.BytesIO(xlsform.workbook_bytes("incident")))
    survey = book["survey"]
    survey.append(["select_one no_such_list", "broken", "Broken"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(PyXFormError):
        _xform(buffer.getvalue())


def test_cli_writes_both_forms_or_one(cli, tmp_path):
    result = cli("xlsform", "--out", str(tmp_path / "fieldapp.xlsx"))
    assert result.code == 0, result.err
    both = [tmp_path / "fieldapp-incident.xlsx", tmp_path / "fieldapp-displacement.xlsx"]
    assert all(path.is_file() for path in both)
    assert str(both[0]) in result.out
    for path in both:  # the converter KoboToolbox runs, on the written files
        assert xls2xform_convert(path, path.with_suffix(".xml"), validate=False) == []
    one = tmp_path / "displacement-only.xlsx"
    result = cli("xlsform", "--out", str(one), "--form", "displacement")
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(one)
    assert _sheet(book, "settings")[0]["form_id"] == "fieldapp_displacement"
    assert not Path(tmp_path / "displacement-only-incident.xlsx").exists()


@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate needs Java")
@pytest.mark.parametrize("kind", xlsform.FORMS)
def test_odk_validate_accepts_the_form(kind, tmp_path):
    """ODK Validate (JavaRosa, the engine of ODK Collect) loads the XForm and evaluates
    its logic: it refuses what pyxform alone lets through, such as a cycle between
    required conditions."""
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(xlsform.workbook_bytes(kind))
    assert xls2xform_convert(path, tmp_path / f"{kind}.xml", validate=True) == []


def test_cli_into_a_missing_folder_is_a_coded_error(cli, tmp_path):
    result = cli("xlsform", "--out", str(tmp_path / "no" / "such" / "f.xlsx"), "--form", "incident")
    assert result.code != 0
    assert "fieldapp: error:" in result.err
    assert "Traceback" not in result.err


def test_the_arabic_comes_from_the_shipped_catalogue():
    """The labels are read from the compiled .qm the installer ships (no Qt, no .ts)."""
    from fieldapp.interchange import qm

    assert qm.translate("ar", "fields", "Killed")
    assert qm.translate("ar", "vocab", "Residential building") == "مبنى سكني"
    assert qm.translate("xx", "fields", "Killed") is None  # no such catalogue
    assert qm.parse(b"not a catalogue") == {}
    data = qm.resource("translations", "fieldapp_ar.qm").read_bytes()
    assert qm.parse(data[: len(data) // 2])  # a cut file: what could be read is kept
