"""Issue 16's observations, each as a person meets it at the command line.

The demo database is the one the issue was measured on (`fieldapp demo`: north-west Syria,
44 incidents in Idlib governorate then). Loading an official COD-AB and the levels below
admin 1 are tested in tests/test_places_cli.py; the base map's codes in
tests/test_basemap_pcodes.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli_records import STRIKE  # an air strike in Khan Shaykhun, as `fieldapp add` takes it


def _rows(cli, db: Path, what: str, *flags: str) -> list[dict]:
    result = cli("--db", db, "list", what, "--format", "json", *flags)
    assert result.code == 0, result.err
    return json.loads(result.out)


def _refused(result, *parts: str) -> str:
    assert result.code == 2, result.out
    line = result.err.strip()
    for part in parts:
        assert part in line, line
    return line


def test_a_code_of_another_governorate_is_refused_naming_both(cli, db_path: Path) -> None:
    """Observation 1: `--admin1 Idlib --admin1-pcode SY13` was accepted (SY13 is As-Sweida)."""
    result = cli("--db", db_path, *STRIKE, "--admin1", "Idlib", "--admin1-pcode", "SY13")
    _refused(result, "--admin1-pcode", "SY13 is As-Sweida", "Idleb (SY07)")
    assert _rows(cli, db_path, "incidents") == []


def test_a_malformed_code_is_refused(cli, db_path: Path) -> None:
    """Observation 1: `--admin1-pcode not-a-pcode` was accepted."""
    result = cli("--db", db_path, *STRIKE, "--admin1-pcode", "not-a-pcode")
    _refused(result, "--admin1-pcode", "'not-a-pcode' is not a P-code")
    assert _rows(cli, db_path, "incidents") == []


def test_coordinates_in_paris_for_idlib_warn(cli, db_path: Path) -> None:
    """Observation 1: Idlib with coordinates in Paris was accepted silently. It is saved
    (a point may be approximate) but the person is told, naming the unit and the distance."""
    result = cli("--db", db_path, *STRIKE, "--admin1", "Idlib", "--lat", "48.8566",
                 "--lon", "2.3522")  # fmt: skip
    assert result.code == 0, result.err
    assert "warning: --lat:" in result.err and "km outside Idleb (SY07)" in result.err
    [row] = _rows(cli, db_path, "incidents")
    assert (row["admin1"], row["admin1_pcode"]) == ("Idleb", "SY07")


def test_the_command_line_fills_the_code_from_the_name(cli, db_path: Path) -> None:
    """Observation 2: only the window's map click ever filled a code, never the CLI."""
    result = cli("--db", db_path, *STRIKE, "--admin1", "إدلب")
    assert result.code == 0, result.err
    [row] = _rows(cli, db_path, "incidents")
    assert (row["admin1"], row["admin1_pcode"], row["country"]) == ("Idleb", "SY07", "Syria")


@pytest.mark.parametrize("typed", ["SY07", "Idleb", "إدلب", "Idlib", "idleb", "sy07"])
def test_every_spelling_and_the_code_list_the_same_records(
    cli, demo_db_path: Path, typed: str
) -> None:
    """Observations 3 and 4: `--admin1 SY07` found 0 records where `--admin1 Idlib` found
    44, and `--admin1 Idleb` (OCHA's spelling) found 0."""
    expected = [r["id"] for r in _rows(cli, demo_db_path, "incidents", "--admin1", "Idlib")]
    assert len(expected) >= 40
    found = [r["id"] for r in _rows(cli, demo_db_path, "incidents", "--admin1", typed)]
    assert found == expected
    everything = _rows(cli, demo_db_path, "incidents")
    assert sorted(found) == sorted(r["id"] for r in everything if r["admin1_pcode"] == "SY07")


def test_demo_records_carry_their_governorate_code(cli, demo_db_path: Path) -> None:
    """Observation 2: the demo's records had no codes below admin 1 (admin 2 and 3 need the
    COD-AB, tests/test_places_cli.py); every one now has its admin-1 code."""
    for what in ("incidents", "displacements"):
        rows = _rows(cli, demo_db_path, what)
        assert rows and all(r["admin1_pcode"] and r["admin1_pcode"].startswith("SY") for r in rows)


def test_displacement_origin_and_destination_get_codes(cli, db_path: Path) -> None:
    """Observation 5: displacement had no origin or destination P-code."""
    result = cli("--db", db_path, "add", "displacement", "--date", "2019-05-20",
                 "--direction", "arrived", "--location", "Afrin", "--admin1", "Aleppo",
                 "--origin-location", "Khan Shaykhun", "--origin-admin1", "Idlib",
                 "--individuals", "300")  # fmt: skip
    assert result.code == 0, result.err
    [row] = _rows(cli, db_path, "displacements")
    assert (row["origin_admin1"], row["origin_admin1_pcode"]) == ("Idleb", "SY07")
    wrong = cli("--db", db_path, "add", "displacement", "--date", "2019-05-20",
                "--direction", "departed", "--location", "Afrin",
                "--destination-admin1", "Idlib", "--destination-admin1-pcode", "SY13",
                "--individuals", "30")  # fmt: skip
    _refused(wrong, "--destination-admin1-pcode", "SY13 is As-Sweida")
