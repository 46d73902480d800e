"""Translated display text for what the layers below the UI say in English.

The domain keeps English labels and stores ACLED's English terms; the UI shows them through
Qt's translator under fixed contexts ("fields", "vocab", "messages"), so the Arabic
catalogue translates them without touching a stored value. Every source string is listed
here with QT_TRANSLATE_NOOP so that `pyside6-lupdate` finds it; tests/test_i18n.py checks
these lists against domain.fields and domain.vocab, so a new term cannot go untranslated.

Messages from validation and the store are sentences with values in them ("'abc' is not a
date; …"). MESSAGES lists their English templates: the same text with {placeholders}; a
message matching one is shown translated, with its values re-formatted for the locale
(numbers in the interface's digits, vocabulary terms translated, user text isolated). A
message nobody listed yet is shown as it is, in English, never dropped.

Numbers and dates go through QLocale (see fieldapp.ui.i18n): Arabic shows Arabic-Indic
digits, like the PDF report.
"""

from __future__ import annotations

import json
import re
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from fieldapp.domain import vocab
from fieldapp.domain.fields import FIELDS, Field
from fieldapp.ui import i18n

DIRECTION_SHORT = {
    "departed": QT_TRANSLATE_NOOP("vocab", "Departed"),
    "arrived": QT_TRANSLATE_NOOP("vocab", "Arrived"),
    "present": QT_TRANSLATE_NOOP("vocab", "Present"),
}

# Every label of domain.fields.FIELDS (checked by tests/test_i18n.py).
FIELD_LABELS = (
    QT_TRANSLATE_NOOP("fields", "Date"),
    QT_TRANSLATE_NOOP("fields", "Date precision"),
    QT_TRANSLATE_NOOP("fields", "Event type"),
    QT_TRANSLATE_NOOP("fields", "Sub-event type"),
    QT_TRANSLATE_NOOP("fields", "Actor 1"),
    QT_TRANSLATE_NOOP("fields", "Actor 2"),
    QT_TRANSLATE_NOOP("fields", "Country"),
    QT_TRANSLATE_NOOP("fields", "Admin 1 (governorate)"),
    QT_TRANSLATE_NOOP("fields", "Admin 1 P-code"),
    QT_TRANSLATE_NOOP("fields", "Admin 2 (district)"),
    QT_TRANSLATE_NOOP("fields", "Admin 2 P-code"),
    QT_TRANSLATE_NOOP("fields", "Admin 3 (sub-district)"),
    QT_TRANSLATE_NOOP("fields", "Admin 3 P-code"),
    QT_TRANSLATE_NOOP("fields", "Location"),
    QT_TRANSLATE_NOOP("fields", "Latitude"),
    QT_TRANSLATE_NOOP("fields", "Longitude"),
    QT_TRANSLATE_NOOP("fields", "Location precision"),
    QT_TRANSLATE_NOOP("fields", "Killed"),
    QT_TRANSLATE_NOOP("fields", "Injured"),
    QT_TRANSLATE_NOOP("fields", "Targets"),
    QT_TRANSLATE_NOOP("fields", "Source"),
    QT_TRANSLATE_NOOP("fields", "Notes"),
    QT_TRANSLATE_NOOP("fields", "Period end"),
    QT_TRANSLATE_NOOP("fields", "Direction"),
    QT_TRANSLATE_NOOP("fields", "Came from (place)"),
    QT_TRANSLATE_NOOP("fields", "Came from (admin 1)"),
    QT_TRANSLATE_NOOP("fields", "Went to (place)"),
    QT_TRANSLATE_NOOP("fields", "Went to (admin 1)"),
    QT_TRANSLATE_NOOP("fields", "Individuals"),
    QT_TRANSLATE_NOOP("fields", "Households"),
    QT_TRANSLATE_NOOP("fields", "Household size"),
    QT_TRANSLATE_NOOP("fields", "Population before"),
    QT_TRANSLATE_NOOP("fields", "Cause"),
    QT_TRANSLATE_NOOP("fields", "Caused by incidents"),
)

