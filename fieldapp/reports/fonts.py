"""The report's fonts: DejaVu Sans, shipped in resources/fonts with its licence.

DejaVu Sans is the one widely available free font with both Latin and Arabic glyphs,
including the Arabic presentation forms that arabic-reshaper produces and the brackets
and digits that Noto's Arabic fonts lack; one font for both scripts means a mixed line
(an Arabic place name inside an English note) needs no font switching and measures
correctly. reportlab embeds the subset of glyphs a document uses.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.paths import resource

REGULAR = "FieldSans"
BOLD = "FieldSans-Bold"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}

_lock = threading.Lock()
_done = False


def register() -> None:
    """Register the fonts with reportlab once per process (safe from worker threads)."""
    global _done
    if _done:
        return
    with _lock:
        if _done:
            return
        for name, filename in FILES.items():
            path = resource("fonts", filename)
            if not path.is_file():
                raise FieldappError(Message("report.font_missing", path=path))
            pdfmetrics.registerFont(TTFont(name, str(path)))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        _done = True


def width(text: str, size: float, bold: bool = False) -> float:
    return pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size)
