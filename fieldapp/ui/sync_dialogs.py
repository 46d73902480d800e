"""The Export dialog for signed bundles. The Import dialog lives in
fieldapp.ui.import_dialog and is importable from here too (older callers).

Export runs the same function as `fieldapp export` on a worker thread (fieldapp.ui.jobs),
opening its own Store: what to export (changes or everything), optional sealing to a
coordinator's key, where, and the passphrase that signs it. A sealed bundle is an age
file: its name ends in .age while "Seal it" is ticked, .zip otherwise (seal.bundle_path).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.errors import FieldappError
from fieldapp.ops import Task
from fieldapp.ops import bundles as ops_bundles
from fieldapp.ops.bundles import NothingToExport
from fieldapp.store import Store
from fieldapp.sync.export import ExportResult
from fieldapp.sync.seal import bundle_path, parse_recipient
from fieldapp.ui import dialogs, i18n, jobs, labels
from fieldapp.ui.context import AppContext
from fieldapp.ui.import_dialog import (  # noqa: F401  (imported from here by others)
    FOLDER_SETTING,
    ImportDialog,
    ImportModel,
    ImportRow,
    _default_folder,
    merge_text,
)

SEAL_SETTING = "sync.seal_to"


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text).strip("-") or "device"


class ExportDialog(QDialog):
    """What to export (changes or everything), optional sealing, where, and the passphrase."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Export a signed bundle"))
        self.setMinimumWidth(560)
        self.job: jobs.Job | None = None
        self.result: ExportResult | None = None
        store = context.store()
        device = store.require_device()
        pending = store.pending_export_count()
        seq = store.bundle_seq() + 1

        self.incremental = QRadioButton(
            self.tr("Changes since the last bundle ({n} revisions)", "", pending).format(
                n=labels.count(pending)
            )
        )
        self.full = QRadioButton(self.tr("Everything in this database (a full bundle)"))
        self.incremental.setChecked(True)
        self.kinds = QButtonGroup(self)
        self.kinds.addButton(self.incremental)
        self.kinds.addButton(self.full)

        self.seal = QCheckBox(self.tr("Seal it to a coordinator's key (only they can open it)"))
        self.recipient = QLineEdit(store.setting(SEAL_SETTING) or "")
        self.recipient.setPlaceholderText(self.tr("age1… (from the coordinator)"))
        self.recipient.setEnabled(False)
        self.seal.toggled.connect(self.recipient.setEnabled)

        stamp = dt.date.today().isoformat()
        name = f"{_safe(device.name)}-{stamp}-bundle-{seq}.zip"
        self.path = QLineEdit(str(_default_folder(store) / name))
        self.seal.toggled.connect(self._name_for_sealing)
        self.seal.setChecked(bool(self.recipient.text()))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)

        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("to sign the bundle"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #aa1414;")

        form = QFormLayout()
        form.addRow(self.tr("Export:"), self.incremental)
        form.addRow("", self.full)
        form.addRow("", self.seal)
        form.addRow(self.tr("Recipient:"), self.recipient)
        form.addRow(self.tr("Save as:"), where)
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        intro = QLabel(
            self.tr(
                "Bundle #{seq}, signed by {name} ({org}). Give it to your coordinator on a "
                "USB stick or through a messaging app."
            ).format(
                seq=labels.count(seq),
                name=i18n.isolate(device.name),
                org=i18n.isolate(device.organisation),
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _name_for_sealing(self, sealed: bool) -> None:
        """.age while sealing, .zip otherwise: the name says what the file is."""
        typed = Path(self.path.text().strip())
        named = bundle_path(typed, sealed)
        if self.path.text().strip() and named != typed:
            self.path.setText(str(named))

    def _browse(self) -> None:
        sealed = self.seal.isChecked()
        kind = self.tr("Sealed bundles (*.age)") if sealed else self.tr("Bundles (*.zip)")
        chosen = dialogs.save_file(self, self.tr("Save the bundle as"), self.path.text(), kind)
        if chosen:
            suffix = ".age" if sealed else ".zip"
            self.path.setText(chosen if chosen.lower().endswith(suffix) else chosen + suffix)

    def start(self) -> jobs.Job | None:
        """Check what can be checked here, then export in the background."""
        self.message.clear()
        seal_to = self.recipient.text().strip() if self.seal.isChecked() else None
        if self.path.text().strip():  # a .zip typed while sealing is written as .age
            self._name_for_sealing(seal_to is not None)
        out = Path(self.path.text().strip()).expanduser()
        secret = self.passphrase.text()
        try:
            if not self.path.text().strip():
                raise FieldappError(self.tr("Choose where to save the bundle."))
            if seal_to is not None:
                parse_recipient(seal_to)
            if not secret:
                raise FieldappError(self.tr("Type the passphrase of this device's key."))
        except FieldappError as exc:
            self.message.setText(labels.error_text(exc))
            return None
        full = self.full.isChecked()

        def export(store: Store, task: Task) -> ops_bundles.Exported:
            return ops_bundles.export(store, out, secret, full=full, seal_to=seal_to, task=task)

        self.buttons.setEnabled(False)
        self.job = jobs.run_op(
            self.context, self, self.tr("Exporting"), export, self._done, self._failed
        )
        return self.job

    def _done(self, exported: ops_bundles.Exported) -> None:
        """The runner has announced the export ("N changes not exported" follows)."""
        self.job = None
        self.result = result = exported.bundle
        store = self.context.store()  # where to save and seal to next time
        store.set_setting(FOLDER_SETTING, str(result.path.parent))
        if result.sealed_to:
            store.set_setting(SEAL_SETTING, result.sealed_to)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self.buttons.setEnabled(True)
        if isinstance(exc, NothingToExport):
            self.message.setText(
                self.tr("Nothing changed since the last bundle. Choose “Everything” to export all.")
            )
        elif isinstance(exc, FieldappError):
            self.message.setText(labels.error_text(exc))

    def summary(self) -> str:
        r = self.result
        if r is None:
            return ""
        text = self.tr(
            "Wrote {path}: bundle #{seq}, {n} revisions, {size} bytes.", "", r.revisions
        ).format(
            path=i18n.ltr(r.path),
            seq=labels.count(r.seq),
            n=labels.count(r.revisions),
            size=labels.count(r.size),
        )
        if r.sealed_to:
            text += " " + self.tr("Sealed to {recipient}.").format(recipient=i18n.ltr(r.sealed_to))
        return text


def show_export(context: AppContext, parent: QWidget | None) -> ExportDialog:
    dialog = ExportDialog(context, parent)
    dialog.accepted.connect(
        lambda: dialogs.show_info(
            parent, QCoreApplication.translate("ExportDialog", "Bundle exported"), dialog.summary()
        )
    )
    dialog.open()
    return dialog
