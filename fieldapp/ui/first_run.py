"""The only set-up screen: who is recording, and the passphrase for the device key.

It asks exactly what `fieldapp init` asks (name, organisation, passphrase twice). The key
derivation (scrypt, deliberately slow) runs on a worker thread so the window stays alive.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.errors import FieldappError
from fieldapp.store import Store
from fieldapp.store.database import Device
from fieldapp.sync.keys import MIN_PASSPHRASE, SCRYPT_N, Identity, create_identity
from fieldapp.ui import dialogs
from fieldapp.ui.jobs import Job, run_job

_ERROR = "color: #b3261e;"


class FirstRunDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None, kdf_n: int = SCRYPT_N):
        super().__init__(parent)
        self.store = store
        self.kdf_n = kdf_n
        self.device: Device | None = None
        self.job: Job | None = None
        self.setWindowTitle(self.tr("Welcome to fieldapp"))
        self.setMinimumWidth(520)

        title = QLabel(self.tr("Set up this device"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            self.tr(
                "Before you record anything, tell fieldapp who is recording. Your name and "
                "organisation are shown on the bundles and reports you sign.\n\n"
                "The passphrase protects this device's signing key. You will need it to "
                "export bundles and sign reports. Nobody can recover it for you: write it "
                "down somewhere safe."
            )
        )
        intro.setWordWrap(True)

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("your name or your team's, e.g. Amal"))
        self.organisation = QLineEdit()
        self.organisation.setPlaceholderText(self.tr("e.g. Idlib Response Network"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(
            self.tr("at least {n} characters").format(n=MIN_PASSPHRASE)
        )
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.messages: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setVerticalSpacing(4)
        for key, label, widget in (
            ("name", self.tr("Name"), self.name),
            ("organisation", self.tr("Organisation"), self.organisation),
            ("passphrase", self.tr("Passphrase"), self.passphrase),
            ("repeat", self.tr("Repeat passphrase"), self.repeat),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
            message = QLabel()
            message.setStyleSheet(_ERROR)
            message.setWordWrap(True)
            message.hide()
            form.addRow("", message)
            self.messages[key] = message

        self.status = QLabel()
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.buttons = QDialogButtonBox()
        self.create_button = QPushButton(self.tr("Create device"))
        self.create_button.setDefault(True)
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = self.buttons.addButton(
            self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.create_button.clicked.connect(self.create)
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.name.setFocus()

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.name.text().strip():
            errors["name"] = self.tr("Give a name: yours or your team's.")
        if not self.organisation.text().strip():
            errors["organisation"] = self.tr("Give your organisation.")
        if len(self.passphrase.text()) < MIN_PASSPHRASE:
            errors["passphrase"] = self.tr(
                "The passphrase must be at least {n} characters."
            ).format(n=MIN_PASSPHRASE)
        elif self.repeat.text() != self.passphrase.text():
            errors["repeat"] = self.tr("The two passphrases differ; type it again.")
        return errors

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.messages.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)

    def create(self) -> None:
        errors = self.errors()
        self._show_errors(errors)
        if errors:
            first = next(iter(errors))
            widget = {
                "name": self.name,
                "organisation": self.organisation,
                "passphrase": self.passphrase,
                "repeat": self.repeat,
            }[first]
            widget.setFocus()
            widget.selectAll()
            return
        name, org, secret, n = (
            self.name.text(),
            self.organisation.text(),
            self.passphrase.text(),
            self.kdf_n,
        )
        self._set_busy(True)
        self.job = run_job(
            self,
            self.tr("Creating the device key"),
            lambda progress, cancelled: create_identity(name, org, secret, n),
            self._created,
            self._failed,
        )

    def _created(self, identity: Identity) -> None:
        try:
            self.device = self.store.save_device(
                fingerprint=identity.fingerprint,
                name=identity.name,
                organisation=identity.organisation,
                public_key=identity.public_key,
                certificate=identity.certificate,
                private_key=identity.private_key,
            )
        except FieldappError as exc:
            self._failed(exc)
            return
        self._set_busy(False)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, FieldappError):
            dialogs.show_error(self, self.windowTitle(), str(exc))

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.name, self.organisation, self.passphrase, self.repeat, self.buttons):
            widget.setEnabled(not busy)
        self.status.setText(self.tr("Creating the device key…") if busy else "")

    def reject(self) -> None:
        if self.job is not None and not self.job.finished:
            return  # the key is being written; closing now would leave a half-made device
        super().reject()
