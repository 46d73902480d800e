"""Known problems a user can act on.

Every exception here carries a message written for the person at the keyboard: what
happened and what to do. The CLI prints it on one line and exits non-zero; the UI shows it
in a dialog. Anything that is not a FieldappError is a bug and gets a traceback.

An error is raised with a coded message, `raise NotFound(Message("record.not_found",
id=record_id))` (fieldapp.messages): `str(exc)` is the English text, and `exc.code` /
`exc.params` let the window translate it by code. An error raised the old way, with a plain
string, still works; its code is None (the window then falls back to matching the English).
"""

from __future__ import annotations

from typing import Any

from fieldapp.messages import Message


class FieldappError(Exception):
    """A problem the user can understand and fix."""

    exit_code = 1

    @property
    def message(self) -> str:
        """The message it was raised with (a Message when coded)."""
        return self.args[0] if self.args and isinstance(self.args[0], str) else str(self)

    @property
    def code(self) -> str | None:
        """The catalogue code of its message (fieldapp.messages), None if raised uncoded."""
        message = self.message
        return message.code if isinstance(message, Message) else None

    @property
    def params(self) -> dict[str, Any]:
        message = self.message
        return dict(message.params) if isinstance(message, Message) else {}


class ValidationError(FieldappError):
    """One or more fields of a record are invalid; `errors` maps field -> message (a
    Message from fieldapp.domain.validation; its own text has no single code)."""

    exit_code = 2

    def __init__(self, errors: dict[str, str], warnings: dict[str, str] | None = None):
        self.errors = dict(errors)
        self.warnings = dict(warnings or {})
        text = "; ".join(f"{field}: {message}" for field, message in self.errors.items())
        super().__init__(text)


class NotFound(FieldappError):
    """No record, revision or device with that id."""


class DatabaseError(FieldappError):
    """The database cannot be opened or migrated (newer schema, corrupt file, locked)."""


class NotInitialised(FieldappError):
    """The database has no device identity yet."""


class WrongPassphrase(FieldappError):
    """The passphrase does not unlock the device key."""


class Cancelled(FieldappError):
    """The user cancelled a long operation; nothing was written."""


class DiskFull(FieldappError):
    """No room to write a file (fieldapp.diskfull): the disk is full, over quota, or the
    file is larger than it allows. Nothing was written; the user frees space or chooses
    another place."""
