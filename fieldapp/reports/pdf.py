"""The report as a PDF: reportlab platypus, A4, English or Arabic, left-to-right or
right-to-left.

Right to left is a layout, not a translation: paragraphs are right-aligned, table columns
run from the right, the headline boxes and the footer are mirrored, the charts' time axis
runs from the right. Text with Arabic in it (in either language) goes through
fieldapp.reports.arabic, because reportlab draws glyphs in the order it is given them.
User text is XML-escaped before it reaches a Paragraph: a note containing "<b>" or "&"
is printed as typed, never interpreted.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from fieldapp.errors import Cancelled
from fieldapp.identity.keys import format_fingerprint
from fieldapp.progress import CancelFlag, Progress
from fieldapp.reports import arabic, charts, fonts
from fieldapp.reports import labels as L
from fieldapp.reports.data import ReportData
from fieldapp.reports.scope import warning_lines
from fieldapp.reports.warning_box import warning_box
from fieldapp.store import Filter

PAGE = A4
MARGIN_X = 16 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 18 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN_X
NOTE_LIMIT = 500  # characters of a note printed in a table cell

INK = colors.HexColor("#1d1d1d")
MUTED = colors.HexColor("#5b5b5b")
RULE = colors.HexColor("#b9b9b9")
HEADER_BG = colors.HexColor("#e4e9ef")
ZEBRA = colors.HexColor("#f6f7f9")
ACCENT = colors.HexColor("#2f5d8a")
DRAFT_RED = colors.HexColor("#b3261e")

BuildProgress = Progress


@dataclass(frozen=True)
class BuiltPdf:
    data: bytes
    pages: int


@dataclass(frozen=True)
class SignatureBlock:
    """What the visible signature block says; None on a draft."""

    name: str
    organisation: str
    fingerprint: str
    signed_at: dt.datetime


# -- text ---------------------------------------------------------------------------------


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
        self.cell = style("cell", 7.5, 9.2)
        self.cell_bold = style("cell_bold", 7.5, 9.2, fontName=fonts.BOLD)
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
        room = width - _PAD_X
        lines = [self.t(line) for line in text.split("\n")]
        if all(stringWidth(line, fonts.REGULAR, 7.5) <= room for line in lines):
            return "\n".join(lines)
        return self.p(text, self.cell)

    def t(self, text: str) -> str:
        """A one-line string in display order (for table cells drawn as plain strings)."""
        if arabic.needs_bidi(text):
            return arabic.visual(text, self.default_direction)
        return text


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
                    pstyle = _aligned(style, TA_RIGHT)
                elif not part.rtl and style.alignment == TA_RIGHT and self.default_direction == "L":
                    pstyle = _aligned(style, TA_LEFT)
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


def _aligned(style: ParagraphStyle, alignment: int) -> ParagraphStyle:
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


def _shorten(text: str | None, lang: str) -> str:
    text = " ".join((text or "").split())
    if len(text) <= NOTE_LIMIT:
        return text
    return text[: NOTE_LIMIT - 1].rstrip() + "… " + L.label(lang, "shortened")


# -- tables -------------------------------------------------------------------------------


def _table(
    s: Styles,
    rows: list[list[object]],
    widths: Sequence[float],
    numeric: Sequence[int] = (),
    total_row: bool = False,
    paged: bool = False,
) -> Flowable:
    """A data table with a repeated header row; columns mirrored in a right-to-left report.

    `numeric` columns are aligned to the end of the reading direction (right in English,
    left in Arabic), like a spreadsheet in that direction. `paged` tables (the record
    lists, thousands of rows) are laid out page by page by PagedTable.
    """
    n = len(widths)
    widths = list(widths)
    if s.rtl:
        rows = [list(reversed(r)) for r in rows]
        widths.reverse()
        numeric = [n - 1 - c for c in numeric]
    text_align = "RIGHT" if s.rtl else "LEFT"
    number_align = "LEFT" if s.rtl else "RIGHT"
    cmds: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("LEADING", (0, 0), (-1, -1), 9.2),
        ("FONTNAME", (0, 0), (-1, 0), fonts.BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 0), (-1, -1), text_align),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
    ]
    for c in numeric:
        cmds.append(("ALIGN", (c, 0), (c, -1), number_align))
    if total_row:
        cmds += [
            ("FONTNAME", (0, -1), (-1, -1), fonts.BOLD),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
            ("BACKGROUND", (0, -1), (-1, -1), colors.white),
        ]
    align = "RIGHT" if s.rtl else "LEFT"
    if paged:
        return PagedTable(rows[0], rows[1:], widths, TableStyle(cmds), align)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign=align)
    table.setStyle(TableStyle(cmds))
    table.fieldapp_body_rows = len(rows) - 1  # for progress (see ReportDoc.afterFlowable)
    return table


_PAD_X, _PAD_Y, _LEADING = 6.0, 5.0, 9.2  # the paddings and leading set in _table


class PagedTable(Flowable):
    """A long table cut into one reportlab Table per page, header on every page.

    reportlab's Table splits a 10,000-row table by copying and re-measuring what remains
    at every page break, which grows with the square of the length. Here every row is
    measured once, the rows that fit the space left are handed to a small Table with its
    row heights already known, and the rest waits (sharing the same lists) for the next
    page: time grows with the number of rows.
    """

    def __init__(
        self,
        header: list[object],
        rows: list[list[object]],
        widths: Sequence[float],
        style: TableStyle,
        align: str,
        start: int = 0,
        heights: list[float] | None = None,
        header_height: float | None = None,
    ):
        super().__init__()
        self.header, self.rows, self.widths = header, rows, list(widths)
        self.style, self.hAlign, self.start = style, align, start
        self.heights = heights
        self.header_height = header_height
        self.width = sum(self.widths)

    def _measure(self) -> None:
        if self.heights is not None:
            return

        def row_height(row: list[object]) -> float:
            tallest = _LEADING
            for cell, width in zip(row, self.widths, strict=True):
                if isinstance(cell, Flowable):
                    tallest = max(tallest, cell.wrap(width - _PAD_X, 1e6)[1])
                elif cell:
                    tallest = max(tallest, _LEADING * (str(cell).count("\n") + 1))
            return tallest + _PAD_Y

        self.header_height = row_height(self.header)
        self.heights = [row_height(r) for r in self.rows]

    def _table(self, end: int) -> Table:
        assert self.heights is not None and self.header_height is not None
        table = Table(
            [self.header, *self.rows[self.start : end]],
            colWidths=self.widths,
            rowHeights=[self.header_height, *self.heights[self.start : end]],
            hAlign=self.hAlign,
        )
        table.setStyle(self.style)
        table.fieldapp_body_rows = end - self.start
        return table

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._measure()
        assert self.heights is not None and self.header_height is not None
        self.height = self.header_height + sum(self.heights[self.start :])
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._measure()
        assert self.heights is not None and self.header_height is not None
        room = availHeight - self.header_height
        end = self.start
        while end < len(self.rows) and self.heights[end] <= room:
            room -= self.heights[end]
            end += 1
        if end == self.start:
            if availHeight < PAGE[1] / 2:
                return []  # not even one row here: start on the next page
            end += 1  # a row taller than a page: print it, cut by the page edge
        rest = PagedTable(
            self.header,
            self.rows,
            self.widths,
            self.style,
            self.hAlign,
            end,
            self.heights,
            self.header_height,
        )
        return [self._table(end), rest] if end < len(self.rows) else [self._table(end)]

    def drawOn(self, canvas: rl_canvas.Canvas, x: float, y: float, _sW: float = 0) -> None:
        table = self._table(len(self.rows))
        table.wrapOn(canvas, self.width, self.height)
        table.drawOn(canvas, x, y, _sW)
        self._drawn_rows = len(self.rows) - self.start


def _header(s: Styles, keys: Sequence[str], numeric: Sequence[int] = ()) -> list[object]:
    """Header cells; numeric columns' headers sit on the same side as their numbers."""
    end = _aligned(s.cell_bold, TA_LEFT if s.rtl else TA_RIGHT)
    return [
        s.p(L.label(s.lang, k), end if i in numeric else s.cell_bold) for i, k in enumerate(keys)
    ]


