"""Help → Keyboard shortcuts and About, and the window's status-bar labels.

Kept out of main_window.py (which holds the window's structure) because they only read
the window. Their strings stay in the "MainWindow" translation context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QStatusBar

from fieldapp import __version__
from fieldapp.store import Store
from fieldapp.ui import dialogs, i18n, labels

if TYPE_CHECKING:
    from fieldapp.ui.main_window import MainWindow


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("MainWindow", text, "", n)


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
        (_tr("New incident"), "Ctrl+N"),
        (_tr("New displacement report"), "Ctrl+Shift+N"),
        (_tr("Edit the selected record"), _tr("Enter, double-click or F2")),
        (_tr("Delete the selected records"), "Del"),
        (_tr("History of the selected record"), "Ctrl+H"),
        (_tr("Search"), "Ctrl+F"),
        (_tr("Clear the filter"), "Ctrl+Shift+F"),
        (_tr("Refresh"), "F5"),
        (_tr("Switch view"), "Ctrl+1 … Ctrl+9"),
        *command_shortcuts(window),
        (_tr("In a form: next / previous field"), "Tab / Shift+Tab"),
        (_tr("In a form: save"), _tr("Enter (Ctrl+Enter in the notes)")),
        (_tr("In a form: cancel"), "Esc"),
    ]
    # keys read left to right in an Arabic window too ("Ctrl+Shift+N", not "N+Shift+Ctrl")
    body = "".join(
        f"<tr><td>{a}</td><td><b><span dir='ltr'>{i18n.ltr(b)}</span></b></td></tr>"
        for a, b in rows
    )
    direction = "rtl" if i18n.is_rtl() else "ltr"
    dialogs.show_info(
        window,
        _tr("Keyboard shortcuts"),
        f"<table dir='{direction}' cellpadding='3'>{body}</table>",
    )


def show_about(window: MainWindow) -> None:
    from fieldapp.sync.keys import format_fingerprint

    device = window.context.store().device()
    fp = format_fingerprint(device.fingerprint) if device else "—"
    dialogs.show_info(
        window,
        _tr("About fieldapp"),
        _tr(
            "fieldapp {version}\nOffline recording of incidents and displacement.\n\n"
            "Database: {path}\nDevice key: {fp}"
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

    def refresh(self, store: Store) -> None:
        device = store.device()
        if device is None:
            self.device.setText(_tr("No device identity"))
            self.key.setText("")
            self.unexported.setText("")
            return
        from fieldapp.sync.keys import format_fingerprint  # cryptography: not before paint

        self.device.setText(f"{i18n.isolate(device.name)} · {i18n.isolate(device.organisation)}")
        short = format_fingerprint(device.fingerprint)[:9]
        self.key.setText(_tr("Key {fingerprint}").format(fingerprint=i18n.ltr(short)))
        self.key.setToolTip(
            _tr("Device key fingerprint:\n{fingerprint}").format(
                fingerprint=i18n.ltr(format_fingerprint(device.fingerprint))
            )
        )
        count = store.unexported_count()
        if count == 0:
            text = _tr("All changes exported")
        elif count == 1:
            text = _tr("1 change not exported")
        else:
            text = _tr("{n} changes not exported", count).format(n=labels.count(count))
        self.unexported.setText(text)
        self.unexported.setStyleSheet("color: #8a5a00;" if count else "")
