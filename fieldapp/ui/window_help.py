"""Help → Keyboard shortcuts and About, and the window's status-bar labels.

Kept out of main_window.py (which holds the window's structure) because they only read
the window. Their strings stay in the "MainWindow" translation context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QStatusBar

from fieldapp import __version__
from fieldapp.store import Store
from fieldapp.ui import dialogs, i18n

if TYPE_CHECKING:
    from fieldapp.ui.main_window import MainWindow


def command_shortcuts(window: MainWindow) -> list[tuple[str, str]]:
    """The keys of the commands added through add_menu_action (export, import, print…):
    they work while typing in a text field too (typing_shortcuts)."""
    rows = []
    for action in window.menu_actions():
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys:
            rows.append((action.text().replace("&", "").rstrip("…").strip(), keys))
    return rows


def show_shortcuts(window: MainWindow) -> None:
    rows = [
        (QCoreApplication.translate("MainWindow", "New incident"), "Ctrl+N"),
        (QCoreApplication.translate("MainWindow", "New displacement report"), "Ctrl+Shift+N"),
        (
            QCoreApplication.translate("MainWindow", "Edit the selected record"),
            QCoreApplication.translate("MainWindow", "Enter, double-click or F2"),
        ),
        (QCoreApplication.translate("MainWindow", "Delete the selected records"), "Del"),
        (QCoreApplication.translate("MainWindow", "History of the selected record"), "Ctrl+H"),
        (QCoreApplication.translate("MainWindow", "Search"), "Ctrl+F"),
        (QCoreApplication.translate("MainWindow", "Clear the filter"), "Ctrl+Shift+F"),
        (QCoreApplication.translate("MainWindow", "Refresh"), "F5"),
        (QCoreApplication.translate("MainWindow", "Switch view"), "Ctrl+1 … Ctrl+9"),
        *command_shortcuts(window),
        (
            QCoreApplication.translate("MainWindow", "In a form: next / previous field"),
            "Tab / Shift+Tab",
        ),
        (
            QCoreApplication.translate("MainWindow", "In a form: save"),
            QCoreApplication.translate("MainWindow", "Enter (Ctrl+Enter in the notes)"),
        ),
        (QCoreApplication.translate("MainWindow", "In a form: cancel"), "Esc"),
    ]
    # keys read left to right in an Arabic window too ("Ctrl+Shift+N", not "N+Shift+Ctrl")
    body = "".join(
        f"<tr><td>{a}</td><td><b><span dir='ltr'>{i18n.ltr(b)}</span></b></td></tr>"
        for a, b in rows
    )
    direction = "rtl" if i18n.is_rtl() else "ltr"
    dialogs.show_info(
        window,
        QCoreApplication.translate("MainWindow", "Keyboard shortcuts"),
        f"<table dir='{direction}' cellpadding='3'>{body}</table>",
    )


def show_about(window: MainWindow) -> None:
    from fieldapp.identity.keys import format_fingerprint

    device = window.context.store().device()
    fp = format_fingerprint(device.fingerprint) if device else "—"
    dialogs.show_info(
        window,
        QCoreApplication.translate("MainWindow", "About fieldapp"),
        QCoreApplication.translate(
            "MainWindow",
            "fieldapp {version}\nOffline recording of incidents and displacement.\n\n"
            "Database: {path}\nDevice key: {fp}",
        ).format(version=__version__, path=i18n.ltr(window.context.db_path), fp=i18n.ltr(fp)),
    )


class StatusLabels:
    """Who this device is, its key, and how many changes a bundle export would carry."""

    def __init__(self, bar: QStatusBar):
        self.device = QLabel()
        self.device.setObjectName("status_device")
        self.key = QLabel()
        self.key.setObjectName("status_key")
        self.unexported = QLabel()
        self.unexported.setObjectName("status_unexported")
        for label in (self.device, self.key, self.unexported):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    def refresh(self, store: Store, plural: Callable[[str, int], str]) -> None:
        """`plural` is MainWindow.plural (passed, not kept: no reference cycle)."""
        device = store.device()
        if device is None:
            self.device.setText(QCoreApplication.translate("MainWindow", "No device identity"))
            self.key.setText("")
            self.unexported.setText("")
            return
        from fieldapp.identity.keys import format_fingerprint  # cryptography: not before paint

        self.device.setText(f"{i18n.isolate(device.name)} · {i18n.isolate(device.organisation)}")
        short = format_fingerprint(device.fingerprint)[:9]
        self.key.setText(
            QCoreApplication.translate("MainWindow", "Key {fingerprint}").format(
                fingerprint=i18n.ltr(short)
            )
        )
        self.key.setToolTip(
            QCoreApplication.translate(
                "MainWindow", "Device key fingerprint:\n{fingerprint}"
            ).format(fingerprint=i18n.ltr(format_fingerprint(device.fingerprint)))
        )
        count = store.unexported_count()
        if count == 0:
            text = QCoreApplication.translate("MainWindow", "All changes exported")
        elif count == 1:
            text = QCoreApplication.translate("MainWindow", "1 change not exported")
        else:
            text = plural("unexported", count)
        self.unexported.setText(text)
        self.unexported.setStyleSheet("color: #8a5a00;" if count else "")
