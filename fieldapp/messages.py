"""What fieldapp says to the person at the keyboard, by code, below the UI (no Qt here).

A message is raised or returned as `Message(code, **params)`: a str whose text is the
English template of `code` formatted with `params`, exactly what the CLI prints and the
tests compare, and which keeps `code` and `params` so that the window can translate it by
code (fieldapp.ui.labels.message) instead of matching English sentences. An exception made
from one (`raise NotFound(Message("record.not_found", id=record_id))`) carries both:
`FieldappError.code`, `FieldappError.params`, and `str(exc)` is the Message itself.

The templates are the catalogue's msgids: the Arabic catalogue translates each one under
the context "messages" (fieldapp/ui/message_catalogue.py lists them with QT_TRANSLATE_NOOP
for pyside6-lupdate; a test keeps that list equal to CATALOGUE). A template never changes
its words without its translation being redone, and a code never changes its meaning.

To add a message: a code and its template in fieldapp/catalogue.py; the same template, at
the same place, in fieldapp/ui/message_catalogue.py (message_catalogue_part2.py from
"-- exporting and sealing" on; tests/test_error_codes.py prints the line);
`raise SomeError(Message(code, ...))` with exactly the template's placeholders as keywords
(the same test walks every call); then, under the git lock, scripts/update_translations.py
and scripts/fill_translations.py with its Arabic.

Params are the values as the English text shows them: the raise site formats a grouped
number (`number=f"{n:,}"`) and quotes a user's value with repr (`value=repr(v)`). The name
of a placeholder says how the window shows it (message_labels._show_value):
value, wanted -> a quoted value; text, file, entry, id, revision, fingerprint -> text left
to right; number, limit, size, count, line... -> a number in the interface's digits;
date, start -> a date; type, sub, belongs -> a vocabulary term; allowed -> a list of codes;
column -> a field's name; reason -> a message inside the message; anything else (path,
name...) -> isolated text. Every parameter but a number or a Message is made safe to show
(domain/display.safe_text: controls, ANSI escapes, newlines, bidirectional overrides shown
escaped), in the English text and in `params`, which the window shows.
"""

from __future__ import annotations

import string
from typing import Any

from fieldapp.catalogue import CATALOGUE
from fieldapp.domain.display import safe_text

__all__ = ["CATALOGUE", "Message", "code_of", "placeholders"]

_FORMATTER = string.Formatter()


def placeholders(template: str) -> set[str]:
    """The names a template needs, e.g. {"value", "allowed"}."""
    return {name for _text, name, _spec, _conv in _FORMATTER.parse(template) if name}


class Message(str):
    """English text that remembers the code it was made from and its values.

    It is a str (equal to the English text, so every caller that compares, joins or prints
    messages keeps working) whose str() is itself: `str(exc)` of an exception raised with a
    Message, and `str(ValueError(message))`, still carry the code up to the window."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, /, **params: Any) -> Message:
        template = CATALOGUE[code]  # an unknown code is a programming error: KeyError
        params = {name: _safe(value) for name, value in params.items()}
        text = template.format(**params) if params else template
        self = super().__new__(cls, text)
        self.code = code
        self.params = params
        return self

    def __str__(self) -> str:
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # across processes (the parallel bundle check)
        return (_rebuild, (self.code, self.params))

    @property
    def template(self) -> str:
        return CATALOGUE[self.code]


def _safe(value: Any) -> Any:
    """A parameter as it may be shown: text from outside (a signer's or a device's name, a
    file name, a record's value) with its controls, escapes, newlines and bidirectional
    overrides escaped (domain/display.py), so that the CLI prints and the window shows it
    on its line; numbers stay numbers, and a message inside a message is already safe."""
    if value is None or isinstance(value, (Message, bool, int, float)):
        return value
    return safe_text(value)


def _rebuild(code: str, params: dict[str, Any]) -> Message:
    return Message(code, **params)


def code_of(text: object) -> str | None:
    """The code `text` was made from, None for a plain (legacy, uncoded) string."""
    return text.code if isinstance(text, Message) else None
