"""Translated display text for what the layers below the UI say in English.

The domain keeps English labels and stores ACLED's English terms; the UI shows them through
Qt's translator under fixed contexts ("fields", "vocab", "messages"), so the Arabic
catalogue translates them without touching a stored value. Every source string is listed
here with QT_TRANSLATE_NOOP so that `pyside6-lupdate` finds it; tests/test_i18n.py checks
these lists against domain.fields and domain.vocab, so a new term cannot go untranslated.

Messages from the layers below (coded errors and validation messages) are shown through
fieldapp.ui.message_labels; `message`, `error_text` and MESSAGES are re-exported here for
the callers that always found them in this module.

Numbers and dates go through QLocale (see fieldapp.ui.i18n): Arabic shows Arabic-Indic
digits, like the PDF report.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from fieldapp.domain import vocab
from fieldapp.domain.fields import Field
from fieldapp.ui import i18n
from fieldapp.ui.message_labels import MESSAGES as MESSAGES
from fieldapp.ui.message_labels import error_text as error_text
from fieldapp.ui.message_labels import message as message

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
    QT_TRANSLATE_NOOP("fields", "Location P-code"),
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
    QT_TRANSLATE_NOOP("fields", "Came from (place P-code)"),
    QT_TRANSLATE_NOOP("fields", "Came from (admin 1)"),
    QT_TRANSLATE_NOOP("fields", "Came from (admin 1 P-code)"),
    QT_TRANSLATE_NOOP("fields", "Came from (admin 2)"),
    QT_TRANSLATE_NOOP("fields", "Came from (admin 2 P-code)"),
    QT_TRANSLATE_NOOP("fields", "Came from (admin 3)"),
    QT_TRANSLATE_NOOP("fields", "Came from (admin 3 P-code)"),
    QT_TRANSLATE_NOOP("fields", "Went to (place)"),
    QT_TRANSLATE_NOOP("fields", "Went to (place P-code)"),
    QT_TRANSLATE_NOOP("fields", "Went to (admin 1)"),
    QT_TRANSLATE_NOOP("fields", "Went to (admin 1 P-code)"),
    QT_TRANSLATE_NOOP("fields", "Went to (admin 2)"),
    QT_TRANSLATE_NOOP("fields", "Went to (admin 2 P-code)"),
    QT_TRANSLATE_NOOP("fields", "Went to (admin 3)"),
    QT_TRANSLATE_NOOP("fields", "Went to (admin 3 P-code)"),
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
