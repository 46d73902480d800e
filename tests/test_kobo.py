"""Kobo/ODK submission exports of the published XLSForm read into values fieldapp's
validation accepts. The exports are built here from the form's own survey sheet, in the
shapes KoboToolbox and ODK Central give them (CSV with ";" or ",", XLSX, with or without
group paths, values or labels)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from fieldapp.domain import validation
from fieldapp.interchange import kobo, xlsform

UUID = "4b1c9d2e-8f3a-4c57-9e0b-1a2b3c4d5e6f"
INCIDENT_ANSWERS = {
    "start": "2019-05-14T09:58:12.345+03:00",
    "end": "2019-05-14T10:04:40.001+03:00",
    "event_date": "2019-05-14",
    "time_precision": "day",
    "event_type": "explosions_remote_violence",
    "sub_event_type": "air_drone_strike",
    "actor1": "",
    "admin1": "إدلب",
    "location": "خان شيخون",
    "coordinates": "35.4417 36.6481 0 0",
    "geo_precision": "1",
    "killed": "2",
    "injured": "11",
    "targets": "school residential",
    "notes": "قصف على المدرسة",
    "fieldapp_kind": "incident",
}
KOBO_TAIL = {
    "_id": "301234567",
    "_uuid": UUID,
    "_submission_time": "2019-05-14T07:05:01",
    "_validation_status": "",
    "_notes": "",
    "_status": "submitted_via_web",
    "_submitted_by": "",
    "__version__": "vQ8bY3",
    "_tags": "",
    "_index": "1",
}


def _paths(kind: str) -> dict[str, str]:
    """Question name -> its path in the form ("place/location"), from the survey sheet."""
    book = openpyxl.load_workbook(io.BytesIO(xlsform.workbook_bytes(kind)))
    rows = list(book["survey"].iter_rows(values_only=True))
    header = rows[0]
    groups: list[str] = []
    paths = {}
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=True))
        if cells["type"] == "begin_group":
            groups.append(cells["name"])
        elif cells["type"] == "end_group":
            groups.pop()
        else:
            paths[cells["name"]] = "/".join([*groups, cells["name"]])
    return paths


def kobo_row(kind: str, answers: dict[str, object], *, groups: bool = True) -> dict[str, object]:
    """A row as Kobo's export writes it: answers under their group paths, the geopoint's
    split columns, one 0/1 column per choice of a multiple select, the metadata."""
    paths = _paths(kind)
    row: dict[str, object] = {}
    for name, value in answers.items():
        path = paths[name] if groups else name
        row[path] = value
        if name == "coordinates":
            lat, lon, alt, acc = str(value).split()
            for part, number in zip(
                ("latitude", "longitude", "altitude", "precision"),
                (lat, lon, alt, acc),
                strict=True,
            ):
                row[f"_{path}_{part}"] = number
        if name == "targets":
            chosen = str(value).split()
            for code in ("school", "residential", "market"):
                row[f"{path}/{code}"] = "1" if code in chosen else "0"
    return row | KOBO_TAIL


def _csv(rows: list[dict[str, object]], delimiter: str) -> list[dict[str, str]]:
    """Written and read back as Kobo's CSV export (";" by default, "," offered)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return list(csv.DictReader(io.StringIO(buffer.getvalue()), delimiter=delimiter))


def _check_incident(kind, values, source_id):
    assert kind == "incident"
    assert source_id == UUID
    checked = validation.check(kind, values, today=dt.date(2020, 1, 1))
    assert checked.errors == {}
    v = checked.values
    assert v["event_date"] == "2019-05-14"
    assert v["event_type"] == "Explosions/Remote violence"
    assert v["sub_event_type"] == "Air/drone strike"
    assert (v["latitude"], v["longitude"]) == (35.4417, 36.6481)
    assert v["geo_precision"] == 1
    assert (v["killed"], v["injured"]) == (2, 11)
    assert v["targets"] == ["residential", "school"]
    assert v["location"] == "خان شيخون"
    assert v["notes"] == "قصف على المدرسة"
    assert v["actor1"] is None
    return v


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("groups", [True, False])
def test_kobo_csv_export(delimiter, groups):
    rows = _csv([kobo_row("incident", INCIDENT_ANSWERS, groups=groups)], delimiter)
    assert kobo.is_kobo(rows[0].keys())
    _check_incident(*kobo.from_kobo(rows[0]))


