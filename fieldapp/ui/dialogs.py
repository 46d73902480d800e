"""Small message boxes used across the window.

Errors are shown window-modal but without blocking the caller (`open()`), so a failure
reported from a background job never nests an event loop inside a signal handler.
`confirm` blocks, because the caller needs the answer; windows hold it as an attribute so
tests can replace it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from fieldapp.ui import labels


def show_error(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """`text` may be a message from below the UI (str(exc)): known ones are translated."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, labels.message(text), QMessageBox.StandardButton.Ok, parent
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


def show_info(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before something destructive; the safe answer is the default."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    no = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def ask_passphrase(parent: QWidget | None, title: str) -> str | None:
    """The device key's passphrase (hidden while typed); None when the user cancels."""
    text, ok = QInputDialog.getText(
        parent,
        title,
        QCoreApplication.translate("Dialogs", "Passphrase of this device's key:"),
        QLineEdit.EchoMode.Password,
    )
    return text if ok else None
