"""The box on a report's first page that says what its totals may be wrong about.

One function that turns the warning's lines (fieldapp.reports.scope.warning_lines) into a
framed block placed under the title, above the headline figures, so that nobody reads a
total without reading the warning.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from fieldapp.reports import fonts
from fieldapp.reports import labels as L
from fieldapp.reports.layout import FRAME_WIDTH
from fieldapp.reports.text import Styles

BORDER = colors.HexColor("#b26a00")
BACKGROUND = colors.HexColor("#fff4df")


def warning_box(s: Styles, lines: list[str]) -> list[Flowable]:
    """Nothing when there is nothing to warn about; else a titled, framed box."""
    if not lines:
        return []
    title = ParagraphStyle("warning_title", parent=s.h1, textColor=BORDER, spaceBefore=4)
    rows = [[s.p("⚠ " + L.label(s.lang, "warning_title"), title)]]
    rows += [[s.p(line, s.body)] for line in lines]
    box = Table(rows, colWidths=[FRAME_WIDTH - 2])
    box.setStyle(
        TableStyle(
            [
                fonts.TABLE_FONT,
                ("BOX", (0, 0), (-1, -1), 1.4, BORDER),
                ("BACKGROUND", (0, 0), (-1, -1), BACKGROUND),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 3 * mm),
            ]
        )
    )
    box.fieldapp_warning = True
    return [Spacer(1, 8), box]
