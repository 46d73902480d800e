"""Tile archives in the real page: served through the fieldtiles: scheme, rows flipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldapp.ui.map_view import register_schemes

register_schemes()  # before pytest-qt creates the QApplication (collection comes first)

from PySide6.QtGui import QColor  # noqa: E402
from test_map_view import QT_NOISE, Recorder, open_view, stats  # noqa: E402
from test_mbtiles import png  # noqa: E402

from fieldapp.maps.mbtiles import MBTiles, write_archive  # noqa: E402

pytestmark = [pytest.mark.webengine, QT_NOISE]


@pytest.fixture
def requests(qapp):
    from PySide6.QtWebEngineCore import QWebEngineProfile

    recorder = Recorder()
    QWebEngineProfile.defaultProfile().setUrlRequestInterceptor(recorder)
    yield recorder
    QWebEngineProfile.defaultProfile().setUrlRequestInterceptor(None)
    assert not [u for u in recorder.urls if u.startswith(("http:", "https:"))]


def colour(z: int, x: int, y: int) -> tuple[int, int, int]:
    return (40 + z * 20, x * 3 % 256, y * 3 % 256)


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    """Every tile of zooms 4-6 a solid colour that encodes its own XYZ address."""
    tiles = {
        (z, x, y): png(colour(z, x, y), 8)
        for z in range(4, 7)
        for x in range(1 << z)
        for y in range(1 << z)
    }
    meta = {
        "name": "Colour grid",
        "format": "png",
        "minzoom": "4",
        "maxzoom": "6",
        "bounds": "-180,-85,180,85",
        "attribution": "<img src=x onerror=window.__pwned=1>Grid",
    }
    return write_archive(tmp_path / "grid.mbtiles", tiles, meta)


def test_tiles_are_served_in_the_right_rows(qtbot, db_path, archive_path, requests) -> None:
    from fieldapp.qtkit import web

    _, view = open_view(qtbot, db_path)
    handler = web.tile_handler(view.page.profile())
    handler.log.clear()
    handler.keep_log = True
    try:
        assert view.open_archive(archive_path)
        view.run_js(
            "FieldMap.state.map.setView([35, 38.5], 6, {animate: false});"
            # hide what is drawn over the tiles, to sample their colours
            "['borders', 'labels', 'points'].forEach(function (p) {"
            " FieldMap.state.map.getPane(p).style.display = 'none'; }); 1"
        )
        qtbot.waitUntil(lambda: view.run_js("FieldMap.idle()"), timeout=20_000)
        qtbot.wait(300)
        image = view.view.grab().toImage()
    finally:
        handler.keep_log = False
    s = stats(view)
    assert s["tiles"].startswith("fieldtiles:")
    served = [entry for entry in handler.log if entry[4] > 0]
    assert served, "no tile was requested"
    zooms = {entry[1] for entry in served}
    assert zooms == {6}
    with MBTiles(archive_path) as archive:
        for _key, z, x, y, size in served:
            assert size == len(archive.tile(z, x, y))
    # what Leaflet asked for is the XYZ rows around Syria (north = small y)
    ys = sorted({entry[3] for entry in served})
    assert ys[0] <= 25 <= ys[-1]  # tile row of 35 N at zoom 6 is 25 in XYZ (38 in TMS)
    # and each tile appears where it belongs: sample a 3x3 grid of screen points
    checked = 0
    for fx in (0.2, 0.5, 0.8):
        for fy in (0.2, 0.5, 0.8):
            px, py = int(image.width() * fx), int(image.height() * fy)
            tile = json.loads(
                view.run_js(
                    "var m = FieldMap.state.map;"
                    f" var p = m.containerPointToLayerPoint([{px}, {py}]).add(m.getPixelOrigin());"
                    " JSON.stringify([Math.floor(p.x / 256), Math.floor(p.y / 256)])"
                )
            )
            expected = QColor(*colour(6, *tile))
            got = image.pixelColor(px, py)
            assert (got.red(), got.green(), got.blue()) == (
                expected.red(),
                expected.green(),
                expected.blue(),
            ), f"screen {px},{py} shows the wrong tile (expected 6/{tile[0]}/{tile[1]})"
            checked += 1
    assert checked == 9
    # the attribution from the archive's metadata is shown as text
    text = view.run_js("document.querySelector('.leaflet-control-attribution').textContent")
    assert "<img src=x onerror=window.__pwned=1>Grid" not in text  # tags stripped on read
    assert "Grid" in text
    assert view.run_js("window.__pwned || 0") == 0


def test_archive_is_remembered(qtbot, db_path, archive_path, requests) -> None:
    _, view = open_view(qtbot, db_path)
    assert view.open_archive(archive_path)
    assert str(archive_path) in view.remembered_archives()
    view.close()
    _, again = open_view(qtbot, db_path)
    qtbot.waitUntil(lambda: stats(again)["tiles"] is not None, timeout=10_000)
    assert again.archive is not None and again.archive.path == archive_path
    assert again.background.currentData() == str(archive_path)
    again.close_archive()
    assert stats(again)["tiles"] is None


def test_a_bad_archive_is_refused_with_a_message(
    qtbot, db_path, tmp_path, requests, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    messages: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda parent, title, text: messages.append(text))
    )
    _, view = open_view(qtbot, db_path)
    bad = tmp_path / "photo.mbtiles"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a tile archive")
    assert view.open_archive(bad) is False
    assert messages and "not an MBTiles tile archive" in messages[0]
    assert view.archive is None
    assert stats(view)["tiles"] is None
    assert str(bad) not in view.remembered_archives()
