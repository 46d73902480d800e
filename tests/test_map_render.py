"""`fieldapp map --png` and render_png: the map drawn offscreen to an image."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldapp.ui.map_view import register_schemes

register_schemes()  # before pytest-qt creates the QApplication

from PySide6.QtGui import QColor, QImage  # noqa: E402
from test_map_view import QT_NOISE  # noqa: E402

from fieldapp.errors import FieldappError  # noqa: E402
from fieldapp.qtkit.render import render_png  # noqa: E402
from fieldapp.store import Filter  # noqa: E402

pytestmark = [pytest.mark.webengine, QT_NOISE]

SEA = QColor("#c9dcea")  # the page's background (no tiles)
TILE_SEA = QColor("#a9cbe0")  # the generated archive's sea
EXPLOSION = QColor("#e67e22")


def count(image: QImage, colour: QColor, step: int = 2) -> int:
    target = colour.rgb() & 0xFFFFFF
    return sum(
        1
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        if image.pixel(x, y) & 0xFFFFFF == target
    )


def test_png_of_the_demo_data(qapp, demo_db_path: Path, tmp_path: Path, cli) -> None:
    out = tmp_path / "map.png"
    result = cli("--db", demo_db_path, "map", "--png", out, "--size", "800x600")
    assert result.code == 0, result.err
    image = QImage(str(out))
    assert (image.width(), image.height()) == (800, 600)
    assert count(image, SEA) > 1000  # the Mediterranean, drawn with no tiles
    assert count(image, EXPLOSION, 1) > 20  # incident markers painted
    assert count(image, TILE_SEA) == 0


def test_png_over_a_tile_archive(qapp, demo_db_path: Path, tmp_path: Path) -> None:
    from fieldapp.qtkit.tilegen import make_archive

    tiles = make_archive(tmp_path / "syria.mbtiles", zooms=range(6, 9))
    out = render_png(
        demo_db_path, tmp_path / "tiles.png", Filter(admin1="Idlib"), (640, 480), tiles=tiles
    )
    image = QImage(str(out))
    assert (image.width(), image.height()) == (640, 480)
    land = QColor("#d8e4c0")  # Syria in the generated tiles
    assert count(image, land) > 1000
    assert count(image, EXPLOSION, 1) > 20


def test_render_failures_are_fieldapp_errors(qapp, demo_db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.mbtiles"
    bad.write_text("not tiles")
    with pytest.raises(FieldappError, match="not an MBTiles"):
        render_png(demo_db_path, tmp_path / "x.png", tiles=bad)
    with pytest.raises(FieldappError, match="no database"):
        render_png(tmp_path / "missing.db", tmp_path / "x.png")
    with pytest.raises(FieldappError, match="out of range"):
        render_png(demo_db_path, tmp_path / "x.png", size=(10, 10))
    with pytest.raises(FieldappError, match=r"cannot write .*No such file or directory"):
        render_png(demo_db_path, tmp_path / "no" / "such" / "dir" / "x.png", size=(200, 200))
    assert not (tmp_path / "x.png").exists()


def test_render_from_a_worker_thread_is_refused(qapp, demo_db_path: Path, tmp_path: Path) -> None:
    import threading

    errors: list[Exception] = []

    def work() -> None:
        try:
            render_png(demo_db_path, tmp_path / "x.png", size=(200, 200))
        except Exception as exc:
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert len(errors) == 1 and isinstance(errors[0], FieldappError)
    assert "main thread" in str(errors[0])


def test_map_image_labels_follow_the_report_language() -> None:
    """An Arabic report's map figure: Arabic legend, right to left, Arabic-Indic digits."""
    from fieldapp.qtkit.render import page_language

    assert page_language("en") == (None, None)
    texts, locale = page_language("ar")
    assert texts is not None and locale is not None
    assert locale["dir"] == "rtl" and locale["digits"] == "٠١٢٣٤٥٦٧٨٩"
    assert texts["Incidents"] != "Incidents"
    assert any("\u0600" <= ch <= "\u06ff" for ch in texts["Incidents"])
    assert any("\u0600" <= ch <= "\u06ff" for ch in texts["Air/drone strike"])
    assert any("\u0600" <= ch <= "\u06ff" for ch in texts["departed"])
