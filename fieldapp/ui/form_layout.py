"""Where each field sits in the record form: sections per kind, in two columns, and the
labels of fields shown in pairs on one line. Kept apart from the form's behaviour so the
layout reads as a table; a field missing here still appears (under "Other")."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT


def _place_rows(prefix: str) -> list[tuple[str, ...]]:
    """Where displaced people came from or went to: each level's name beside its P-code,
    the place first (what a person names), then the units above it (filled from it)."""
    return [
        (f"{prefix}location", f"{prefix}location_pcode"),
        *((f"{prefix}admin{n}", f"{prefix}admin{n}_pcode") for n in (1, 2, 3)),
    ]


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
                ("location", "location_pcode"),
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
                ("location", "location_pcode"),
                ("admin1", "admin1_pcode"),
                ("admin2", "admin2_pcode"),
                ("admin3", "admin3_pcode"),
                ("country",),
                ("latitude", "longitude"),
                ("geo_precision",),
            ],
        ),
        # Where people came from and went to, each level's name beside its code, one
        # group per column (the notes box makes the right-hand column the taller one),
        # so the form still fits a 1366x768 screen with every message shown.
        (0, QT_TRANSLATE_NOOP("RecordForm", "Came from"), _place_rows("origin_")),
        (0, QT_TRANSLATE_NOOP("RecordForm", "Cause"), [("cause",), ("cause_incidents",)]),
        (
            1,
            QT_TRANSLATE_NOOP("RecordForm", "People"),
            [("individuals", "households"), ("household_size",), ("population_before",)],
        ),
        (1, QT_TRANSLATE_NOOP("RecordForm", "Went to"), _place_rows("destination_")),
        (1, QT_TRANSLATE_NOOP("RecordForm", "Source"), [("source",), ("notes",)]),
    ],
}
PAIR_LABELS = {
    ("latitude", "longitude"): QT_TRANSLATE_NOOP("RecordForm", "Coordinates"),
    ("individuals", "households"): QT_TRANSLATE_NOOP("RecordForm", "Individuals, households"),
}
# The rows of where people came from and went to: under the section's title, each level
# needs only its own short name.
_LEVEL_LABELS = {
    "location": QT_TRANSLATE_NOOP("RecordForm", "Place"),
    "admin1": QT_TRANSLATE_NOOP("RecordForm", "Governorate"),
    "admin2": QT_TRANSLATE_NOOP("RecordForm", "District"),
    "admin3": QT_TRANSLATE_NOOP("RecordForm", "Sub-district"),
}
PAIR_LABELS |= {
    (f"{prefix}{name}", f"{prefix}{name}_pcode"): label
    for prefix in ("origin_", "destination_")
    for name, label in _LEVEL_LABELS.items()
}


def layout_rows(kind: str) -> list[tuple[int, str, list[Row]]]:
    """LAYOUT plus an "Other" section for any field not placed, so none is ever hidden."""
    sections = list(LAYOUT[kind])
    placed = {name for _, _, rows in sections for row in rows for name in row}
    rest = [(f.name,) for f in FIELDS[kind] if f.name not in placed]
    if rest:
        sections.append((1, QT_TRANSLATE_NOOP("RecordForm", "Other"), rest))
    return sections
