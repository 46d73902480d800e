"""What happens when fieldapp itself has a bug: a dialog and a log file.

A known problem (FieldappError) gets its own message; anything else is a bug, so the user
sees that their data is safe (every write is one transaction) and where the details were
saved, and can copy the traceback into a report.
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


def format_exception(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def log_exception(exc: BaseException, details: str | None = None) -> Path | None:
    """Write the traceback to a new file in the log folder; None if that fails too."""
    text = details or format_exception(exc)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    try:
        path = paths.log_dir() / f"crash-{stamp}.log"
        header = (
            f"fieldapp {__version__}, Python {sys.version.split()[0]}, "
            f"{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}\n\n"
        )
        path.write_text(header + text, encoding="utf-8")
    except OSError:
        log.exception("could not write the crash log")
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
    """Log the exception and show the crash dialog without blocking the caller."""
    text = details or format_exception(exc)
    path = log_exception(exc, text)
    dialog = CrashDialog(text, path, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def install_excepthook() -> None:
    """Route exceptions raised in Qt slots (which would otherwise only be printed) to the
    crash dialog, once the application exists."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt) or QApplication.instance() is None:
            previous(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.stderr.write(details)
        parent = QApplication.activeWindow()
        show_crash(parent, exc, details)

    sys.excepthook = hook
