"""The report's text: paragraph styles per language, and paragraphs with Arabic in them.

Right to left is a layout, not a translation: in an Arabic report paragraphs are
right-aligned. Text with Arabic in it (in either language) goes through
fieldapp.reports.arabic, because reportlab draws glyphs in the order it is given them.
User text is XML-escaped before it reaches a Paragraph: a note containing "<b>" or "&"
is printed as typed, never interpreted.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from fieldapp.reports import arabic, fonts
from fieldapp.reports import labels as L
from fieldapp.reports.layout import ACCENT, CELL_LEADING, CELL_PAD_X, CELL_SIZE, INK, MUTED


class Styles:
    """Paragraph styles for one language (alignment follows the reading direction)."""

    def __init__(self, lang: str):
        fonts.register()
        self.lang = lang
        self.rtl = L.is_rtl(lang)
        start = TA_RIGHT if self.rtl else TA_LEFT

        def style(name: str, size: float, leading: float, **kw: object) -> ParagraphStyle:
            kw.setdefault("fontName", fonts.REGULAR)
            kw.setdefault("alignment", start)
            kw.setdefault("textColor", INK)
            return ParagraphStyle(name, fontSize=size, leading=leading, **kw)

        self.title = style("title", 19, 24, fontName=fonts.BOLD, spaceAfter=4)
        self.h1 = style(
            "h1", 12.5, 16, fontName=fonts.BOLD, spaceBefore=10, spaceAfter=5, textColor=ACCENT
        )
        self.body = style("body", 9, 12)
        self.small = style("small", 7.5, 9.5, textColor=MUTED)
        self.cell = style("cell", CELL_SIZE, CELL_LEADING)
        self.cell_bold = style("cell_bold", CELL_SIZE, CELL_LEADING, fontName=fonts.BOLD)
        self.figure = style(
            "figure", 17, 21, fontName=fonts.BOLD, alignment=TA_CENTER, textColor=ACCENT
        )
        self.figure_label = style("figure_label", 7.5, 9.5, alignment=TA_CENTER, textColor=MUTED)
        self.default_direction = "R" if self.rtl else "L"

    def p(self, text: str, style: ParagraphStyle) -> Flowable:
        """A paragraph of plain text (not markup) in this language."""
        return para(text, style, self.default_direction)

    def fit(self, text: str | None, width: float) -> object:
        """A table cell: a plain string when every line fits the column (reportlab draws
        those directly, several times faster than a Paragraph), else a paragraph that
        wraps. In an English report text with Arabic in it is always a paragraph, so that
        it gets its own right alignment."""
        text = text or ""
        if not self.rtl and arabic.needs_bidi(text):
            return self.p(text, self.cell)
        room = width - CELL_PAD_X
        lines = [self.t(line) for line in text.split("\n")]
        if all(fonts.width(line, CELL_SIZE) <= room for line in lines):
            return "\n".join(lines)
        return self.p(text, self.cell)

    def t(self, text: str) -> str:
        """A one-line string in display order (for table cells drawn as plain strings)."""
        if arabic.needs_bidi(text):
            return arabic.visual(text, self.default_direction)
        return text

    def heading(self, key: str) -> Flowable:
        """A section heading: the label `key` in this language."""
        return self.p(L.label(self.lang, key), self.h1)


class BidiParagraph(Flowable):
    """Text with right-to-left runs: each paragraph wrapped into lines at the width it is
    given, each line ordered for display (see fieldapp.reports.arabic), each paragraph
    aligned to its own reading direction (an English line and an Arabic line in one
    table cell start on their own sides)."""

    def __init__(self, text: str, style: ParagraphStyle, default_direction: str = "L"):
        super().__init__()
        self.text = text
        self.style = style
        self.default_direction = default_direction
        self._parts: list[Paragraph] = []
        self._heights: list[float] = []
        self._for_width: float | None = None

    def _layout(self, width: float) -> list[Paragraph]:
        if self._for_width != width:
            style = self.style
            parts = arabic.paragraphs(
                self.text,
                lambda s: stringWidth(s, style.fontName, style.fontSize),
                width,
                self.default_direction,
            )
            self._parts = []
            for part in parts:
                pstyle = style
                if part.rtl and style.alignment == TA_LEFT and self.default_direction == "L":
                    pstyle = aligned(style, TA_RIGHT)
                elif not part.rtl and style.alignment == TA_RIGHT and self.default_direction == "L":
                    pstyle = aligned(style, TA_LEFT)
                markup = "<br/>".join(escape(line) for line in part.lines)
                self._parts.append(Paragraph(markup, pstyle))
            self._for_width = width
        return self._parts

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        parts = self._layout(availWidth)
        self._heights = [p.wrap(availWidth, availHeight)[1] for p in parts]
        self.width, self.height = availWidth, sum(self._heights)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = self._layout(availWidth)
        if len(parts) == 1:
            return parts[0].split(availWidth, availHeight)
        return list(parts)

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter

    def draw(self) -> None:
        y = self.height
        for part, h in zip(self._parts, self._heights, strict=True):
            y -= h
            part.drawOn(self.canv, 0, y)


_ALIGNED: dict[tuple[str, int], ParagraphStyle] = {}


def aligned(style: ParagraphStyle, alignment: int) -> ParagraphStyle:
    """`style` with another alignment (made once per style and alignment)."""
    key = (style.name, alignment)
    if key not in _ALIGNED:
        _ALIGNED[key] = ParagraphStyle(
            f"{style.name}_{alignment}", parent=style, alignment=alignment
        )
    return _ALIGNED[key]


def para(text: str, style: ParagraphStyle, default_direction: str = "L") -> Flowable:
    """Plain text as a flowable: an ordinary Paragraph unless it holds right-to-left text."""
    text = "" if text is None else str(text)
    if arabic.needs_bidi(text):
        return BidiParagraph(text, style, default_direction)
    return Paragraph(escape(text).replace("\n", "<br/>"), style)