def _heading(s: Styles, key: str) -> Flowable:
    return s.p(L.label(s.lang, key), s.h1)


# -- sections -----------------------------------------------------------------------------


def _area_text(lang: str, flt: Filter) -> str:
    parts = [p for p in (flt.admin2, L.governorate(lang, flt.admin1)) if p]
    return L.join(lang, parts) if parts else L.label(lang, "all_areas")


def _period_text(lang: str, data: ReportData) -> str:
    flt = data.flt
    if flt.date_from and flt.date_to:
        return L.label(
            lang,
            "date_range",
            start=L.long_date(lang, flt.date_from),
            end=L.long_date(lang, flt.date_to),
        )
    if flt.date_from:
        return L.label(lang, "from_date", date=L.long_date(lang, flt.date_from))
    if flt.date_to:
        return L.label(lang, "to_date", date=L.long_date(lang, flt.date_to))
    if data.first_date and data.last_date:
        return (
            L.label(
                lang,
                "date_range",
                start=L.long_date(lang, data.first_date),
                end=L.long_date(lang, data.last_date),
            )
            + f" ({L.label(lang, 'all_dates')})"
        )
    return L.label(lang, "all_dates")


def _kv_table(
    s: Styles, pairs: list[tuple[str, str]], key_width: float, width: float = FRAME_WIDTH
) -> Table:
    rows = [[s.p(k, s.cell_bold), s.p(v, s.body)] for k, v in pairs]
    widths = [key_width, width - key_width]
    if s.rtl:
        rows = [list(reversed(r)) for r in rows]
        widths.reverse()
    t = Table(rows, colWidths=widths, hAlign="RIGHT" if s.rtl else "LEFT")
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return t


