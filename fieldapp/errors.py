"""Known problems a user can act on.

Every exception here carries a message written for the person at the keyboard: what
happened and what to do. The CLI prints it on one line and exits non-zero; the UI shows it
in a dialog. Anything that is not a FieldappError is a bug and gets a traceback.
"""

from __future__ import annotations


class FieldappError(Exception):
    """A problem the user can understand and fix."""

    exit_code = 1


class ValidationError(FieldappError):
    """One or more fields of a record are invalid; `errors` maps field -> message."""

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
