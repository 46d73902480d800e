"""The CLI contract of issue 2, end to end on real database files.

Most tests run `fieldapp` in-process (the `cli` fixture); a few start the real executable to
prove the entry points work outside pytest.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PASSPHRASE, raw_connection

from fieldapp import __version__
from fieldapp.domain.csvcell import unprotect
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT, columns
from fieldapp.identity.keys import decrypt_private_key, format_fingerprint
from fieldapp.store import Filter, Store
from fieldapp.store.demo import displacements, incidents

FINGERPRINT = re.compile(r"Key fingerprint: ((?:[0-9A-F]{4} ){15}[0-9A-F]{4})$", re.MULTILINE)
DESIGN_INCIDENT = [
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "killed",
    "injured",
    "targets",
    "source",
    "notes",
]
DESIGN_DISPLACEMENT = [
    "report_date",
    "direction",
    "individuals",
    "households",
    "household_size",
    "population_before",
    "cause",
    "source",
    "notes",
    "location",
    "admin1",
    "admin2",
    "latitude",
    "longitude",
]

STRIKE = [
    "add", "incident",
    "--date", "2019-05-14",
    "--event-type", "Explosions/Remote violence",
    "--sub-event-type", "Air/drone strike",
    "--location", "Khan Shaykhun",
]  # fmt: skip


def ok(result) -> str:
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    return result.out


def one_line_error(result, *words: str) -> str:
    """A user error: non-zero, exactly one line on stderr naming the problem, no traceback."""
    assert result.code != 0, result.out
    assert "Traceback" not in result.err and "Traceback" not in result.out
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def revisions_in(path: Path) -> int:
    conn = raw_connection(path)
    try:
        return conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
    finally:
        conn.close()


def list_json(cli, db: Path, what: str, *flags: str) -> list[dict]:
    return json.loads(ok(cli("--db", db, "list", what, "--format", "json", *flags)))


# -- init ----------------------------------------------------------------------------------


def test_init_creates_the_device_and_prints_its_fingerprint(cli, tmp_path: Path) -> None:
    db = tmp_path / "new" / "field.db"
    out = ok(cli("--db", db, "init", "--name", "Amal", "--org", "Idlib Response Network"))
    match = FINGERPRINT.search(out)
    assert match, out
    assert "Device: Amal (Idlib Response Network)" in out
    with Store.open(db) as store:
        device = store.require_device()
    assert match[1] == format_fingerprint(device.id)
    # the passphrase came from $FIELDAPP_PASSPHRASE
    assert decrypt_private_key(device.private_key, PASSPHRASE)

    again = cli("--db", db, "init", "--name", "Bilal", "--org", "Other")
    one_line_error(again, "already belongs to Amal")
    with Store.open(db) as store:
        assert store.require_device().id == device.id


def test_init_uses_fieldapp_db_from_the_environment(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "from-env.db"
    monkeypatch.setenv("FIELDAPP_DB", str(db))
    ok(cli("init", "--name", "Amal", "--org", "IRN"))
    assert db.exists()
    out = ok(cli(*STRIKE))
    assert re.fullmatch(r"[0-9a-f-]{36}\n", out)
    assert revisions_in(db) == 1


def test_init_without_a_passphrase_or_terminal_creates_nothing(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "field.db"
    monkeypatch.delenv("FIELDAPP_PASSPHRASE")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    one_line_error(cli("--db", db, "init", "--name", "A", "--org", "B"), "FIELDAPP_PASSPHRASE")
    assert not db.exists()
    one_line_error(cli("--db", db, "init"), "--name and --org")
    assert not db.exists()


def test_init_refuses_a_short_passphrase_and_creates_nothing(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "field.db"
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", "short")
    one_line_error(cli("--db", db, "init", "--name", "A", "--org", "B"), "at least 8 characters")
    assert not db.exists()


def test_commands_on_a_database_that_was_never_initialised(cli, tmp_path: Path) -> None:
    one_line_error(cli("--db", tmp_path / "none.db", *STRIKE), "no database at", "fieldapp init")
    assert not (tmp_path / "none.db").exists()
    with Store.open(tmp_path / "blank.db"):
        pass
    one_line_error(cli("--db", tmp_path / "blank.db", *STRIKE), "fieldapp init")
    one_line_error(cli("--db", tmp_path / "blank.db", "demo"), "fieldapp init")


# -- add -----------------------------------------------------------------------------------


def test_add_incident_with_every_option(cli, db_path: Path) -> None:
    out = ok(
        cli(
            "--db", db_path, "add", "incident",
            "--date", "2019-05-14",
            "--time-precision", "day",
            "--event-type", "Explosions/Remote violence",
            "--sub-event-type", "Air/drone strike",
            "--actor1", "Military forces of Syria",
            "--actor2", "Civilians (Syria)",
            "--country", "Syria",
            "--admin1", "Idlib", "--admin1-pcode", "SY07",
            "--admin2", "Maarrat An-Numan", "--admin2-pcode", "SY0703",
            "--admin3", "Khan Shaykhun", "--admin3-pcode", "SY070300",
            "--location", "Khan Shaykhun - خان شيخون",
            "--lat", "35.4417", "--lon", "36.6481",
            "--geo-precision", "1",
            "--killed", "2", "--injured", "11",
            "--target", "school", "--target", "residential", "--target", "school",
            "--source", "Civil defence",
            "--notes", "قصف على خان شيخون أصاب مدرسة",
        )
    )  # fmt: skip
    record_id = out.strip()
    shown = json.loads(ok(cli("--db", db_path, "show", record_id[:8], "--format", "json")))
    assert shown["id"] == record_id and shown["kind"] == INCIDENT
    assert shown["event_date"] == "2019-05-14" and shown["time_precision"] == "day"
    assert shown["sub_event_type"] == "Air/drone strike"
    assert (shown["actor1"], shown["actor2"]) == ("Military forces of Syria", "Civilians (Syria)")
    assert (shown["admin1"], shown["admin1_pcode"], shown["admin3_pcode"]) == (
        "Idleb",
        "SY07",
        "SY070300",
    )
    assert (shown["latitude"], shown["longitude"], shown["geo_precision"]) == (35.4417, 36.6481, 1)
    assert (shown["killed"], shown["injured"]) == (2, 11)
    assert shown["targets"] == ["residential", "school"]
    assert shown["notes"] == "قصف على خان شيخون أصاب مدرسة"
    assert shown["location"] == "Khan Shaykhun - خان شيخون"


def test_add_displacement(cli, db_path: Path) -> None:
    out = ok(
        cli(
            "--db", db_path, "add", "displacement",
            "--date", "2019-06-01", "--period-end", "2019-06-07",
            "--direction", "departed",
            "--location", "Khan Shaykhun", "--admin1", "Idlib", "--admin2", "Maarrat An-Numan",
            "--lat", "35.4417", "--lon", "36.6481",
            "--individuals", "70,000", "--households", "14000", "--household-size", "5",
            "--population-before", "80000",
            "--source", "Local council", "--notes", "نزوح",
        )
    )  # fmt: skip
    record_id = out.strip()
    [row] = list_json(cli, db_path, "displacements")
    assert row["id"] == record_id
    assert (row["individuals"], row["households"], row["household_size"]) == (70_000, 14_000, 5.0)
    assert row["period_end"] == "2019-06-07" and row["population_before"] == 80_000


def test_add_fills_in_the_event_type_from_the_sub_event_type(cli, db_path: Path) -> None:
    record = ok(
        cli("--db", db_path, "add", "incident", "--date", "2019-05-10", "--location", "Azaz",
            "--sub-event-type", "peaceful protest")
    ).strip()  # fmt: skip
    [row] = list_json(cli, db_path, "incidents")
    assert row["id"] == record
    assert (row["event_type"], row["sub_event_type"]) == ("Protests", "Peaceful protest")


def test_add_prints_plausibility_warnings_but_stores(cli, db_path: Path) -> None:
    result = cli(
        "--db", db_path, "add", "displacement", "--date", "2019-06-01", "--direction", "arrived",
        "--location", "Atmeh", "--individuals", "70000", "--households", "100",
        "--household-size", "5",
    )  # fmt: skip
    assert result.code == 0
    assert "warning: --household-size" in result.err and "not 70,000" in result.err
    assert revisions_in(db_path) == 1


# -- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--date", "2019-02-30"], ["--date", "not a real calendar date"]),
        (["--date", "2019-13-01"], ["--date", "not a real calendar date"]),
        (["--date", "yesterday"], ["--date", "not a date"]),
        (["--date", "2999-01-01"], ["--date", "in the future"]),
        (["--killed", "-1"], ["--killed", "negative"]),
        (["--killed", "3.5"], ["--killed", "not a whole number"]),
        (["--killed", "abc"], ["--killed", "not a whole number"]),
        (["--injured", "20000000"], ["--injured", "not plausible"]),
        (["--lat", "95", "--lon", "36"], ["--lat", "outside -90..90"]),
        (["--lat", "35", "--lon", "200"], ["--lon", "outside -180..180"]),
        (["--lat", "35"], ["--lon", "both latitude and longitude"]),
        (["--sub-event-type", "Peaceful protest"], ["--sub-event-type", "not a kind of"]),
        (["--event-type", "Earthquake"], ["--event-type", "not one of"]),
        (["--target", "spaceship"], ["--target", "not one of"]),
        (["--notes", "bell\x07"], ["--notes", "control characters"]),
        (["--location", "x" * 201], ["--location", "limit is 200"]),
        (["--colour", "red"], ["unrecognized arguments", "--colour"]),
        (["--killed"], ["--killed", "expected one argument"]),
    ],
)
def test_bad_incident_input(cli, db_path: Path, argv: list[str], words: list[str]) -> None:
    base = list(STRIKE)
    for option in argv[::2]:  # the bad value replaces the good one
        if option in base:
            at = base.index(option)
            del base[at : at + 2]
    one_line_error(cli("--db", db_path, *base, *argv), *words)
    assert revisions_in(db_path) == 0


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["add", "incident", "--date", "2019-05-14"], ["required", "--location"]),
        (
            ["add", "displacement", "--date", "2019-06-01", "--direction", "arrived",
             "--location", "Atmeh"],
            ["--individuals", "individuals or of households"],
        ),
        (
            ["add", "displacement", "--date", "2019-06-01", "--direction", "sideways",
             "--location", "Atmeh", "--individuals", "5"],
            ["--direction", "not one of"],
        ),
        (
            ["add", "displacement", "--date", "2019-06-01", "--period-end", "2019-05-01",
             "--direction", "arrived", "--location", "Atmeh", "--individuals", "5"],
            ["--period-end", "before the report date"],
        ),
        (["add", "volcano"], ["invalid choice", "volcano"]),
        (["list", "incidents", "--from", "2019-13-01"], ["--from", "not a real calendar date"]),
        (["list", "incidents", "--to", "soon"], ["--to", "not a date"]),
        (["list", "incidents", "--event-type", "Earthquake"], ["--event-type", "not one of"]),
        (["list", "incidents", "--sort", "colour"], ["--sort", "cannot sort"]),
        (["list", "incidents", "--format", "xml"], ["--format", "invalid choice"]),
        (["list", "incidents", "--limit", "-1"], ["--limit"]),
        (["show", "abc"], ["too short"]),
        (["show", "ffffffff"], ["no record"]),
        (["history", "ffffffff"], ["no record"]),
        (["edit", "ffffffff", "--killed", "1"], ["no record"]),
        (["delete", "ffffffff"], ["no record"]),
    ],
)  # fmt: skip
def test_bad_input_is_one_line(cli, db_path: Path, argv: list[str], words: list[str]) -> None:
    one_line_error(cli("--db", db_path, *argv), *words)
    assert revisions_in(db_path) == 0


def test_a_file_that_is_not_a_database(cli, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 100)
    one_line_error(cli("--db", text, "list", "incidents"), "not a fieldapp database")
    assert text.read_text() == "not a database\n" * 100


# -- edit, delete, history, show -----------------------------------------------------------


def _add(cli, db: Path, *extra: str) -> str:
    return ok(cli("--db", db, *STRIKE, *extra)).strip()


def test_edit_adds_a_revision(cli, db_path: Path) -> None:
    record = _add(cli, db_path, "--killed", "2", "--notes", "first report", "--target", "school")
    out = ok(cli("--db", db_path, "edit", record[:8], "--killed", "3", "--target", "mosque"))
    assert out.startswith(f"{record} revision ")
    row = json.loads(ok(cli("--db", db_path, "show", record, "--format", "json")))
    assert row["killed"] == 3 and row["targets"] == ["mosque"] and row["notes"] == "first report"
    assert revisions_in(db_path) == 2

    out = ok(cli("--db", db_path, "edit", record, "--killed", "3"))
    assert out.strip() == f"{record} unchanged" and revisions_in(db_path) == 2

    ok(cli("--db", db_path, "edit", record, "--clear", "notes", "--clear", "target"))
    row = json.loads(ok(cli("--db", db_path, "show", record, "--format", "json")))
    assert row["notes"] is None and row["targets"] == []
    assert revisions_in(db_path) == 3


def test_bad_edits_change_nothing(cli, db_path: Path) -> None:
    record = _add(cli, db_path)
    one_line_error(cli("--db", db_path, "edit", record, "--killed", "-5"), "--killed", "negative")
    one_line_error(cli("--db", db_path, "edit", record, "--clear", "colour"), "--clear", "colour")
    one_line_error(cli("--db", db_path, "edit", record, "--clear", "location"), "--location")
    one_line_error(cli("--db", db_path, "edit", record), "nothing to change")
    one_line_error(
        cli("--db", db_path, "edit", record, "--direction", "arrived"),
        "--direction",
        "not a field of an incident record",
    )
    one_line_error(cli("--db", db_path, "edit", record, "--lat", "35"), "--lon")
    assert revisions_in(db_path) == 1


def test_delete_and_history(cli, db_path: Path) -> None:
    record = _add(cli, db_path, "--killed", "2")
    ok(cli("--db", db_path, "edit", record, "--killed", "3", "--injured", "4"))
    out = ok(cli("--db", db_path, "delete", record[:10]))
    assert out.startswith(f"{record} deleted")
    assert list_json(cli, db_path, "incidents") == []
    one_line_error(cli("--db", db_path, "show", record), "deleted", "history")
    one_line_error(cli("--db", db_path, "delete", record), "already deleted")
    one_line_error(cli("--db", db_path, "edit", record, "--killed", "1"), "deleted")

    lines = ok(cli("--db", db_path, "history", record)).strip().splitlines()
    assert len(lines) == 3
    stamps = [line.split()[0] for line in lines]
    assert stamps == sorted(stamps)  # oldest first
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", s) for s in stamps)
    assert all("Amal (Idlib Response Network)" in line for line in lines)
    assert lines[0].endswith("created  [signed by its author]")
    assert lines[1].endswith("edited killed, injured  [signed by its author]")
    assert lines[2].endswith("deleted  [signed by its author]")

    history = json.loads(ok(cli("--db", db_path, "history", record, "--format", "json")))
    assert [h["deleted"] for h in history] == [False, False, True]
    assert history[1]["parents"] == [history[0]["revision"]]
    assert [h["seq"] for h in history] == sorted(h["seq"] for h in history)
    assert history[0]["author"].startswith("Amal (Idlib Response Network)")
    assert history[1]["data"]["killed"] == 3
    assert {h["signature"] for h in history} == {"signed"}


def test_delete_several_records_in_one_command(cli, db_path: Path) -> None:
    first, second, third = (_add(cli, db_path) for _ in range(3))
    out = ok(cli("--db", db_path, "delete", first, second[:10]))
    assert out.splitlines()[0].startswith(f"{first} deleted")
    assert out.splitlines()[1].startswith(f"{second} deleted")
    assert [r["id"] for r in list_json(cli, db_path, "incidents")] == [third]


@pytest.mark.parametrize("bad", ["ffffffff", "deleted"])
def test_delete_refuses_the_whole_command_for_one_bad_id(cli, db_path: Path, bad: str) -> None:
    first, second, gone = (_add(cli, db_path) for _ in range(3))
    ok(cli("--db", db_path, "delete", gone))
    before = revisions_in(db_path)
    missing = gone if bad == "deleted" else bad
    words = ["already deleted"] if bad == "deleted" else ["no record", bad]
    one_line_error(cli("--db", db_path, "delete", first, missing, second), *words)
    assert revisions_in(db_path) == before  # all or none: the first was not deleted either
    assert len(list_json(cli, db_path, "incidents")) == 2


@pytest.mark.parametrize(
    ("given", "admin1", "pcode", "country"),
    [
        ("Idlib", "Idleb", "SY07", "Syria"),
        ("idleb", "Idleb", "SY07", "Syria"),
        ("إدلب", "Idleb", "SY07", "Syria"),
        ("Dayr az Zawr", "Deir-ez-Zor", "SY09", "Syria"),
        ("Hatay", "Hatay", None, "Turkey"),
        ("Northern sector", "Northern sector", None, None),  # unknown: as typed
    ],
)
def test_add_fills_country_and_p_code_from_the_governorate(
    cli, db_path: Path, given: str, admin1: str, pcode: str | None, country: str | None
) -> None:
    ok(cli("--db", db_path, *STRIKE, "--admin1", given))
    [row] = list_json(cli, db_path, "incidents")
    assert (row["admin1"], row["admin1_pcode"], row["country"]) == (admin1, pcode, country)


def test_add_keeps_a_p_code_and_country_the_user_gave(cli, db_path: Path) -> None:
    ok(cli("--db", db_path, *STRIKE, "--admin1", "Idlib", "--admin1-pcode", "sy07",
           "--country", "Syrian Arab Republic"))  # fmt: skip
    [row] = list_json(cli, db_path, "incidents")
    assert (row["admin1"], row["admin1_pcode"], row["country"]) == (
        "Idleb",
        "SY07",
        "Syrian Arab Republic",
    )


def test_add_refuses_a_district_code_given_as_a_governorate_code(cli, db_path: Path) -> None:
    """Issue 16: SY0703 is not an admin-1 P-code (the register holds every governorate),
    so it is refused rather than stored beside Idleb."""
    result = cli("--db", db_path, *STRIKE, "--admin1", "Idlib", "--admin1-pcode", "SY0703")
    assert result.code == 2
    assert "--admin1-pcode: P-code SY0703 is not in the places register" in result.err
    assert revisions_in(db_path) == 0


def test_edit_to_another_governorate_moves_its_p_code(cli, db_path: Path) -> None:
    record = ok(cli("--db", db_path, *STRIKE, "--admin1", "Idlib")).strip()
    ok(cli("--db", db_path, "edit", record, "--admin1", "Aleppo"))
    [row] = list_json(cli, db_path, "incidents")
    assert (row["admin1"], row["admin1_pcode"], row["country"]) == ("Aleppo", "SY02", "Syria")


def test_a_bad_sub_event_type_is_reported_as_such(cli, db_path: Path) -> None:
    result = cli("--db", db_path, "add", "incident", "--date", "2019-05-14",
                 "--location", "Khan Shaykhun", "--sub-event-type", "Airstrike")  # fmt: skip
    line = one_line_error(
        result, "--sub-event-type: 'Airstrike' is not a sub-event type; choose one of", "Air/drone"
    )
    assert "--event-type" not in line
    assert revisions_in(db_path) == 0


def test_show_table(cli, db_path: Path) -> None:
    record = _add(cli, db_path, "--target", "school", "--notes", "ملاحظة")
    out = ok(cli("--db", db_path, "show", record))
    assert re.search(r"^\s+location  Khan Shaykhun$", out, re.MULTILINE)
    assert re.search(r"^\s+targets  school$", out, re.MULTILINE)
    assert re.search(r"^\s+notes  ملاحظة$", out, re.MULTILINE)


# -- list ----------------------------------------------------------------------------------


def test_list_json_is_keyed_by_the_design_field_names(cli, demo_db_path: Path) -> None:
    rows = list_json(cli, demo_db_path, "incidents")
    assert len(rows) == len(incidents())
    for row in rows:
        assert set(DESIGN_INCIDENT) | {"id"} <= set(row)
        assert list(row) == list(columns(INCIDENT))
        assert isinstance(row["targets"], list)
    displaced = list_json(cli, demo_db_path, "displacements")
    assert len(displaced) == len(displacements())
    for row in displaced:
        assert set(DESIGN_DISPLACEMENT) | {"id"} <= set(row)
    khan = [r for r in displaced if r["location"] == "Khan Shaykhun"]
    assert sum(r["individuals"] for r in khan) == 70_000
    assert {r["population_before"] for r in khan} == {80_000}


@pytest.mark.parametrize(
    ("flags", "flt"),
    [
        ([], Filter()),
        (["--from", "2019-05-10"], Filter(date_from="2019-05-10")),
        (["--to", "2019-05-10"], Filter(date_to="2019-05-10")),
        (["--from", "2019-05-01", "--to", "2019-05-20"], Filter("2019-05-01", "2019-05-20")),
        (["--admin1", "Aleppo"], Filter(admin1="Aleppo")),
        (["--admin1", "idlib"], Filter(admin1="Idleb")),
        (["--admin2", "Harim"], Filter(admin2="Harim")),
        (["--search", "khan shay"], Filter(search="khan shay")),
        (["--search", "مدرسة"], Filter(search="مدرسة")),
        (["--event-type", "protests"], Filter(event_type="Protests")),
        (
            ["--admin1", "Idlib", "--from", "2019-05-01", "--search", "school"],
            Filter(date_from="2019-05-01", admin1="Idleb", search="school"),
        ),
    ],
)
def test_list_filters(cli, demo_db_path: Path, flags: list[str], flt: Filter) -> None:
    rows = list_json(cli, demo_db_path, "incidents", *flags)
    with Store.open(demo_db_path) as store:
        # the CLI lists newest first, as the window does
        expected = [r["id"] for r in store.query(INCIDENT, flt, descending=True)]
        total = store.count(INCIDENT)
    assert [r["id"] for r in rows] == expected
    assert rows or flags == ["--search", "مدرسة"]  # every filter here matches something
    if flags:
        assert len(rows) < total
    for row in rows:
        if flt.date_from:
            assert row["event_date"] >= flt.date_from
        if flt.date_to:
            assert row["event_date"] <= flt.date_to
        if flt.admin1:
            assert row["admin1"].casefold() == flt.admin1.casefold()
        if flt.event_type:
            assert row["event_type"] == flt.event_type


def test_list_search_in_arabic_finds_arabic_notes(cli, demo_db_path: Path) -> None:
    rows = list_json(cli, demo_db_path, "incidents", "--search", "قصف")
    assert rows and all("قصف" in (r["notes"] or "") for r in rows)


def test_list_sort_limit_and_displacement_filters(cli, demo_db_path: Path) -> None:
    rows = list_json(cli, demo_db_path, "incidents", "--sort", "killed", "--desc", "--limit", "5")
    assert len(rows) == 5
    assert [r["killed"] for r in rows] == sorted((r["killed"] for r in rows), reverse=True)
    arrived = list_json(cli, demo_db_path, "displacements", "--admin1", "Aleppo")
    assert {r["location"] for r in arrived} == {"Azaz", "Al Bab"}
    later = list_json(cli, demo_db_path, "displacements", "--from", "2019-05-30")
    assert later and all(r["report_date"] >= "2019-05-30" for r in later)


def test_list_table(cli, demo_db_path: Path) -> None:
    out = ok(cli("--db", demo_db_path, "list", "incidents", "--admin1", "Aleppo"))
    lines = out.splitlines()
    assert lines[0].split() == [
        "id", "event_date", "sub_event_type", "location", "admin1", "killed", "injured"
    ]  # fmt: skip
    assert len(lines) == 1 + 4
    assert all("Peaceful protest" in line and "Aleppo" in line for line in lines[1:])
    out = ok(cli("--db", demo_db_path, "list", "displacements", "--format", "table"))
    assert "21,500" in out and "direction" in out.splitlines()[0]


def test_list_csv_neutralises_formulas(cli, db_path: Path) -> None:
    dangerous = {
        "--location": '=HYPERLINK("http://evil","x")',
        "--source": "@SUM(A1)",
        "--actor1": "+cmd|' /C calc'!A0",
        "--notes": "-2+3",
    }
    args = [f"{option}={value}" for option, value in dangerous.items()]  # "-2+3" needs "="
    base = [a for a in STRIKE if a not in ("--location", "Khan Shaykhun")]
    record = ok(cli("--db", db_path, *base, *args, "--lat", "-33.5", "--lon", "-70.6")).strip()
    out = ok(cli("--db", db_path, "list", "incidents", "--format", "csv"))
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == list(columns(INCIDENT))
    [row] = list(reader)
    assert row["id"] == record
    for option, value in dangerous.items():
        cell = row[option.lstrip("-")]
        assert cell.startswith("'"), cell
        assert unprotect(cell) == value
    assert row["latitude"] == "-33.5" and row["longitude"] == "-70.6"  # numbers stay numbers
    assert row["event_type"] == "Explosions/Remote violence"


def test_list_csv_of_the_demo_round_trips(cli, demo_db_path: Path) -> None:
    out = ok(cli("--db", demo_db_path, "list", "displacements", "--format", "csv"))
    rows = list(csv.DictReader(io.StringIO(out)))
    data = list_json(cli, demo_db_path, "displacements")
    assert [r["id"] for r in rows] == [r["id"] for r in data]
    assert [unprotect(r["notes"]) for r in rows] == [r["notes"] or "" for r in data]


# -- demo, version -------------------------------------------------------------------------


def test_demo_loads_into_an_empty_database_only(cli, db_path: Path) -> None:
    out = ok(cli("--db", db_path, "demo"))
    assert f"Loaded {len(incidents())} incidents and {len(displacements())}" in out
    with Store.open(db_path) as store:
        assert store.count(INCIDENT) == len(incidents())
        assert store.count(DISPLACEMENT) == len(displacements())
        killed = sum(r["killed"] or 0 for r in store.query(INCIDENT))
        assert killed == 35
    before = revisions_in(db_path)
    one_line_error(cli("--db", db_path, "demo"), "empty database")
    assert revisions_in(db_path) == before


def test_version(cli) -> None:
    assert ok(cli("--version")).strip() == f"fieldapp {__version__}"


# -- the real executables ------------------------------------------------------------------


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        FIELDAPP_PASSPHRASE=PASSPHRASE,
        XDG_DATA_HOME=str(tmp_path / "xdg"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("FIELDAPP_DB", None)
    return env


def test_console_script_and_module_run(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "fieldapp"
    assert script.exists(), "the fieldapp console script is not installed in this venv"
    env = _env(tmp_path)
    version = subprocess.run(
        [script, "--version"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert version.returncode == 0 and version.stdout.strip() == f"fieldapp {__version__}"

    db = tmp_path / "sub.db"
    init = subprocess.run(
        [sys.executable, "-m", "fieldapp", "--db", db, "init", "--name", "Amal", "--org", "IRN"],
        capture_output=True, text=True, env=env, timeout=120, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    assert FINGERPRINT.search(init.stdout)

    bad = subprocess.run(
        [script, "--db", db, *STRIKE[:2], "--date", "2019-02-30", *STRIKE[4:]],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert bad.returncode != 0
    assert "Traceback" not in bad.stderr
    assert bad.stderr.strip().count("\n") == 0 and "--date" in bad.stderr

    added = subprocess.run(
        [script, "--db", db, *STRIKE], capture_output=True, text=True, env=env, timeout=60,
        check=False,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert revisions_in(db) == 1
