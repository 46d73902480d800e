"""The report's last pages: every incident and every displacement report, one row each,
and the sources they cite with the method note.

The record lists are paged tables (tables.PagedTable): a report of 10,000 incidents is
laid out in time that grows with the number of rows. A note longer than NOTE_LIMIT is
shortened in its cell and says so.
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, Spacer

from fieldapp.reports import labels as L
from fieldapp.reports.data import ReportData
from fieldapp.reports.layout import FRAME_WIDTH
from fieldapp.reports.tables import data_table, header_row
from fieldapp.reports.text import Styles

NOTE_LIMIT = 500  # characters of a note printed in a table cell


def shorten(text: str | None, lang: str) -> str:
    text = " ".join((text or "").split())
    if len(text) <= NOTE_LIMIT:
        return text
    return text[: NOTE_LIMIT - 1].rstrip() + "… " + L.label(lang, "shortened")


def incident_table(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    out: list[Flowable] = [CondPageBreak(170), s.heading("incident_table")]
    if not data.incidents:
        return [*out, s.p(L.label(lang, "no_incidents"), s.body)]
    rows: list[list[object]] = [
        header_row(s, ("date", "event", "location", "killed", "injured", "source", "notes"), (3, 4))
    ]
    widths = [50, 98, 90, 34, 38, 62, 0]
    widths[-1] = FRAME_WIDTH - sum(widths)
    for r in data.incidents:
        event = L.vocab(lang, r["sub_event_type"])
        if r["targets"]:
            event += "\n" + L.join(lang, (L.vocab(lang, t) for t in r["targets"]))
        place = L.join(lang, (r["admin2"], L.governorate(lang, r["admin1"])))
        location = r["location"] + (f"\n{place}" if place else "")
        rows.append(
            [
                s.t(L.iso_date(lang, r["event_date"])),
                s.fit(event, widths[1]),
                s.fit(location, widths[2]),
                s.t(L.number(lang, r["killed"])),
                s.t(L.number(lang, r["injured"])),
                s.fit(r["source"], widths[5]),
                s.fit(shorten(r["notes"], lang), widths[6]),
            ]
        )
    return [*out, data_table(s, rows, widths, numeric=(3, 4), paged=True)]


DISPLACEMENT_COLUMNS = (
    "date",
    "direction",
    "location",
    "individuals",
    "households",
    "from_to",
    "source",
    "notes",
)


def displacement_table(s: Styles, data: ReportData) -> list[Flowable]:
    lang = s.lang
    out: list[Flowable] = [CondPageBreak(170), s.heading("displacement_table")]
    if not data.displacements:
        return [*out, s.p(L.label(lang, "no_displacements"), s.body)]
    rows: list[list[object]] = [header_row(s, DISPLACEMENT_COLUMNS, (3, 4))]
    widths = [50, 46, 80, 54, 56, 78, 60, 0]
    widths[-1] = FRAME_WIDTH - sum(widths)
    for r in data.displacements:
        place = L.join(lang, (r["admin2"], L.governorate(lang, r["admin1"])))
        location = r["location"] + (f"\n{place}" if place else "")
        date = L.iso_date(lang, r["report_date"])
        if r["period_end"]:
            date += "\n– " + L.iso_date(lang, r["period_end"])
        rows.append(
            [
                s.fit(date, widths[0]),
                s.fit(L.vocab(lang, r["direction"]), widths[1]),
                s.fit(location, widths[2]),
                s.t(L.number(lang, r["individuals"])),
                s.t(L.number(lang, r["households"])),
                s.fit(_moves(lang, r), widths[5]),
                s.fit(r["source"], widths[6]),
                s.fit(_displacement_notes(lang, r), widths[7]),
            ]
        )
    return [*out, data_table(s, rows, widths, numeric=(3, 4), paged=True)]


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
