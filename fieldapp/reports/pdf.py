"""The report as a PDF: reportlab platypus, A4, English or Arabic, left-to-right or
right-to-left.

Right to left is a layout, not a translation: paragraphs are right-aligned, table columns
run from the right, the headline boxes and the footer are mirrored, the charts' time axis
runs from the right. Text with Arabic in it (in either language) goes through
fieldapp.reports.arabic, because reportlab draws glyphs in the order it is given them.
User text is XML-escaped before it reaches a Paragraph: a note containing "<b>" or "&"
is printed as typed, never interpreted.

This module puts the report together, in reading order, and is what other code imports.
The parts live beside it:

- layout: the page, its margins and the colours
- text: paragraph styles, paragraphs with Arabic in them
- tables: the data table, the paged table for the record lists, key/value tables
- summary: the title block, headline figures, totals by area, type and direction
- warning_box: what page one warns about
- figures: the chart over time and the map image
- listings: the record lists and their sources
- signature_block: the visible signature block
- document: the page template, the footer, the draft marks, row counting
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.platypus import Flowable

from fieldapp.errors import Cancelled
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress
from fieldapp.reports import figures, listings, summary
from fieldapp.reports import labels as L
from fieldapp.reports.data import ReportData
from fieldapp.reports.document import ReportDoc, numbered_canvas, report_doc
from fieldapp.reports.layout import (
    ACCENT,
    DRAFT_RED,
    FRAME_WIDTH,
    HEADER_BG,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE,
    RULE,
    ZEBRA,
)
from fieldapp.reports.listings import NOTE_LIMIT
from fieldapp.reports.scope import warning_lines
from fieldapp.reports.signature_block import SignatureBlock, signature_block
from fieldapp.reports.tables import PagedTable
from fieldapp.reports.text import BidiParagraph, Styles, para
from fieldapp.reports.warning_box import warning_box

__all__ = [
    "ACCENT",
    "DRAFT_RED",
    "FRAME_WIDTH",
    "HEADER_BG",
    "INK",
    "MARGIN_BOTTOM",
    "MARGIN_TOP",
    "MARGIN_X",
    "MUTED",
    "NOTE_LIMIT",
    "PAGE",
    "RULE",
    "ZEBRA",
    "BidiParagraph",
    "BuildProgress",
    "BuiltPdf",
    "PagedTable",
    "ReportDoc",
    "SignatureBlock",
    "Styles",
    "build_pdf",
    "para",
]

BuildProgress = Progress


@dataclass(frozen=True)
class BuiltPdf:
    data: bytes
    pages: int


def build_pdf(
    data: ReportData,
    lang: str = "en",
    signature: SignatureBlock | None = None,
    map_png: bytes | None = None,
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
            raise Cancelled(Message("cancelled.no_report"))
        if progress:
            progress(min(done, total_rows), total_rows)

    out = io.BytesIO()
    title = L.label(lang, "title")
    period = summary.period_text(lang, data)
    doc = report_doc(
        out,
        lang,
        title=title + (f" ({L.label(lang, 'draft')})" if draft else ""),
        author=f"{data.signer.name} ({data.signer.organisation})",
        subject=period + " · " + summary.area_text(lang, data.flt),
        draft=draft,
        on_rows=on_rows,
    )
    story = _story(s, data, signature, map_png)
    doc.build(story, canvasmaker=numbered_canvas(lang, f"{title} · {period}", draft))
    if progress:
        progress(total_rows, total_rows)
    return BuiltPdf(out.getvalue(), doc.page)


def _story(
    s: Styles, data: ReportData, signature: SignatureBlock | None, map_png: bytes | None
) -> list[Flowable]:
    """Every part of the report, in reading order."""
    return [
        *summary.title_block(s, data),
        *warning_box(s, warning_lines(s.lang, data.warnings)),
        *summary.headline(s, data),
        *summary.by_area(s, data),
        *summary.by_type(s, data),
        *summary.by_direction(s, data),
        *figures.chart(s, data),
        *figures.map_figure(s, map_png),
        *listings.incident_table(s, data),
        *listings.displacement_table(s, data),
        *listings.sources(s, data),
        signature_block(s, signature),
    ]
