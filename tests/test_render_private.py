"""A map drawn to PNG writes nothing of the records to the temporary folder: the page file
QtWebEngine loads is the map without data, and the records reach it from memory."""

from __future__ import annotations

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


def test_the_page_file_holds_no_record_and_the_map_still_shows_them(
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
    write = render._write_page

    def spy(folder: Path, records, tiles_cfg, lang):  # type: ignore[no-untyped-def]
        path = write(folder, records, tiles_cfg, lang)
        pages.append(path.read_text(encoding="utf-8"))
        return path

    monkeypatch.setattr(render, "_write_page", spy)
    out = render.render_png(db_path, tmp_path / "map.png", None, (640, 480))
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
