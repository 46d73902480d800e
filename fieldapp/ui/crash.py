"""What happens when fieldapp itself has a bug: a dialog and a log file.

A known problem (FieldappError) gets its own message; anything else is a bug, so the user
sees that their data is safe (every write is one transaction) and where the details were
saved, and can copy the traceback into a report.

Nothing in clear on disk (docs/security.md): an exception's message can hold record
values (a KeyError on a value, an IntegrityError quoting a row, a ValueError on a date
someone typed), so the log file — and stderr, which a desktop session may keep in a file
too — get only `private_details`: the exception types and every frame of the traceback
(file, line, function, source line), each message, argument and note replaced by a short
note. The dialog shows the full text from memory, for the user to copy into a report if
they choose.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from fieldapp import __version__, paths
from fieldapp.ui import i18n

log = logging.getLogger("fieldapp")

LEFT_OUT = "[message left out of this file: it may hold record data]"
_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_unowned: set[CrashDialog] = set()  # dialogs shown without a parent window
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def format_exception(exc: BaseException) -> str:
    """The full text, messages included: for the dialog only (memory, never a file)."""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    module = kind.__module__
    if module in ("builtins", "__main__"):
        return kind.__qualname__
    return f"{module}.{kind.__qualname__}"


def private_details(exc: BaseException) -> str:
    """The traceback without what may hold record data: types and frames, no messages,
    arguments or notes, through the whole chain (__cause__, __context__) and the members
    of an exception group."""
    return "".join(_private_lines(exc, set()))


def _private_lines(exc: BaseException, seen: set[int], indent: str = "") -> list[str]:
    """One exception's lines (after its cause or context), each line prefixed by
    `indent` (the members of a group are drawn inside it, as Python does)."""
    seen.add(id(exc))
    lines: list[str] = []
    cause, context = exc.__cause__, exc.__context__
    if cause is not None and id(cause) not in seen:
        lines += [*_private_lines(cause, seen), _CAUSE]
    elif context is not None and not exc.__suppress_context__ and id(context) not in seen:
        lines += [*_private_lines(context, seen), _CONTEXT]
    if exc.__traceback__ is not None:
        lines.append("Traceback (most recent call last):\n")
        stack = traceback.StackSummary.extract(traceback.walk_tb(exc.__traceback__))
        lines += stack.format()
    lines.append(f"{_type_name(exc)}: {LEFT_OUT}\n")
    notes = getattr(exc, "__notes__", None)
    if isinstance(notes, (list, tuple)) and notes:
        lines.append(f"[{len(notes)} note(s) left out of this file: they may hold record data]\n")
    if isinstance(exc, BaseExceptionGroup):
        for i, member in enumerate(exc.exceptions, 1):
            lines.append(f"+---------------- {i} ----------------\n")
            if id(member) in seen:
                lines.append(f"| {_type_name(member)} (shown above)\n")
            else:
                lines += _private_lines(member, seen, "| ")
    if not indent:
        return lines
    return [indent + line for line in "".join(lines).splitlines(keepends=True)]


def log_exception(exc: BaseException, details: str | None = None) -> Path | None:
    """Write the private traceback (`private_details`) to a new file in the log folder;
    None if that fails too. `details`, the full text, is not written anywhere: the
    argument stays for callers that pass it."""
    del details  # may hold record data: never on disk
    try:
        text = private_details(exc)
    except Exception:  # a broken traceback must not hide the crash itself
        text = f"{_type_name(exc)}: {LEFT_OUT}\n(its traceback could not be read)\n"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    try:
        path = paths.log_dir() / f"crash-{stamp}.log"
        header = (
            f"fieldapp {__version__}, Python {sys.version.split()[0]}, "
            f"{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}\n"
            "Messages are left out: they may hold record data.\n\n"
        )
        path.write_text(header + text, encoding="utf-8")
    except OSError as err:  # its text is the log's path and the system's reason
        log.error("could not write the crash log: %s", err)
        return None
    log.error("unexpected error, details in %s\n%s", path, text)
    return path


class CrashDialog(QDialog):
    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("fieldapp: unexpected error"))
        self.details = details
        self.log_path = log_path
        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(32, 32)
        )
        where = (
            self.tr("The details were saved to:\n{path}").format(path=i18n.ltr(log_path))
            + "\n"
            + self.tr(
                "That file leaves out the error messages, which may hold record data. The "
                "full text below is not saved anywhere: copy it into a report only if you "
                "choose."
            )
            if log_path
            else self.tr("The details could not be saved to a file; copy them below.")
        )
        message = QLabel(
            self.tr(
                "Something went wrong inside fieldapp. This is a bug, not something you did.\n"
                "Your records are safe: every change is saved completely or not at all.\n\n"
            )
            + where
        )
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = message
        text = QPlainTextEdit(details)
        text.setReadOnly(True)
        text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        text.setMinimumSize(640, 220)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(self.tr("Copy details"))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(icon)
        layout.addWidget(message)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)


def show_crash(
    parent: QWidget | None, exc: BaseException, details: str | None = None
) -> CrashDialog:
    """Log the exception (without its messages) and show the crash dialog (with them,
    from memory) without blocking the caller."""
    text = details or format_exception(exc)
    path = log_exception(exc)
    dialog = CrashDialog(text, path, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:  # nothing owns it: without a reference Python would delete it now
        _unowned.add(dialog)
        dialog.finished.connect(lambda _result: _unowned.discard(dialog))
    dialog.open()
    return dialog


def install_excepthook() -> None:
    """Route exceptions raised in Qt slots (which would otherwise only be printed) to the
    crash dialog, once the application exists. stderr gets the private text only."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt) or QApplication.instance() is None:
            previous(exc_type, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        parent = QApplication.activeWindow()
        show_crash(parent, exc, details)  # its log line carries the private text to stderr

    sys.excepthook = hook
