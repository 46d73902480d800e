"""What a reader gets out of a report's PDF with the standard tools: Arabic text that
`pdftotext` (and so copy and search in poppler-based viewers) gives back in logical order
with the letters as typed, every font embedded (`pdffonts`), and an id and P-code column
that trace a printed row back to its record.

Each check is paired with a control that shows it can fail: the same report drawn the way
fieldapp drew it before (reportlab's plain TrueType font, Helvetica on the canvas) is
caught by the same helper.
"""

from __future__ import annotations

import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from conftest import PASSPHRASE, copy_database
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.reports import arabic, fonts
from fieldapp.reports.generate import generate
from fieldapp.reports.listings import SHORT_ID
from fieldapp.store import Store

NOTE = "قصف على إدلب أصاب الأسواق ولا سيما السوق القديم"
# (location, admin1_pcode, admin2_pcode, admin3_pcode, the P-code the table must show)
PLACES = [
    ("إدلب", "SY07", "SY0700", "SY070000", "SY070000"),
    ("Ariha - أريحا", "SY07", "SY0703", None, "SY0703"),
    ("Saraqab", "SY07", None, None, "SY07"),
    ("Binnish", None, None, None, ""),
]
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
PCODE = re.compile(r"\bSY\d{2,}\b")


def _incident(i: int, location: str, a1: str | None, a2: str | None, a3: str | None) -> dict:
    values = {
        "event_date": f"2019-05-{10 + i:02d}",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "country": "Syria",
        # a record the places register cannot place shows no code (a known governorate
        # gets its code from the register, issue 16)
        "admin1": "Idlib" if a1 else "Beyond the register",
        "admin2": "Idlib",
        "location": location,
        "killed": i,
        "injured": 2 * i,
        "source": "Field team",
        "notes": NOTE if i % 2 == 0 else f"Shelling hit homes in {location}.",
        "admin1_pcode": a1,
        "admin2_pcode": a2,
        "admin3_pcode": a3,
    }
    return {k: v for k, v in values.items() if v is not None}


@pytest.fixture(scope="module")
def records(_template_db, tmp_path_factory) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A small database: incidents at each level of P-code, an exact duplicate (so the
    warning box is drawn), and displacement reports; the P-code each id must show."""
    db = copy_database(_template_db, tmp_path_factory.mktemp("text") / "text.db")
    expected: dict[str, str] = {}
    with Store.open(db) as store:
        for i, (location, a1, a2, a3, shown) in enumerate(PLACES):
            expected[store.add(INCIDENT, _incident(i, location, a1, a2, a3))] = shown
        expected[store.add(INCIDENT, _incident(0, *PLACES[0][:4]))] = PLACES[0][4]
        for i, (location, a1, a2, a3, shown) in enumerate(PLACES[:2]):
            values = {
                "report_date": f"2019-05-2{i}",
                "direction": "arrived",
                "admin1": "Idlib",
                "location": location,
                "individuals": 1200 + i,
                "households": 240 + i,
                "cause": "قصف",
                "admin1_pcode": a1,
                "admin2_pcode": a2,
                "admin3_pcode": a3,
            }
            rid = store.add(DISPLACEMENT, {k: v for k, v in values.items() if v is not None})
            expected[rid] = shown
    return db, expected


def tiny_png() -> bytes:
    """A 2x2 PNG, to put the map figure into a report without drawing a map."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x40\x80\xc0" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def reports(records) -> dict[str, Path]:
    """Every kind of report: signed and draft, English and Arabic, with the map figure."""
    db, _ = records
    out: dict[str, Path] = {}
    for lang in ("en", "ar"):
        out[f"{lang}-signed"] = db.parent / f"{lang}-signed.pdf"
        generate(db, out[f"{lang}-signed"], lang=lang, passphrase=PASSPHRASE, map_png=tiny_png())
        out[f"{lang}-draft"] = db.parent / f"{lang}-draft.pdf"
        generate(db, out[f"{lang}-draft"], lang=lang, sign=False)
    return out


