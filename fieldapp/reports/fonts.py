"""The report's fonts: DejaVu Sans, shipped in resources/fonts with its licence.

DejaVu Sans is the one widely available free font with both Latin and Arabic glyphs,
including the Arabic presentation forms that arabic-reshaper produces and the brackets
and digits that Noto's Arabic fonts lack; one font for both scripts means a mixed line
(an Arabic place name inside an English note) needs no font switching and measures
correctly. reportlab embeds the subset of glyphs a document uses.

Arabic is drawn as presentation forms (joined letters, see fieldapp.reports.arabic), but a
reader copying or searching the PDF must get the letters as typed: each subset's ToUnicode
map says which letters a glyph stands for (LogicalTextFont), so `pdftotext` and a viewer's
copy and search find "قصف", not "ﻗﺼﻒ".
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.paths import resource

REGULAR = "FieldSans"
BOLD = "FieldSans-Bold"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}

# Every Table's style starts with this: a table without a FONTNAME sets Helvetica on the
# canvas for each cell (even one holding a paragraph), and Helvetica is never embedded.
TABLE_FONT = ("FONTNAME", (0, 0), (-1, -1), REGULAR)

_lock = threading.Lock()
_done = False


@lru_cache(maxsize=1024)
def letters_of(code: int) -> str:
    """The text a glyph stands for: an Arabic presentation form becomes its base letters.

    A ligature (lam-alef, Allah) is one glyph for several letters, drawn inside a run laid
    out right to left; readers (poppler, pdf.js, pypdf) put such runs back into reading
    order by reversing them character by character, so the letters are listed in drawing
    order (alef before lam) and come out as typed (lam, alef) once reversed.
    """
    ch = chr(code)
    if not (0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF):
        return ch
    text = unicodedata.normalize("NFKC", ch).strip()
    if not text:
        return ch
    return text[::-1] if len(text) > 1 else text


class LogicalTextFont(TTFont):
    """A TrueType font whose ToUnicode maps presentation forms back to letters.

    reportlab writes one ToUnicode CMap per 256-glyph subset, code -> the character it
    was asked to draw; this rewrites the entries of presentation forms once the subsets
    are final (addObjects runs when the document is saved).
    """

    def addObjects(self, doc: object) -> None:
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            name = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
            stream = doc.idToObject.get("toUnicodeCMap:" + name.decode("pdfdoc"))
            if stream is not None:
                stream.content = _rewrite(stream.content, subset)


def _rewrite(cmap: str, subset: list[int]) -> str:
    """The CMap with each presentation form's entry pointing at its letters (UTF-16BE)."""
    changes = {}
    for i, code in enumerate(subset):
        text = letters_of(code)
        if text != chr(code):
            letters = text.encode("utf-16-be").hex().upper()
            changes[f"<{i:02X}> <{code:04X}>"] = f"<{i:02X}> <{letters}>"
    if not changes:
        return cmap
    return "\n".join(changes.get(line, line) for line in cmap.split("\n"))


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
            pdfmetrics.registerFont(LogicalTextFont(name, str(path)))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        _done = True


def width(text: str, size: float, bold: bool = False) -> float:
    return pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size)