# Every display label of domain.vocab (checked by tests/test_i18n.py).
VOCAB_LABELS = (
    # ACLED event types
    QT_TRANSLATE_NOOP("vocab", "Battles"),
    QT_TRANSLATE_NOOP("vocab", "Explosions/Remote violence"),
    QT_TRANSLATE_NOOP("vocab", "Violence against civilians"),
    QT_TRANSLATE_NOOP("vocab", "Protests"),
    QT_TRANSLATE_NOOP("vocab", "Riots"),
    QT_TRANSLATE_NOOP("vocab", "Strategic developments"),
    # ACLED sub-event types
    QT_TRANSLATE_NOOP("vocab", "Armed clash"),
    QT_TRANSLATE_NOOP("vocab", "Government regains territory"),
    QT_TRANSLATE_NOOP("vocab", "Non-state actor overtakes territory"),
    QT_TRANSLATE_NOOP("vocab", "Air/drone strike"),
    QT_TRANSLATE_NOOP("vocab", "Shelling/artillery/missile attack"),
    QT_TRANSLATE_NOOP("vocab", "Remote explosive/landmine/IED"),
    QT_TRANSLATE_NOOP("vocab", "Suicide bomb"),
    QT_TRANSLATE_NOOP("vocab", "Grenade"),
    QT_TRANSLATE_NOOP("vocab", "Chemical weapon"),
    QT_TRANSLATE_NOOP("vocab", "Attack"),
    QT_TRANSLATE_NOOP("vocab", "Abduction/forced disappearance"),
    QT_TRANSLATE_NOOP("vocab", "Sexual violence"),
    QT_TRANSLATE_NOOP("vocab", "Peaceful protest"),
    QT_TRANSLATE_NOOP("vocab", "Protest with intervention"),
    QT_TRANSLATE_NOOP("vocab", "Excessive force against protesters"),
    QT_TRANSLATE_NOOP("vocab", "Violent demonstration"),
    QT_TRANSLATE_NOOP("vocab", "Mob violence"),
    QT_TRANSLATE_NOOP("vocab", "Agreement"),
    QT_TRANSLATE_NOOP("vocab", "Arrests"),
    QT_TRANSLATE_NOOP("vocab", "Change to group/activity"),
    QT_TRANSLATE_NOOP("vocab", "Disrupted weapons use"),
    QT_TRANSLATE_NOOP("vocab", "Headquarters or base established"),
    QT_TRANSLATE_NOOP("vocab", "Looting/property destruction"),
    QT_TRANSLATE_NOOP("vocab", "Non-violent transfer of territory"),
    QT_TRANSLATE_NOOP("vocab", "Other"),
    # targets
    QT_TRANSLATE_NOOP("vocab", "Residential building"),
    QT_TRANSLATE_NOOP("vocab", "School"),
    QT_TRANSLATE_NOOP("vocab", "Mosque"),
    QT_TRANSLATE_NOOP("vocab", "Church"),
    QT_TRANSLATE_NOOP("vocab", "Hospital"),
    QT_TRANSLATE_NOOP("vocab", "Health facility"),
    QT_TRANSLATE_NOOP("vocab", "Market"),
    QT_TRANSLATE_NOOP("vocab", "Bakery"),
    QT_TRANSLATE_NOOP("vocab", "Displacement camp"),
    QT_TRANSLATE_NOOP("vocab", "Shelter"),
    QT_TRANSLATE_NOOP("vocab", "Water facility"),
    QT_TRANSLATE_NOOP("vocab", "Power facility"),
    QT_TRANSLATE_NOOP("vocab", "Road or bridge"),
    QT_TRANSLATE_NOOP("vocab", "Farmland"),
    QT_TRANSLATE_NOOP("vocab", "Vehicle"),
    QT_TRANSLATE_NOOP("vocab", "Government building"),
    QT_TRANSLATE_NOOP("vocab", "Military position"),
    # directions of a displacement count
    QT_TRANSLATE_NOOP("vocab", "Departed from this place"),
    QT_TRANSLATE_NOOP("vocab", "Arrived at this place"),
    QT_TRANSLATE_NOOP("vocab", "Present at this place"),
    # precision of dates and places
    QT_TRANSLATE_NOOP("vocab", "Exact day"),
    QT_TRANSLATE_NOOP("vocab", "Within a week"),
    QT_TRANSLATE_NOOP("vocab", "Within a month"),
    QT_TRANSLATE_NOOP("vocab", "Exact location"),
    QT_TRANSLATE_NOOP("vocab", "Near the location"),
    QT_TRANSLATE_NOOP("vocab", "Within the region"),
)