def pdftotext(path: Path, *args: str) -> str:
    run = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return run.stdout


def pdffonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table as rows: name, type, emb."""
    run = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    lines = run.stdout.splitlines()
    assert lines[0].split()[:2] == ["name", "type"], run.stdout
    rows = []
    for line in lines[2:]:
        # the columns are fixed-width: name (37), type (18), encoding (17), then emb sub uni
        emb = line[72:].split()[0]
        rows.append({"name": line[:37].strip(), "type": line[37:55].strip(), "emb": emb})
    return rows


def not_embedded(path: Path) -> list[str]:
    return [f"{r['name']} ({r['type']})" for r in pdffonts(path) if r["emb"] != "yes"]


@pytest.mark.parametrize("args", [(), ("-layout",), ("-raw",)])
def test_arabic_report_gives_the_words_as_typed(reports, args):
    text = pdftotext(reports["ar-signed"], *args)
    for word in ("قصف", "إدلب", "الأسواق", "ولا", "أريحا"):
        assert word in text, word
    assert not PRESENTATION_FORMS.search(text), PRESENTATION_FORMS.findall(text)[:10]
    if "-raw" not in args:  # -raw keeps the drawing order of the words of a line
        assert "تقرير الحوادث والنزوح" in text  # the report's own words, in logical order


def test_the_apps_own_viewer_copies_arabic_as_typed(qapp, reports):
    """The Reports tab previews with QtPdf (PDFium, as in Chrome and Edge): its text, what
    a selection copies, has the letters as typed and the brackets the right way round
    (PDFium mirrors a bracket when it reorders a right-to-left run; poppler does not,
    see docs/reports.md)."""
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    assert doc.load(str(reports["ar-signed"])) == QPdfDocument.Error.None_
    try:
        text = "\n".join(doc.getAllText(page).text() for page in range(doc.pageCount()))
    finally:
        doc.close()
    for word in ("قصف", "إدلب", "الأسواق", "ولا", "تقرير الحوادث والنزوح"):
        assert word in text, word
    assert "(كل التواريخ)" in text  # "(All dates)", in the title block
    assert not PRESENTATION_FORMS.search(text)


def test_a_short_arabic_note_reads_in_order_on_one_line(reports):
    # "قصف على إدلب" opens the note: the first line of its cell, read right to left
    for name in ("ar-signed", "en-signed"):
        lines = pdftotext(reports[name], "-layout").splitlines()
        assert any("قصف على" in line for line in lines), name


def test_arabic_inside_the_english_report_is_extractable(reports):
    text = pdftotext(reports["en-draft"])
    assert "قصف" in text and "إدلب" in text and "أريحا" in text
    assert not PRESENTATION_FORMS.search(text)
    # English does not regress
    assert "Incidents and displacement report" in text
    assert "Shelling/artillery/missile" in text and "Field team" in text
    assert "Shelling hit homes in Binnish." in " ".join(text.split())


@pytest.mark.parametrize("name", ["en-signed", "ar-signed", "en-draft", "ar-draft"])
def test_every_font_is_embedded(reports, name):
    rows = pdffonts(reports[name])
    assert rows, "no fonts listed"
    assert not_embedded(reports[name]) == []
    assert {r["type"] for r in rows} == {"TrueType"}
    assert all("DejaVuSans" in r["name"] for r in rows)


def _draw_note(path: Path, **canvas_args: object) -> None:
    fonts.register()
    c = canvas.Canvas(str(path), **canvas_args)
    c.setFont(fonts.REGULAR, 12)
    c.drawRightString(500, 700, arabic.visual(NOTE, "R"))
    c.save()


def test_the_checks_catch_what_fieldapp_did_before(tmp_path, monkeypatch):
    """Controls: the same drawing with the report's font and first font passes; with
    reportlab's own ToUnicode map (code -> the presentation form drawn) pdftotext gives
    presentation forms, and a canvas left in its default font references Helvetica
    without embedding it. The helpers above catch both."""
    good = tmp_path / "after.pdf"
    _draw_note(good, initialFontName=fonts.REGULAR)
    assert NOTE in pdftotext(good) and not_embedded(good) == []
    monkeypatch.setattr(fonts.LogicalTextFont, "addObjects", TTFont.addObjects)
    before = tmp_path / "before.pdf"
    _draw_note(before)  # Helvetica, the reportlab default
    text = pdftotext(before)
    assert "قصف" not in text and PRESENTATION_FORMS.search(text)
    assert not_embedded(before) == ["Helvetica (Type 1)"]


def test_lam_alef_and_allah_ligatures_map_to_their_letters():
    assert fonts.letters_of(0xFEFB) == "\u0627\u0644"  # lam-alef: alef, lam (drawing order)
    assert fonts.letters_of(0xFDF2) == "الله"[::-1]
    assert fonts.letters_of(0xFE8D) == "\u0627"  # isolated alef
    assert fonts.letters_of(ord("(")) == "("


def _rows(text: str) -> dict[str, str]:
    """Table rows of a -layout text by their short record id (the row's first line)."""
    rows: dict[str, str] = {}
    for line in text.splitlines():
        for token in re.findall(r"\b[0-9a-f]{8}\b", line):
            rows[token] = line
    return rows


@pytest.mark.parametrize("name", ["en-signed", "ar-signed"])
def test_each_row_shows_its_record_id_and_most_precise_pcode(reports, records, name):
    _, expected = records
    rows = _rows(pdftotext(reports[name], "-layout"))
    assert len(expected) == 7
    for record_id, pcode in expected.items():
        short = record_id[:SHORT_ID]
        assert short in rows, (short, sorted(rows))
        shown = PCODE.findall(rows[short])
        assert shown == ([pcode] if pcode else []), (short, rows[short])


def test_id_and_pcode_headers(reports):
    first_rows = [
        line for line in pdftotext(reports["en-signed"], "-layout").splitlines() if "P-code" in line
    ]
    assert len(first_rows) == 2  # the incident table and the displacement table
    for line in first_rows:
        assert line.split()[:2] == ["ID", "Date"]
    arabic_text = pdftotext(reports["ar-draft"])
    for word in ("المعرف", "الرمز", "المكاني"):  # "الرمز المكاني" wraps in its column
        assert word in arabic_text


def test_long_codes_and_event_types_wrap_inside_their_columns():
    from fieldapp.reports.layout import CELL_PAD_X, CELL_SIZE, CODE_SIZE
    from fieldapp.reports.listings import INCIDENT_WIDTHS, code_cell, pcode, wrap_plain

    fonts.register()
    width = INCIDENT_WIDTHS[4]
    code = "UA1204005001ABCDEFGH"  # P-codes may be up to 20 characters
    lines = code_cell(code, width).split("\n")
    assert len(lines) > 1 and "".join(lines) == code
    assert all(fonts.width(line, CODE_SIZE) <= width - CELL_PAD_X for line in lines)
    event = wrap_plain("Shelling/artillery/missile attack", INCIDENT_WIDTHS[2])
    assert event.split("\n")[0] == "Shelling/artillery/"  # cut after a slash, not mid-word
    assert all(
        fonts.width(line, CELL_SIZE) <= INCIDENT_WIDTHS[2] - CELL_PAD_X
        for line in event.split("\n")
    )
    assert wrap_plain("Air/drone strike", 500) == "Air/drone strike"
    assert pcode({"admin1_pcode": "SY07", "admin2_pcode": "", "admin3_pcode": None}) == "SY07"
    assert pcode({"admin1_pcode": None, "admin2_pcode": None, "admin3_pcode": None}) == ""
