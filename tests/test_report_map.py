"""The map figure in the report: drawn when QtWebEngine can, a clean report when it cannot."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PASSPHRASE, copy_database
from pypdf import PdfReader

from fieldapp.errors import FieldappError
from fieldapp.qtkit.render import REPORT_MAP_SIZE, map_drawer
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
    import fieldapp.qtkit.render as render

    def broken(*args, **kwargs):
        raise FieldappError("no display for the map")

    monkeypatch.setattr(render, "render_png", broken)
    out = tmp_path / "report.pdf"
    result = G.generate(
        demo_db_path, out, sign=False, draw_map=render.map_drawer(demo_db_path, None)
    )
    assert result.map_problem == "no display for the map"
    assert not result.with_map
    images, text = images_and_text(out)
    assert images == []
    assert "Map of the records" not in text
    assert "Incidents and casualties over time" in text  # the rest is all there


def test_unexpected_map_bug_does_not_cost_the_report(demo_db_path, tmp_path, monkeypatch):
    import fieldapp.qtkit.render as render

    monkeypatch.setattr(render, "render_png", lambda *a, **k: 1 / 0)
    result = G.generate(
        demo_db_path, tmp_path / "r.pdf", sign=False, draw_map=render.map_drawer(demo_db_path, None)
    )
    assert result.map_problem and "ZeroDivisionError" in result.map_problem
    assert (tmp_path / "r.pdf").exists()


@pytest.mark.webengine
@QT_NOISE
def test_report_with_the_map(qapp, _template_demo_db, tmp_path):
    db = tmp_path / "demo.db"
    copy_database(_template_demo_db, db)
    out = tmp_path / "report.pdf"
    result = G.generate(
        db,
        out,
        Filter(admin1="Idlib"),
        passphrase=PASSPHRASE,
        draw_map=map_drawer(db, Filter(admin1="Idlib")),
    )
    assert result.map_problem is None and result.with_map
    images, text = images_and_text(out)
    assert "Map of the records" in text
    assert len(images) == 1
    assert images[0].image.size == REPORT_MAP_SIZE


def placed_image_widths(path) -> list[float]:
    """The printed width (pt) of every image drawn in the PDF: the current transformation
    matrix at each image's `Do`, from the pages' content streams."""
    from pypdf.generic import ContentStream

    reader = PdfReader(path)
    widths = []
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        images = {k for k, v in xobjects.items() if v.get_object()["/Subtype"] == "/Image"}
        ctm, stack = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop()
            elif op == b"cm":
                a, b, c, d, e, f = (float(x) for x in operands)
                A, B, C, D, E, F = ctm
                ctm = [
                    a * A + b * C,
                    a * B + b * D,
                    c * A + d * C,
                    c * B + d * D,
                    e * A + f * C + E,
                    e * B + f * D + F,
                ]
            elif op == b"Do" and operands[0] in images:
                widths.append((ctm[0] ** 2 + ctm[1] ** 2) ** 0.5)
    return widths


@pytest.mark.webengine
@QT_NOISE
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_printed_map_is_readable(qapp, _template_demo_db, tmp_path, monkeypatch, lang):
    """Legend text at least 7 pt at the size the figure is printed; town names drawn."""
    import json

    from PySide6.QtGui import QImage

    import fieldapp.qtkit.render as render

    db = tmp_path / "demo.db"
    copy_database(_template_demo_db, db)
    drawn: list[QImage] = []
    real = render.render_png

    def keep(*args, **kwargs):
        out = real(*args, **kwargs)
        assert not isinstance(out, str | Path), "the report's map must stay in memory"
        drawn.append(QImage.fromData(out.getvalue(), "PNG"))
        return out

    monkeypatch.setattr(render, "render_png", keep)
    out = tmp_path / "report.pdf"
    result = G.generate(
        db,
        out,
        Filter(admin1="Idlib"),
        passphrase=PASSPHRASE,
        draw_map=map_drawer(db, Filter(admin1="Idlib"), lang),
        lang=lang,
    )
    assert result.map_problem is None and result.with_map
    [image] = drawn
    images, _ = images_and_text(out)
    [printed_pt] = placed_image_widths(out)
    assert images[0].image.size == (image.width(), image.height())
    pt_per_pixel = printed_pt / image.width()
    smallest_px = float(image.text(render.META_TEXT_PX))
    assert smallest_px > 0
    assert smallest_px * pt_per_pixel >= 7.0, (smallest_px, pt_per_pixel)
    towns = json.loads(image.text(render.META_TOWNS))
    assert len(towns) >= 8
    expected = {"en": {"Saraqib", "Maarratmisrin"}, "ar": {"سراقب", "معرة مصرين"}}[lang]
    assert expected <= set(towns), towns
