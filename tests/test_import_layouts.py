"""The layouts `fieldapp import` recognises with no mapping (fieldapp's own exports, HXL,
ACLED, Kobo/ODK), driven through the command line: round trips export -> import into an
empty database -> the same records, re-imports that create nothing, possible duplicates,
and imported records leaving in a bundle."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import run_cli
from test_kobo import INCIDENT_ANSWERS, kobo_row

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT, field_names
from fieldapp.store import Store
from fieldapp.store import imports as stored


def records(path: Path, kind: str) -> list[tuple]:
    """A kind's records as their field values, in a stable order (ids and times left out:
    an import makes new records)."""
    names = [n for n in field_names(kind) if n != "cause_incidents"]
    with Store.open(path) as store:
        return sorted(tuple(repr(r[n]) for n in names) for r in store.query(kind))


def records_by_id(path: Path) -> dict[str, dict]:
    with Store.open(path) as store:
        return {r["id"]: r for r in store.query(INCIDENT)}


def protected(path: Path) -> None:
    """Notes a spreadsheet would run as formulas: the CSV exports protect them with an
    apostrophe (domain/csvcell), and the import takes it off again."""
    with Store.open(path) as store:
        first, second = (r["id"] for r in store.query(INCIDENT, order_by="event_date")[:2])
    assert run_cli("--db", path, "edit", first, "--notes=-2 houses hit").code == 0
    assert run_cli("--db", path, "edit", second, "--notes", "'=SUM(A1)' was typed").code == 0


def json_of(result, code: int = 0) -> dict:
    assert result.code == code, result.err
    return json.loads(result.out)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "hxl"])
def test_fieldapp_export_imports_back_with_no_mapping(
    demo_db_path: Path, db_path: Path, tmp_path: Path, fmt: str
) -> None:
    with Store.open(demo_db_path) as store:  # a displacement caused by an incident
        cause = store.query(INCIDENT)[0]["id"]
        moved = store.query(DISPLACEMENT)[0]["id"]
    assert run_cli("--db", demo_db_path, "edit", moved, "--cause-incident", cause).code == 0
    protected(demo_db_path)
    out = tmp_path / f"export.{'xlsx' if fmt == 'xlsx' else 'csv'}"
    done = run_cli("--db", demo_db_path, "export-data", "--format", fmt, "--out", out)
    assert done.code == 0, done.err
    if fmt == "xlsx":
        sources = [(out, "incidents"), (out, "displacements")]
    else:
        sources = [(tmp_path / f"export-{k}.csv", None) for k in ("incidents", "displacements")]
    for path, sheet in sources:
        argv = ["--db", db_path, "import", path, "--format", "json"]
        argv += ["--sheet", sheet] if sheet else []
        preview = json_of(run_cli(*argv, "--dry-run"))
        assert preview["mapping"]["layout"] == "fieldapp" and preview["counts"]["invalid"] == 0
        if sheet:
            assert preview["file"]["sheet"] == sheet
            assert preview["file"]["sheets"] == ["incidents", "displacements", "columns"]
        assert json_of(run_cli(*argv))["created"]
    for kind in (INCIDENT, DISPLACEMENT):
        assert records(db_path, kind) == records(demo_db_path, kind)
    # A displacement's causes name the incidents imported from the same export.
    with Store.open(db_path) as store:
        causes = [i for r in store.query(DISPLACEMENT) for i in r["cause_incidents"]]
        assert len(causes) == 1 and causes[0] != cause
        assert store.get(causes[0])["location"] == records_by_id(demo_db_path)[cause]["location"]
    # Imported into the database it came from: every record is already there.
    path, sheet = sources[0]
    argv = ["--db", demo_db_path, "import", path, "--format", "json", "--dry-run"]
    preview = json_of(run_cli(*argv, *(["--sheet", sheet] if sheet else [])))
    assert preview["counts"] == {"new": 0, "already imported": 53, "invalid": 0}


def test_an_acled_export_imports_by_event_id(
    demo_db_path: Path, db_path: Path, tmp_path: Path
) -> None:
    protected(demo_db_path)
    out = tmp_path / "acled.csv"
    assert run_cli("--db", demo_db_path, "export-data", "--format", "acled", "--out", out).code == 0
    preview = json_of(run_cli("--db", db_path, "import", out, "--dry-run", "--format", "json"))
    assert preview["mapping"]["layout"] == "acled" and preview["counts"]["new"] == 53
    assert preview["rows"][0]["source_id"].startswith("SYR")
    done = json_of(run_cli("--db", db_path, "import", out, "--format", "json"))
    assert len(done["created"]) == 53
    assert records(db_path, INCIDENT) == records(demo_db_path, INCIDENT)
    with Store.open(db_path) as store:
        kept = stored.provenance(store, done["created"][0])
        assert kept is not None and kept.source_id and kept.source_id.startswith("SYR")
        assert kept.source_key == f"acled:{kept.source_id}"
    # The same events in another file (renamed, rows reordered): nothing new.
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    other = tmp_path / "acled-again.csv"
    other.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    again = json_of(run_cli("--db", db_path, "import", other, "--format", "json"))
    assert again["created"] == [] and again["already"] == 53


def test_an_hxl_file_from_another_organisation_maps_by_its_hashtags(
    db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "partner.csv"
    path.write_text(
        "Fecha,Tipo,Lugar,Gobernación,Muertos\n"
        "#date+occurred,#event+type+sub,#loc+name,#adm1+name,#affected+killed\n"
        "2019-05-14,Air/drone strike,Saraqib,Idlib,2\n"
        "2019-05-15,Air/drone strike,Ariha,Idlib,abc\n",
        encoding="utf-8",
    )
    dry = run_cli("--db", db_path, "import", path, "--dry-run", "--format", "json")
    preview = json_of(dry, 2)  # a dry run that finds an invalid row
    assert preview["mapping"]["layout"] == "hxl"
    assert preview["mapping"]["columns"] == {
        "Fecha": "event_date",
        "Tipo": "sub_event_type",
        "Lugar": "location",
        "Gobernación": "admin1",
        "Muertos": "killed",
    }
    rows = preview["rows"]
    assert [r["row"] for r in rows] == [3, 4]  # the hashtag row is row 2
    assert rows[1]["messages"] == ["killed: 'abc' is not a whole number"]
    done = run_cli("--db", db_path, "import", path)
    assert done.code == 2 and "row 4: killed" in done.err


def test_a_kobo_export_from_the_command_line(db_path: Path, tmp_path: Path) -> None:
    rows = [kobo_row("incident", INCIDENT_ANSWERS)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "kobo.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    done = json_of(run_cli("--db", db_path, "import", path, "--format", "json"))
    assert len(done["created"]) == 1
    with Store.open(db_path) as store:
        kept = stored.provenance(store, done["created"][0])
        assert kept is not None and kept.source_key == f"kobo:{kept.source_id}"
    again = json_of(run_cli("--db", db_path, "import", path, "--format", "json"))
    assert again["created"] == [] and again["already"] == 1


def test_a_kobo_xlsx_export_with_typed_cells_and_both_kinds(db_path: Path, tmp_path: Path) -> None:
    """Kobo's XLSX: dates are dates, numbers are numbers; the kind is said row by row."""
    incident = kobo_row(
        "incident",
        INCIDENT_ANSWERS | {"event_date": dt.datetime(2019, 5, 14), "killed": 2, "injured": 11.0},
    )
    odd = incident | {"_uuid": "0f6e1d2c-3b4a-4958-8766-554433221100", "fieldapp_kind": "x"}
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(incident))
    sheet.append(list(incident.values()))
    sheet.append([odd[h] for h in incident])
    path = tmp_path / "kobo.xlsx"
    book.save(path)
    dry = run_cli("--db", db_path, "import", path, "--dry-run", "--format", "json")
    preview = json_of(dry, 2)
    assert preview["mapping"]["layout"] == "kobo"
    good, bad = preview["rows"]
    assert good["status"] == "new" and good["values"]["event_date"] == "2019-05-14"
    assert good["values"]["injured"] == 11 and good["values"]["latitude"] == 35.4417
    assert bad["status"] == "invalid" and bad["messages"] == [
        "kind: unknown record kind 'x'; use one of incident, displacement"
    ]


