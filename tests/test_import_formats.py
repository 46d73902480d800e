"""What `fieldapp.ops.imports` reads: CSV in its encodings and delimiters, XLSX (sheets,
typed cells, formulas kept as text), and the files refused before anything is written (an
unknown encoding, a file that is not what its name says, a huge sheet, a zip bomb)."""

from __future__ import annotations

import codecs
import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import FieldappError
from fieldapp.interchange import readers
from fieldapp.ops import imports
from fieldapp.store import Store

ROWS = [
    ["Date", "Sub-event type", "Location", "Admin 1 (governorate)", "Killed", "Notes"],
    ["2019-05-14", "Air/drone strike", "خان شيخون", "إدلب", "3", "قصف على المدرسة"],
    ["2019-05-15", "Shelling/artillery/missile attack", "سراقب", "Idlib", "0", ""],
]


def csv_text(delimiter: str = ",") -> str:
    return "\r\n".join(delimiter.join(row) for row in ROWS) + "\r\n"


def refused(path: Path, code: str, sheet: str | None = None) -> FieldappError:
    with pytest.raises(FieldappError) as caught:
        imports.inspect(path, sheet)
    assert caught.value.code == code, str(caught.value)
    return caught.value


def imported_locations(store: Store, path: Path, sheet: str | None = None) -> list[str]:
    mapping = imports.suggest_mapping(store, imports.inspect(path, sheet))
    imports.run(store, path, mapping, sheet)
    return sorted(r["location"] for r in store.query(INCIDENT))


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("cp1256", b""),
    ],
)
def test_csv_encodings(store: Store, tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "arabic.csv"
    path.write_bytes(prefix + csv_text().encode(encoding))
    assert imported_locations(store, path) == ["خان شيخون", "سراقب"]
    first = store.query(INCIDENT, order_by="event_date")[0]
    assert first["notes"] == "قصف على المدرسة" and first["admin1"] == "Idleb"


def test_an_encoding_that_cannot_be_told_is_refused(store: Store, tmp_path: Path) -> None:
    """Latin-1 bytes are not UTF-8, and cp1256 would read them as Arabic letters mixed with
    accented Latin: neither is certain, so the user is told to save the file as UTF-8."""
    path = tmp_path / "latin.csv"
    path.write_bytes("Date,Location\n2019-05-14,Tr\xe8s-Saint-\xc9tienne\n".encode("latin-1"))
    error = refused(path, "import.unknown_encoding")
    assert "save it as UTF-8" in str(error)


def test_utf16_without_its_bom_is_an_unknown_encoding_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes(csv_text().encode("utf-16-le"))
    refused(path, "import.unknown_encoding")


def test_a_stray_control_character_is_refused_in_its_row(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "stray.csv"
    path.write_text(csv_text().replace("قصف على المدرسة", "قصف\x0cعلى"), encoding="utf-8")
    preview = imports.preview(store, path, imports.suggest_mapping(store, imports.inspect(path)))
    assert [r.status for r in preview.rows] == ["invalid", "new"]
    assert preview.rows[0].messages[0].startswith("notes: ")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters_are_sniffed(store: Store, tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "table.csv"
    path.write_text(csv_text(delimiter), encoding="utf-8")
    assert imports.inspect(path).headers == tuple(ROWS[0])
    assert len(imported_locations(store, path)) == 2


def test_files_that_are_not_what_their_name_says(tmp_path: Path) -> None:
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    refused(binary, "import.csv_is_binary")
    workbook = tmp_path / "book.csv"
    _xlsx(workbook.with_suffix(".xlsx"), {"Sheet": ROWS})
    workbook.write_bytes(workbook.with_suffix(".xlsx").read_bytes())
    refused(workbook, "import.csv_is_zip")
    fake = tmp_path / "fake.xlsx"
    fake.write_text(csv_text(), encoding="utf-8")
    refused(fake, "import.not_xlsx")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    refused(broken, "import.not_xlsx")
    refused(tmp_path / "notes.docx", "import.no_file")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    refused(tmp_path / "notes.docx", "import.unknown_format")


def test_a_file_that_cannot_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.csv"
    path.write_text(csv_text(), encoding="utf-8")

    def locked(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", locked)
    error = refused(path, "import.cannot_read")
    assert "locked.csv cannot be read (Permission denied)" in str(error)


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def test_xlsx_sheets_typed_cells_and_formulas_as_text(store: Store, tmp_path: Path) -> None:
    incidents = [
        ["Date", "Sub-event type", "Location", "Killed", "Injured", "Notes"],
        [dt.datetime(2019, 5, 14), "Air/drone strike", "Saraqib", 3, 2.0, '=HYPERLINK("x")'],
        [dt.date(2019, 5, 15), "Air/drone strike", "Ariha", "=1+1", None, "formula count"],
    ]
    displacement = [
        ["Date", "Direction", "Location", "Individuals"],
        ["2019-06-01", "departed", "Khan Shaykhun", 70000],
    ]
    path = _xlsx(tmp_path / "book.xlsx", {"incidents": incidents, "moves": displacement})
    found = imports.inspect(path)
    assert found.sheets == ("incidents", "moves") and found.sheet == "incidents"
    preview = imports.preview(store, path, imports.suggest_mapping(store, found))
    first, second = preview.rows
    assert first.values["event_date"] == "2019-05-14" and first.values["injured"] == 2
    assert first.values["notes"] == '=HYPERLINK("x")'  # the formula's text, not its value
    assert second.status == "invalid"
    assert second.messages == ("killed: '=1+1' is not a whole number",)
    moves = imports.inspect(path, "moves")
    mapping = imports.suggest_mapping(store, moves)
    assert mapping.kind == DISPLACEMENT
    done = imports.run(store, path, mapping, "moves")
    assert store.get(done.created[0])["individuals"] == 70000  # type: ignore[index]
    refused(path, "import.no_sheet", "Sheet9")


def test_a_title_above_the_table_is_not_its_header(store: Store, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "titled.xlsx", {"May": [["Incidents, May 2019"], [], *ROWS]})
    found = imports.inspect(path)
    assert found.headers == tuple(ROWS[0]) and found.rows == 2
    preview = imports.preview(store, path, imports.suggest_mapping(store, found))
    assert [r.row for r in preview.rows] == [4, 5]  # as the spreadsheet numbers them


def test_the_rejected_rows_of_an_xlsx_go_to_an_xlsx(store: Store, tmp_path: Path) -> None:
    rows = [
        ["Date", "Sub-event type", "Location", "Killed"],
        ["2019-05-14", "Air/drone strike", "Saraqib", 1],
        ["2019-05-14", "Air/drone strike", "Ariha", "=A1*2"],
    ]
    path = _xlsx(tmp_path / "in.xlsx", {"Sheet1": rows})
    rejected = tmp_path / "rejected.xlsx"
    mapping = imports.suggest_mapping(store, imports.inspect(path))
    done = imports.run(store, path, mapping, mode="valid", rejected_to=rejected)
    assert len(done.created) == 1 and done.rejected == 1
    back = openpyxl.load_workbook(rejected)
    cells = [[c.value for c in row] for row in back.active.iter_rows()]
    assert cells[0] == [*rows[0], "errors"]
    assert cells[1][:4] == rows[2] and "not a whole number" in cells[1][4]
    assert back.active["D2"].data_type == "s"  # written back as text, not as a formula


def test_limits_refuse_a_huge_sheet(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "table.csv"
    path.write_text(csv_text(), encoding="utf-8")
    book = _xlsx(tmp_path / "book.xlsx", {"Sheet1": ROWS})
    monkeypatch.setattr(readers, "MAX_ROWS", 2)
    error = refused(path, "import.too_many_rows")
    assert "more than 2 rows" in str(error)
    refused(book, "import.too_many_rows")
    monkeypatch.setattr(readers, "MAX_ROWS", 100)
    monkeypatch.setattr(readers, "MAX_COLUMNS", 5)
    refused(path, "import.too_many_columns")
    monkeypatch.setattr(readers, "MAX_COLUMNS", 100)
    monkeypatch.setattr(readers, "MAX_CELL", 25)
    error = refused(path, "import.cell_too_long")
    assert "row 3: a cell of 33 characters" in str(error)
    monkeypatch.setattr(readers, "MAX_CELL", 1000)
    monkeypatch.setattr(readers, "MAX_BYTES", 50)
    refused(path, "import.too_big")


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (4 << 20))
    error = refused(path, "import.zip_bomb")
    assert "xl/worksheets/sheet1.xml" in str(error)


def test_a_refused_file_writes_nothing(store: Store, tmp_path: Path) -> None:
    before = list(store.db.iterdump())
    path = tmp_path / "latin.csv"
    path.write_bytes("Date,Location\n2019-05-14,Caf\xe9\n".encode("latin-1"))
    mapping = imports.Mapping(INCIDENT, {"Date": "event_date", "Location": "location"})
    with pytest.raises(FieldappError):
        imports.run(store, path, mapping, mode="valid")
    assert list(store.db.iterdump()) == before


def test_the_command_line_names_the_sheets_it_did_not_read(db_path: Path, tmp_path: Path) -> None:
    from conftest import run_cli

    book = openpyxl.Workbook()
    first = book.active
    first.title = "May"
    first.append(["event_date", "event_type", "sub_event_type", "location"])
    first.append(["2019-05-14", "Battles", "Armed clash", "Ariha"])
    book.create_sheet("June").append(["event_date", "location"])
    book.save(tmp_path / "two.xlsx")
    done = run_cli("--db", db_path, "import", tmp_path / "two.xlsx")
    assert done.code == 0, done.err
    assert "reading the sheet 'May'; the workbook also has 'June'" in done.err
    chosen = run_cli("--db", db_path, "import", tmp_path / "two.xlsx", "--sheet", "May")
    assert "also has" not in chosen.err and "imported before" in chosen.out
