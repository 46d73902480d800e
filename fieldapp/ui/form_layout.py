"""Where each field sits in the record form: sections per kind, in two columns, and the
labels of fields shown in pairs on one line. Kept apart from the form's behaviour so the
layout reads as a table; a field missing here still appears (under "Other")."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT

# Sections per kind: (column, title, rows); a row is one field or a pair on one line.
Row = tuple[str, ...]
LAYOUT: dict[str, list[tuple[int, str, list[Row]]]] = {
    INCIDENT: [
        (
            0,
            QT_TRANSLATE_NOOP("RecordForm", "Event"),
            [
                ("event_date",),
                ("time_precision",),
                ("event_type",),
                ("sub_event_type",),
                ("actor1",),
                ("actor2",),
            ],
        ),
        (
            0,
            QT_TRANSLATE_NOOP("RecordForm", "Place"),
            [
                ("location",),
                ("admin1", "admin1_pcode"),
                ("admin2", "admin2_pcode"),
                ("admin3", "admin3_pcode"),
                ("country",),
                ("latitude", "longitude"),
                ("geo_precision",),
            ],
        ),
        (1, QT_TRANSLATE_NOOP("RecordForm", "Impact"), [("killed",), ("injured",), ("targets",)]),
        (1, QT_TRANSLATE_NOOP("RecordForm", "Source"), [("source",), ("notes",)]),
    ],
    DISPLACEMENT: [
        (
            0,
            QT_TRANSLATE_NOOP("RecordForm", "Report"),
            [("report_date",), ("period_end",), ("direction",)],
        ),
        (
            0,
            QT_TRANSLATE_NOOP("RecordForm", "Place"),
            [
                ("location",),
                ("admin1", "admin1_pcode"),
                ("admin2", "admin2_pcode"),
                ("admin3", "admin3_pcode"),
                ("country",),
                ("latitude", "longitude"),
                ("geo_precision",),
            ],
        ),
        (
            1,
            QT_TRANSLATE_NOOP("RecordForm", "People"),
            [("individuals", "households"), ("household_size",), ("population_before",)],
        ),
        (
            1,
            QT_TRANSLATE_NOOP("RecordForm", "Movement"),
            [
                ("origin_location", "origin_admin1"),
                ("destination_location", "destination_admin1"),
                ("cause",),
                ("cause_incidents",),
            ],
        ),
        (1, QT_TRANSLATE_NOOP("RecordForm", "Source"), [("source",), ("notes",)]),
    ],
}
PAIR_LABELS = {
    ("latitude", "longitude"): QT_TRANSLATE_NOOP("RecordForm", "Coordinates"),
    ("individuals", "households"): QT_TRANSLATE_NOOP("RecordForm", "Individuals, households"),
    ("origin_location", "origin_admin1"): QT_TRANSLATE_NOOP("RecordForm", "Came from"),
    ("destination_location", "destination_admin1"): QT_TRANSLATE_NOOP("RecordForm", "Went to"),
}


def layout_rows(kind: str) -> list[tuple[int, str, list[Row]]]:
    """LAYOUT plus an "Other" section for any field not placed, so none is ever hidden."""
    sections = list(LAYOUT[kind])
    placed = {name for _, _, rows in sections for row in rows for name in row}
    rest = [(f.name,) for f in FIELDS[kind] if f.name not in placed]
    if rest:
        sections.append((1, QT_TRANSLATE_NOOP("RecordForm", "Other"), rest))
    return sections
