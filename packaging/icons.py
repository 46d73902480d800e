"""Render the app icon (resources/icons/fieldapp.svg) into what each platform wants.

Linux desktops take the SVG itself plus PNGs for the hicolor theme; Windows wants a
multi-size .ico, macOS an .icns. Qt's own SVG renderer draws the PNGs (no Inkscape or
rsvg needed) and Pillow, already a dependency of reportlab, packs .ico and .icns.

    python packaging/icons.py SVG OUTDIR
    -> OUTDIR/fieldapp-<size>.png, fieldapp.ico, fieldapp.icns
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, out_dir: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (fonts, image IO)
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read the icon {svg}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out_dir / f"fieldapp-{size}.png"
        if not image.save(str(path)):
            raise SystemExit(f"cannot write {path}")
        written.append(path)

    from PIL import Image

    biggest = Image.open(out_dir / f"fieldapp-{max(PNG_SIZES)}.png")
    biggest.save(out_dir / "fieldapp.ico", sizes=[(s, s) for s in ICO_SIZES])
    biggest.save(out_dir / "fieldapp.icns")
    written += [out_dir / "fieldapp.ico", out_dir / "fieldapp.icns"]
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    for path in render(Path(sys.argv[1]), Path(sys.argv[2])):
        print(path)
