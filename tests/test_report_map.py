"""The map figure in the report: drawn when QtWebEngine can, a clean report when it cannot."""

from __future__ import annotations

import shutil

import pytest
from conftest import PASSPHRASE
from pypdf import PdfReader

from fieldapp.errors import FieldappError
from fieldapp.reports import generate as G
from fieldapp.store import Filter

QT_NOISE = pytest.mark.qt_log_ignore(
    "QRhiGles2", "GPUInfo not initialized", "Failed to create RHI", "Release of profile"
)


def images_and_text(path):
    reader = PdfReader(path)
    images = [img for page in reader.pages for img in page.images]
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return images, text


def test_failed_map_leaves_a_clean_report(demo_db_path, tmp_path, monkeypatch):
    import fieldapp.maps.render as render

    def broken(*args, **kwargs):
        raise FieldappError("no display for the map")

    monkeypatch.setattr(render, "render_png", broken)
    out = tmp_path / "report.pdf"
    result = G.generate(demo_db_path, out, sign=False, draw_map=True)
    assert result.map_problem == "no display for the map"
    assert not result.with_map
    images, text = images_and_text(out)
    assert images == []
    assert "Map of the records" not in text
    assert "Incidents and casualties over time" in text  # the rest is all there


def test_unexpected_map_bug_does_not_cost_the_report(demo_db_path, tmp_path, monkeypatch):
    import fieldapp.maps.render as render

    monkeypatch.setattr(render, "render_png", lambda *a, **k: 1 / 0)
    result = G.generate(demo_db_path, tmp_path / "r.pdf", sign=False, draw_map=True)
    assert result.map_problem and "ZeroDivisionError" in result.map_problem
    assert (tmp_path / "r.pdf").exists()


@pytest.mark.webengine
@QT_NOISE
def test_report_with_the_map(qapp, _template_demo_db, tmp_path):
    db = tmp_path / "demo.db"
    shutil.copy(_template_demo_db, db)
    out = tmp_path / "report.pdf"
    result = G.generate(db, out, Filter(admin1="Idlib"), passphrase=PASSPHRASE, draw_map=True)
    assert result.map_problem is None and result.with_map
    images, text = images_and_text(out)
    assert "Map of the records" in text
    assert len(images) == 1
    assert images[0].image.size == G.MAP_SIZE
