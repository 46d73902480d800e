"""Serving MBTiles tiles to the map page through a custom URL scheme (QtWebEngineCore only).

Tiles go from the SQLite file to Leaflet through `fieldtiles:` URLs answered by a
QWebEngineUrlSchemeHandler: no network port, and a `file://` page may load them (a loopback
HTTP server's tiles are refused there). The scheme must be registered before the
QApplication exists: the app calls `register_schemes()` first thing; so does render_png when
it creates the application itself.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QObject
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from fieldapp.maps.mbtiles import MBTiles

SCHEME = b"fieldtiles"
_registered = False


def register_schemes() -> bool:
    """Declare the tile scheme; only possible before the QApplication is created.

    Returns whether the scheme is (now) registered. Safe to call more than once.
    """
    global _registered
    if _registered or QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME:
        _registered = True
        return True
    if QCoreApplication.instance() is not None:
        return False
    scheme = QWebEngineUrlScheme(SCHEME)
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
    return _registered or QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME


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


def tile_handler(profile: QWebEngineProfile | None = None) -> TileSchemeHandler:
    """The handler installed on `profile` (default profile), installing it once."""
    profile = profile or QWebEngineProfile.defaultProfile()
    handler = profile.urlSchemeHandler(QByteArray(SCHEME))
    if isinstance(handler, TileSchemeHandler):
        return handler
    handler = TileSchemeHandler(profile)
    profile.installUrlSchemeHandler(QByteArray(SCHEME), handler)
    return handler


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
