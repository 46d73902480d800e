"""The Map view: records on an offline map, place search, clicks that place records, tiles.

The page (fieldapp.maps.page, no record in it) is built once and served from memory by the
fieldapp: URL scheme (fieldapp.qtkit.web): it is never a file, in the temporary folder or
elsewhere. After that records, filters and tile archives change it in place through
`runJavaScript`, and the page talks back (clicks, "open record", popup details) through a
QWebChannel object. Tile archives are served by the fieldtiles: URL scheme. Both schemes
must be registered before the QApplication exists: app.py calls `register_schemes()` here
first thing. The page's profile is off the record (web.is_off_the_record): its cache and
storage stay in memory.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QObject,
    QSettings,
    QStringListModel,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp import APP_NAME
from fieldapp.errors import FieldappError
from fieldapp.maps import data as mapdata
from fieldapp.maps import gazetteer
from fieldapp.maps.mbtiles import MBTiles
from fieldapp.ops import Changes
from fieldapp.qtkit import web
from fieldapp.store import Filter
from fieldapp.ui import dialogs, i18n, labels

log = logging.getLogger("fieldapp")

# The page's own words, for the translation catalogue (the page gets them translated).
PAGE_TEXTS = (
    QT_TRANSLATE_NOOP("MapPage", "Incidents"),
    QT_TRANSLATE_NOOP("MapPage", "Displacement"),
    QT_TRANSLATE_NOOP("MapPage", "Governorates"),
    QT_TRANSLATE_NOOP("MapPage", "Governorate names"),
    QT_TRANSLATE_NOOP("MapPage", "Offline boundaries"),
    QT_TRANSLATE_NOOP("MapPage", "Tile archive"),
    QT_TRANSLATE_NOOP("MapPage", "Date"),
    QT_TRANSLATE_NOOP("MapPage", "Event type"),
    QT_TRANSLATE_NOOP("MapPage", "Sub-event type"),
    QT_TRANSLATE_NOOP("MapPage", "Killed"),
    QT_TRANSLATE_NOOP("MapPage", "Injured"),
    QT_TRANSLATE_NOOP("MapPage", "Direction"),
    QT_TRANSLATE_NOOP("MapPage", "Individuals"),
    QT_TRANSLATE_NOOP("MapPage", "Households"),
    QT_TRANSLATE_NOOP("MapPage", "Admin 1"),
    QT_TRANSLATE_NOOP("MapPage", "Actor 1"),
    QT_TRANSLATE_NOOP("MapPage", "Source"),
    QT_TRANSLATE_NOOP("MapPage", "Open record"),
    QT_TRANSLATE_NOOP("MapPage", "(no location)"),
    QT_TRANSLATE_NOOP("MapPage", "Circle area: people"),
    QT_TRANSLATE_NOOP("MapPage", "Not on the map (no coordinates)"),
    QT_TRANSLATE_NOOP("MapPage", "Departed"),
    QT_TRANSLATE_NOOP("MapPage", "Arrived"),
    QT_TRANSLATE_NOOP("MapPage", "Present"),
    QT_TRANSLATE_NOOP("MapPage", "Zoom in"),
    QT_TRANSLATE_NOOP("MapPage", "Zoom out"),
    QT_TRANSLATE_NOOP("MapPage", "km"),
    QT_TRANSLATE_NOOP("MapPage", "m"),
    QT_TRANSLATE_NOOP("MapPage", "Boundaries: Natural Earth (public domain)"),
    QT_TRANSLATE_NOOP("MapPage", "Places: GeoNames (CC BY 4.0)"),
    QT_TRANSLATE_NOOP("MapPage", "Zoom to records"),
    QT_TRANSLATE_NOOP("MapPage", "Town names"),
    QT_TRANSLATE_NOOP("MapPage", "and {n} more"),
)

SETTINGS_ARCHIVES = "map/tile_archives"
SETTINGS_ACTIVE = "map/active_tile_archive"
MAX_REMEMBERED = 10
REFRESH_DELAY_MS = 150
PAGE_DELAY_MS = 300  # after the first paint of the window


def register_schemes() -> None:
    """Declare the page and tile URL schemes; call before the QApplication is created."""
    web.register_schemes()


def _settings() -> QSettings:
    """Per-user settings, the same ones app.py's organisation/application names select."""
    return QSettings(APP_NAME, APP_NAME)


