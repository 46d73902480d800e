"""fieldapp's two forms published as XLSForms, for partners collecting with KoboToolbox or
ODK Collect into fieldapp's schema.

One workbook per form, as KoboToolbox expects (a project is one form): `survey`, `choices`
and `settings` sheets. Question names are fieldapp's field names, so a submission export
of the form imports with no mapping (fieldapp.interchange.kobo reads it). Three
differences, each for the tool's sake:

- latitude and longitude are one `geopoint` question named `coordinates` (GPS or a point
  on the map; "location" is already the place's name); an export gives it as
  "lat lon altitude accuracy" plus Kobo's split `_coordinates_latitude`... columns;
- event and sub-event types are choices with plain names (`air_drone_strike`; ODK needs
  names without spaces or slashes to filter the sub-event types by event type); the
  import maps them back to the ACLED terms fieldapp stores (CHOICE_TERMS);
- cause_incidents (ids of fieldapp records) is left out: a partner has no such ids.

Labels are in English and Arabic (`label::English (en)`, `label::Arabic (ar)`), the Arabic
from the window's own translations. Constraints mirror fieldapp's validation where
XLSForm can say it: dates not in the future, a period that does not end before it starts,
counts whole and between 0 and MAX_COUNT, a household size in (0, 50], text lengths, and
at least one of individuals and households. A hidden `fieldapp_kind` says which form a
submission came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from fieldapp import __version__, diskfull
from fieldapp.domain import vocab
from fieldapp.domain.canonical import MAX_COUNT
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT, Field, field
from fieldapp.domain.validation import MAX_HOUSEHOLD_SIZE
from fieldapp.interchange import qm

FORMS = (INCIDENT, DISPLACEMENT)
FORM_IDS = {INCIDENT: "fieldapp_incident", DISPLACEMENT: "fieldapp_displacement"}
TITLES = {INCIDENT: "fieldapp incident", DISPLACEMENT: "fieldapp displacement report"}
GEOPOINT = "coordinates"
KIND_QUESTION = "fieldapp_kind"
EN, AR = "English (en)", "Arabic (ar)"
LANGUAGES = (EN, AR)
SURVEY_COLUMNS = (
    "type",
    "name",
    *(f"label::{lang}" for lang in LANGUAGES),
    *(f"hint::{lang}" for lang in LANGUAGES),
    "required",
    *(f"required_message::{lang}" for lang in LANGUAGES),
    "constraint",
    *(f"constraint_message::{lang}" for lang in LANGUAGES),
    "relevant",
    "choice_filter",
    "appearance",
    "calculation",
)
CHOICE_COLUMNS = ("list_name", "name", *(f"label::{lang}" for lang in LANGUAGES), "event_type")

# The form's own words (group titles, messages): (English, Arabic).
WORDS: dict[str, tuple[str, str]] = {
    "event": ("What happened, and when", "ماذا حدث ومتى"),
    "report": ("The count, and when", "العدد ومتى"),
    "place": ("Place", "المكان"),
    "impact": ("Casualties and damage", "الضحايا والأضرار"),
    "movement": ("Where people came from or went to", "من أين جاء الناس أو إلى أين ذهبوا"),
    "counts": ("How many people", "عدد الأشخاص"),
    "source": ("Source and notes", "المصدر والملاحظات"),
    "coordinates": ("Coordinates", "الإحداثيات"),
    "coordinates_hint": (
        "GPS, or a point on the map where it happened",
        "نظام تحديد المواقع أو نقطة على الخريطة حيث وقع الحدث",
    ),
    "not_future": ("The date cannot be in the future.", "لا يمكن أن يكون التاريخ في المستقبل."),
    "period_end": (
        "The period cannot end before it starts, or in the future.",
        "لا يمكن أن تنتهي الفترة قبل بدايتها أو في المستقبل.",
    ),
    "count": (
        f"A whole number from 0 to {MAX_COUNT:,}.",
        f"عدد صحيح من 0 إلى {MAX_COUNT:,}.",
    ),
    "household_size": (
        f"More than 0 and at most {MAX_HOUSEHOLD_SIZE}.",
        f"أكبر من 0 وحتى {MAX_HOUSEHOLD_SIZE} على الأكثر.",
    ),
    "too_long": ("This text is too long.", "هذا النص طويل جدًا."),
    "a_count": (
        "Give the individuals, the households, or both.",
        "أدخل عدد الأفراد أو عدد الأسر أو كليهما.",
    ),
}

# Sections of each form: (group name, word key, field names). Names not in a kind's
# fields (the geopoint) are written by _question.
_PLACE = (
    "country admin1 admin1_pcode admin2 admin2_pcode admin3 admin3_pcode location "
    f"location_pcode {GEOPOINT} geo_precision"
).split()
# Where displaced people came from and went to: the same place fields, with their codes.
_END = [
    "location", "location_pcode", "admin1", "admin1_pcode", "admin2", "admin2_pcode", "admin3",
    "admin3_pcode",
]  # fmt: skip
SECTIONS: dict[str, tuple[tuple[str, str, list[str]], ...]] = {
    INCIDENT: (
        (
            "event",
            "event",
            ["event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2"],
        ),
        ("place", "place", _PLACE),
        ("impact", "impact", ["killed", "injured", "targets"]),
        ("source_notes", "source", ["source", "notes"]),
    ),
    DISPLACEMENT: (
        ("report", "report", ["report_date", "period_end", "direction"]),
        ("place", "place", _PLACE),
        (
            "movement",
            "movement",
            [f"{end}_{name}" for end in ("origin", "destination") for name in _END],
        ),
        ("counts", "counts", ["individuals", "households", "household_size", "population_before"]),
        ("source_notes", "source", ["cause", "source", "notes"]),
    ),
}


def choice_name(term: object) -> str:
    """A vocabulary term as an XLSForm choice name: "Air/drone strike" -> air_drone_strike."""
    return re.sub(r"[^a-z0-9]+", "_", str(term).casefold()).strip("_")


def _arabic(context: str, text: str) -> str:
    return qm.translate("ar", context, text) or ""


def choice_lists() -> dict[str, list[tuple[str, object, str, str, str]]]:
    """list name -> (choice name, stored value, English label, Arabic label, event type
    choice name for the sub-event filter)."""
    event_types = [(choice_name(t), t, t, _arabic("vocab", t), "") for t in vocab.EVENT_TYPES]
    subs = [
        (choice_name(s), s, s, _arabic("vocab", s), choice_name(t))
        for t, group in vocab.EVENT_TYPES.items()
        for s in group
    ]
    plain = {
        "time_precision": vocab.TIME_PRECISION,
        "geo_precision": vocab.GEO_PRECISION,
        "targets": vocab.TARGETS,
        "direction": vocab.DIRECTIONS,
    }
    out: dict[str, list[tuple[str, object, str, str, str]]] = {
        "event_type": event_types,
        "sub_event_type": subs,
    }
    for name, terms in plain.items():
        out[name] = [
            (str(code), code, label, _arabic("vocab", label), "") for code, label in terms.items()
        ]
    return out


def choice_terms() -> dict[str, dict[str, object]]:
    """list name -> {choice name, English label, Arabic label (case-folded): stored value},
    how an export's select answers become fieldapp's values."""
    out: dict[str, dict[str, object]] = {}
    for list_name, choices in choice_lists().items():
        index: dict[str, object] = {}
        for name, value, label_en, label_ar, _filter in choices:
            for key in (name, str(value), label_en, label_ar):
                if key:
                    index.setdefault(key.casefold(), value)
        out[list_name] = index
    return out


def _row(**cells: str) -> dict[str, str]:
    return {k.replace("__", "::"): v for k, v in cells.items() if v}


def _with(row: dict[str, str], column: str, key: str) -> None:
    en, ar = WORDS[key]
    row[f"{column}::{EN}"], row[f"{column}::{AR}"] = en, ar


def _constraint(kind: str, f: Field, row: dict[str, str]) -> None:
    """The part of fieldapp's validation of `f` an XLSForm constraint can say."""
    if f.type == "date":
        if f.name == "period_end":
            row["constraint"] = ". >= ${report_date} and . <= today()"
            _with(row, "constraint_message", "period_end")
        else:
            row["constraint"] = ". <= today()"
            _with(row, "constraint_message", "not_future")
    elif f.type == "int":
        row["constraint"] = f". >= 0 and . <= {MAX_COUNT}"
        _with(row, "constraint_message", "count")
    elif f.name == "household_size":
        row["constraint"] = f". > 0 and . <= {MAX_HOUSEHOLD_SIZE}"
        _with(row, "constraint_message", "household_size")
    elif f.type == "text":
        row["constraint"] = f"string-length(.) <= {f.max_length}"
        _with(row, "constraint_message", "too_long")
    if kind == DISPLACEMENT and f.name == "individuals":
        # one of the two counts: individuals are required when no households are given
        # (one way only: each required on the other's emptiness is a cycle ODK refuses)
        row["required"] = "${households} = ''"
        _with(row, "required_message", "a_count")


