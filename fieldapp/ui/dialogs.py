"""Small message boxes used across the window.

Errors are shown window-modal but without blocking the caller (`open()`), so a failure
reported from a background job never nests an event loop inside a signal handler.
`confirm` blocks, because the caller needs the answer; windows hold it as an attribute so
tests can replace it.

Every file and folder chooser of the application goes through the four functions at the end
(`open_files`, `open_file`, `save_file`, `choose_folder`), always called as
`dialogs.open_files(...)`: they are the one seam a test replaces (the `file_dialogs`
fixture) so that it can click the real "Choose…" button and get files back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

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


def ask_passphrase(
    parent: QWidget | None,
    title: str,
    check: Callable[[str], object] | None = None,
    *,
    new: bool = False,
) -> str | None:
    """The device key's passphrase (hidden unless the user clicks the eye); None when the
    user cancels.

    With `check` (e.g. `passphrase.device_key_check(store)`), a wrong passphrase does not
    come back: the dialog says "Wrong passphrase. Try again." and asks again, so no caller
    has to report it. `new=True` when choosing a passphrase (a live length check).
    """
    from fieldapp.ui.passphrase import PassphraseDialog  # it runs jobs, which import us

    dialog = PassphraseDialog(parent, title, check=check, new=new)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    secret = dialog.passphrase()
    dialog.deleteLater()
    return secret if accepted else None


# -- the file-dialog seam --------------------------------------------------------------------


def open_files(parent: QWidget | None, title: str, folder: str, filters: str) -> list[str]:
    """Several existing files; an empty list when the user cancels."""
    files, _ = QFileDialog.getOpenFileNames(parent, title, folder, filters)
    return list(files)


def open_file(parent: QWidget | None, title: str, folder: str, filters: str) -> str | None:
    """One existing file; None when the user cancels."""
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return path or None


def save_file(parent: QWidget | None, title: str, suggested: str, filters: str) -> str | None:
    """Where to write a new file (the dialog asks before replacing one); None on cancel."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path or None


def choose_folder(parent: QWidget | None, title: str, folder: str) -> str | None:
    """An existing folder; None when the user cancels."""
    path = QFileDialog.getExistingDirectory(parent, title, folder)
    return path or None
