"""The "over time" figure: incidents per period and killed + injured per period.

Two bar charts one above the other rather than one chart with two scales: incidents are
counted in ones and casualties in tens or hundreds, and a shared axis would flatten one of
them. Drawn with reportlab graphics (vector, fonts embedded like the text). In a
right-to-left report time runs from right to left and the value axis sits on the right.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors

from fieldapp.reports import arabic, fonts
from fieldapp.reports import labels as L
from fieldapp.reports.data import Bucket

INCIDENT_COLOUR = colors.HexColor("#2f5d8a")
KILLED_COLOUR = colors.HexColor("#8e1b1b")
INJURED_COLOUR = colors.HexColor("#e08a2c")
_MAX_LABELS = 12


def _text(lang: str, text: str) -> str:
    return arabic.visual(text, "R" if L.is_rtl(lang) else "L")


def _tick(lang: str, bucket: Bucket, kind: str) -> str:
    """28 Apr / ٢٨ نيسان, or Apr 2019 for monthly buckets: never an ambiguous 04/05."""
    day = bucket.start
    month = L.MONTHS.get(lang, L.MONTHS["en"])[day.month - 1]
    if lang == "en":
        month = month[:3]
    text = f"{month} {day.year}" if kind == "month" else f"{day.day} {month}"
    return _text(lang, L.digits(lang, text))


def _chart(
    lang: str,
    buckets: list[Bucket],
    series: list[list[int]],
    fills: list[colors.Color],
    x: float,
    y: float,
    width: float,
    height: float,
    kind: str,
) -> VerticalBarChart:
    rtl = L.is_rtl(lang)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = x, y, width, height
    chart.data = series
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.reverseDirection = 1 if rtl else 0
    step = max(1, -(-len(buckets) // _MAX_LABELS))
    chart.categoryAxis.categoryNames = [
        _tick(lang, b, kind) if i % step == 0 else "" for i, b in enumerate(buckets)
    ]
    chart.categoryAxis.labels.fontName = fonts.REGULAR
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 0
    chart.categoryAxis.labels.dy = -2
    chart.categoryAxis.strokeColor = colors.grey
    chart.valueAxis.labels.fontName = fonts.REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max((sum(col) for col in zip(*series, strict=True)), default=0)
    chart.valueAxis.valueMax = max(4, top)
    chart.valueAxis.valueStep = _nice_step(max(4, top))
    chart.valueAxis.labelTextFormat = lambda v: L.number(lang, int(v))
    chart.valueAxis.strokeColor = colors.grey
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.valueAxis.gridStrokeWidth = 0.4
    if rtl:
        chart.valueAxis.joinAxisMode = "right"
        chart.valueAxis.labels.boxAnchor = "w"
        chart.valueAxis.labels.dx = 5
        chart.valueAxis.tickLeft = 0
        chart.valueAxis.tickRight = 5
    chart.barSpacing = 0
    chart.groupSpacing = 1 if len(buckets) > 20 else 3
    chart.bars.strokeWidth = 0
    for i, fill in enumerate(fills):
        chart.bars[i].fillColor = fill
    return chart


def _nice_step(top: int) -> int:
    raw = top / 4
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for m in (1, 2, 5, 10):
        if raw <= m * magnitude:
            return max(1, int(m * magnitude))
    return max(1, int(raw))


def _legend(
    drawing: Drawing, lang: str, items: list[tuple[str, colors.Color]], x: float, y: float
) -> None:
    """A legend row: swatch then words, laid out from the reading side."""
    rtl = L.is_rtl(lang)
    cursor = x
    for text, fill in items:
        shown = _text(lang, text)
        w = fonts.width(shown, 7.5)
        if rtl:
            drawing.add(Rect(cursor - 8, y, 8, 8, fillColor=fill, strokeColor=None))
            drawing.add(
                String(
                    cursor - 12,
                    y + 1,
                    shown,
                    fontName=fonts.REGULAR,
                    fontSize=7.5,
                    textAnchor="end",
                )
            )
            cursor -= w + 28
        else:
            drawing.add(Rect(cursor, y, 8, 8, fillColor=fill, strokeColor=None))
            drawing.add(String(cursor + 12, y + 1, shown, fontName=fonts.REGULAR, fontSize=7.5))
            cursor += w + 28


def timeline(lang: str, buckets: list[Bucket], kind: str, width: float) -> Drawing:
    """The two charts in one drawing `width` points wide."""
    fonts.register()
    rtl = L.is_rtl(lang)
    height = 270
    d = Drawing(width, height)
    d.initialFontName = fonts.REGULAR  # not reportlab's Helvetica, which is never embedded
    bucket_word = L.label(lang, f"bucket_{kind}")
    margin_l, margin_r = (8, 34) if rtl else (34, 8)
    plot_w = width - margin_l - margin_r
    title_x = width - margin_r if rtl else margin_l
    anchor = "end" if rtl else "start"
    d.add(
        String(
            title_x,
            height - 10,
            _text(lang, L.label(lang, "chart_incidents", bucket=bucket_word)),
            fontName=fonts.BOLD,
            fontSize=8,
            textAnchor=anchor,
        )
    )
    d.add(
        _chart(
            lang,
            buckets,
            [[b.incidents for b in buckets]],
            [INCIDENT_COLOUR],
            margin_l,
            160,
            plot_w,
            88,
            kind,
        )
    )
    d.add(
        String(
            title_x,
            122,
            _text(lang, L.label(lang, "chart_casualties", bucket=bucket_word)),
            fontName=fonts.BOLD,
            fontSize=8,
            textAnchor=anchor,
        )
    )
    d.add(
        _chart(
            lang,
            buckets,
            [[b.killed for b in buckets], [b.injured for b in buckets]],
            [KILLED_COLOUR, INJURED_COLOUR],
            margin_l,
            24,
            plot_w,
            88,
            kind,
        )
    )
    _legend(
        d,
        lang,
        [(L.label(lang, "killed"), KILLED_COLOUR), (L.label(lang, "injured"), INJURED_COLOUR)],
        title_x,
        2,
    )
    return d
