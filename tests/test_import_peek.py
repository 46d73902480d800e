"""`fieldapp import` of a large file reads it once: the command looks at its first rows
(interchange.readers.peek) and the second process reads it whole. A peek must agree with
a full read on everything it shows, count the rest closely, and leave nothing behind when
the rest is where the file goes wrong."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import FieldappError
from fieldapp.interchange import readers
from fieldapp.ops import imports
from fieldapp.store import Store

HEADER = "event_id_cnty,event_date,event_type,sub_event_type,location,fatalities,notes\n"


def row(n: int, notes: str = "") -> str:
    return f"SYR{n},{n % 28 + 1} May 2019,Battles,Armed clash,Place {n},{n % 3},{notes}\n"


def acled(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def test_a_peek_shows_what_a_full_read_shows_and_counts_the_rest(tmp_path: Path) -> None:
    path = acled(tmp_path / "a.csv", [row(n) for n in range(300)])
    whole, peeked = readers.read(path), readers.peek(path)
    assert whole.complete and not peeked.complete
    assert (peeked.headers, peeked.tags, peeked.sha256) == (whole.headers, whole.tags, whole.sha256)
    assert peeked.rows == whole.rows[: len(peeked.rows)] and len(peeked.rows) < 300
    assert (peeked.row_count(), whole.row_count()) == (300, 300)
    shown = imports.inspect(path, peek=True)
    assert shown.rows == 300 and shown.sample == imports.inspect(path).sample


def test_a_small_file_is_read_whole_by_a_peek(tmp_path: Path) -> None:
    path = acled(tmp_path / "a.csv", [row(n) for n in range(10)])
    assert readers.peek(path) == readers.read(path)


def test_a_line_break_inside_a_cell_counts_at_most_one_row_too_many(tmp_path: Path) -> None:
    rows = [row(n, '"two\nlines"' if n % 50 == 0 else "") for n in range(300)]
    path = acled(tmp_path / "a.csv", rows)
    assert 300 <= readers.peek(path).row_count() <= 306
    assert readers.read(path).row_count() == 300


def test_an_xlsx_is_counted_from_its_dimension(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    for n in range(200):
        sheet.append(row(n).strip().split(","))
    book.save(tmp_path / "a.xlsx")
    peeked = readers.peek(tmp_path / "a.xlsx")
    assert not peeked.complete and peeked.row_count() == 200
    assert peeked.rows == readers.read(tmp_path / "a.xlsx").rows[: len(peeked.rows)]


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDAPP_PARALLEL_IMPORT_MIN", "1")


@pytest.mark.usefixtures("parallel")
def test_a_bad_row_beyond_the_peek_is_refused_and_nothing_is_written(
    store: Store, tmp_path: Path, cli
) -> None:
    rows = [row(n) for n in range(400)]
    rows[350] = rows[350].replace("May 2019", "Mai 2019")
    path = acled(tmp_path / "a.csv", rows)
    before = list(store.db.iterdump())
    done = cli("--db", store.path, "import", str(path))
    assert done.code == 2 and "row 352: event_date" in done.err, done.err
    assert list(store.db.iterdump()) == before
    rejected = tmp_path / "rejected.csv"
    done = cli("--db", store.path, "import", str(path), "--valid-only", "--rejected", rejected)
    assert done.code == 0, done.err
    assert store.count(INCIDENT) == 399
    lines = rejected.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("SYR350,15 Mai 2019,")  # copied from the file


def test_a_file_changed_before_its_rejected_rows_are_copied_is_refused(tmp_path: Path) -> None:
    path = acled(tmp_path / "a.csv", [row(n) for n in range(300)])
    peeked = readers.peek(path)
    acled(path, [row(n) for n in range(301)])
    with pytest.raises(FieldappError) as caught:
        imports._read_again(peeked)
    assert caught.value.code == "import.worker_failed"
    assert "changed" in str(caught.value)


def test_a_cell_too_long_beyond_the_peek_is_refused_by_the_second_process(
    store: Store, tmp_path: Path, parallel: None
) -> None:
    rows = [row(n) for n in range(300)]
    rows[250] = row(250, "x" * (readers.MAX_CELL + 1))
    path = acled(tmp_path / "a.csv", rows)
    assert not readers.peek(path).complete  # the peek saw nothing wrong
    mapping = imports.suggest_mapping(store, imports.inspect(path, peek=True))
    before = list(store.db.iterdump())
    with pytest.raises(FieldappError) as caught:
        imports.run(store, path, mapping)
    assert caught.value.code == "import.cell_too_long", caught.value
    assert list(store.db.iterdump()) == before
