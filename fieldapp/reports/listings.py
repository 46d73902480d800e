"""The report's last pages: every incident and every displacement report, one row each,
and the sources they cite with the method note.

The record lists are paged tables (tables.PagedTable): a report of 10,000 incidents is
laid out in time that grows with the number of rows. A note longer than NOTE_LIMIT is
shortened in its cell and says so.
"""

from __future__ import annotations

import re

from reportlab.platypus import CondPageBreak, Flowable, Spacer

from fieldapp.reports import fonts
from fieldapp.reports import labels as L
from fieldapp.reports.arabic import needs_bidi
from fieldapp.reports.data import ReportData
from fieldapp.reports.layout import CELL_PAD_X, CELL_SIZE, CODE_SIZE, FRAME_WIDTH
from fieldapp.reports.tables import data_table, header_row
from fieldapp.reports.text import Styles

NOTE_LIMIT = 500  # characters of a note printed in a table cell


def shorten(text: str | None, lang: str) -> str:
    text = " ".join((text or "").split())
    if len(text) <= NOTE_LIMIT:
        return text
    return text[: NOTE_LIMIT - 1].rstrip() + "… " + L.label(lang, "shortened")


# The first eight characters of a record id, as the window and `fieldapp list` show ids:
# enough to find the record again (fieldapp accepts any unique prefix).
SHORT_ID = 8


def short_id(record: dict) -> str:
    return str(record["id"] or "")[:SHORT_ID]


def pcode(record: dict) -> str:
    """The most precise P-code the record has: sub-district, else district, else
    governorate (empty when none was recorded)."""
    for level in ("admin3_pcode", "admin2_pcode", "admin1_pcode"):
        if record.get(level):
            return str(record[level]).strip()
    return ""


def code_cell(code: str, width: float) -> str:
    """An identifier cut into lines that fit the column (a P-code has no spaces to wrap
    at, and a code running into the next column would be misread)."""
    room = width - CELL_PAD_X
    lines: list[str] = []
    line = ""
    for ch in code:
        if line and fonts.width(line + ch, CODE_SIZE) > room:
            lines.append(line)
            line = ""
        line += ch
    return "\n".join([*lines, line])


_BREAKS = re.compile(r"[^ /]+/?|/")


def wrap_plain(text: str, width: float) -> str:
    """Latin text broken into lines that fit the column at spaces and also after a slash:
    "Shelling/artillery/missile attack" is one word to reportlab, cut mid-letter in a
    narrow column. Text with Arabic in it is left to the bidi layout."""
    if needs_bidi(text):
        return text
    room = width - CELL_PAD_X
    out: list[str] = []
    for line in text.split("\n"):
        current = ""
        for m in _BREAKS.finditer(line):
            glue = " " if m.start() and line[m.start() - 1] == " " else ""
            if current and fonts.width(current + glue + m.group(), CELL_SIZE) > room:
                out.append(current)
                current = m.group()
            else:
                current += glue + m.group() if current else m.group()
        out.append(current)
    return "\n".join(out)


INCIDENT_COLUMNS = (
    "record_id",
    "date",
    "event",
    "location",
    "pcode",
    "killed",
    "injured",
    "source",
    "notes",
)
INCIDENT_WIDTHS = (38, 50, 80, 78, 40, 32, 37, 58)  # the notes take the rest


