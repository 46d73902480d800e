"""The only set-up screen: the language, who is recording, and the key's passphrase.

It asks exactly what `fieldapp init` asks (name, organisation, passphrase twice), after the
interface language (Arabic or English), which the whole application follows at once. The
key derivation (scrypt, deliberately slow) runs on a worker thread so the window stays
alive. The passphrase fields have an eye to show what was typed, and a live check of the
minimum length turns green once it is met.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
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

from fieldapp.errors import Cancelled, FieldappError
from fieldapp.identity.keys import MIN_PASSPHRASE, SCRYPT_N, Identity
from fieldapp.ops import Task
from fieldapp.ops import setup as ops_setup
from fieldapp.progress import CancelFlag, Progress
from fieldapp.store import Store
from fieldapp.store.database import Device
from fieldapp.ui import dialogs, i18n, labels
from fieldapp.ui.jobs import Job, run_job
from fieldapp.ui.passphrase import LengthCheck, add_reveal_action, title_width

_ERROR = "color: #b3261e;"


class FirstRunDialog(QDialog):
    """Language, who is recording, and the key's passphrase.

    The language comes first, as two buttons each in its own language: choosing one
    switches the whole application to it at once (this dialog included, and its direction)
    and is remembered for the next start.
    """

    def __init__(self, target: Store | Path, parent: QWidget | None = None, kdf_n: int = SCRYPT_N):
        super().__init__(parent)
        self.store = target if isinstance(target, Store) else None
        self.db_path = None if isinstance(target, Store) else Path(target)
        self.kdf_n = kdf_n
        self.device: Device | None = None
        self.job: Job | None = None
        languages = self._build_languages()

        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        form = self._build_form()

        self.status = QLabel()
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeading)
        self.buttons = QDialogButtonBox()
        self.create_button = QPushButton()
        self.create_button.setDefault(True)
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = QPushButton()
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.create_button.clicked.connect(self.create)
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(12)
        layout.addLayout(languages)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.name.setFocus()

    def _build_languages(self) -> QHBoxLayout:
        """One button per language, each in its own language."""
        self.language_label = QLabel()
        self.language_buttons: dict[str, QPushButton] = {}
        languages = QHBoxLayout()
        languages.setSpacing(6)
        languages.addWidget(self.language_label)
        group = QButtonGroup(self)
        group.setExclusive(True)
        for code, name in i18n.LANGUAGES.items():
            button = QPushButton(name)
            button.setObjectName(f"language_{code}")
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setChecked(code == i18n.current_language())
            button.clicked.connect(lambda _checked=False, c=code: self.choose_language(c))
            group.addButton(button)
            languages.addWidget(button)
            self.language_buttons[code] = button
        languages.addStretch(1)
        return languages

    def _build_form(self) -> QFormLayout:
        """Name, organisation and the passphrase twice, each with its message line."""
        self.name = QLineEdit()
        self.organisation = QLineEdit()
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("first_run_passphrase")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("first_run_repeat")
        # an eye on each field: a passphrase typed blind twice is easy to get wrong
        self.reveal = add_reveal_action(self.passphrase)
        self.reveal_repeat = add_reveal_action(self.repeat)
        self.length = LengthCheck(self.passphrase)
        self.messages: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setVerticalSpacing(4)
        for key, widget in (
            ("name", self.name),
            ("organisation", self.organisation),
            ("passphrase", self.passphrase),
            ("repeat", self.repeat),
        ):
            label = QLabel()
            label.setBuddy(widget)
            form.addRow(label, widget)
            if key == "passphrase":
                form.addRow("", self.length)
            self.labels[key] = label
            message = QLabel()
            message.setStyleSheet(_ERROR)
            message.setWordWrap(True)
            message.hide()
            form.addRow("", message)
            self.messages[key] = message
        return form

    def retranslate(self) -> None:
        """Every text of the dialog in the current language (at start and on a switch)."""
        self.setWindowTitle(self.tr("Welcome to fieldapp"))
        self.setMinimumWidth(max(520, title_width(self, self.windowTitle())))
        self.length.update_state()
        for action in (self.reveal, self.reveal_repeat):
            action.toggled.emit(action.isChecked())  # its text in the new language
        self.language_label.setText(self.tr("Language:"))
        self.title.setText(self.tr("Set up this device"))
        if self.db_path is not None:
            protects = self.tr(
                "The passphrase encrypts the database and protects this device's signing "
                "key: without it nobody can read what you record, even with the laptop in "
                "their hands. You will need it to open fieldapp, export bundles and sign "
                "reports. Nobody can recover it for you: write it down somewhere safe."
            )
        else:
            protects = self.tr(
                "The passphrase protects this device's signing key. You will need it to "
                "export bundles and sign reports. Nobody can recover it for you: write it "
                "down somewhere safe."
            )
        self.intro.setText(
            self.tr(
                "Before you record anything, tell fieldapp who is recording. Your name and "
                "organisation are shown on the bundles and reports you sign."
            )
            + "\n\n"
            + protects
        )
        self.name.setPlaceholderText(self.tr("your name or your team's, e.g. Amal"))
        self.organisation.setPlaceholderText(self.tr("e.g. Idlib Response Network"))
        self.passphrase.setPlaceholderText(
            self.tr("at least {n} characters").format(n=labels.count(MIN_PASSPHRASE))
        )
        for key, text in (
            ("name", self.tr("Name")),
            ("organisation", self.tr("Organisation")),
            ("passphrase", self.tr("Passphrase")),
            ("repeat", self.tr("Repeat passphrase")),
        ):
            self.labels[key].setText(text)
            self.labels[key].buddy().setAccessibleName(text)
        self.create_button.setText(self.tr("Create device"))
        self.quit_button.setText(self.tr("Quit"))
        if self.job is not None and not self.job.finished:
            self.status.setText(self.tr("Creating the device key…"))
        shown = {key for key, label in self.messages.items() if label.isVisible()}
        if shown:
            errors = self.errors()
            self._show_errors({k: v for k, v in errors.items() if k in shown})

    def choose_language(self, lang: str) -> None:
        """Switch the application's language now and remember it."""
        if lang != i18n.current_language():
            i18n.apply_language(lang)
            self.retranslate()  # now, not when Qt's LanguageChange event arrives
        i18n.save_language(lang)
        self.language_buttons[lang].setChecked(True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            for code, button in self.language_buttons.items():
                button.setChecked(code == i18n.current_language())
        super().changeEvent(event)

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.name.text().strip():
            errors["name"] = self.tr("Give a name: yours or your team's.")
        if not self.organisation.text().strip():
            errors["organisation"] = self.tr("Give your organisation.")
        if len(self.passphrase.text()) < MIN_PASSPHRASE:
            errors["passphrase"] = self.tr(
                "The passphrase must be at least {n} characters."
            ).format(n=labels.count(MIN_PASSPHRASE))
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
        path = self.db_path

        def work(progress: Progress, cancelled: CancelFlag) -> Identity | Device:
            task = Task(progress, cancelled)
            identity = ops_setup.create_identity(name, org, secret, n=n, task=task)
            if path is None:
                return identity  # saved into the window's store, on its thread
            return ops_setup.create_database(path, identity, secret, task=task).device

        self.job = run_job(
            self, self.tr("Creating the device key"), work, self._created, self._failed
        )

    def _created(self, made: Identity | Device) -> None:
        if isinstance(made, Device):
            self.device = made
        else:
            assert self.store is not None
            try:
                self.device = ops_setup.save_identity(self.store, made).device
            except FieldappError as exc:
                self._failed(exc)
                return
        self._set_busy(False)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, FieldappError) and not isinstance(exc, Cancelled):  # Cancel: try again
            dialogs.show_error(self, self.windowTitle(), labels.error_text(exc))

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.name, self.organisation, self.passphrase, self.repeat, self.buttons):
            widget.setEnabled(not busy)
        self.status.setText(self.tr("Creating the device key…") if busy else "")

    def reject(self) -> None:
        if self.job is not None and not self.job.finished:
            return  # the key is being written; closing now would leave a half-made device
        super().reject()
