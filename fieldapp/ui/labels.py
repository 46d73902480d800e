"""Translated display text for the domain's English labels and vocabularies.

The domain layer keeps English labels (and stores ACLED's English terms); the UI shows them
through Qt's translator under two contexts, "fields" and "vocab", so issue 7's Arabic
catalogue can translate them without touching stored values.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from fieldapp.domain import vocab
from fieldapp.domain.fields import Field

DIRECTION_SHORT = {
    "departed": QT_TRANSLATE_NOOP("vocab", "Departed"),
    "arrived": QT_TRANSLATE_NOOP("vocab", "Arrived"),
    "present": QT_TRANSLATE_NOOP("vocab", "Present"),
}


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
    return ", ".join(vocab_label(vocab.TARGETS.get(c, c)) for c in codes)


def count(value: object) -> str:
    """Whole numbers with thousands separators; unknown stays blank (not 0)."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"  # type: ignore[call-overload]


def number(value: object) -> str:
    if value is None or value == "":
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)
