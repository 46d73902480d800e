"""What the PDF report says, read back from the PDF and checked against the database."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from conftest import PASSPHRASE, copy_database, raw_connection, run_cli
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth

from fieldapp.domain.fields import INCIDENT
from fieldapp.reports import arabic, fonts
from fieldapp.reports import labels as L
from fieldapp.reports.generate import generate
from fieldapp.reports.pdf import MARGIN_X
from fieldapp.store import Filter, Store

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    """Whitespace collapsed, so table cells read as one line of words."""
    return " ".join(text.split())


def poppler_text(path: Path, page: int | None = None) -> str:
    """pdftotext's logical-order text (it undoes the visual order), letters un-shaped and
    brackets and spaces dropped (poppler neither un-mirrors brackets nor keeps the spaces
    next to numbers)."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run([*args, str(path), "-"], capture_output=True, check=True, text=True)
    text = unicodedata.normalize("NFKC", out.stdout).translate(BIDI_CONTROLS)
    return squash(text)


def squash(text: str) -> str:
    """No brackets, no white space: poppler also moves spaces at number runs."""
    return re.sub(r"[\s()]", "", text)


def arabic_key(text: str) -> str:
    return squash(unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def demo_copy(_template_demo_db, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("content") / "demo.db"
    copy_database(_template_demo_db, path)
    return path


@pytest.fixture(scope="module")
def english(demo_copy) -> tuple[Path, object]:
    out = demo_copy.parent / "report-en.pdf"
    result = generate(demo_copy, out, lang="en", passphrase=PASSPHRASE)
    return out, result


@pytest.fixture(scope="module")
def arabic_report(demo_copy) -> tuple[Path, object]:
    out = demo_copy.parent / "report-ar.pdf"
    result = generate(demo_copy, out, lang="ar", passphrase=PASSPHRASE)
    return out, result


def sql(db: Path, query: str, *params: object) -> list[tuple]:
    conn = raw_connection(db)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def test_headline_figures_match_the_database(demo_copy, english):
    path, result = english
    ((n, killed, injured),) = sql(
        demo_copy, "SELECT count(*), sum(killed), sum(injured) FROM incidents"
    )
    ((people, households),) = sql(
        demo_copy,
        "SELECT sum(individuals), sum(households) FROM displacements WHERE direction='departed'",
    )
    first = flat(page_texts(path)[0])
    expected = f"{n:,} {killed:,} {injured:,} {people:,} {households:,}"
    assert expected in first
    assert "Incidents Killed Injured Displaced individuals Displaced households" in first
    assert result.incidents == n and result.pages == len(page_texts(path))


def test_totals_by_area_and_event_type(demo_copy, english):
    path, _ = english
    text = flat(" ".join(page_texts(path)))
    areas = sql(
        demo_copy,
        "SELECT admin1, admin2, count(*), sum(killed), sum(injured) FROM incidents"
        " GROUP BY admin1, admin2",
    )
    departed = {
        (a1, a2): (p, h)
        for a1, a2, p, h in sql(
            demo_copy,
            "SELECT admin1, admin2, sum(individuals), sum(households) FROM displacements"
            " WHERE direction='departed' GROUP BY admin1, admin2",
        )
    }
    for admin1, admin2, n, killed, injured in areas:
        people, households = departed.get((admin1, admin2), (0, 0))
        row = f"{admin1} {admin2} {n:,} {killed:,} {injured:,} {people:,} {households:,}"
        assert row in text, row
    for event_type, sub, n, killed, injured in sql(
        demo_copy,
        "SELECT event_type, sub_event_type, count(*), sum(killed), sum(injured) FROM incidents"
        " GROUP BY event_type, sub_event_type",
    ):
        assert f"{event_type} {sub} {n:,} {killed:,} {injured:,}" in text


def test_every_record_is_in_the_tables(demo_copy, english):
    path, _ = english
    text = " ".join(page_texts(path))
    dates = Counter(ISO_DATE.findall(text))
    expected = Counter(d for (d,) in sql(demo_copy, "SELECT event_date FROM incidents"))
    expected.update(d for (d,) in sql(demo_copy, "SELECT report_date FROM displacements"))
    expected.update(
        d for (d,) in sql(demo_copy, "SELECT period_end FROM displacements WHERE period_end > ''")
    )
    assert dates == expected
    flat_text = flat(text)
    for (location,) in sql(demo_copy, "SELECT DISTINCT location FROM incidents"):
        if not re.search("[\u0600-\u06ff]", location):
            assert location in flat_text
    for source, n in sql(
        demo_copy,
        "SELECT source, count(*) FROM (SELECT source FROM incidents UNION ALL"
        " SELECT source FROM displacements) GROUP BY source",
    ):
        assert f"{source} {n:,}" in flat_text


def test_title_block_and_page_numbers(english):
    path, _ = english
    pages = page_texts(path)
    first = flat(pages[0])
    assert first.startswith("Incidents and displacement report")
    assert "Period 28 April 2019 to 1 June 2019" in first
    assert "Organisation Idlib Response Network" in first
    assert "Author device Amal" in first
    for number, text in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in text
    assert "DRAFT" not in " ".join(pages)
    last = flat(pages[-1])
    assert "Digital signature" in last and "Signed by Amal (Idlib Response Network)" in last


def test_arabic_inside_the_english_report_reads_correctly(english, demo_copy):
    path, _ = english
    text = poppler_text(path)
    notes = [n for (n,) in sql(demo_copy, "SELECT notes FROM incidents WHERE notes LIKE 'قصف%'")]
    assert notes
    for note in notes:
        assert arabic_key(note) in text
    assert arabic_key("Khan Shaykhun - خان شيخون") in text


def test_arabic_report_is_arabic_and_right_to_left(arabic_report, demo_copy):
    path, result = arabic_report
    first = poppler_text(path, 1)
    assert arabic_key(L.label("ar", "title")) in first
    assert arabic_key(L.label("ar", "headline")) in first
    ((killed, injured),) = sql(demo_copy, "SELECT sum(killed), sum(injured) FROM incidents")
    assert L.number("ar", killed) in first and L.number("ar", injured) in first
    ((departed,),) = sql(
        demo_copy, "SELECT sum(individuals) FROM displacements WHERE direction = 'departed'"
    )
    assert L.number("ar", 70_000) == "٧٠٬٠٠٠"
    assert L.number("ar", departed) in first
    assert arabic_key(L.label("ar", "page", n="١", m=L.digits("ar", str(result.pages)))) in first
    # the title is drawn right-aligned: its right edge sits on the right margin
    reader = PdfReader(path)
    title = arabic.visual(L.label("ar", "title"), "R")
    found: list[float] = []

    def visitor(text, cm, tm, font, size):
        if text.strip() and arabic_key(text) == arabic_key(L.label("ar", "title")):
            found.append(tm[4] * cm[0] + cm[4])

    reader.pages[0].extract_text(visitor_text=visitor)
    assert found  # the title block (first) and the footer
    right_edge = found[0] + stringWidth(title, fonts.BOLD, 19)
    assert abs(right_edge - (A4[0] - MARGIN_X)) < 1.0
    assert "DRAFT" not in poppler_text(path)


def test_user_text_is_printed_not_interpreted(db_path, tmp_path):
    with Store.open(db_path) as store:
        store.add(
            INCIDENT,
            {
                "event_date": "2024-03-01",
                "event_type": "Protests",
                "sub_event_type": "Peaceful protest",
                "location": "Tom & Jerry <i>square</i>",
                "admin1": "Idlib",
                "source": "<script>alert(1)</script>",
                "notes": "<b>not bold</b> & <para>x</para> &amp; done",
            },
        )
    out = tmp_path / "escaped.pdf"
    result = run_cli("--db", db_path, "report", "--out", out, "--no-sign", "--no-map")
    assert result.code == 0, result.err
    text = flat(" ".join(page_texts(out)))
    assert "Tom & Jerry <i>square</i>" in text
    assert "<script>alert(1)</script>" in text
    assert "<b>not bold</b> & <para>x</para> &amp; done" in text


def test_filters_choose_the_records(demo_copy, tmp_path):
    out = tmp_path / "aleppo.pdf"
    result = run_cli(
        "--db", demo_copy, "report", "--out", out, "--admin1", "Aleppo", "--no-sign", "--no-map"
    )
    assert result.code == 0, result.err
    with Store.open(demo_copy) as store:
        flt = Filter(admin1="Aleppo")
        records = store.query(INCIDENT, flt)
        displacements = store.query("displacement", flt)
    text = " ".join(page_texts(out))
    assert Counter(ISO_DATE.findall(text)) == Counter(
        [r["event_date"] for r in records] + [r["report_date"] for r in displacements]
    )
    first = flat(page_texts(out)[0])
    assert "Area Aleppo" in first
    assert "Idlib" not in flat(text).split("Totals by event type")[0].split("Totals by area")[1]
    assert f"{len(records)} incidents" in result.out


def test_draft_is_marked_on_every_page(demo_copy, tmp_path):
    out = tmp_path / "draft.pdf"
    result = run_cli("--db", demo_copy, "report", "--out", out, "--no-sign", "--no-map")
    assert result.code == 0, result.err
    assert "UNSIGNED DRAFT" in result.out
    pages = page_texts(out)
    assert len(pages) > 1
    for text in pages:
        assert "DRAFT" in text
    assert "Not signed (draft)." in pages[-1]
    assert PdfReader(out).metadata.title.endswith("(DRAFT)")


def test_bad_arguments_are_refused(demo_copy, tmp_path):
    result = run_cli("--db", demo_copy, "report", "--out", tmp_path / "x.txt", "--no-sign")
    assert result.code != 0 and ".pdf" in result.err
    result = run_cli(
        "--db", demo_copy, "report", "--out", tmp_path / "x.pdf", "--from", "2019-13-01"
    )
    assert result.code != 0 and "--from" in result.err
    result = run_cli("--db", demo_copy, "report", "--out", tmp_path / "no" / "x.pdf", "--no-sign")
    assert result.code != 0 and "does not exist" in result.err
    result = run_cli("--db", tmp_path / "none.db", "report", "--out", tmp_path / "x.pdf")
    assert result.code != 0 and "fieldapp init" in result.err
    assert not list(tmp_path.glob("*.pdf"))


def bare(text: str) -> str:
    """Arabic compared without its vowel marks (pdftotext drops the shadda)."""
    return re.sub("[\u064b-\u0652]", "", arabic_key(text))


def _copy_twice(store: Store, n: int) -> list[str]:
    """Add an exact copy of the first `n` incidents (the same event typed in twice)."""
    from fieldapp.domain.fields import FIELDS

    copies = []
    for record in store.query(INCIDENT, limit=n):
        values = {f.name: record[f.name] for f in FIELDS[INCIDENT]}
        copies.append(store.add(INCIDENT, {k: v for k, v in values.items() if v not in (None, [])}))
    return copies


def test_first_page_warns_about_duplicates_and_conflicts_in_scope(demo_copy, english, tmp_path):
    # the demo data has none: no box
    assert not english[1].warnings
    clean = poppler_text(english[0], 1)
    assert squash(L.label("en", "warning_title")) not in clean
    db = tmp_path / "dups.db"
    copy_database(demo_copy, db)
    with Store.open(db) as store:
        _copy_twice(store, 3)
    out = tmp_path / "warned.pdf"
    result = generate(db, out, lang="en", sign=False)
    assert (result.warnings.exact, result.warnings.conflicts) == (3, 0)
    first = poppler_text(out, 1)
    assert squash(L.label("en", "warning_title")) in first
    assert (
        squash("3 pairs of records may be the same event reported twice (3 exact, 0 likely)")
        in first
    )
    assert squash(L.label("en", "warning_title")) not in poppler_text(out, 2)
    # the scope is the filter: Aleppo holds none of the copies
    result = generate(db, tmp_path / "aleppo.pdf", Filter(admin1="Aleppo"), lang="en", sign=False)
    assert not result.warnings
    assert squash(L.label("en", "warning_title")) not in poppler_text(tmp_path / "aleppo.pdf", 1)
    # Arabic: the same box in Arabic
    ar = tmp_path / "warned-ar.pdf"
    generate(db, ar, lang="ar", sign=False)
    first_ar = bare(poppler_text(ar, 1))
    assert bare(L.label("ar", "warning_title")) in first_ar
    assert bare(L.label("ar", "warn_action")) in first_ar


def test_a_conflict_in_scope_is_warned_about(tmp_path):
    from test_sync_helpers import device_factory, incident

    from fieldapp.sync.export import export_bundle
    from fieldapp.sync.merge import merge_bundle

    devices = device_factory()
    amal, basel = devices.new(tmp_path, "Amal"), devices.new(tmp_path, "Basel")
    with Store.open(amal) as store:
        record = store.add(INCIDENT, incident())
        export_bundle(store, tmp_path / "a1.zip", PASSPHRASE)
    with Store.open(basel) as store:
        merge_bundle(store, tmp_path / "a1.zip", trust_new=True)
        store.edit(record, {"killed": 7})
        export_bundle(store, tmp_path / "b1.zip", PASSPHRASE)
    with Store.open(amal) as store:
        store.edit(record, {"killed": 4})
        merge_bundle(store, tmp_path / "b1.zip", trust_new=True)
        assert store.conflicts() == [record]
    out = tmp_path / "conflict.pdf"
    result = generate(amal, out, lang="en", sign=False)
    assert result.warnings.conflicts == 1 and result.warnings.duplicates == 0
    assert squash("1 record in this report's scope has an unresolved conflict") in poppler_text(
        out, 1
    )
    cli = run_cli("--db", amal, "report", "--out", tmp_path / "cli.pdf", "--no-map", "--no-sign")
    assert cli.code == 0, cli.err
    assert "warning: 1 record in this report's scope has an unresolved conflict" in cli.err
    assert "warning" not in cli.out
    other = run_cli(
        "--db", amal, "report", "--out", tmp_path / "none.pdf", "--no-map", "--no-sign",
        "--from", "2020-01-01",
    )  # fmt: skip
    assert other.code == 0 and "warning" not in other.err


def test_arabic_report_names_governorates_in_arabic_with_the_arabic_comma(tmp_path, db_path):
    with Store.open(db_path) as store:
        store.add(
            INCIDENT,
            {
                "event_date": "2019-05-14",
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Air/drone strike",
                "country": "Syria",
                "admin1": "Deir-ez-Zor",
                "admin2": "Al Mayadin",
                "location": "Mayadin",
                "targets": ["school", "market"],
            },
        )
        store.add(
            INCIDENT,
            {
                "event_date": "2019-05-15",
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Shelling/artillery/missile attack",
                "country": "Syria",
                "admin1": "Idleb",
                "location": "Ariha",
            },
        )
    out = tmp_path / "ar.pdf"
    generate(db_path, out, Filter(admin1="Deir-ez-Zor"), lang="ar", sign=False)
    text = poppler_text(out)
    assert arabic_key("دير الزور") in text  # the area in the title block and the tables
    assert "Deir" not in text
    # targets and places are listed with the Arabic comma
    assert arabic_key("مدرسة، سوق") in text or arabic_key("سوق، مدرسة") in text
    assert "," not in text  # no Latin comma left in an Arabic list
    generate(db_path, tmp_path / "all.pdf", lang="ar", sign=False)
    everything = poppler_text(tmp_path / "all.pdf")
    assert arabic_key("إدلب") in everything and "Idleb" not in everything
    english = tmp_path / "en.pdf"
    generate(db_path, english, lang="en", sign=False)
    assert "Deir-ez-Zor" in poppler_text(english) and "market,school" in poppler_text(english)