# What validation (domain.validation) and the store say, as templates. A placeholder's name
# says how its value is shown: value (quoted by the domain with repr: the translation quotes
# it itself), text/id/path -> user text (isolated), number/limit/...
# -> a number in the interface's digits, date/start -> a date, type/sub/belongs -> a
# vocabulary term (translated), allowed -> a list of codes (left as they are).
MESSAGES = (
    # validation of a field
    QT_TRANSLATE_NOOP("messages", "is required"),
    QT_TRANSLATE_NOOP("messages", "{value} is not a date; write it as YYYY-MM-DD, e.g. 2019-05-14"),
    QT_TRANSLATE_NOOP("messages", "{value} is not a real calendar date"),
    QT_TRANSLATE_NOOP("messages", "must be a whole number"),
    QT_TRANSLATE_NOOP("messages", "{value} is not a whole number"),
    QT_TRANSLATE_NOOP("messages", "{number} is negative; counts start at 0"),
    QT_TRANSLATE_NOOP(
        "messages", "{number} is not plausible (more than {limit}); check the figure"
    ),
    QT_TRANSLATE_NOOP("messages", "must be a number"),
    QT_TRANSLATE_NOOP("messages", "{value} is not a number"),
    QT_TRANSLATE_NOOP("messages", "must be a finite number"),
    QT_TRANSLATE_NOOP("messages", "contains control characters; remove them"),
    QT_TRANSLATE_NOOP("messages", "is {number} characters long; the limit is {limit}"),
    QT_TRANSLATE_NOOP("messages", "{value} is not one of: {allowed}"),
    QT_TRANSLATE_NOOP("messages", "{value} is not a sub-event type; choose one of: {allowed}"),
    QT_TRANSLATE_NOOP("messages", "{value} is not a list"),
    QT_TRANSLATE_NOOP("messages", "{value} is not a record id"),
    QT_TRANSLATE_NOOP("messages", "is not a field of an incident record"),
    QT_TRANSLATE_NOOP("messages", "is not a field of a displacement record"),
    QT_TRANSLATE_NOOP("messages", "{date} is in the future; use the date it happened"),
    QT_TRANSLATE_NOOP("messages", "{number} is outside -90..90"),
    QT_TRANSLATE_NOOP("messages", "{number} is outside -180..180"),
    QT_TRANSLATE_NOOP("messages", "give both latitude and longitude, or neither"),
    QT_TRANSLATE_NOOP("messages", "{sub} is not a kind of {type} (it belongs to {belongs})"),
    QT_TRANSLATE_NOOP("messages", "{number} is not a plausible household size (0 to {limit})"),
    QT_TRANSLATE_NOOP("messages", "give the number of individuals or of households"),
    QT_TRANSLATE_NOOP(
        "messages",
        "{households} households of {size} make about {people} people, not {individuals}",
    ),
    QT_TRANSLATE_NOOP(
        "messages", "{individuals} individuals is more than the population before ({before})"
    ),
    QT_TRANSLATE_NOOP("messages", "{date} is before the report date {start}"),
    # the device key
    QT_TRANSLATE_NOOP(
        "messages",
        "the passphrase is wrong; nothing was signed. Try again (it is case-sensitive)",
    ),
    QT_TRANSLATE_NOOP(
        "messages",
        "the passphrase is wrong; nothing was opened. Try again (it is case-sensitive)",
    ),
    QT_TRANSLATE_NOOP(
        "messages", "signing needs the device passphrase (or make a draft with --no-sign)"
    ),
    # long operations the user cancelled
    QT_TRANSLATE_NOOP("messages", "cancelled; nothing was saved"),
    QT_TRANSLATE_NOOP("messages", "cancelled; nothing was merged"),
    QT_TRANSLATE_NOOP("messages", "cancelled; no report was written"),
    QT_TRANSLATE_NOOP("messages", "export cancelled; no bundle was written"),
    QT_TRANSLATE_NOOP("messages", "merge cancelled; nothing was merged"),
    QT_TRANSLATE_NOOP("messages", "printing cancelled; the rest of the job was withdrawn"),
    # printing and saving reports
    QT_TRANSLATE_NOOP("messages", "there is no report to print; generate one first"),
    QT_TRANSLATE_NOOP(
        "messages", "the printer could not be started; check it is connected and ready"
    ),
    QT_TRANSLATE_NOOP("messages", "the printer refused a new page; printing stopped"),
    QT_TRANSLATE_NOOP("messages", "{path} is a folder; give a file name ending in .pdf"),
    QT_TRANSLATE_NOOP("messages", "the folder {path} does not exist; create it or choose another"),
    QT_TRANSLATE_NOOP("messages", "cannot write {path}: {text}"),
    # bundles refused (fieldapp/sync/verify.py): what a coordinator reads most often
    QT_TRANSLATE_NOOP(
        "messages",
        "{file} does not match the signed manifest (its SHA-256 or size differs): the bundle "
        "was altered or damaged after it was signed. Nothing was merged; ask the sender for a "
        "fresh copy",
    ),
    QT_TRANSLATE_NOOP(
        "messages",
        "{file} does not match the signed manifest (its size differs): the bundle was altered "
        "after it was signed. Nothing was merged",
    ),
    QT_TRANSLATE_NOOP(
        "messages",
        "{file}: the signature does not match the manifest: the manifest was altered, or "
        "signed by another key than the one it names. Nothing was merged; ask the sender for "
        "a fresh bundle",
    ),
    QT_TRANSLATE_NOOP(
        "messages",
        "{file} is not a complete bundle: the zip is truncated or not a zip at all ({text}). "
        "Copy it again from the sender",
    ),
    QT_TRANSLATE_NOOP("messages", "{file} is not a complete bundle: {entry} is missing"),
    QT_TRANSLATE_NOOP(
        "messages",
        "{file} uses bundle format version {version}, but this fieldapp reads version "
        "{supported}; install a newer fieldapp to merge it",
    ),
    QT_TRANSLATE_NOOP("messages", "{file} is not a fieldapp bundle (its manifest says otherwise)"),
    QT_TRANSLATE_NOOP(
        "messages",
        "{file} is refused: {entry} would unpack {ratio} times larger than it is stored "
        "(a zip bomb)",
    ),
    QT_TRANSLATE_NOOP(
        "messages",
        "{entry} unpacks to more than its declared or allowed size; the bundle is refused "
        "(it may be a zip bomb)",
    ),
    QT_TRANSLATE_NOOP("messages", "a CSV file in {file} is not UTF-8 text (byte {text}); refused"),
    QT_TRANSLATE_NOOP(
        "messages",
        "{entry} line {line} (record {id}): {column}: {reason}. The bundle was refused; "
        "nothing was merged",
    ),
    QT_TRANSLATE_NOOP("messages", "{file} is refused: the entry {value} is an absolute path"),
    QT_TRANSLATE_NOOP(
        "messages", "{file} is refused: the entry {value} contains a backslash (a Windows path)"
    ),
    QT_TRANSLATE_NOOP(
        "messages", "{file} is refused: the entry {value} points outside the bundle (..)"
    ),
    QT_TRANSLATE_NOOP(
        "messages",
        "{file} is refused: the entry {value} is inside a folder; bundles hold plain files only",
    ),
    QT_TRANSLATE_NOOP("messages", "{file} is refused: the entry {value} is a link"),
    QT_TRANSLATE_NOOP("messages", "{file} is refused: the entry {value} is a folder"),
    QT_TRANSLATE_NOOP("messages", "{file} is refused: the entry {value} is encrypted"),
    QT_TRANSLATE_NOOP("messages", "{file} is refused: the entry {value} appears more than once"),
    QT_TRANSLATE_NOOP(
        "messages",
        "{file} is refused: it holds an unexpected file {value}; a bundle holds only {text}",
    ),
    QT_TRANSLATE_NOOP(
        "messages", "{file} holds {count} entries; a bundle holds {expected}. Refused"
    ),
    QT_TRANSLATE_NOOP(
        "messages", "{entry}: the column {value} is missing; the header must be {text}. Refused"
    ),
    QT_TRANSLATE_NOOP(
        "messages",
        "{entry}: it has an unexpected column {value}; the header must be {text}. Refused",
    ),
    QT_TRANSLATE_NOOP(
        "messages",
        "revisions.csv holds {count} revisions but the manifest says {expected}; refused",
    ),
    QT_TRANSLATE_NOOP(
        "messages", "{entry} holds {count} rows but the manifest says {expected}; refused"
    ),
    QT_TRANSLATE_NOOP(
        "messages",
        "{file} reuses the id of another bundle this database already has ({id}) with different "
        "contents; refused. Ask the sender to export again",
    ),
    QT_TRANSLATE_NOOP("messages", "{file} is sealed; a passphrase is needed to open it"),
    QT_TRANSLATE_NOOP("messages", "no bundle at {path}; check the path"),
    # the database
    QT_TRANSLATE_NOOP(
        "messages", "{path} is not a fieldapp database ({text}); choose another file"
    ),
    QT_TRANSLATE_NOOP(
        "messages",
        "{path} is busy: another fieldapp (or another program) is writing to it. "
        "Close it and try again; nothing was written",
    ),
    QT_TRANSLATE_NOOP(
        "messages",
        "the disk holding {path} is full; free some space and try again. Nothing was written",
    ),
    QT_TRANSLATE_NOOP(
        "messages", "{path} is read-only; copy it somewhere writable or fix permissions"
    ),
    QT_TRANSLATE_NOOP("messages", "no record with id {id}"),
    QT_TRANSLATE_NOOP("messages", "record {id} was deleted; it cannot be edited"),
    QT_TRANSLATE_NOOP("messages", "record {id} is already deleted"),
    QT_TRANSLATE_NOOP(
        "messages",
        "record {id} was deleted on one device and changed on another; resolve that "
        "conflict first (see `fieldapp conflicts`), then edit",
    ),
)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_NUMBERS = frozenset(
    {"number", "limit", "size", "people", "households", "individuals", "before", "line",
     "ratio", "version", "supported", "count", "expected"}
)  # fmt: skip
_DATES = frozenset({"date", "start"})
_VOCAB = frozenset({"type", "sub", "belongs"})
_LTR = frozenset({"file", "entry", "id", "text"})
_FIELDS_BY_NAME = {f.name: f for fields in FIELDS.values() for f in fields}


