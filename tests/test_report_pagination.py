"""A long report: 1,000 incidents split across pages with the table header on every page."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from conftest import copy_database
from pypdf import PdfReader

from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import Cancelled
from fieldapp.reports.generate import generate
from fieldapp.store import Store

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
HEADER = "ID Date Event Location P-code Killed Injured Source Notes"
PLACES = [
    ("Khan Shaykhun", "Maarrat An-Numan"),
    ("Ariha", "Ariha"),
    ("Saraqab", "Idlib"),
    ("Atmeh - أطمة", "Harim"),
]


def incidents(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    rows = []
    for i in range(n):
        location, admin2 = PLACES[i % len(PLACES)]
        rows.append(
            {
                "event_date": (start + dt.timedelta(days=i * 365 // n)).isoformat(),
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Shelling/artillery/missile attack",
                "admin1": "Idlib",
                "admin2": admin2,
                "location": location,
                "killed": rng.randint(0, 4),
                "injured": rng.randint(0, 12),
                "targets": ["residential"],
                "source": "Field team",
                "notes": f"Record {i + 1}: shelling hit homes"
                + (" (تقرير ميداني)" if i % 10 == 0 else "")
                + " and the road to the market." * (1 + i % 3),
            }
        )
    return rows


@pytest.fixture(scope="module")
def long_report(_template_db, tmp_path_factory):

    folder = tmp_path_factory.mktemp("long")
    db = folder / "long.db"
    copy_database(_template_db, db)
    rows = incidents(1000)
    with Store.open(db) as store:
        store.add_many(INCIDENT, rows)
    out = folder / "long.pdf"
    seen: list[tuple[int, int]] = []
    result = generate(db, out, sign=False, progress=lambda d, t: seen.append((d, t)))
    texts = [page.extract_text() for page in PdfReader(out).pages]
    return texts, result, rows, seen, db


def test_every_incident_once_and_in_order(long_report):
    texts, result, rows, _, _ = long_report
    assert result.incidents == 1000
    dates = [d for text in texts for d in ISO_DATE.findall(text)]
    assert dates == sorted(r["event_date"] for r in rows)
    joined = " ".join(" ".join(t.split()) for t in texts)
    for i in (1, 2, 500, 999, 1000):
        assert f"Record {i}:" in joined


def test_header_repeats_on_every_table_page(long_report):
    texts, _, _, _, _ = long_report
    table_pages = [" ".join(t.split()) for t in texts if ISO_DATE.search(t)]
    assert len(table_pages) > 20
    for text in table_pages:
        first_row = ISO_DATE.search(text).start()
        assert HEADER in text[:first_row], text[:300]


def test_page_n_of_m(long_report):
    texts, result, _, _, _ = long_report
    assert len(texts) == result.pages
    for number, text in enumerate(texts, start=1):
        assert f"page {number} of {result.pages}" in text
        assert "DRAFT" in text


def test_progress_is_reported_and_ends_complete(long_report):
    _, _, _, seen, _ = long_report
    assert len(seen) > 10
    done = [d for d, _ in seen]
    assert done == sorted(done)
    assert seen[-1][0] == seen[-1][1]


def test_cancel_half_way_writes_nothing(long_report, tmp_path):
    db = long_report[4]
    out = tmp_path / "cancelled.pdf"
    state = {"done": 0}

    def progress(done: int, total: int) -> None:
        state["done"] = done / total

    with pytest.raises(Cancelled):
        generate(db, out, sign=False, progress=progress, cancelled=lambda: state["done"] > 0.5)
    assert 0.5 < state["done"] < 1
    assert list(tmp_path.iterdir()) == []
