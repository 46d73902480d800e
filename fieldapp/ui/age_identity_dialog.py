"""Devices → "Export age identity…": the coordinator's age identity for the `age` tool,
the same operation as `fieldapp keys export-age-identity` (fieldapp.ops.age_identity).

The device passphrase opens the stored identity; the file gets its own passphrase (typed
twice), or, ticked, the device's. The work (two scrypt derivations, a few seconds) runs on
a worker thread; a wrong device passphrase keeps the dialog open to try again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.errors import FieldappError, WrongPassphrase
from fieldapp.ops import Task
from fieldapp.ops import age_identity as ops_age
from fieldapp.passphrase import MIN_PASSPHRASE
from fieldapp.store import Store
from fieldapp.ui import dialogs, i18n, jobs, labels
from fieldapp.ui.context import AppContext
from fieldapp.ui.import_dialog import _default_folder
from fieldapp.ui.passphrase import LengthCheck, add_reveal_action


def _secret_field() -> QLineEdit:
    field = QLineEdit()
    add_reveal_action(field)
    return field


class AgeIdentityDialog(QDialog):
    """Where to write the identity, the device passphrase, and the file's passphrase."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.job: jobs.Job | None = None
        self.result: ops_age.AgeIdentityExported | None = None
        self.asked_to_replace: Path | None = None  # the save dialog asked about this file
        self.setWindowTitle(self.tr("Export age identity"))
        self.setMinimumWidth(600)
        intro = QLabel(
            self.tr(
                "This writes the key that opens bundles sealed to this device, protected by "
                "a passphrase in age's own format, so that the age tool can open them too. "
                "Keep the file as safe as this laptop: with its passphrase, it opens every "
                "bundle sealed to you."
            )
        )
        intro.setWordWrap(True)
        store = context.store()
        self.path = QLineEdit(str(_default_folder(store) / ops_age.SUGGESTED_NAME))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.device_passphrase = _secret_field()
        self.device_passphrase.setPlaceholderText(self.tr("to open this device's sealing key"))
        self.same = QCheckBox(self.tr("Protect the file with this device's passphrase too"))
        self.file_passphrase = _secret_field()
        self.file_passphrase.setPlaceholderText(self.tr("age asks for it to open a bundle"))
        self.repeat = _secret_field()
        self.length = LengthCheck(self.file_passphrase)
        self.same.toggled.connect(self._same_toggled)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #aa1414;")

        form = QFormLayout()
        form.addRow(self.tr("Save as:"), where)
        form.addRow(self.tr("Device passphrase:"), self.device_passphrase)
        form.addRow("", self.same)
        form.addRow(self.tr("File passphrase:"), self.file_passphrase)
        form.addRow("", self.length)
        form.addRow(self.tr("Repeat it:"), self.repeat)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText(self.tr("Export"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _same_toggled(self, same: bool) -> None:
        for widget in (self.file_passphrase, self.repeat, self.length):
            widget.setEnabled(not same)

    def _browse(self) -> None:
        chosen = dialogs.save_file(
            self,
            self.tr("Save the age identity as"),
            self.path.text(),
            self.tr("age identity files (*.age)"),
        )
        if chosen:
            self.path.setText(chosen)
            self.asked_to_replace = Path(chosen)  # the file dialog asked before replacing

    def _problem(self) -> str | None:
        """What must be fixed before exporting, or None."""
        if not self.path.text().strip():
            return self.tr("Choose where to save the age identity.")
        if not self.device_passphrase.text():
            return self.tr("Type the passphrase of this device's key.")
        if self.same.isChecked():
            return None
        if not self.length.met():
            return self.tr("The file's passphrase must be at least {n} characters.").format(
                n=labels.count(MIN_PASSPHRASE)
            )
        if self.repeat.text() != self.file_passphrase.text():
            return self.tr("The two file passphrases differ.")
        return None

    def start(self) -> jobs.Job | None:
        """Check what can be checked here, then export on a worker thread."""
        self.message.clear()
        problem = self._problem()
        if problem:
            self.message.setText(problem)
            return None
        out = Path(self.path.text().strip()).expanduser()
        if out.is_file() and out != self.asked_to_replace:
            confirm = getattr(self.window(), "confirm", dialogs.confirm)
            if not confirm(
                self,
                self.tr("Export age identity"),
                self.tr("{path} exists. Replace it?").format(path=i18n.ltr(out)),
                self.tr("Replace"),
            ):
                return None
        device = self.device_passphrase.text()
        other = None if self.same.isChecked() else self.file_passphrase.text()

        def export(store: Store, task: Task) -> ops_age.AgeIdentityExported:
            return ops_age.export_age_identity(store, out, device, other, replace=True, task=task)

        self.buttons.setEnabled(False)
        self.job = jobs.run_op(
            self.context,
            self,
            self.tr("Exporting the age identity"),
            export,
            self._done,
            self._failed,
        )
        return self.job

    def _done(self, exported: ops_age.AgeIdentityExported) -> None:
        self.job = None
        self.result = exported
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self.buttons.setEnabled(True)
        if isinstance(exc, WrongPassphrase):
            self.message.setText(
                QCoreApplication.translate("Passphrase", "Wrong passphrase. Try again.")
            )
            self.device_passphrase.setFocus()
            self.device_passphrase.selectAll()
        elif isinstance(exc, FieldappError):
            self.message.setText(labels.error_text(exc))

    def summary(self) -> str:
        r = self.result
        if r is None:
            return ""
        return self.tr(
            "Wrote {path}. The age tool opens a bundle sealed to you with:\n"
            "age -d -i {name} -o bundle.zip BUNDLE.age\n"
            "and asks for the file's passphrase."
        ).format(path=i18n.ltr(r.path), name=i18n.ltr(r.path.name))


def show_export(context: AppContext, parent: QWidget | None) -> AgeIdentityDialog:
    dialog = AgeIdentityDialog(context, parent)
    dialog.accepted.connect(
        lambda: dialogs.show_info(
            parent,
            QCoreApplication.translate("AgeIdentityDialog", "Age identity exported"),
            dialog.summary(),
        )
    )
    dialog.open()
    return dialog