def test_kind_given_on_the_command_line(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "moves.csv"
    path.write_text(
        "Date,Location,Direction,Individuals\n2019-06-01,Khan Shaykhun,departed,70000\n",
        encoding="utf-8",
    )
    done = json_of(
        run_cli("--db", db_path, "import", path, "--kind", "displacement", "--format", "json")
    )
    with Store.open(db_path) as store:
        record = store.get(done["created"][0])
        assert record is not None and record["individuals"] == 70000
        assert store.kind_of(done["created"][0]) == DISPLACEMENT


def test_possible_duplicates_of_existing_incidents(demo_db_path: Path, tmp_path: Path) -> None:
    with Store.open(demo_db_path) as store:
        existing = store.query(INCIDENT, order_by="event_date")[0]
    path = tmp_path / "report.csv"
    path.write_text(
        "event_date,sub_event_type,location,latitude,longitude\n"
        f"{existing['event_date']},{existing['sub_event_type']},"
        f"{existing['location'].upper()},,\n"
        f"{existing['event_date']},{existing['sub_event_type']},Somewhere else,1.0,1.0\n",
        encoding="utf-8",
    )
    preview = json_of(
        run_cli("--db", demo_db_path, "import", path, "--dry-run", "--format", "json")
    )
    first, second = preview["rows"]
    assert existing["id"] in first["possible_duplicates"]
    assert second["possible_duplicates"] == []


def test_imported_incidents_join_the_duplicate_search(demo_db_path: Path, tmp_path: Path) -> None:
    from fieldapp.ops import curation

    with Store.open(demo_db_path) as store:
        existing = store.query(INCIDENT, order_by="event_date")[0]
        before = {(c.a, c.b) for c in curation.find_duplicates(store).candidates}
    path = tmp_path / "report.csv"
    path.write_text(
        "event_date,sub_event_type,location\n"
        f"{existing['event_date']},{existing['sub_event_type']},{existing['location']}\n",
        encoding="utf-8",
    )
    (created,) = json_of(run_cli("--db", demo_db_path, "import", path, "--format", "json"))[
        "created"
    ]
    with Store.open(demo_db_path) as store:
        pairs = {(c.a, c.b) for c in curation.find_duplicates(store).candidates} - before
    assert pairs == {tuple(sorted((existing["id"], created)))}


def test_mapping_options_and_saved_mappings(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "office.csv"
    path.write_text(
        "when;what;where;dead;ignored\n2019-05-14;Air/drone strike;Saraqib;-3;x\n",
        encoding="utf-8",
    )
    refused = run_cli("--db", db_path, "import", path, "--dry-run")
    assert refused.code == 1 and "no column of office.csv is mapped" in refused.err
    maps = ["--map", "when=event_date", "--map", "what=sub_event_type"]
    maps += ["--map", "where=location", "--map", "dead=killed"]
    dry = run_cli("--db", db_path, "import", path, *maps, "--save-mapping", "office", "--dry-run")
    assert dry.code == 2  # a dry run that finds invalid rows
    assert "killed: -3 is negative" in dry.out and "0 new, 0 already imported, 1 invalid" in dry.out
    bad = run_cli("--db", db_path, "import", path, "--mapping", "office", "--map", "x=kills")
    assert bad.code == 1 and "'kills' is not a field of a incident" in bad.err
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(path.read_text(encoding="utf-8").replace(";-3;", ";3;"), encoding="utf-8")
    done = run_cli("--db", db_path, "import", fixed, "--mapping", "office")
    assert done.code == 0 and "Imported 1 records" in done.out
    assert run_cli("--db", db_path, "import", fixed, "--mapping", "nope").code == 1
    usage = run_cli("--db", db_path, "import", fixed, "--valid-only")
    assert usage.code == 2 and "--valid-only needs --rejected FILE" in usage.err


def test_valid_only_from_the_command_line(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        "event_date,sub_event_type,location\n"
        "2019-05-14,Air/drone strike,Saraqib\n"
        "2019-02-30,Air/drone strike,Ariha\n"
        "2099-01-01,Air/drone strike,Dana\n",
        encoding="utf-8",
    )
    rejected = tmp_path / "rejected.csv"
    done = run_cli("--db", db_path, "import", path, "--valid-only", "--rejected", rejected)
    assert done.code == 0 and "2 rows rejected" in done.out, done.err
    text = rejected.read_text(encoding="utf-8-sig")
    assert "'2019-02-30' is not a real calendar date" in text
    assert "2099-01-01 is in the future" in text


def test_imported_records_leave_in_a_bundle(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "few.csv"
    path.write_text(
        "event_date,sub_event_type,location\n2019-05-14,Air/drone strike,Saraqib\n",
        encoding="utf-8",
    )
    created = json_of(run_cli("--db", db_path, "import", path, "--format", "json"))["created"]
    bundle = tmp_path / "out.zip"
    assert run_cli("--db", db_path, "export", "--out", bundle).code == 0
    with zipfile.ZipFile(bundle) as archive:
        text = "\n".join(
            archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
        )
    assert created[0] in text
    # The device's own revision, signed by its key, as any record typed on it.
    with Store.open(db_path) as store:
        (revision,) = store.history(created[0])
        assert revision.device == store.require_device().id
        assert revision.signature is not None
