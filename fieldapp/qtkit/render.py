"""The map as a PNG, rendered offscreen by QtWebEngine (the CLI and the PDF report use it).

This is the one module below fieldapp/ui that touches QtWidgets, and only when
`render_png` draws: grabbing a rendered web page needs a QWebEngineView. Importing it
costs nothing; calling it needs (and creates, if none exists) a QApplication.

A render can be cancelled (`cancelled`, fieldapp.progress.CancelFlag): the flag is asked
at every poll of the waits for the page, so Cancel stops it within a few tens of ms.

Nothing is written but the file asked for: the page is served from memory (fieldapp.qtkit.web)
and holds no record (they are handed to it from memory), and the report's map goes into a
stream (render_map_png: PNG bytes).
"""

from __future__ import annotations

import io
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from fieldapp import diskfull
from fieldapp.errors import Cancelled, FieldappError
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, check
from fieldapp.store import Store
from fieldapp.store.query import Filter

if TYPE_CHECKING:
    from fieldapp.maps.mbtiles import MBTiles

log = logging.getLogger(__name__)

DEFAULT_SIZE = (1200, 800)
LOAD_TIMEOUT_S = 60.0
# A map image is laid out as a page this many CSS pixels wide (at most) and enlarged to the
# image's size, so its text grows with the image: the report prints its 1,600-pixel map
# 178 mm wide, where 12 px text drawn 1:1 would be 3.8 pt; enlarged 2.2 times it is 8.4 pt.
IMAGE_CSS_WIDTH = 720
# What render_png writes into the PNG's text chunks (what the image shows, for checks).
META_TEXT_PX = "fieldapp:smallest-legend-text-px"
META_TOWNS = "fieldapp:town-names"
META_SCALE = "fieldapp:scale"


class MapRenderError(FieldappError):
    """The map could not be drawn (no QtWebEngine, no display, a broken page)."""


