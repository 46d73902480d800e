"""The report's page template: one A4 frame, the footer ("page N of M", mirrored in a
right-to-left report), the draft marks, and the document that counts table rows as they
are laid out (progress and cancel).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table

from fieldapp.reports import arabic, fonts
from fieldapp.reports import labels as L
from fieldapp.reports.layout import (
    DRAFT_RED,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE,
    RULE,
)
from fieldapp.reports.tables import PagedTable


def numbered_canvas(lang: str, footer_left: str, draft: bool) -> type[rl_canvas.Canvas]:
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
            if draft:  # beside the page number: the long left part can reach the middle
                mark = arabic.visual(L.label(lang, "draft"), direction)
                gap = fonts.width(page, 7.5) + 12
                self.setFillColor(DRAFT_RED)
                self.setFont(fonts.BOLD, 7.5)
                if s_rtl:
                    self.drawString(MARGIN_X + gap, y, mark)
                else:
                    self.drawRightString(width - MARGIN_X - gap, y, mark)
            self.restoreState()

    return NumberedCanvas


def draft_marks(lang: str) -> Callable[[rl_canvas.Canvas, BaseDocTemplate], None]:
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


def report_doc(
    out: BinaryIO,
    lang: str,
    *,
    title: str,
    author: str,
    subject: str,
    draft: bool,
    on_rows: Callable[[int], None],
) -> ReportDoc:
    """The document with its one page template (and the draft marks on a draft)."""
    doc = ReportDoc(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        subject=subject,
        creator="fieldapp",
        # reportlab's canvas starts every page in Helvetica, a font it references and never
        # embeds; the report's own font is embedded (pdffonts says "emb yes")
        initialFontName=fonts.REGULAR,
        lang=lang,
        direction="R2L" if L.is_rtl(lang) else "L2R",
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
    on_page = draft_marks(lang) if draft else None
    template = (
        PageTemplate(id="page", frames=[frame], onPage=on_page)
        if on_page
        else PageTemplate(id="page", frames=[frame])
    )
    doc.addPageTemplates([template])
    return doc
