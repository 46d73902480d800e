"""MBTiles tile archives: open, check and read raster tiles straight from the SQLite file.

MBTiles (the format QField, ODK and CSPro users already carry) keeps tiles in TMS row order,
counted from the south; web maps count rows from the north, so `tile()` flips the row. The
archive is opened read-only: fieldapp never writes into a user's tile file.
"""

from __future__ import annotations

import html
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from fieldapp.errors import FieldappError
from fieldapp.messages import Message

MIME = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
_MAGIC = ((b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpg"), (b"RIFF", "webp"))


class TileArchiveError(FieldappError):
    """The file is not a raster MBTiles archive fieldapp can show."""


@dataclass(frozen=True)
class TileInfo:
    path: Path
    name: str
    format: str  # png | jpg | webp
    minzoom: int
    maxzoom: int
    bounds: tuple[float, float, float, float]  # west, south, east, north
    center: tuple[float, float, int] | None  # lon, lat, zoom
    attribution: str  # plain text: the archive's HTML attribution, tags removed
    tile_count: int

    @property
    def mime(self) -> str:
        return MIME[self.format]

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "name": self.name,
            "format": self.format,
            "minzoom": self.minzoom,
            "maxzoom": self.maxzoom,
            "bounds": list(self.bounds),
            "center": list(self.center) if self.center else None,
            "attribution": self.attribution,
            "tile_count": self.tile_count,
        }


class MBTiles:
    """One open archive. Reads are serialised: the URL scheme handler may call from Qt's IO."""

    def __init__(self, path: str | Path):
        self.path = Path(path).expanduser()
        self._lock = threading.Lock()
        self._conn = _connect(self.path)
        try:
            self.info = _inspect(self._conn, self.path)
        except BaseException:
            self._conn.close()
            raise

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile at web (XYZ) coordinates, or None where the archive has none."""
        if z < 0 or z > 30 or not (0 <= x < (1 << z)) or not (0 <= y < (1 << z)):
            return None
        row = (1 << z) - 1 - y
        with self._lock:
            found = self._conn.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ?"
                " AND tile_row = ?",
                (z, x, row),
            ).fetchone()
        return bytes(found[0]) if found and found[0] is not None else None

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> MBTiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_archive(path: str | Path) -> MBTiles:
    return MBTiles(path)


def inspect(path: str | Path) -> TileInfo:
    """Check a file and return what it holds, without keeping it open."""
    with MBTiles(path) as archive:
        return archive.info


def _connect(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise TileArchiveError(Message("tiles.missing", path=path))
    if path.is_dir():
        raise TileArchiveError(Message("tiles.is_folder", path=path))
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != b"SQLite format 3\x00":
        raise TileArchiveError(Message("tiles.not_sqlite", file=path.name))
    try:
        uri = path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        raise TileArchiveError(Message("tiles.cannot_open", file=path.name, text=str(exc))) from exc
    return conn


def _inspect(conn: sqlite3.Connection, path: Path) -> TileInfo:
    try:
        names = {
            r[0].lower()
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        }
        if "tiles" not in names or "metadata" not in names:
            raise TileArchiveError(Message("tiles.not_mbtiles", file=path.name))
        meta = {str(k).lower(): str(v) for k, v in conn.execute("SELECT name, value FROM metadata")}
        first = conn.execute("SELECT tile_data FROM tiles LIMIT 1").fetchone()
        zooms = conn.execute("SELECT min(zoom_level), max(zoom_level), count(*) FROM tiles")
        zmin, zmax, count = zooms.fetchone()
    except sqlite3.Error as exc:
        raise TileArchiveError(Message("tiles.damaged", file=path.name, text=str(exc))) from exc
    if not count:
        raise TileArchiveError(Message("tiles.empty", file=path.name))
    fmt = meta.get("format", "").strip().lower()
    if fmt in ("pbf", "mvt"):
        raise TileArchiveError(Message("tiles.vector", file=path.name))
    if not fmt:
        fmt = _sniff(bytes(first[0] or b""))
    if fmt == "jpeg":
        fmt = "jpg"
    if fmt not in MIME:
        said = repr(fmt or "of an unknown format")
        raise TileArchiveError(Message("tiles.unknown_format", file=path.name, value=said))
    minzoom = _int(meta.get("minzoom"), zmin)
    maxzoom = _int(meta.get("maxzoom"), zmax)
    bounds = _floats(meta.get("bounds"), 4) or (-180.0, -85.0511, 180.0, 85.0511)
    west, south, east, north = bounds
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        bounds = (-180.0, -85.0511, 180.0, 85.0511)
    center = _floats(meta.get("center"), 3)
    return TileInfo(
        path=path,
        name=meta.get("name") or path.stem,
        format=fmt,
        minzoom=minzoom,
        maxzoom=max(minzoom, maxzoom),
        bounds=bounds,  # type: ignore[arg-type]
        center=(center[0], center[1], int(center[2])) if center else None,
        attribution=_text(meta.get("attribution", "")),
        tile_count=int(count),
    )


def _sniff(data: bytes) -> str:
    for magic, fmt in _MAGIC:
        if data.startswith(magic):
            return fmt
    if data[:2] == b"\x1f\x8b":
        return "pbf"
    return ""


def _int(value: str | None, default: int) -> int:
    try:
        return int(float(value)) if value not in (None, "") else int(default)
    except ValueError:
        return int(default)


def _floats(value: str | None, n: int) -> tuple[float, ...] | None:
    if not value:
        return None
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError:
        return None
    return parts if len(parts) == n else None


def _text(attribution: str) -> str:
    """Attribution HTML as plain text: the page shows it escaped, never as markup."""
    import re

    return html.unescape(re.sub(r"<[^>]*>", "", attribution)).strip()


def write_archive(
    path: str | Path,
    tiles: dict[tuple[int, int, int], bytes],
    metadata: dict[str, str],
) -> Path:
    """Write an MBTiles file from XYZ-addressed tiles (tests, demos and benchmarks)."""
    path = Path(path)
    if path.exists():
        path.unlink()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        conn.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
            " tile_data BLOB)"
        )
        conn.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
        conn.executemany("INSERT INTO metadata VALUES (?, ?)", list(metadata.items()))
        conn.executemany(
            "INSERT INTO tiles VALUES (?, ?, ?, ?)",
            [(z, x, (1 << z) - 1 - y, data) for (z, x, y), data in tiles.items()],
        )
    conn.close()
    return path