class MapBridge(QObject):
    """The object the page sees as `bridge` (QWebChannel)."""

    clicked = Signal(float, float)
    open_requested = Signal(str)
    ready = Signal()
    # the user panned or zoomed the map (True), or "zoom to records" fitted it (False)
    moved = Signal(bool)

    def __init__(self, view: MapView):
        super().__init__(view)
        self._view = view

    @Slot(float, float)
    def mapClicked(self, lat: float, lon: float) -> None:
        self.clicked.emit(lat, lon)

    @Slot(str)
    def openRecord(self, record_id: str) -> None:
        self.open_requested.emit(record_id)

    @Slot(str, result=str)
    def recordDetails(self, record_id: str) -> str:
        try:
            return json.dumps(mapdata.record_details(self._view.context.store(), record_id))
        except FieldappError:
            return "{}"

    @Slot()
    def pageReady(self) -> None:
        self.ready.emit()

    @Slot(bool)
    def viewMoved(self, moved: bool) -> None:
        self.moved.emit(moved)


class MapPage(QWebEnginePage):
    """Links in the page never navigate the map away; console errors go to the log."""

    def acceptNavigationRequest(self, url: QUrl, nav_type: Any, is_main_frame: bool) -> bool:
        page_scheme = web.PAGE_SCHEME.decode()
        return url.isLocalFile() or url.scheme() in (page_scheme, "qrc", "data", "about")

    def javaScriptConsoleMessage(self, level: Any, message: str, line: int, source: str) -> None:
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            log.warning("map page: %s (%s:%s)", message, source, line)