_TYPES = {"date": "date", "int": "integer", "float": "decimal", "text": "text"}


def _question(kind: str, name: str) -> dict[str, str]:
    if name == GEOPOINT:
        row = _row(type="geopoint", name=GEOPOINT, appearance="placement-map")
        _with(row, "label", "coordinates")
        _with(row, "hint", "coordinates_hint")
        return row
    f = field(kind, name)
    if f.type in ("choice", "multi"):
        # each choice field has its own list, named as the field
        qtype = ("select_one " if f.type == "choice" else "select_multiple ") + name
    else:
        qtype = _TYPES[f.type]
    row = _row(type=qtype, name=name, appearance="multiline" if f.multiline else "")
    row[f"label::{EN}"] = f.label
    row[f"label::{AR}"] = _arabic("fields", f.label)
    if f.required:
        row["required"] = "yes"
    if name == "sub_event_type":
        row["choice_filter"] = "event_type=${event_type}"
    _constraint(kind, f, row)
    return row


def survey_rows(kind: str) -> Iterator[dict[str, str]]:
    """The survey sheet of a form, row by row."""
    yield _row(type="start", name="start")
    yield _row(type="end", name="end")
    for group, word, names in SECTIONS[kind]:
        begin = _row(type="begin_group", name=group)
        _with(begin, "label", word)
        yield begin
        for name in names:
            yield _question(kind, name)
        yield _row(type="end_group", name=group)
    yield _row(type="calculate", name=KIND_QUESTION, calculation=f"'{kind}'")


