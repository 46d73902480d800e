"""The report's tables: the data table style, the paged table that lays out thousands of
rows in linear time, header rows, and the two-column key/value table.

In a right-to-left report table columns run from the right and numbers sit on the end of
the reading direction (left in Arabic), like a spreadsheet in that direction.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, Table, TableStyle

from fieldapp.reports import fonts
from fieldapp.reports import labels as L
from fieldapp.reports.layout import (
    ACCENT,
    CELL_LEADING,
    CELL_PAD_X,
    CELL_PAD_Y,
    CELL_SIZE,
    CODE_SIZE,
    FRAME_WIDTH,
    HEADER_BG,
    INK,
    PAGE,
    RULE,
    ZEBRA,
)
from fieldapp.reports.text import Styles, aligned


def data_table(
    s: Styles,
    rows: list[list[object]],
    widths: Sequence[float],
    numeric: Sequence[int] = (),
    total_row: bool = False,
    paged: bool = False,
    codes: Sequence[int] = (),
) -> Flowable:
    """A data table with a repeated header row; columns mirrored in a right-to-left report.

    `numeric` columns are aligned to the end of the reading direction (right in English,
    left in Arabic), like a spreadsheet in that direction. `paged` tables (the record
    lists, thousands of rows) are laid out page by page by PagedTable. `codes` columns
    hold identifiers, printed in the smaller CODE_SIZE.
    """
    n = len(widths)
    widths = list(widths)
    if s.rtl:
        rows = [list(reversed(r)) for r in rows]
        widths.reverse()
        numeric = [n - 1 - c for c in numeric]
        codes = [n - 1 - c for c in codes]
    text_align = "RIGHT" if s.rtl else "LEFT"
    number_align = "LEFT" if s.rtl else "RIGHT"
    cmds: list[tuple] = [
        fonts.TABLE_FONT,
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("FONTNAME", (0, 0), (-1, 0), fonts.BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 0), (-1, -1), text_align),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y / 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y / 2),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X / 2),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
    ]
    for c in numeric:
        cmds.append(("ALIGN", (c, 0), (c, -1), number_align))
    for c in codes:
        cmds.append(("FONTSIZE", (c, 1), (c, -1), CODE_SIZE))
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
            tallest = CELL_LEADING
            for cell, width in zip(row, self.widths, strict=True):
                if isinstance(cell, Flowable):
                    tallest = max(tallest, cell.wrap(width - CELL_PAD_X, 1e6)[1])
                elif cell:
                    tallest = max(tallest, CELL_LEADING * (str(cell).count("\n") + 1))
            return tallest + CELL_PAD_Y

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


def header_row(s: Styles, keys: Sequence[str], numeric: Sequence[int] = ()) -> list[object]:
    """Header cells; numeric columns' headers sit on the same side as their numbers."""
    end = aligned(s.cell_bold, TA_LEFT if s.rtl else TA_RIGHT)
    return [
        s.p(L.label(s.lang, k), end if i in numeric else s.cell_bold) for i, k in enumerate(keys)
    ]


def kv_table(
    s: Styles, pairs: list[tuple[str, str]], key_width: float, width: float = FRAME_WIDTH
) -> Table:
    """Labels and their values, two columns without rules (the title block, the signature)."""
    rows = [[s.p(k, s.cell_bold), s.p(v, s.body)] for k, v in pairs]
    widths = [key_width, width - key_width]
    if s.rtl:
        rows = [list(reversed(r)) for r in rows]
        widths.reverse()
    t = Table(rows, colWidths=widths, hAlign="RIGHT" if s.rtl else "LEFT")
    t.setStyle(
        TableStyle(
            [
                fonts.TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return t