def _title_block(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    signer = data.signer
    pairs = [
        (L.label(lang, "period"), _period_text(lang, data)),
        (L.label(lang, "area"), _area_text(lang, data.flt)),
        (L.label(lang, "organisation"), signer.organisation),
        (
            L.label(lang, "author"),
            f"{signer.name} · {format_fingerprint(signer.fingerprint)[:19]}…",
        ),
        (L.label(lang, "generated"), L.timestamp(lang, data.generated_at)),
    ]
    extra = []
    if data.flt.event_type:
        extra.append(f"{L.label(lang, 'event_type')}: {L.vocab(lang, data.flt.event_type)}")
    if data.flt.search:
        extra.append(f"{L.label(lang, 'search')}: “{data.flt.search}”")
    if extra:
        pairs.append((L.label(lang, "filters"), L.join(lang, extra, semicolon=True)))
    return [
        s.p(L.label(lang, "title"), s.title),
        Spacer(1, 4),
        _kv_table(s, pairs, 34 * mm),
    ]


def _headline(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    figures = [
        ("incidents", data.incident_count),
        ("killed", data.killed),
        ("injured", data.injured),
        ("displaced_individuals", data.displaced_individuals),
        ("displaced_households", data.displaced_households),
    ]
    if s.rtl:
        figures.reverse()
    numbers = [s.p(L.number(lang, v), s.figure) for _, v in figures]
    words = [s.p(L.label(lang, k), s.figure_label) for k, _ in figures]
    t = Table([numbers, words], colWidths=[FRAME_WIDTH / len(figures)] * len(figures))
    t.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEAFTER", (0, 0), (-2, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fafbfc")),
                ("TOPPADDING", (0, 0), (-1, 0), 8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return [
        _heading(s, "headline"),
        t,
        Spacer(1, 3),
        s.p(L.label(lang, "displaced_note"), s.small),
    ]


def _by_area(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    if not data.by_area:
        return []
    rows: list[list[object]] = [
        _header(
            s,
            (
                "governorate",
                "district",
                "incidents",
                "killed",
                "injured",
                "displaced_individuals",
                "displaced_households",
            ),
            numeric=range(2, 7),
        )
    ]
    unknown = L.label(lang, "unknown")
    for a in data.by_area:
        rows.append(
            [
                s.p(L.governorate(lang, a.admin1) or unknown, s.cell),
                s.p(a.admin2 or unknown, s.cell),
                *(
                    s.t(L.number(lang, v))
                    for v in (a.incidents, a.killed, a.injured, a.individuals, a.households)
                ),
            ]
        )
    rows.append(
        [
            s.p(L.label(lang, "total"), s.cell_bold),
            "",
            *(
                s.t(L.number(lang, v))
                for v in (
                    data.incident_count,
                    data.killed,
                    data.injured,
                    data.displaced_individuals,
                    data.displaced_households,
                )
            ),
        ]
    )
    widths = [88, 110, 55, 55, 55, 80, 80]
    widths[1] += FRAME_WIDTH - sum(widths)
    return [_heading(s, "by_area"), _table(s, rows, widths, numeric=range(2, 7), total_row=True)]


def _by_type(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    if not data.by_type:
        return []
    rows: list[list[object]] = [
        _header(s, ("event_type", "sub_event_type", "incidents", "killed", "injured"), (2, 3, 4))
    ]
    for t in data.by_type:
        rows.append(
            [
                s.p(L.vocab(lang, t.event_type), s.cell),
                s.p(L.vocab(lang, t.sub_event_type), s.cell),
                *(s.t(L.number(lang, v)) for v in (t.incidents, t.killed, t.injured)),
            ]
        )
    rows.append(
        [
            s.p(L.label(lang, "total"), s.cell_bold),
            "",
            *(s.t(L.number(lang, v)) for v in (data.incident_count, data.killed, data.injured)),
        ]
    )
    widths = [140, 150, 60, 60, 60]
    widths[1] += FRAME_WIDTH - sum(widths)
    return [_heading(s, "by_type"), _table(s, rows, widths, numeric=(2, 3, 4), total_row=True)]


def _by_direction(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    if not data.by_direction:
        return []
    rows: list[list[object]] = [
        _header(s, ("direction", "reports", "individuals", "households"), (1, 2, 3))
    ]
    for d in data.by_direction:
        rows.append(
            [
                s.p(L.vocab(lang, d.direction), s.cell),
                *(s.t(L.number(lang, v)) for v in (d.reports, d.individuals, d.households)),
            ]
        )
    widths = [150, 80, 90, 90]
    widths[0] += FRAME_WIDTH - sum(widths)
    return [
        _heading(s, "by_direction"),
        _table(s, rows, widths, numeric=(1, 2, 3)),
    ]


def _chart(s: Styles, data: ReportData) -> list[Flowable]:
    if not data.timeline:
        return []
    drawing = charts.timeline(s.lang, data.timeline, data.bucket, FRAME_WIDTH)
    drawing.hAlign = "CENTER"
    return [CondPageBreak(drawing.height + 40), _heading(s, "chart_title"), drawing]


def _map(s: Styles, map_png: Path | None) -> list[Flowable]:
    if map_png is None:
        return []
    from reportlab.lib.utils import ImageReader

    iw, ih = ImageReader(str(map_png)).getSize()
    width = FRAME_WIDTH
    height = width * ih / iw
    max_height = 120 * mm
    if height > max_height:
        width, height = width * max_height / height, max_height
    image = Image(str(map_png), width=width, height=height)
    image.hAlign = "CENTER"
    return [CondPageBreak(height + 40), _heading(s, "map_title"), image]


def _incident_table(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    out: list[Flowable] = [CondPageBreak(170), _heading(s, "incident_table")]
    if not data.incidents:
        return [*out, s.p(L.label(lang, "no_incidents"), s.body)]
    rows: list[list[object]] = [
        _header(s, ("date", "event", "location", "killed", "injured", "source", "notes"), (3, 4))
    ]
    widths = [50, 98, 90, 34, 38, 62, 0]
    widths[-1] = FRAME_WIDTH - sum(widths)
    for r in data.incidents:
        event = L.vocab(lang, r["sub_event_type"])
        if r["targets"]:
            event += "\n" + L.join(lang, (L.vocab(lang, t) for t in r["targets"]))
        place = L.join(lang, (r["admin2"], L.governorate(lang, r["admin1"])))
        location = r["location"] + (f"\n{place}" if place else "")
        rows.append(
            [
                s.t(L.iso_date(lang, r["event_date"])),
                s.fit(event, widths[1]),
                s.fit(location, widths[2]),
                s.t(L.number(lang, r["killed"])),
                s.t(L.number(lang, r["injured"])),
                s.fit(r["source"], widths[5]),
                s.fit(_shorten(r["notes"], lang), widths[6]),
            ]
        )
    return [*out, _table(s, rows, widths, numeric=(3, 4), paged=True)]


def _displacement_table(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    out: list[Flowable] = [CondPageBreak(170), _heading(s, "displacement_table")]
    if not data.displacements:
        return [*out, s.p(L.label(lang, "no_displacements"), s.body)]
    rows: list[list[object]] = [
        _header(
            s,
            (
                "date",
                "direction",
                "location",
                "individuals",
                "households",
                "from_to",
                "source",
                "notes",
            ),
            (3, 4),
        )
    ]
    widths = [50, 46, 80, 54, 56, 78, 60, 0]
    widths[-1] = FRAME_WIDTH - sum(widths)
    for r in data.displacements:
        place = L.join(lang, (r["admin2"], L.governorate(lang, r["admin1"])))
        location = r["location"] + (f"\n{place}" if place else "")
        moves = []
        origin = L.join(lang, (r["origin_location"], L.governorate(lang, r["origin_admin1"])))
        if origin:
            moves.append(L.label(lang, "from_place", place=origin))
        destination = L.join(
            lang, (r["destination_location"], L.governorate(lang, r["destination_admin1"]))
        )
        if destination:
            moves.append(L.label(lang, "to_place", place=destination))
        notes = "\n".join(
            x
            for x in (
                f"{L.label(lang, 'cause')}: {r['cause']}" if r["cause"] else "",
                _shorten(r["notes"], lang),
            )
            if x
        )
        date = L.iso_date(lang, r["report_date"])
        if r["period_end"]:
            date += "\n– " + L.iso_date(lang, r["period_end"])
        rows.append(
            [
                s.fit(date, widths[0]),
                s.fit(L.vocab(lang, r["direction"]), widths[1]),
                s.fit(location, widths[2]),
                s.t(L.number(lang, r["individuals"])),
                s.t(L.number(lang, r["households"])),
                s.fit("\n".join(moves), widths[5]),
                s.fit(r["source"], widths[6]),
                s.fit(notes, widths[7]),
            ]
        )
    return [*out, _table(s, rows, widths, numeric=(3, 4), paged=True)]


def _sources(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    out: list[Flowable] = [_heading(s, "sources")]
    if data.sources:
        rows: list[list[object]] = [_header(s, ("source", "reports"), (1,))]
        for name, n in data.sources:
            rows.append([s.p(name, s.cell), s.t(L.number(lang, n))])
        widths = [0, 70]
        widths[0] = FRAME_WIDTH * 0.6 - 70
        t = _table(s, rows, widths, numeric=(1,))
        out.append(t)
    out += [Spacer(1, 6), s.p(L.label(lang, "method"), s.small)]
    return out


def _signature_block(s: Styles, signature: SignatureBlock | None) -> Flowable:
    lang = s.lang
    if signature is None:
        box_rows = [
            [s.p(L.label(lang, "signature"), s.h1)],
            [s.p(L.label(lang, "unsigned"), s.body)],
            [s.p(L.label(lang, "draft_banner"), s.body)],
        ]
        border = DRAFT_RED
    else:
        groups = format_fingerprint(signature.fingerprint).split()
        fp = " ".join(groups[:8]) + "\n" + " ".join(groups[8:])
        pairs = [
            (L.label(lang, "signed_by"), f"{signature.name} ({signature.organisation})"),
            (L.label(lang, "signed_at"), L.timestamp(lang, signature.signed_at)),
            (L.label(lang, "fingerprint"), fp),
        ]
        box_rows = [
            [s.p(L.label(lang, "signature"), s.h1)],
            [_kv_table(s, pairs, 32 * mm, FRAME_WIDTH - 2 - 20)],
            [s.p(L.label(lang, "verify_hint"), s.small)],
        ]
        border = ACCENT
    box = Table(box_rows, colWidths=[FRAME_WIDTH - 2])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, border),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
            ]
        )
    )
    box.fieldapp_signature_block = True
    return KeepTogether([Spacer(1, 14), box])


# -- document -----------------------------------------------------------------------------


def _canvas_class(lang: str, footer_left: str, draft: bool) -> type[rl_canvas.Canvas]:
    """A canvas that holds pages back until the end, so each footer can say "page N of M"."""
    s_rtl = L.is_rtl(lang)
    direction = "R" if s_rtl else "L"

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args: object, **kwargs: object):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            width, _ = PAGE
            y = MARGIN_BOTTOM - 10 * mm
            page = arabic.visual(
                L.label(lang, "page", n=L.digits(lang, str(number)), m=L.digits(lang, str(total))),
                direction,
            )
            left = arabic.visual(footer_left, direction)
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.4)
            self.line(MARGIN_X, y + 9, width - MARGIN_X, y + 9)
            self.setFillColor(MUTED)
            self.setFont(fonts.REGULAR, 7.5)
            if s_rtl:
                self.drawRightString(width - MARGIN_X, y, left)
                self.drawString(MARGIN_X, y, page)
            else:
                self.drawString(MARGIN_X, y, left)
                self.drawRightString(width - MARGIN_X, y, page)
            if draft:
                self.setFillColor(DRAFT_RED)
                self.setFont(fonts.BOLD, 7.5)
                self.drawCentredString(
                    width / 2, y, arabic.visual(L.label(lang, "draft"), direction)
                )
            self.restoreState()

    return NumberedCanvas


def _draft_marks(lang: str) -> Callable[[rl_canvas.Canvas, BaseDocTemplate], None]:
    """A watermark and a banner on every page of an unsigned draft (drawn under the text)."""
    direction = "R" if L.is_rtl(lang) else "L"
    word = arabic.visual(L.label(lang, "draft"), direction)
    banner = arabic.visual(L.label(lang, "draft_banner"), direction)

    def on_page(canv: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
        width, height = PAGE
        canv.saveState()
        canv.setFillColor(colors.Color(0.70, 0.15, 0.12, alpha=0.10))
        canv.setFont(fonts.BOLD, 110)
        canv.translate(width / 2, height / 2)
        canv.rotate(45)
        canv.drawCentredString(0, -35, word)
        canv.restoreState()
        canv.saveState()
        canv.setFillColor(DRAFT_RED)
        canv.setFont(fonts.BOLD, 8)
        canv.drawCentredString(width / 2, height - MARGIN_TOP + 12, banner)
        canv.restoreState()

    return on_page


class ReportDoc(BaseDocTemplate):
    """Counts table rows as they are laid out, for progress and cancel."""

    def __init__(self, *args: object, on_rows: Callable[[int], None] | None = None, **kw: object):
        super().__init__(*args, **kw)
        self.on_rows = on_rows
        self.signature_page: int | None = None

    def afterFlowable(self, flowable: Flowable) -> None:
        rows = getattr(flowable, "fieldapp_body_rows", None)
        if isinstance(flowable, PagedTable):  # drawn whole (it fitted), not split
            rows = getattr(flowable, "_drawn_rows", None)
        elif rows is None and isinstance(flowable, Table):
            rows = max(0, len(flowable._cellvalues) - 1)
        if rows and self.on_rows:
            self.on_rows(rows)
        if isinstance(flowable, Table) and getattr(flowable, "fieldapp_signature_block", False):
            self.signature_page = self.page


def build_pdf(
    data: ReportData,
    lang: str = "en",
    signature: SignatureBlock | None = None,
    map_png: Path | None = None,
    progress: BuildProgress | None = None,
    cancelled: CancelFlag | None = None,
) -> BuiltPdf:
    """The report's PDF. `signature` None makes a draft, marked DRAFT on every page."""
    L.check_language(lang)
    s = Styles(lang)
    draft = signature is None
    total_rows = len(data.incidents) + len(data.displacements) or 1
    done = 0

    def on_rows(n: int) -> None:
        nonlocal done
        done += n
        if cancelled and cancelled():
            raise Cancelled("cancelled; no report was written")
        if progress:
            progress(min(done, total_rows), total_rows)

    story: list[Flowable] = []
    story += _title_block(s, data)
    story += warning_box(s, warning_lines(lang, data.warnings))
    story += _headline(s, data)
    story += _by_area(s, data)
    story += _by_type(s, data)
    story += _by_direction(s, data)
    story += _chart(s, data)
    story += _map(s, map_png)
    story += _incident_table(s, data)
    story += _displacement_table(s, data)
    story += _sources(s, data)
    story.append(_signature_block(s, signature))

    out = io.BytesIO()
    title = L.label(lang, "title")
    doc = ReportDoc(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title + (f" ({L.label(lang, 'draft')})" if draft else ""),
        author=f"{data.signer.name} ({data.signer.organisation})",
        subject=_period_text(lang, data) + " · " + _area_text(lang, data.flt),
        creator="fieldapp",
        lang=lang,
        direction="R2L" if s.rtl else "L2R",
        on_rows=on_rows,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    on_page = _draft_marks(lang) if draft else None
    template = (
        PageTemplate(id="page", frames=[frame], onPage=on_page)
        if on_page
        else PageTemplate(id="page", frames=[frame])
    )
    doc.addPageTemplates([template])
    footer_left = f"{title} · {_period_text(lang, data)}"
    doc.build(story, canvasmaker=_canvas_class(lang, footer_left, draft))
    if progress:
        progress(total_rows, total_rows)
    return BuiltPdf(out.getvalue(), doc.page)
