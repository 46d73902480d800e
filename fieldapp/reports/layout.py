"""The report's page and colours: A4, its margins, the text frame's width, the inks.

Every part of the PDF (text, tables, figures, the page template, the boxes) measures
against these, so they live below all of them.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

PAGE = A4
MARGIN_X = 16 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 18 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN_X

INK = colors.HexColor("#1d1d1d")
MUTED = colors.HexColor("#5b5b5b")
RULE = colors.HexColor("#b9b9b9")
HEADER_BG = colors.HexColor("#e4e9ef")
ZEBRA = colors.HexColor("#f6f7f9")
ACCENT = colors.HexColor("#2f5d8a")
DRAFT_RED = colors.HexColor("#b3261e")

# A data table cell: font size, leading, and its paddings (left + right, top + bottom).
# Measured by the plain-string test (text.Styles.fit) and the paged tables alike.
CELL_SIZE = 7.5
CELL_LEADING = 9.2
CELL_PAD_X = 6.0
CELL_PAD_Y = 5.0
# Identifiers (record ids, P-codes) in a data table: smaller, so that they take little
# of the width the text columns need.
CODE_SIZE = 6.5