def prepare_environment() -> None:
    """Settings QtWebEngine needs before the application object exists."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --no-sandbox").strip()


def ensure_application() -> Any:
    """The running QApplication, or a new offscreen one (schemes registered first)."""
    try:
        from PySide6.QtWidgets import QApplication

        from fieldapp.qtkit import web
    except ImportError as exc:  # pragma: no cover - packaging problem
        raise MapRenderError(Message("render.unavailable", text=str(exc))) from exc
    app = QApplication.instance()
    if app is None:
        prepare_environment()
        web.register_schemes()
        app = QApplication(sys.argv[:1] or ["fieldapp"])
    elif not isinstance(app, QApplication):
        raise MapRenderError(Message("render.needs_widgets"))
    from PySide6.QtCore import QThread

    if QThread.currentThread() is not app.thread():
        # QtWebEngine lives on the GUI thread; from a worker it would abort the process
        raise MapRenderError(Message("render.main_thread"))
    return app


def wait_until(
    predicate: Callable[[], bool],
    timeout: float,
    what: str,
    cancelled: CancelFlag | None = None,
) -> None:
    """Run the Qt event loop until predicate() is true (MapRenderError on time-out).

    A QEventLoop with a slow polling timer rather than a busy processEvents() loop, so
    the wait costs no CPU. `cancelled` is asked at every poll (every 20 ms): Cancelled.
    What the predicate raises is raised here (from a timer's slot Qt would only print it).
    """
    from PySide6.QtCore import QEventLoop, QTimer

    check(cancelled)
    if predicate():
        return
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)
    state: dict[str, Any] = {"timed_out": False, "busy": False, "error": None}

    def poll() -> None:
        if state["busy"]:  # a predicate that runs its own event loop re-enters here
            return
        state["busy"] = True
        try:
            check(cancelled)
            done = predicate()
        except Exception as exc:  # raised again below, outside the loop
            state["error"] = exc
            loop.quit()
            return
        finally:
            state["busy"] = False
        if done:
            loop.quit()
        elif time.monotonic() > deadline:
            state["timed_out"] = True
            loop.quit()

    timer.timeout.connect(poll)
    timer.start()
    loop.exec()
    timer.stop()
    if state["error"] is not None:
        raise state["error"]
    if state["timed_out"]:
        raise MapRenderError(Message("render.timeout", text=what, number=f"{timeout:.0f}"))


def run_js(
    page: Any, script: str, timeout: float = 30.0, cancelled: CancelFlag | None = None
) -> Any:
    """Run JavaScript in the page and wait for its result (or for `cancelled`: Cancelled)."""
    from PySide6.QtCore import QEventLoop, QTimer

    box: dict[str, Any] = {}
    loop = QEventLoop()

    def done(result: Any) -> None:
        box["r"] = result
        loop.quit()

    def poll() -> None:
        try:
            check(cancelled)
        except Cancelled as exc:  # raised again below, outside the loop
            box["cancelled"] = exc
            loop.quit()

    page.runJavaScript(script, 0, done)
    if "r" not in box:
        QTimer.singleShot(int(timeout * 1000), loop.quit)
        watch = None
        if cancelled is not None:
            watch = QTimer()
            watch.timeout.connect(poll)
            watch.start(20)
        loop.exec()
        if watch is not None:
            watch.stop()
    if "r" not in box:
        if "cancelled" in box:
            raise box["cancelled"]
        raise MapRenderError(Message("render.script_timeout", number=f"{timeout:.0f}"))
    return box["r"]


# The locale each language's map is written in: the interface's (fieldapp.ui.i18n.LOCALES),
# so digits and number formats match what the same user sees in the app.
LOCALE_NAMES = {"ar": "ar_SY", "en": "en_GB"}


def page_language(lang: str) -> tuple[dict[str, str] | None, dict[str, str] | None]:
    """The page's labels and locale for a map image in `lang`; English needs neither.

    Read from the same Qt catalogue as the interface (a QTranslator used directly, not
    installed: a command-line report must not change the process's language).
    """
    if lang == "en":
        return None, None
    from PySide6.QtCore import QLocale, Qt, QTranslator

    from fieldapp.maps.page import texts
    from fieldapp.paths import resource

    translator = QTranslator()
    if not translator.load(str(resource("translations", f"fieldapp_{lang}.qm"))):
        raise MapRenderError(Message("render.no_labels", value=repr(lang)))
    locale = QLocale(LOCALE_NAMES.get(lang, lang))
    zero = ord(locale.zeroDigit())
    page_locale = {
        "lang": lang,
        "dir": "rtl" if locale.textDirection() == Qt.LayoutDirection.RightToLeft else "ltr",
        "locale": locale.bcp47Name(),
        "digits": "".join(chr(zero + i) for i in range(10)),
    }
    return texts(lambda context, text: translator.translate(context, text) or text), page_locale


def image_scale(width: int) -> float:
    """How much a map image of `width` pixels enlarges its page (1 up to IMAGE_CSS_WIDTH)."""
    return max(1.0, width / IMAGE_CSS_WIDTH)


# The smallest text of the legend, scale and attribution (CSS px times the device pixel
# ratio: pixels of the image), and the town names drawn.
_MEASURE_JS = """
(function () {
  var smallest = null;
  var nodes = document.querySelectorAll(
    '.fm-legend, .fm-legend *, .leaflet-control-attribution, .leaflet-control-attribution *,'
    + ' .leaflet-control-scale-line');
  nodes.forEach(function (node) {
    var own = Array.prototype.some.call(node.childNodes, function (c) {
      return c.nodeType === 3 && c.textContent.trim();
    });
    if (!own || !node.offsetWidth) return;
    var px = parseFloat(getComputedStyle(node).fontSize) * (window.devicePixelRatio || 1);
    if (smallest === null || px < smallest) smallest = px;
  });
  return JSON.stringify({text_px: smallest, towns: FieldMap.stats().towns});
})()
"""


def render_png(
    store_or_db_path: Store | str | Path,
    out_path: str | Path | IO[bytes],
    flt: Filter | None = None,
    size: tuple[int, int] = DEFAULT_SIZE,
    tiles: str | Path | None = None,
    lang: str = "en",
    cancelled: CancelFlag | None = None,
) -> Path:
    """Draw the records matching `flt` on the offline map and save a PNG: to the file
    `out_path` (the user's), or into a binary stream (io.BytesIO: the report's map, which
    never touches the disk). Returns `out_path`.

    `lang` puts the legend, scale, attribution and town names in that language and
    direction (the PDF report passes its own), from the app's translation catalogue. The
    page is enlarged with the image (image_scale) so its text stays readable when a large
    image is printed small; the PNG carries the smallest legend text in pixels and the
    town names drawn (META_* text chunks).

    `cancelled` is asked before the records are read, while the page loads and draws
    (every 20 ms), and before the image is grabbed and written: a cancelled render raises
    Cancelled and writes no file.

    The page is served from memory (fieldapp.qtkit.web's fieldapp: scheme) and holds no
    record: they reach it from memory once it has started. Nothing is written to the
    temporary folder.

    Raises FieldappError (MapRenderError, or TileArchiveError for a bad archive) so that a
    caller such as the PDF report can fall back to no map.
    """
    from fieldapp.maps.mbtiles import MBTiles

    width, height = size
    if not (100 <= width <= 8000 and 100 <= height <= 8000):
        raise MapRenderError(Message("render.size_range", text=f"{width}x{height}"))
    if isinstance(out_path, str):
        out_path = Path(out_path)
    check(cancelled)
    records = _records(store_or_db_path, flt)
    archive = MBTiles(tiles) if tiles else None
    with _tile_layer(archive, fit=not records["bounds"]) as tiles_cfg:
        html = _page_html(None, tiles_cfg, lang)
        image = _draw(html, width, height, cancelled, records)
        check(cancelled)
        _save(image, out_path)
        return out_path


def _save(image: Any, out: Path | IO[bytes]) -> None:
    """The PNG (its META_* texts kept) into the file or the stream `out`."""
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if image.isNull() or not image.save(buffer, "PNG"):
        path = out if isinstance(out, Path) else "(memory)"
        raise MapRenderError(Message("render.cannot_write", path=path))
    data = bytes(buffer.data().data())
    if isinstance(out, Path):  # whole or not at all: a full USB stick keeps no half PNG
        diskfull.write_atomically(out, data)
    else:
        out.write(data)


def _records(store_or_db_path: Store | str | Path, flt: Filter | None) -> dict[str, Any]:
    """The records as the map page wants them (fieldapp.maps.data.payload)."""
    from fieldapp.maps import data as mapdata

    if isinstance(store_or_db_path, Store):
        return mapdata.payload(store_or_db_path, flt)
    with Store.open(store_or_db_path, create=False) as store:
        return mapdata.payload(store, flt)


@contextmanager
def _tile_layer(archive: MBTiles | None, fit: bool) -> Iterator[dict[str, object] | None]:
    """The page's tile layer for `archive`, served through the fieldtiles: scheme while the
    map is drawn (the application started first); the archive is closed afterwards."""
    handler = None
    try:
        ensure_application()
        if archive is None:
            yield None
            return
        from fieldapp.qtkit import web

        if not web.schemes_registered():
            raise MapRenderError(Message("render.tiles_not_registered"))
        handler = web.tile_handler()
        yield web.tiles_config(archive, handler.add(archive), fit=fit)
    finally:
        if archive is not None:
            if handler is not None:
                handler.remove(archive)
            archive.close()


def _page_html(
    records: dict[str, Any] | None, tiles_cfg: dict[str, object] | None, lang: str
) -> str:
    """The map page for an image: no animation, labels and locale in `lang`."""
    from fieldapp.maps.page import build_html

    texts, page_locale = page_language(lang)
    return build_html(
        records,
        tiles=tiles_cfg,
        animate=False,
        labels=texts,
        locale=page_locale,
        image=True,
    )


def _draw(
    html: str,
    width: int,
    height: int,
    cancelled: CancelFlag | None,
    records: dict[str, Any] | None = None,
) -> Any:
    """The page drawn in an offscreen view, grabbed as a QImage with the META_* texts."""
    from PySide6.QtCore import QCoreApplication, QEvent, Qt
    from PySide6.QtWebEngineWidgets import QWebEngineView

    view = QWebEngineView()
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(width, height)
    scale = image_scale(width)
    view.setZoomFactor(scale)
    try:
        measured = _load_and_wait(view, html, cancelled, records)
        check(cancelled)
        image = view.grab().toImage()
        image.setText(META_TEXT_PX, f"{measured['text_px'] or 0:.2f}")
        image.setText(META_TOWNS, json.dumps(measured["towns"], ensure_ascii=False))
        image.setText(META_SCALE, f"{scale:.3f}")
        return image
    finally:
        view.close()
        view.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _load_and_wait(
    view: Any, html: str, cancelled: CancelFlag | None, records: dict[str, Any] | None
) -> dict[str, Any]:
    """Load the page (served from memory while it loads), hand it the records, wait until
    the map has drawn everything, measure it, and let a few compositor frames pass (what
    _MEASURE_JS returns)."""
    from fieldapp.qtkit import web

    loaded: dict[str, bool] = {}
    view.loadFinished.connect(lambda ok: loaded.setdefault("ok", ok))
    view.show()
    check(cancelled)
    url = web.load_page(view.page(), html)
    try:
        wait_until(lambda: "ok" in loaded, LOAD_TIMEOUT_S, "loading", cancelled)
    finally:
        if url is not None:
            web.page_handler(view.page().profile()).remove(url)
    if not loaded["ok"]:
        raise MapRenderError(Message("render.load_failed"))

    def answer(script: str) -> Any:
        return run_js(view.page(), script, cancelled=cancelled)

    ready = "typeof FieldMap !== 'undefined' && FieldMap.isReady()"
    wait_until(lambda: bool(answer(ready)), LOAD_TIMEOUT_S, "start", cancelled)
    if records is not None:
        from fieldapp.maps import data as mapdata

        text = json.dumps(mapdata.to_json(records))
        answer(f"FieldMap.setDataJSON({text}, 'auto'); true")
    wait_until(lambda: bool(answer("FieldMap.idle()")), LOAD_TIMEOUT_S, "drawing", cancelled)
    measured = json.loads(answer(_MEASURE_JS))
    # a few compositor frames after Leaflet's last draw, then grab
    deadline = time.monotonic() + 0.3
    wait_until(lambda: time.monotonic() > deadline, 5, "painting", cancelled)
    return measured


REPORT_MAP_SIZE = (1600, 1000)


def render_map(
    db_path: str | Path,
    flt: Filter | None,
    out_png: str | Path | IO[bytes],
    lang: str = "en",
    cancelled: CancelFlag | None = None,
) -> tuple[Any, str | None]:
    """Draw the filtered records' map to a PNG: (out_png, None), or (None, why not).
    `out_png` is a file or, for a report, a binary stream (io.BytesIO): in memory only.

    Never raises but Cancelled: a report without its map is still a report, but a
    cancelled map means the user stopped the report.
    """
    if isinstance(out_png, str):
        out_png = Path(out_png)
    start = out_png.tell() if not isinstance(out_png, Path) else 0
    try:
        render_png(Path(db_path), out_png, flt, REPORT_MAP_SIZE, lang=lang, cancelled=cancelled)
    except Cancelled:
        raise
    except FieldappError as exc:
        return None, str(exc)
    except Exception as exc:  # the map is optional; its bugs must not cost the report
        log.exception("map rendering failed")
        return None, f"the map could not be drawn ({exc.__class__.__name__})"
    if isinstance(out_png, Path):
        drawn = out_png.is_file() and out_png.stat().st_size > 0
    else:
        drawn = out_png.tell() > start
    if not drawn:
        return None, "the map could not be drawn"
    return out_png, None


def render_map_png(
    db_path: str | Path, flt: Filter | None, lang: str = "en", cancelled: CancelFlag | None = None
) -> tuple[bytes | None, str | None]:
    """The report's map as PNG bytes in memory: (png, None), or (None, why not)."""
    sink = io.BytesIO()
    drawn, problem = render_map(db_path, flt, sink, lang, cancelled)
    return (sink.getvalue() if drawn is not None else None), problem


def map_drawer(
    db_path: str | Path, flt: Filter | None, lang: str = "en", cancelled: CancelFlag | None = None
) -> Callable[[IO[bytes]], tuple[Any, str | None]]:
    """The function a report calls to draw its map into the stream it gives (reports import
    no Qt themselves; the PNG stays in memory).

    Pass the report's own `cancelled` flag: Cancel then stops the map too.
    """
    return lambda sink: render_map(db_path, flt, sink, lang, cancelled)