def incident_table(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    out: list[Flowable] = [CondPageBreak(170), s.heading("incident_table")]
    if not data.incidents:
        return [*out, s.p(L.label(lang, "no_incidents"), s.body)]
    rows: list[list[object]] = [header_row(s, INCIDENT_COLUMNS, (5, 6))]
    widths = [*INCIDENT_WIDTHS, FRAME_WIDTH - sum(INCIDENT_WIDTHS)]
    for r in data.incidents:
        event = L.vocab(lang, r["sub_event_type"])
        if r["targets"]:
            event += "\n" + L.join(lang, (L.vocab(lang, t) for t in r["targets"]))
        rows.append(
            [
                short_id(r),
                s.t(L.iso_date(lang, r["event_date"])),
                s.fit(wrap_plain(event, widths[2]), widths[2]),
                s.fit(_location(lang, r), widths[3]),
                code_cell(pcode(r), widths[4]),
                s.t(L.number(lang, r["killed"])),
                s.t(L.number(lang, r["injured"])),
                s.fit(r["source"], widths[7]),
                s.fit(shorten(r["notes"], lang), widths[8]),
            ]
        )
    return [*out, data_table(s, rows, widths, numeric=(5, 6), paged=True, codes=(0, 4))]


# "From / to" is not a column of its own: the places a displacement names are listed under
# the place it was counted at, which leaves room for the id and the P-code.
DISPLACEMENT_COLUMNS = (
    "record_id",
    "date",
    "direction",
    "location",
    "pcode",
    "individuals",
    "households",
    "source",
    "notes",
)
DISPLACEMENT_WIDTHS = (38, 50, 46, 84, 40, 53, 56, 58)  # the notes take the rest


def displacement_table(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    out: list[Flowable] = [CondPageBreak(170), s.heading("displacement_table")]
    if not data.displacements:
        return [*out, s.p(L.label(lang, "no_displacements"), s.body)]
    rows: list[list[object]] = [header_row(s, DISPLACEMENT_COLUMNS, (5, 6))]
    widths = [*DISPLACEMENT_WIDTHS, FRAME_WIDTH - sum(DISPLACEMENT_WIDTHS)]
    for r in data.displacements:
        date = L.iso_date(lang, r["report_date"])
        if r["period_end"]:
            date += "\n– " + L.iso_date(lang, r["period_end"])
        place = "\n".join(x for x in (_location(lang, r), _moves(lang, r)) if x)
        rows.append(
            [
                short_id(r),
                s.fit(date, widths[1]),
                s.fit(L.vocab(lang, r["direction"]), widths[2]),
                s.fit(place, widths[3]),
                code_cell(pcode(r), widths[4]),
                s.t(L.number(lang, r["individuals"])),
                s.t(L.number(lang, r["households"])),
                s.fit(r["source"], widths[7]),
                s.fit(_displacement_notes(lang, r), widths[8]),
            ]
        )
    return [*out, data_table(s, rows, widths, numeric=(5, 6), paged=True, codes=(0, 4))]


def _location(lang: str, r: dict) -> str:
    """The place as recorded, with its district and governorate on the next line."""
    place = L.join(lang, (r["admin2"], L.governorate(lang, r["admin1"])))
    return r["location"] + (f"\n{place}" if place else "")


def _moves(lang: str, r: dict) -> str:
    """ "From …" and "To …", each on its line, for the places a displacement names."""
    moves = []
    origin = L.join(lang, (r["origin_location"], L.governorate(lang, r["origin_admin1"])))
    if origin:
        moves.append(L.label(lang, "from_place", place=origin))
    destination = L.join(
        lang, (r["destination_location"], L.governorate(lang, r["destination_admin1"]))
    )
    if destination:
        moves.append(L.label(lang, "to_place", place=destination))
    return "\n".join(moves)


def _displacement_notes(lang: str, r: dict) -> str:
    """The cause (when given) above the shortened notes."""
    return "\n".join(
        x
        for x in (
            f"{L.label(lang, 'cause')}: {r['cause']}" if r["cause"] else "",
            shorten(r["notes"], lang),
        )
        if x
    )


def sources(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    out: list[Flowable] = [s.heading("sources")]
    if data.sources:
        rows: list[list[object]] = [header_row(s, ("source", "reports"), (1,))]
        for name, n in data.sources:
            rows.append([s.p(name, s.cell), s.t(L.number(lang, n))])
        widths = [0, 70]
        widths[0] = FRAME_WIDTH * 0.6 - 70
        t = data_table(s, rows, widths, numeric=(1,))
        out.append(t)
    out += [Spacer(1, 6), s.p(L.label(lang, "method"), s.small)]
    return out
