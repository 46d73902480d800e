"""The report's two figures: the chart over time and the map image.

Each starts on a new page when the rest of the page is too short for it, so a figure is
never cut from its heading.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import CondPageBreak, Flowable, Image

from fieldapp.reports import charts
from fieldapp.reports.data import ReportData
from fieldapp.reports.layout import FRAME_WIDTH
from fieldapp.reports.text import Styles

MAP_MAX_HEIGHT = 120 * mm


def chart(s: Styles, data: ReportData) -> list[Flowable]:
    if not data.timeline:
        return []
    drawing = charts.timeline(s.lang, data.timeline, data.bucket, FRAME_WIDTH)
    drawing.hAlign = "CENTER"
    return [CondPageBreak(drawing.height + 40), s.heading("chart_title"), drawing]


def map_figure(s: Styles, map_png: bytes | None) -> list[Flowable]:
    """The map image (PNG bytes: it never touches the disk), the frame's width (or less,
    for a tall image, MAP_MAX_HEIGHT high)."""
    if not map_png:
        return []
    iw, ih = ImageReader(io.BytesIO(map_png)).getSize()
    width = FRAME_WIDTH
    height = width * ih / iw
    if height > MAP_MAX_HEIGHT:
        width, height = width * MAP_MAX_HEIGHT / height, MAP_MAX_HEIGHT
    image = Image(io.BytesIO(map_png), width=width, height=height)
    image.hAlign = "CENTER"
    return [CondPageBreak(height + 40), s.heading("map_title"), image]