def test_kobo_xlsx_export_with_typed_cells():
    """Kobo's XLSX: numbers are numbers, dates are dates."""
    answers = INCIDENT_ANSWERS | {
        "event_date": dt.datetime(2019, 5, 14),
        "killed": 2,
        "injured": 11.0,
        "geo_precision": 1,
    }
    book = openpyxl.Workbook()
    sheet = book.active
    row = kobo_row("incident", answers)
    sheet.append(list(row))
    sheet.append(list(row.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    read = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    header, values = list(read.iter_rows(values_only=True))
    _check_incident(*kobo.from_kobo(dict(zip(header, values, strict=True))))


def test_labels_export_and_split_coordinates_only():
    """An export "with labels", and only the split geopoint columns (the combined one
    dropped, as a user may do in a spreadsheet)."""
    answers = INCIDENT_ANSWERS | {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "targets": "School; Residential building",
        "time_precision": "Exact day",
        "geo_precision": "Exact location",
    }
    row = kobo_row("incident", answers)
    row = {k: v for k, v in row.items() if k != "place/coordinates" and "/targets/" not in k}
    _check_incident(*kobo.from_kobo(row))


def test_arabic_labels_export():
    terms = xlsform.choice_terms()
    arabic = next(
        k for k, v in terms["sub_event_type"].items() if v == "Air/drone strike" and not k.isascii()
    )
    answers = INCIDENT_ANSWERS | {"sub_event_type": arabic, "event_type": ""}
    _kind, values, _source = kobo.from_kobo(kobo_row("incident", answers))
    checked = validation.check("incident", values, today=dt.date(2020, 1, 1))
    assert checked.errors == {}
    assert checked.values["event_type"] == "Explosions/Remote violence"


def test_displacement_from_odk_central():
    """ODK Central's CSV: "-" between group and question, KEY and meta-instanceID with
    "uuid:", the geopoint split as -Latitude/-Longitude."""
    row = {
        "SubmissionDate": "2019-06-02T08:00:00.000Z",
        "start": "2019-06-02T10:00:00.000+03:00",
        "report-report_date": "2019-06-01T00:00:00.000+03:00",
        "report-direction": "arrived",
        "place-location": "Azaz",
        "place-coordinates-Latitude": "36.5862",
        "place-coordinates-Longitude": "37.0463",
        "place-coordinates-Altitude": "",
        "place-coordinates-Accuracy": "",
        "movement-origin_location": "Saraqib",
        "counts-individuals": "700",
        "counts-households": "140",
        "counts-household_size": "5",
        "fieldapp_kind": "displacement",
        "meta-instanceID": f"uuid:{UUID}",
        "KEY": f"uuid:{UUID}",
        "ReviewState": "",
    }
    assert kobo.is_kobo(row)
    kind, values, source_id = kobo.from_kobo(row)
    assert (kind, source_id) == ("displacement", UUID)
    checked = validation.check(kind, values, today=dt.date(2020, 1, 1))
    assert checked.errors == {}
    assert checked.values["report_date"] == "2019-06-01"
    assert checked.values["household_size"] == 5
    assert (checked.values["latitude"], checked.values["longitude"]) == (36.5862, 37.0463)
    assert checked.values["origin_location"] == "Saraqib"


def test_every_question_of_the_forms_maps_to_its_field():
    for kind in xlsform.FORMS:
        for name, path in _paths(kind).items():
            expected = {"coordinates": "latitude", "start": None, "end": None}.get(name, name)
            if name == "fieldapp_kind":
                expected = None
            assert kobo.field_of(path) == expected, path
            assert kobo.field_of(path.replace("/", "-")) == expected, path


def test_what_is_not_a_kobo_export():
    assert not kobo.is_kobo(["event_date", "location", "killed"])  # a plain sheet
    assert not kobo.is_kobo(["_uuid", "name", "age"])  # another form's export
    assert kobo.is_kobo(["_uuid", "report/report_date", "place/location"])


def test_invalid_answers_reach_validation_as_they_are():
    """The reader does not hide bad data: validation names it."""
    answers = INCIDENT_ANSWERS | {
        "event_date": "14/05/2019",
        "killed": "-1",
        "targets": "school nowhere",
    }
    kind, values, _source = kobo.from_kobo(kobo_row("incident", answers))
    errors = validation.check(kind, values, today=dt.date(2020, 1, 1)).errors
    assert set(errors) == {"event_date", "killed", "targets"}


def test_an_unknown_kind_is_a_coded_error():
    row = kobo_row("incident", INCIDENT_ANSWERS) | {"fieldapp_kind": "survey"}
    with pytest.raises(ValueError) as info:
        kobo.from_kobo(row)
    assert info.value.args[0].code == "record.unknown_kind"


def test_a_kobo_export_imports_with_no_mapping(store, tmp_path):
    """The whole way: the form's names -> Kobo's ";" CSV -> fieldapp's import pipeline
    (fieldapp.ops.imports, as `fieldapp import` and the wizard use it) -> records; the
    same export again creates nothing."""
    imports = pytest.importorskip("fieldapp.ops.imports")
    second = INCIDENT_ANSWERS | {"location": "Saraqib", "coordinates": "35.8647 36.8004 0 0"}
    rows = [
        kobo_row("incident", INCIDENT_ANSWERS),
        kobo_row("incident", second) | {"_uuid": "0f6e1d2c-3b4a-4958-8766-554433221100"},
    ]
    path = tmp_path / "kobo-export.csv"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    inspection = imports.inspect(path)
    mapping = imports.suggest_mapping(store, inspection)
    assert mapping.layout == "kobo"
    imported = imports.run(store, path, mapping)
    assert len(imported.created) == 2
    records = {r["location"]: r for r in store.query("incident")}
    assert records["خان شيخون"]["sub_event_type"] == "Air/drone strike"
    assert records["خان شيخون"]["targets"] == ["residential", "school"]
    assert records["Saraqib"]["latitude"] == 35.8647
    again = imports.run(store, path, mapping)
    assert again.created == () and again.already == 2
