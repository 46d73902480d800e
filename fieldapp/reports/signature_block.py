"""The visible signature block at the end of a report: who signed it, when, with which
key (the fingerprint a reader compares with `fieldapp verify`), or, on a draft, a red box
saying it is unsigned.

This is what a reader sees; the signature itself is added afterwards (fieldapp.reports.sign).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from fieldapp.identity.keys import format_fingerprint
from fieldapp.reports import fonts
from fieldapp.reports import labels as L
from fieldapp.reports.layout import ACCENT, DRAFT_RED, FRAME_WIDTH
from fieldapp.reports.tables import kv_table
from fieldapp.reports.text import Styles


@dataclass(frozen=True)
class SignatureBlock:
    """What the visible signature block says; None on a draft."""

    name: str
    organisation: str
    fingerprint: str
    signed_at: dt.datetime


def signature_block(s: Styles, signature: SignatureBlock | None) -> Flowable:
    """The framed block, kept whole on one page (the document notes which page)."""
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
            [kv_table(s, pairs, 32 * mm, FRAME_WIDTH - 2 - 20)],
            [s.p(L.label(lang, "verify_hint"), s.small)],
        ]
        border = ACCENT
    box = Table(box_rows, colWidths=[FRAME_WIDTH - 2])
    box.setStyle(
        TableStyle(
            [
                fonts.TABLE_FONT,
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
