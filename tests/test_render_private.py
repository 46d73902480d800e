"""A map drawn to PNG writes nothing to the temporary folder: the page QtWebEngine loads is
the map without data, served from memory (the fieldapp: scheme), and the records reach it
from memory too."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from fieldapp.domain.fields import INCIDENT
from fieldapp.qtkit import render
from fieldapp.store import Store

QT_NOISE = pytest.mark.qt_log_ignore(
    "QRhiGles2", "GPUInfo not initialized", "Failed to create RHI", "Release of profile"
)
pytestmark = [pytest.mark.webengine, QT_NOISE]

PLACE = "MARKER-Tal-Hadiya-5521"


def temp_files(own: Path) -> set[Path]:
    """What the temporary folder holds, but the test's own folder (pytest makes it there)."""
    return {p for p in Path(tempfile.gettempdir()).rglob("*") if own not in (p, *p.parents)}


def test_the_page_holds_no_record_and_the_map_still_shows_them(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(db_path) as store:
        store.add(
            INCIDENT,
            {"event_date": "2019-05-14", "event_type": "Explosions/Remote violence",
             "sub_event_type": "Air/drone strike", "admin1": "Idlib", "location": PLACE,
             "latitude": 35.8, "longitude": 36.6, "killed": 2},
        )  # fmt: skip
    pages: list[str] = []
    build = render._page_html

    def spy(records, tiles_cfg, lang):  # type: ignore[no-untyped-def]
        html = build(records, tiles_cfg, lang)
        pages.append(html)
        return html

    monkeypatch.setattr(render, "_page_html", spy)
    before = temp_files(tmp_path)
    out = render.render_png(db_path, tmp_path / "map.png", None, (640, 480))
    assert temp_files(tmp_path) == before  # no page file, no image: nothing at all
    assert len(pages) == 1 and "<html" in pages[0].lower()
    i = pages[0].find(PLACE)
    assert i < 0, pages[0][max(0, i - 300) : i + 100]
    # the record was drawn all the same: the incident colour is in the image
    with Store.open(db_path) as store:
        assert store.count(INCIDENT) == 1
    pixels = Image.open(out).convert("RGB").getcolors(640 * 480) or []
    from fieldapp.maps import data as mapdata

    colour = mapdata.TYPE_COLOURS["Explosions/Remote violence"].lstrip("#")
    wanted = tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))
    assert any(rgb == wanted for _count, rgb in pixels), "the incident is not on the map"


def test_the_report_map_is_drawn_into_memory(db_path: Path, tmp_path: Path) -> None:
    """The report's map comes back as PNG bytes (the META_* texts kept) with no file made."""
    from PySide6.QtGui import QImage

    before = temp_files(tmp_path)
    png, problem = render.render_map_png(db_path, None)
    assert problem is None and png is not None and png.startswith(b"\x89PNG")
    assert temp_files(tmp_path) == before
    image = QImage.fromData(png, "PNG")
    assert (image.width(), image.height()) == render.REPORT_MAP_SIZE
    assert float(image.text(render.META_SCALE)) > 1
    sink = io.BytesIO(b"before")
    sink.seek(0, io.SEEK_END)
    drawn, problem = render.map_drawer(db_path, None)(sink)
    assert drawn is sink and problem is None
    assert sink.getvalue()[len(b"before") :] == png
