"""The map page and its tiles, served from memory through custom URL schemes
(QtWebEngineCore only).

Tiles go from the SQLite file to Leaflet through `fieldtiles:` URLs answered by a
QWebEngineUrlSchemeHandler: no network port (a loopback HTTP server's tiles would be refused
by a local page). The page itself, with every script and style inlined, is served the same
way from `fieldapp:page/…` URLs (PageSchemeHandler): it is never written to a file, so no
copy of it, and nothing it is later given, is left in the temporary folder. The schemes must
be registered before the QApplication exists: the app calls `register_schemes()` first
thing; so does render_png when it creates the application itself.

The profile that loads them is QWebEngineProfile.defaultProfile(), off the record in Qt 6
(`is_off_the_record`): its HTTP cache, cookies and web storage stay in memory.
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QObject, QUrl
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from fieldapp.maps.mbtiles import MBTiles

SCHEME = b"fieldtiles"
PAGE_SCHEME = b"fieldapp"
_registered = False
H = TypeVar("H", bound=QWebEngineUrlSchemeHandler)


def register_schemes() -> bool:
    """Declare the tile and page schemes; only possible before the QApplication is created.

    Returns whether the schemes are (now) registered. Safe to call more than once.
    """
    global _registered
    if _registered or schemes_registered():
        _registered = True
        return True
    if QCoreApplication.instance() is not None:
        return False
    for name in (SCHEME, PAGE_SCHEME):
        scheme = QWebEngineUrlScheme(name)
        scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
        scheme.setFlags(
            QWebEngineUrlScheme.Flag.SecureScheme
            | QWebEngineUrlScheme.Flag.LocalScheme
            | QWebEngineUrlScheme.Flag.LocalAccessAllowed
            | QWebEngineUrlScheme.Flag.CorsEnabled
        )
        QWebEngineUrlScheme.registerScheme(scheme)
    _registered = True
    return True


def schemes_registered() -> bool:
    return _registered or all(
        QWebEngineUrlScheme.schemeByName(name).name() == name for name in (SCHEME, PAGE_SCHEME)
    )


class TileSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers fieldtiles:KEY/Z/X/Y from the open archives; 404-like failure otherwise."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._archives: dict[str, MBTiles] = {}
        self._lock = threading.Lock()
        self.log: list[tuple[str, int, int, int, int]] = []  # key, z, x, y, bytes served
        self.keep_log = False

    def add(self, archive: MBTiles) -> str:
        """Serve an archive; returns its URL template for Leaflet."""
        key = f"a{abs(hash((str(archive.path), id(archive)))) % 10**10}"
        with self._lock:
            self._archives[key] = archive
        return f"{SCHEME.decode()}:{key}/{{z}}/{{x}}/{{y}}"

    def remove(self, archive: MBTiles) -> None:
        with self._lock:
            for key, value in list(self._archives.items()):
                if value is archive:
                    del self._archives[key]

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        path = job.requestUrl().path()
        parts = path.strip("/").split("/")
        try:
            key, z, x, y = parts[0], int(parts[1]), int(parts[2]), int(parts[3].split(".")[0])
        except (IndexError, ValueError):
            job.fail(QWebEngineUrlRequestJob.Error.UrlInvalid)
            return
        with self._lock:
            archive = self._archives.get(key)
        if archive is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        try:
            tile = archive.tile(z, x, y)
        except Exception:  # a file that vanished or broke while open: show no tile
            tile = None
        if self.keep_log:
            self.log.append((key, z, x, y, len(tile or b"")))
        if tile is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        buffer = QBuffer(job)
        buffer.setData(QByteArray(tile))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(archive.info.mime.encode(), buffer)


class PageSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers fieldapp:page/KEY.html with a page held in memory (see `add`)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pages: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self.served: list[str] = []  # the keys asked for, in order (for checks)

    def add(self, html: str) -> QUrl:
        """Serve a page until `remove`; returns its URL. The key is random: a page cannot
        guess another page's URL."""
        key = secrets.token_hex(12)
        with self._lock:
            self._pages[key] = html.encode("utf-8")
        return QUrl(f"{PAGE_SCHEME.decode()}:page/{key}.html")

    def remove(self, url: QUrl) -> None:
        with self._lock:
            self._pages.pop(_page_key(url), None)

    def pages(self) -> int:
        with self._lock:
            return len(self._pages)

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        key = _page_key(job.requestUrl())
        with self._lock:
            page = self._pages.get(key)
        if page is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        self.served.append(key)
        buffer = QBuffer(job)
        buffer.setData(QByteArray(page))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(b"text/html", buffer)


def _page_key(url: QUrl) -> str:
    """KEY of fieldapp:page/KEY.html ("" for any other URL)."""
    path = url.path()
    if url.scheme() != PAGE_SCHEME.decode() or not path.startswith("page/"):
        return ""
    return path[len("page/") :].removesuffix(".html")


def _installed(profile: QWebEngineProfile | None, scheme: bytes, kind: type[H]) -> H:
    """The `kind` handler of `scheme` on `profile` (the default profile), installed once.
    Install it before the profile's first page loads: a later handler is never asked."""
    profile = profile or QWebEngineProfile.defaultProfile()
    handler = profile.urlSchemeHandler(QByteArray(scheme))
    if isinstance(handler, kind):
        return handler
    handler = kind(profile)
    profile.installUrlSchemeHandler(QByteArray(scheme), handler)
    return handler


def page_handler(profile: QWebEngineProfile | None = None) -> PageSchemeHandler:
    """The page handler installed on `profile` (default profile), installing it once."""
    return _installed(profile, PAGE_SCHEME, PageSchemeHandler)


def load_page(page: QWebEnginePage, html: str) -> QUrl | None:
    """Load `html` into `page` from memory, never from a file.

    Served by the page scheme: returns its URL, to give to `page_handler(...).remove` once
    the page is no longer shown (until then a reload finds it). In a process whose
    QApplication started without the schemes declared, the page (well under setHtml's 2 MB:
    it holds no record) is set directly and None is returned; tiles cannot be shown then.
    """
    if not schemes_registered():
        page.setHtml(html, QUrl("file:///"))
        return None
    url = page_handler(page.profile()).add(html)
    page.load(url)
    return url


def is_off_the_record(profile: QWebEngineProfile | None = None) -> bool:
    """Whether `profile` (the default one) keeps its cache, cookies and storage in memory:
    what fieldapp's pages are loaded in must be."""
    profile = profile or QWebEngineProfile.defaultProfile()
    return (
        profile.isOffTheRecord()
        and profile.httpCacheType() != QWebEngineProfile.HttpCacheType.DiskHttpCache
        and profile.persistentCookiesPolicy()
        == QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
    )


def tile_handler(profile: QWebEngineProfile | None = None) -> TileSchemeHandler:
    """The tile handler installed on `profile` (default profile), installing it once."""
    return _installed(profile, SCHEME, TileSchemeHandler)


def tiles_config(archive: MBTiles, url: str, *, fit: bool = False) -> dict[str, object]:
    """What FieldMap.setTiles needs to show an archive."""
    info = archive.info
    return {
        "url": url,
        "name": info.name,
        "minzoom": info.minzoom,
        "maxzoom": info.maxzoom,
        "bounds": list(info.bounds),
        "attribution": info.attribution,
        "fit": fit,
        "path": str(Path(info.path)),
    }
