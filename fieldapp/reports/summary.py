"""The report's first pages: the title block, the headline figures and the totals by area,
by event type and by direction of movement.

The words that say what a report covers (its period and its area) are made here and also
used by the page template (the footer) and the PDF's metadata.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from fieldapp.identity.keys import format_fingerprint
from fieldapp.reports import fonts
from fieldapp.reports import labels as L
from fieldapp.reports.data import ReportData
from fieldapp.reports.layout import FRAME_WIDTH, RULE
from fieldapp.reports.tables import data_table, header_row, kv_table
from fieldapp.reports.text import Styles
from fieldapp.store import Filter


def area_text(lang: str, flt: Filter) -> str:
    parts = [p for p in (flt.admin3, flt.admin2, L.governorate(lang, flt.admin1)) if p]
    return L.join(lang, parts) if parts else L.label(lang, "all_areas")


def period_text(lang: str, data: ReportData) -> str:
    """The filter's dates; with none, the records' first and last dates ("all dates")."""
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


def title_block(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    signer = data.signer
    pairs = [
        (L.label(lang, "period"), period_text(lang, data)),
        (L.label(lang, "area"), area_text(lang, data.flt)),
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
        kv_table(s, pairs, 34 * mm),
    ]


def headline(s: Styles, data: ReportData) -> list[Flowable]:
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
                fonts.TABLE_FONT,
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
        s.heading("headline"),
        t,
        Spacer(1, 3),
        s.p(L.label(lang, "displaced_note"), s.small),
    ]


def by_area(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    if not data.by_area:
        return []
    rows: list[list[object]] = [
        header_row(
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
    return [s.heading("by_area"), data_table(s, rows, widths, numeric=range(2, 7), total_row=True)]


def by_type(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    if not data.by_type:
        return []
    rows: list[list[object]] = [
        header_row(s, ("event_type", "sub_event_type", "incidents", "killed", "injured"), (2, 3, 4))
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
    return [s.heading("by_type"), data_table(s, rows, widths, numeric=(2, 3, 4), total_row=True)]


def by_direction(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    if not data.by_direction:
        return []
    rows: list[list[object]] = [
        header_row(s, ("direction", "reports", "individuals", "households"), (1, 2, 3))
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
        s.heading("by_direction"),
        data_table(s, rows, widths, numeric=(1, 2, 3)),
    ]
