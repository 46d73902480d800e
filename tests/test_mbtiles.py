"""MBTiles archives: metadata, tiles in the right row order, bad files refused clearly."""

from __future__ import annotations

import sqlite3
import struct
import zlib
from pathlib import Path

import pytest

from fieldapp.maps.mbtiles import MBTiles, TileArchiveError, inspect, write_archive


def png(rgb: tuple[int, int, int], size: int = 4) -> bytes:
    """A tiny solid-colour PNG, encoded by hand (no Qt needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def colour(z: int, x: int, y: int) -> tuple[int, int, int]:
    return (z * 20 % 256, x % 256, y % 256)


def make(path: Path, zooms: range = range(0, 3), **meta: str) -> Path:
    tiles = {
        (z, x, y): png(colour(z, x, y)) for z in zooms for x in range(1 << z) for y in range(1 << z)
    }
    metadata = {
        "name": "Test tiles",
        "format": "png",
        "minzoom": str(zooms.start),
        "maxzoom": str(zooms.stop - 1),
        "bounds": "35.5,32.3,42.4,37.4",
        "attribution": '<a href="https://example.org">© Example</a> & <b>friends</b>',
    }
    metadata.update(meta)
    return write_archive(path, tiles, metadata)


def test_metadata(tmp_path: Path) -> None:
    info = inspect(make(tmp_path / "t.mbtiles"))
    assert info.name == "Test tiles"
    assert (info.format, info.mime) == ("png", "image/png")
    assert (info.minzoom, info.maxzoom) == (0, 2)
    assert info.bounds == (35.5, 32.3, 42.4, 37.4)
    assert info.tile_count == 1 + 4 + 16
    # HTML in the metadata becomes plain text: the page never renders it as markup
    assert info.attribution == "© Example & friends"


def test_rows_are_flipped_from_tms(tmp_path: Path) -> None:
    path = make(tmp_path / "t.mbtiles")
    conn = sqlite3.connect(path)
    stored = dict(
        ((z, x, row), data)
        for z, x, row, data in conn.execute(
            "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles"
        )
    )
    conn.close()
    with MBTiles(path) as archive:
        for z in range(3):
            for x in range(1 << z):
                for y in range(1 << z):
                    tile = archive.tile(z, x, y)
                    assert tile == png(colour(z, x, y))
                    # XYZ row y is TMS row 2^z - 1 - y
                    assert tile == stored[(z, x, (1 << z) - 1 - y)]
        assert archive.tile(2, 0, 3) != archive.tile(2, 0, 0)
        assert archive.tile(5, 0, 0) is None  # zoom not in the archive
        assert archive.tile(1, 2, 0) is None  # outside the grid
        assert archive.tile(-1, 0, 0) is None


def test_missing_metadata_is_worked_out(tmp_path: Path) -> None:
    path = make(tmp_path / "t.mbtiles", format="", minzoom="", maxzoom="", bounds="junk")
    info = inspect(path)
    assert info.format == "png"  # sniffed from the first tile
    assert (info.minzoom, info.maxzoom) == (0, 2)
    assert info.bounds[0] == -180.0


def test_jpeg_and_webp_formats(tmp_path: Path) -> None:
    assert inspect(make(tmp_path / "a.mbtiles", format="jpg")).mime == "image/jpeg"
    assert inspect(make(tmp_path / "b.mbtiles", format="webp")).mime == "image/webp"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "does not exist"),
        ("text", "not an SQLite file"),
        ("sqlite", "not an MBTiles archive"),
        ("vector", "vector tiles"),
        ("empty", "holds no tiles"),
        ("format", "fieldapp shows PNG, JPEG and WebP"),
        ("truncated", "damaged or not an MBTiles archive"),
    ],
)
def test_bad_archives_are_refused(tmp_path: Path, setup: str, message: str) -> None:
    path = tmp_path / "bad.mbtiles"
    if setup == "text":
        path.write_text("this is not a tile archive\n" * 10)
    elif setup == "sqlite":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE incidents (id TEXT)")
        conn.commit()
        conn.close()
    elif setup == "vector":
        make(path, range(0, 1), format="pbf")
    elif setup == "empty":
        write_archive(path, {}, {"name": "x", "format": "png"})
    elif setup == "format":
        make(path, range(0, 1), format="tiff")
    elif setup == "truncated":
        make(path, range(0, 4))
        data = path.read_bytes()
        path.write_bytes(data[:4096] + b"\x00" * 100)
    with pytest.raises(TileArchiveError, match=message):
        inspect(path)


def test_archive_is_never_written(tmp_path: Path) -> None:
    path = make(tmp_path / "t.mbtiles")
    before = path.read_bytes()
    with MBTiles(path) as archive, pytest.raises(sqlite3.OperationalError):
        archive._conn.execute("DELETE FROM tiles")
    assert path.read_bytes() == before


def test_tiles_command(tmp_path: Path, cli) -> None:
    path = make(tmp_path / "t.mbtiles")
    result = cli("tiles", path)
    assert result.code == 0, result.err
    assert "zoom:        0-2" in result.out and "tiles:       21" in result.out
    bad = tmp_path / "bad.mbtiles"
    bad.write_text("nope")
    result = cli("tiles", bad)
    assert result.code != 0
    assert "not an MBTiles tile archive" in result.err