def _used_lists(kind: str) -> list[str]:
    rows = survey_rows(kind)
    return [r["type"].split()[1] for r in rows if r["type"].startswith("select_")]


def settings(kind: str) -> dict[str, str]:
    date = "event_date" if kind == INCIDENT else "report_date"
    return {
        "form_title": TITLES[kind],
        "form_id": FORM_IDS[kind],
        "version": __version__,
        "default_language": EN,
        "instance_name": f"concat(${{{date}}}, ' ', ${{location}})",
    }


def workbook_bytes(kind: str) -> bytes:
    """The XLSForm of `kind` as an .xlsx file's bytes."""
    from openpyxl import Workbook

    from fieldapp.interchange import xlsx_out  # openpyxl: not on every command's start

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(SURVEY_COLUMNS)
    for row in survey_rows(kind):
        survey.append([row.get(column, "") or None for column in SURVEY_COLUMNS])
    choices = book.create_sheet("choices")
    choices.append(CHOICE_COLUMNS)
    lists = choice_lists()
    for list_name in _used_lists(kind):
        for name, _value, label_en, label_ar, event_type in lists[list_name]:
            choices.append([list_name, name, label_en, label_ar or None, event_type or None])
    sheet = book.create_sheet("settings")
    values = settings(kind)
    sheet.append(list(values))
    sheet.append(list(values.values()))
    for ws in (survey, choices, sheet):
        ws.freeze_panes = "A2"
    return xlsx_out.workbook_bytes(book)  # staged in memory, not in the temporary folder


def write(kind: str, out: Path) -> Path:
    """Write the XLSForm of `kind` to `out`, whole or not at all."""
    diskfull.write_atomically(Path(out), workbook_bytes(kind))
    return Path(out)


def paths_for(out: Path, form: str | None) -> dict[str, Path]:
    """Where `fieldapp xlsform --out OUT [--form KIND]` writes: OUT itself for one form;
    for both, OUT's name with -incident and -displacement before the extension
    (fieldapp.xlsx -> fieldapp-incident.xlsx, fieldapp-displacement.xlsx)."""
    out = Path(out)
    if form is not None:
        return {form: out}
    suffix = out.suffix or ".xlsx"
    return {kind: out.with_name(f"{out.stem}-{kind}{suffix}") for kind in FORMS}
