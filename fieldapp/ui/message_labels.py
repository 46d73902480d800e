"""What the layers below the UI say, in the interface's language: coded messages.

The services raise and return coded messages (fieldapp.messages): a Message, or a
FieldappError made from one, carries its code and its values. `message` and `error_text`
look the English template up by code, translate it under the context "messages" and show
each value for the locale by its placeholder's name (numbers in the interface's digits,
dates, vocabulary terms translated, user text isolated, a nested reason translated too).

MESSAGES (fieldapp/ui/message_catalogue.py) repeats every template of the catalogue with
QT_TRANSLATE_NOOP, because pyside6-lupdate reads only fieldapp/ui.

Nothing here matches English sentences: a string without a code (a programming error's
text, a message from a library) is shown as it is. A ValidationError, which has one coded
Message per field, is shown field by field: the field's label and its message, each
translated.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from fieldapp.domain.fields import FIELDS
from fieldapp.errors import FieldappError, ValidationError
from fieldapp.messages import CATALOGUE, Message
from fieldapp.ui import i18n
from fieldapp.ui.message_catalogue import MESSAGES as MESSAGES

_NUMBERS = frozenset(
    {"number", "limit", "size", "people", "households", "individuals", "before", "line",
     "ratio", "version", "supported", "count", "expected"}
)  # fmt: skip
_DATES = frozenset({"date", "start"})
_VOCAB = frozenset({"type", "sub", "belongs"})
_LTR = frozenset({"file", "entry", "id", "text", "revision", "fingerprint"})
_QUOTED = frozenset({"value", "wanted"})
_FIELDS_BY_NAME = {f.name: f for fields in FIELDS.values() for f in fields}


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _show_number(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return i18n.number(value)
    text = str(value)
    plain = text.replace(",", "")
    try:
        parsed: int | float = int(plain) if re.fullmatch(r"-?\d+", plain) else float(plain)
    except ValueError:
        return i18n.isolate(text)
    return i18n.number(parsed)


def _show_value(name: str, value: object) -> str:
    """One value of a message, shown for the interface's language; its placeholder's name
    says what it is (the list is in fieldapp/messages.py)."""
    if name == "reason":  # a message inside a message (a refused bundle's bad value)
        return message(value) if isinstance(value, str) else i18n.isolate(str(value))
    if name in _NUMBERS:
        return _show_number(value)
    text = str(value)
    if name in _DATES:
        return i18n.isolate(i18n.digits(text))
    if name in _VOCAB:
        return i18n.isolate(QCoreApplication.translate("vocab", _unquote(text)))
    if name == "allowed":
        return i18n.ltr(text)
    if name in _QUOTED:  # a repr()'d value: the translation puts its own quotes («»)
        return i18n.isolate(_unquote(text))
    if name == "column":  # a field's name in a bundle's CSV header
        f = _FIELDS_BY_NAME.get(text)
        return QCoreApplication.translate("fields", f.label) if f else i18n.isolate(text)
    if name in _LTR:  # file names, ids, line numbers: left to right inside Arabic
        return i18n.ltr(text)
    return i18n.isolate(text)


def _translated(template: str, values: dict[str, object], english: str) -> str:
    """`template` in the interface's language with `values` re-shown; `english` when there
    is no translation, or the translation is broken (a message is never lost)."""
    translated = QCoreApplication.translate("messages", template)
    if translated == template:  # no catalogue for this language: the original, as it was
        return english
    shown = {name: _show_value(name, value) for name, value in values.items()}
    try:
        return translated.format(**shown)
    except (KeyError, IndexError, ValueError):
        return english


def message(text: str) -> str:
    """A message from the layers below, in the interface language: a Message by its code;
    a plain string (no code: not one of fieldapp's messages) as it is."""
    if isinstance(text, Message):
        return _translated(CATALOGUE[text.code], text.params, str.__str__(text))
    return text


def error_text(exc: BaseException) -> str:
    """What to show for an exception: a coded FieldappError translated by its code (other
    exceptions may have a `code` of their own, SystemExit's for one: not ours)."""
    if isinstance(exc, ValidationError):
        separator = QCoreApplication.translate("labels", "; ")
        return separator.join(
            f"{_field_label(name)}: {message(text)}" for name, text in exc.errors.items()
        )
    if isinstance(exc, FieldappError) and exc.code is not None:
        return _translated(CATALOGUE[exc.code], exc.params, str.__str__(str(exc)))
    return message(str(exc))  # a ValueError raised with a Message is still coded here


def _field_label(name: str) -> str:
    f = _FIELDS_BY_NAME.get(name)
    return QCoreApplication.translate("fields", f.label) if f else name