class MapView(QWidget):
    """Shows the records matching the table filter; follows changes without reloading."""

    # the nearest known place to a clicked point: a dict (see Nearest.as_dict plus lat/lon)
    place_suggested = Signal(object)
    # after each update of the page: (incidents, displacement reports) on the map
    data_shown = Signal(int, int)
    page_ready = Signal()

    def __init__(self, context: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("MapView")
        self.context = context
        self.flt: Filter = getattr(context, "filter", None) or Filter()
        self.ready = False
        self.dirty = True
        # The user has panned or zoomed the map since it was last fitted to the records (the
        # page reports it): a filter change or F5 then leaves the view where it is.
        self.user_moved = False
        self.archive: MBTiles | None = None
        self.last_suggestion: dict[str, Any] | None = None
        # The page's URL, served from memory while this view lives (a list: the view's
        # `destroyed` handler must not hold the view itself).
        self._page_urls: list[QUrl] = []
        self._gazetteer: gazetteer.Gazetteer | None = None
        self._matches: list[gazetteer.Match] = []
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        context.changed.connect(self._changed)
        context.filter_changed.connect(self.set_filter)
        self._page_requested = False
        # Build the page just after the window has painted its first table (folium and the
        # page take ~0.5 s), or at once if the Map tab is shown first.
        QTimer.singleShot(PAGE_DELAY_MS, self._ensure_page)

    def _ensure_page(self) -> None:
        if not self._page_requested:
            self._page_requested = True
            self._load_page()

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        self.search = QLineEdit(self)
        self.search.setObjectName("map_search")
        self.search.setPlaceholderText(self.tr("Find a place (English or Arabic)…"))
        self.search.setClearButtonEnabled(True)
        self._completion = QStringListModel(self)
        completer = QCompleter(self._completion, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated[str].connect(self._completion_chosen)
        self.search.setCompleter(completer)
        self.search.textEdited.connect(self._search_edited)
        self.search.returnPressed.connect(self.find_place)
        bar.addWidget(self.search, 2)
        self.zoom_button = QPushButton(self.tr("Zoom to records"), self)
        self.zoom_button.setObjectName("map_zoom_to_records")
        self.zoom_button.setToolTip(self.tr("Fit the map to the records that match the filter"))
        self.zoom_button.clicked.connect(lambda: self.zoom_to_records())
        bar.addWidget(self.zoom_button)
        bar.addWidget(QLabel(self.tr("Background:"), self))
        self.background = QComboBox(self)
        self.background.setObjectName("map_background")
        self.background.activated.connect(self._background_chosen)
        bar.addWidget(self.background, 1)
        self.open_tiles_button = QPushButton(self.tr("Open tile archive…"), self)
        self.open_tiles_button.clicked.connect(lambda: self.choose_archive())
        bar.addWidget(self.open_tiles_button)
        layout.addLayout(bar)
        self.view = QWebEngineView(self)
        self.page = MapPage(self.view)
        self.view.setPage(self.page)
        self.bridge = MapBridge(self)
        self.channel = QWebChannel(self.page)
        self.channel.registerObject("bridge", self.bridge)
        self.page.setWebChannel(self.channel)
        if web.schemes_registered():
            # before the first load: a page loaded earlier never reaches a later handler
            web.tile_handler(self.page.profile())
            pages, urls = web.page_handler(self.page.profile()), self._page_urls
            self.destroyed.connect(lambda *_: [pages.remove(url) for url in urls])
        self.bridge.ready.connect(self._page_ready)
        self.bridge.clicked.connect(self._clicked)
        self.bridge.moved.connect(self._user_moved)
        self.bridge.open_requested.connect(self.context.open_record)
        layout.addWidget(self.view, 1)
        self.status = QLabel(self)
        self.status.setObjectName("map_status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setContentsMargins(6, 0, 6, 4)
        self.status.setText(self.tr("Click the map to place a record (with its form open)."))
        layout.addWidget(self.status)
        self._fill_backgrounds()

    def _load_page(self) -> None:
        from fieldapp.maps.page import build_html
        from fieldapp.maps.page import texts as page_texts

        texts = page_texts(QCoreApplication.translate)
        locale = i18n.locale()
        page_locale = {
            "lang": i18n.current_language(),
            "dir": "rtl" if i18n.is_rtl() else "ltr",
            "locale": locale.bcp47Name(),
            "digits": "".join(chr(ord(locale.zeroDigit()) + i) for i in range(10)),
        }
        html = build_html(
            None, channel=True, labels=texts, collapsed_layers=True, locale=page_locale
        )
        self.ready = False
        self.user_moved = False
        for previous in self._page_urls:
            web.page_handler(self.page.profile()).remove(previous)
        url = web.load_page(self.page, html)  # from memory, never a file
        self._page_urls[:] = [url] if url is not None else []

    # -- data ------------------------------------------------------------------------------

    def _changed(self, changes: Changes) -> None:
        if changes.touches_records():
            self._schedule()

    def _schedule(self) -> None:
        self.dirty = True
        if self.ready and self.isVisible():
            self._timer.start()

    @Slot(object)
    def set_filter(self, flt: Filter) -> None:
        self.flt = flt or Filter()
        self._schedule()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._ensure_page()
        if self.ready:  # a page loaded in a hidden tab measures its size again, and fits
            self.page.runJavaScript("FieldMap.resized();")
        if self.dirty and self.ready:
            self._timer.start()

    def refresh(self) -> tuple[int, int]:
        """Send the records matching the filter to the page (in place: no reload). The view
        fits them, unless the user has moved the map since it was last fitted."""
        if not self.ready:
            self.dirty = True
            return (0, 0)
        records = mapdata.payload(self.context.store(), self.flt, arabic=i18n.is_rtl())
        self.push(records, "keep" if self.user_moved else "auto")
        self.dirty = False
        shown = (records["incidents"]["n"], records["displacements"]["n"])
        self.data_shown.emit(*shown)
        return shown

    def push(self, records: dict[str, Any], fit: str = "auto") -> None:
        """`fit`: "auto" (fit unless the user moved the map), "force" or "keep"."""
        text = mapdata.to_json(records)
        self.page.runJavaScript(f"FieldMap.setDataJSON({json.dumps(text)}, {json.dumps(fit)});")

    def zoom_to_records(self) -> None:
        """Fit the map to the records in view again; filter changes fit it again too."""
        self.user_moved = False
        if self.ready:
            self.page.runJavaScript("FieldMap.zoomToRecords();")
            self.status.setText(self.tr("The map shows the records that match the filter."))
        else:
            self.status.setText(self.tr("The map will show the records once it has loaded."))

    def _user_moved(self, moved: bool) -> None:
        self.user_moved = moved

    def _page_ready(self) -> None:
        self.ready = True
        self.refresh()
        self._restore_archive()
        self.page_ready.emit()

    # -- clicks and places -----------------------------------------------------------------

    def gazetteer(self) -> gazetteer.Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = gazetteer.default()
        return self._gazetteer

    def _clicked(self, lat: float, lon: float) -> None:
        self.context.map_clicked.emit(lat, lon)
        near = self.gazetteer().nearest(lat, lon, max_km=50)
        if near is None:
            self.last_suggestion = None
            self.status.setText(
                self.tr("{lat}, {lon}: no known place nearby").format(
                    lat=i18n.digits(f"{lat:.5f}"), lon=i18n.digits(f"{lon:.5f}")
                )
            )
            return
        suggestion = near.as_dict() | {"latitude": lat, "longitude": lon}
        place = near.place
        suggestion["location"] = place.name
        suggestion["country"] = place.country
        self.last_suggestion = suggestion
        areas = ", ".join(x for x in (near.admin2, near.admin1, place.country) if x)
        self.status.setText(
            self.tr("{lat}, {lon} — nearest place: {name} ({areas}), {km} km").format(
                lat=i18n.digits(f"{lat:.5f}"),
                lon=i18n.digits(f"{lon:.5f}"),
                name=i18n.isolate(place.label().split(" (")[0]),
                areas=i18n.isolate(areas),
                km=i18n.digits(f"{near.distance_km:.1f}"),
            )
        )
        self.place_suggested.emit(suggestion)
        self.context.place_suggested.emit(suggestion)

    def _search_edited(self, text: str) -> None:
        self._matches = self.gazetteer().search(text, limit=12) if len(text.strip()) >= 2 else []
        self._completion.setStringList([m.place.label() for m in self._matches])

    def _completion_chosen(self, label: str) -> None:
        for match in self._matches:
            if match.place.label() == label:
                self.fly_to(match.place)
                return

    def find_place(self, text: str | None = None) -> gazetteer.Place | None:
        """Fly to the best match for the search box text; None when nothing matches."""
        query = text if text is not None else self.search.text()
        matches = self.gazetteer().search(query, limit=1)
        if not matches:
            self.status.setText(
                self.tr("No place called “{text}” in the offline index").format(
                    text=i18n.isolate(query)
                )
            )
            return None
        self.fly_to(matches[0].place)
        return matches[0].place

    def fly_to(self, place: gazetteer.Place, zoom: int = 11) -> None:
        label = place.label()
        self.status.setText(label)
        self.page.runJavaScript(
            f"FieldMap.flyTo({place.lat}, {place.lon}, {zoom}, {json.dumps(label)});"
        )

    # -- tile archives ---------------------------------------------------------------------

    def remembered_archives(self) -> list[str]:
        value = _settings().value(SETTINGS_ARCHIVES, [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v]

    def _remember(self, path: str) -> None:
        paths = [p for p in self.remembered_archives() if p != path]
        paths.insert(0, path)
        settings = _settings()
        settings.setValue(SETTINGS_ARCHIVES, paths[:MAX_REMEMBERED])
        settings.setValue(SETTINGS_ACTIVE, path)
        settings.sync()

    def _fill_backgrounds(self) -> None:
        self.background.clear()
        self.background.addItem(self.tr("Offline boundaries"), "")
        for path in self.remembered_archives():
            self.background.addItem(Path(path).name, path)
        active = self.archive.path if self.archive else None
        index = self.background.findData(str(active)) if active else 0
        self.background.setCurrentIndex(max(0, index))

    def _background_chosen(self, index: int) -> None:
        path = self.background.itemData(index)
        if path:
            self.open_archive(path)
        else:
            self.close_archive()

    def choose_archive(self) -> None:
        start = self.remembered_archives()[0] if self.remembered_archives() else str(Path.home())
        path = dialogs.open_file(
            self,
            self.tr("Open tile archive"),
            str(Path(start).parent) if Path(start).is_file() else start,
            self.tr("MBTiles tile archives (*.mbtiles);;All files (*)"),
        )
        if path:
            self.open_archive(path, fit=True)

    def open_archive(self, path: str | Path, *, fit: bool = False, quiet: bool = False) -> bool:
        """Show an archive as the background; a bad file gets a message, nothing changes."""
        try:
            archive = MBTiles(path)
        except FieldappError as exc:
            if not quiet:
                QMessageBox.warning(self, self.tr("Tile archive"), labels.error_text(exc))
            self._fill_backgrounds()
            return False
        if not web.schemes_registered():
            archive.close()
            if not quiet:
                QMessageBox.warning(
                    self,
                    self.tr("Tile archive"),
                    self.tr(
                        "Tile archives need the map to be set up when fieldapp starts; "
                        "restart fieldapp and open the archive again."
                    ),
                )
            return False
        self.close_archive(forget=False)
        self.archive = archive
        handler = web.tile_handler(self.page.profile())
        url = handler.add(archive)
        config = web.tiles_config(archive, url, fit=fit)
        self.page.runJavaScript(f"FieldMap.setTiles({mapdata.to_json(config)});")
        self._remember(str(archive.path))
        self._fill_backgrounds()
        info = archive.info
        self.status.setText(
            self.tr("Tile archive {name}: zoom {minz}–{maxz}, {count} tiles").format(
                name=i18n.isolate(info.name),
                minz=labels.count(info.minzoom),
                maxz=labels.count(info.maxzoom),
                count=labels.count(info.tile_count),
            )
        )
        return True

    def close_archive(self, forget: bool = True) -> None:
        if self.archive is not None:
            web.tile_handler(self.page.profile()).remove(self.archive)
            self.archive.close()
            self.archive = None
            self.page.runJavaScript("FieldMap.setTiles(null);")
        if forget:
            _settings().setValue(SETTINGS_ACTIVE, "")
            self._fill_backgrounds()

    def _restore_archive(self) -> None:
        active = _settings().value(SETTINGS_ACTIVE, "")
        if active and self.archive is None and Path(str(active)).exists():
            self.open_archive(str(active), quiet=True)

    # -- page access for tests and the window ---------------------------------------------

    def run_js(self, script: str, timeout: float = 30.0) -> Any:
        from fieldapp.qtkit.render import run_js

        return run_js(self.page, script, timeout)

    def closeEvent(self, event: Any) -> None:
        if self.archive is not None:
            self.close_archive(forget=False)
        super().closeEvent(event)


def install(window: Any) -> MapView:
    """Add the Map tab and File → Open tile archive to the main window."""
    view = MapView(window.context, window)
    window.add_view("map", QCoreApplication.translate("MapView", "Map"), view)
    menu: QMenu = window.menu("file")
    action = QAction(QCoreApplication.translate("MapView", "Open &tile archive…"), window)
    action.setObjectName("action_open_tile_archive")

    def open_archive() -> None:
        window.show_view("map")
        view.choose_archive()

    action.triggered.connect(open_archive)
    actions = menu.actions()
    menu.insertAction(actions[0] if actions else None, action)
    if actions:
        menu.insertSeparator(actions[0])
    window.map_view = view
    return view