def field_label(f: Field) -> str:
    return QCoreApplication.translate("fields", f.label)


def vocab_label(text: str) -> str:
    return QCoreApplication.translate("vocab", text)


def choices(f: Field) -> list[tuple[object, str]]:
    """(stored value, label) pairs in the vocabulary's own order."""
    assert f.choices is not None
    return [(key, vocab_label(label)) for key, label in f.choices().items()]


def direction(value: str | None) -> str:
    if not value:
        return ""
    return vocab_label(DIRECTION_SHORT.get(value, value))


def targets(value: str | list[str] | None) -> str:
    """Target codes (a JSON list as stored in the table, or a list) as readable labels."""
    if not value:
        return ""
    codes = json.loads(value) if isinstance(value, str) else value
    separator = QCoreApplication.translate("labels", ", ")
    return separator.join(vocab_label(vocab.TARGETS.get(c, c)) for c in codes)


def count(value: object) -> str:
    """Whole numbers with the locale's digits and grouping; unknown stays blank (not 0)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = float(value) if "." in value else int(value)
    if isinstance(value, float) and not value.is_integer():
        return i18n.number(round(value, 1))
    return i18n.number(int(value))  # type: ignore[call-overload]


def number(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)):
        return i18n.number(value)
    return str(value)


def date(value: object) -> str:
    """An ISO date (or timestamp) in the interface's digits: 2019-05-14 / ٢٠١٩-٠٥-١٤."""
    if value is None or value == "":
        return ""
    return i18n.digits(str(value))


