"""File → Change passphrase…: the one passphrase of the database and this device's keys.

The dialog asks the current passphrase and the new one twice (each with the eye, the new
one with the live length check), refuses in place what it can tell at once (empty, short,
two that differ, the same as the current one), then runs the change off the UI thread
(fieldapp.ops.passphrase: scrypt several times, then the database rewritten under its new
key). A wrong current passphrase is said under its field and selected; nothing changed.

The change re-keys the file, so the window's own connection, opened with the old key,
cannot read it afterwards: the window's store is closed before the job (no read of it can
hold up or race the rewrite) and opened again afterwards with the new key, which the
process now remembers, and every view reads again (as unlocking does, fieldapp/ui/lock.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from fieldapp.errors import Cancelled, FieldappError, WrongPassphrase
from fieldapp.identity.keys import MIN_PASSPHRASE
from fieldapp.ops import EVERYTHING, Task
from fieldapp.ops import passphrase as ops_passphrase
from fieldapp.progress import CancelFlag, Progress
from fieldapp.store import Store
from fieldapp.ui import dialogs, jobs, labels
from fieldapp.ui.passphrase import LengthCheck, add_reveal_action, title_width

if TYPE_CHECKING:
    from fieldapp.ui.main_window import MainWindow

_ERROR = "color: #b3261e;"
_PENDING = "color: #6b6b6b;"
_NOTE = "color: #6b6b6b;"


class ChangePassphraseDialog(QDialog):
    """Current passphrase, new passphrase twice, and the change run in the background."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.setObjectName("change_passphrase_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.window_ = window
        self.db_path = window.context.db_path
        self.encrypted = Store.is_encrypted(self.db_path)
        self.job: jobs.Job | None = None
        self.prompts: dict[QLineEdit, QLabel] = {}
        title = self.tr("Change passphrase")
        self.setWindowTitle(title)
        self.setMinimumWidth(max(440, title_width(self, title)))
        self.intro = QLabel(self._intro_text())
        self.intro.setObjectName("change_passphrase_intro")
        self.intro.setWordWrap(True)
        self.current = self._field("current_passphrase", self.tr("Current passphrase:"))
        self.current_message = self._message("current_passphrase_message")
        self.new = self._field("new_passphrase", self.tr("New passphrase:"))
        self.length = LengthCheck(self.new)
        self.repeat = self._field("repeat_passphrase", self.tr("Repeat the new passphrase:"))
        self.repeat.returnPressed.connect(self.submit)
        self.note = QLabel(
            self.tr(
                "Backups and copies made before keep the old passphrase: keep it for them, "
                "or make new backups."
            )
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet(_NOTE)
        self.message = self._message("change_passphrase_message")
        self.change_button = QPushButton(self.tr("Change passphrase"))
        self.change_button.setObjectName("change_passphrase_button")
        self.change_button.setDefault(True)
        self.change_button.clicked.connect(self.submit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.change_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.current.setFocus()

    def _intro_text(self) -> str:
        if self.encrypted:
            return self.tr(
                "One passphrase opens this database and this device's signing key. Both "
                "change together: the database is encrypted again under the new one."
            )
        return self.tr(
            "This database is not encrypted: only this device's keys change. Encrypt the "
            "database too (fieldapp encrypt) so that it opens only with the passphrase."
        )

    def _field(self, name: str, prompt: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setAccessibleName(prompt)
        label = QLabel(prompt)
        label.setBuddy(field)
        self.prompts[field] = label
        add_reveal_action(field)
        return field

    def _message(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(_ERROR)
        label.hide()
        return label

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.intro)
        layout.addSpacing(6)
        for field, under in (
            (self.current, self.current_message),
            (self.new, self.length),
            (self.repeat, None),
        ):
            layout.addWidget(self.prompts[field])
            layout.addWidget(field)
            if under is not None:
                layout.addWidget(under)
        layout.addSpacing(6)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    # -- changing --------------------------------------------------------------------------

    def _refusal(self, old: str, new: str, repeat: str) -> tuple[str, QLineEdit] | None:
        """What can be told before any work, and the field to fix; None when nothing."""
        if not old:
            return self.tr("Type the current passphrase."), self.current
        if not self.length.met():
            text = self.tr("The new passphrase must be at least {n} characters.")
            return text.format(n=labels.count(MIN_PASSPHRASE)), self.new
        if repeat != new:
            return self.tr("The two new passphrases differ: type the new one again."), self.repeat
        if new == old:
            return self.tr("The new passphrase is the same as the current one."), self.new
        if jobs.running_jobs():
            return self.tr("Wait for the running task to finish first."), self.current
        return None

    def submit(self) -> None:
        if self.job is not None:
            return
        old, new, repeat = self.current.text(), self.new.text(), self.repeat.text()
        self.current_message.hide()
        refused = self._refusal(old, new, repeat)
        if refused is not None:
            text, field = refused
            self._say(text, _ERROR)
            field.setFocus()
            field.selectAll()
            return
        path = self.db_path

        def work(progress: Progress, cancelled: CancelFlag) -> object:
            task = Task(progress, cancelled)
            return ops_passphrase.change_passphrase(path, old, new, repeat=repeat, task=task)

        self._set_busy(True)
        self.window_.context.close()  # its connection is keyed with the old key
        self.job = jobs.run_job(
            self,
            self.tr("Changing the passphrase"),
            work,
            self._changed,
            self._failed,
        )

    def _changed(self, result: object) -> None:
        self.job = None
        window = self.window_
        window.context.close()  # anything opened meanwhile was opened with the old key
        window.context.announce(EVERYTHING)  # every view reads again, under the new key
        if isinstance(result, ops_passphrase.PassphraseChanged) and not result.encrypted:
            text = self.tr(
                "This device's keys now open only with the new passphrase. The database "
                "itself is not encrypted: encrypt it with fieldapp encrypt."
            )
        else:
            text = self.tr(
                "The database and this device's keys now open only with the new passphrase. "
                "Backups made before keep the old one."
            )
        super().accept()
        dialogs.show_info(window, self.tr("Passphrase changed"), text)

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self._set_busy(False)
        if isinstance(exc, Cancelled):
            super().reject()
            return
        if isinstance(exc, WrongPassphrase):
            self.message.hide()
            self.current_message.setText(self.tr("Wrong passphrase. Try again."))
            self.current_message.show()
            self.current.setFocus()
            self.current.selectAll()
        elif isinstance(exc, FieldappError):
            self._say(labels.error_text(exc), _ERROR)

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)
        self.message.show()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.current, self.new, self.repeat, self.change_button):
            widget.setEnabled(not busy)
        if busy:
            self._say(self.tr("Changing the passphrase…"), _PENDING)
        else:
            self.message.hide()

    def reject(self) -> None:
        """Cancel, Escape or the window's lock: while the change runs, only ask it to stop
        (honoured before its commit); the dialog closes when the job has ended."""
        if self.job is not None:
            self.job.cancel()
            return
        super().reject()


def open_dialog(window: MainWindow) -> ChangePassphraseDialog:
    """File → Change passphrase…: the dialog, window-modal, not blocking the caller."""
    dialog = ChangePassphraseDialog(window)
    dialog.open()
    return dialog