# -- messages from below the UI ------------------------------------------------------------


@cache
def _message_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    patterns = []
    for template in MESSAGES:
        parts = _PLACEHOLDER.split(template)
        regex = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
        )
        patterns.append((re.compile(regex + r"\Z", re.DOTALL), template))
    return tuple(patterns)


def message_template(text: str) -> tuple[str, dict[str, str]] | None:
    """The MESSAGES template `text` was made from, and its values; None if unknown."""
    for pattern, template in _message_patterns():
        found = pattern.match(text)
        if found:
            return template, found.groupdict()
    return None


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _show_value(name: str, value: str) -> str:
    if name in _NUMBERS:
        plain = value.replace(",", "")
        try:
            parsed: int | float = int(plain) if re.fullmatch(r"-?\d+", plain) else float(plain)
        except ValueError:
            return i18n.isolate(value)
        return i18n.number(parsed)
    if name in _DATES:
        return i18n.isolate(date(value))
    if name in _VOCAB:
        return i18n.isolate(vocab_label(_unquote(value)))
    if name == "allowed":
        return i18n.ltr(value)
    if name == "value":  # a repr()'d value: the translation puts its own quotes («»)
        return i18n.isolate(_unquote(value))
    if name == "reason":  # a message inside a message (a refused bundle's bad value)
        return message(value)
    if name == "column":  # a field's name in a bundle's CSV header
        f = _FIELDS_BY_NAME.get(value)
        return field_label(f) if f is not None else i18n.isolate(value)
    if name in _LTR:  # file names, ids, line numbers: left to right inside Arabic
        return i18n.ltr(value)
    return i18n.isolate(value)


def message(text: str) -> str:
    """A message from validation or the store, in the interface language when known."""
    found = message_template(text)
    if found is None:
        return text
    template, values = found
    translated = QCoreApplication.translate("messages", template)
    if translated == template:  # no catalogue for this language: the original, as it was
        return text
    shown = {name: _show_value(name, value) for name, value in values.items()}
    try:
        return translated.format(**shown)
    except (KeyError, IndexError, ValueError):  # a broken translation: never lose the message
        return text


def error_text(exc: BaseException) -> str:
    return message(str(exc))
