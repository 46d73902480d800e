"""The Export and Import dialogs for signed bundles.

Both run the same functions as `fieldapp export` / `fieldapp verify` / `fieldapp merge`
on a worker thread (fieldapp.ui.jobs), each opening its own Store. The import dialog
verifies every chosen bundle first and shows who signed it, with the full fingerprint,
before anything is merged; a signer this database does not trust must be accepted
explicitly, row by row, after reading that fingerprint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp.errors import FieldappError
from fieldapp.store import Store
from fieldapp.sync.errors import NothingToExport, UntrustedSigner
from fieldapp.sync.export import ExportResult, export_bundle
from fieldapp.sync.keys import format_fingerprint
from fieldapp.sync.merge import MergeSummary, merge_verified
from fieldapp.sync.seal import is_sealed, parse_recipient
from fieldapp.sync.verify import VerifiedBundle, verify_bundle
from fieldapp.ui import dialogs, i18n, jobs, labels
from fieldapp.ui.context import AppContext
from fieldapp.ui.models import RowsModel

Index = QModelIndex | QPersistentModelIndex
SEAL_SETTING = "sync.seal_to"
FOLDER_SETTING = "sync.folder"
_OK = QColor(0, 110, 40)
_BAD = QColor(170, 20, 20)
_WARN = QColor(140, 90, 0)


def _default_folder(store: Store) -> Path:
    saved = store.setting(FOLDER_SETTING)
    if saved and Path(saved).is_dir():
        return Path(saved)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


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
        self.seal.setChecked(bool(self.recipient.text()))

        stamp = dt.date.today().isoformat()
        name = f"{_safe(device.name)}-{stamp}-bundle-{seq}.zip"
        self.path = QLineEdit(str(_default_folder(store) / name))
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

    def _browse(self) -> None:
        chosen = dialogs.save_file(
            self, self.tr("Save the bundle as"), self.path.text(), self.tr("Bundles (*.zip)")
        )
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(".zip") else chosen + ".zip")

    def start(self) -> jobs.Job | None:
        """Check what can be checked here, then export in the background."""
        self.message.clear()
        out = Path(self.path.text().strip()).expanduser()
        secret = self.passphrase.text()
        seal_to = self.recipient.text().strip() if self.seal.isChecked() else None
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
        db_path = self.context.db_path

        def work(progress: jobs.Progress, cancelled: jobs.CancelledFlag) -> Any:
            with Store.open(db_path) as store:
                return export_bundle(
                    store,
                    out,
                    secret,
                    full=full,
                    seal_to=seal_to,
                    progress=progress,
                    cancel=cancelled,
                )

        self.buttons.setEnabled(False)
        self.job = jobs.run_job(self, self.tr("Exporting"), work, self._done, self._failed)
        return self.job

    def _done(self, result: ExportResult) -> None:
        self.job = None
        self.result = result
        store = self.context.store()
        store.set_setting(FOLDER_SETTING, str(result.path.parent))
        if result.sealed_to:
            store.set_setting(SEAL_SETTING, result.sealed_to)
        self.context.records_changed.emit()
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


# -- import ------------------------------------------------------------------------------

IMPORT_HEADERS = (
    QT_TRANSLATE_NOOP("ImportModel", "Bundle"),
    QT_TRANSLATE_NOOP("ImportModel", "Signed by"),
    QT_TRANSLATE_NOOP("ImportModel", "Key fingerprint"),
    QT_TRANSLATE_NOOP("ImportModel", "Trust"),
    QT_TRANSLATE_NOOP("ImportModel", "Contents"),
    QT_TRANSLATE_NOOP("ImportModel", "Result"),
)


@dataclass
class ImportRow:
    path: Path
    verified: VerifiedBundle | None = None
    error: str | None = None
    accepted: bool = False  # an untrusted signer the coordinator accepted
    summary: MergeSummary | None = None
    merge_error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def trusted(self) -> bool:
        return bool(self.verified and self.verified.info.signer.trusted)

    @property
    def mergeable(self) -> bool:
        return self.verified is not None and (self.trusted or self.accepted)


class ImportModel(RowsModel):
    CONTEXT = "ImportModel"
    HEADERS = IMPORT_HEADERS

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row = self.rows[index.row()]
        if index.column() == 3 and row.verified is not None and not row.trusted:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        info = row.verified.info if row.verified else None
        if role == Qt.ItemDataRole.CheckStateRole and col == 3 and info and not row.trusted:
            return Qt.CheckState.Checked if row.accepted else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 5 and (row.error or row.merge_error):
                return QBrush(_BAD)
            if col == 3 and info:
                return QBrush(_OK if row.trusted else _WARN)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == 5:
            return row.error or row.merge_error or self._result(row)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == 0:
            return i18n.isolate(row.path.name)
        if info is None:
            if col == 5:
                return self._result(row)
            return (
                QCoreApplication.translate("ImportModel", "Refused")
                if col == 3 and row.error
                else ""
            )
        s = info.signer
        if col == 1:
            return f"{i18n.isolate(s.name)} ({i18n.isolate(s.organisation)})"
        if col == 2:
            return format_fingerprint(s.fingerprint)
        if col == 3:
            if row.trusted:
                return QCoreApplication.translate("ImportModel", "Trusted")
            return (
                QCoreApplication.translate("ImportModel", "Accept this key")
                if not row.accepted
                else QCoreApplication.translate("ImportModel", "Accepted")
            )
        if col == 4:
            kind = (
                QCoreApplication.translate("ImportModel", "full")
                if info.full
                else QCoreApplication.translate("ImportModel", "changes")
            )
            sealed = QCoreApplication.translate("ImportModel", ", sealed") if info.sealed else ""
            return self.tr("#{seq} ({kind}{sealed}): {n} revisions", "", info.revisions).format(
                seq=labels.count(info.sequence),
                kind=kind,
                sealed=sealed,
                n=labels.count(info.revisions),
            )
        return self._result(row)

    def _result(self, row: ImportRow) -> str:
        if row.error:
            return QCoreApplication.translate("ImportModel", "Refused: {reason}").format(
                reason=labels.message(row.error)
            )
        if row.merge_error:
            return QCoreApplication.translate("ImportModel", "Not merged: {reason}").format(
                reason=labels.message(row.merge_error)
            )
        if row.summary is not None:
            return merge_text(row.summary)
        if row.verified is None:
            return QCoreApplication.translate("ImportModel", "Not checked yet")
        if row.verified.info.already_merged:
            return QCoreApplication.translate("ImportModel", "Valid; already merged here")
        if not row.mergeable:
            return QCoreApplication.translate(
                "ImportModel", "Valid; waiting for you to accept the signer's key"
            )
        return QCoreApplication.translate("ImportModel", "Valid; ready to merge")

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 3:
            return False
        row = self.rows[index.row()]
        if row.verified is None or row.trusted:
            return False
        row.accepted = Qt.CheckState(value) == Qt.CheckState.Checked
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 5))
        return True

    def refresh(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 5))


def merge_text(s: MergeSummary) -> str:
    if s.already_merged:
        return QCoreApplication.translate("ImportModel", "Already merged before; nothing changed")
    text = QCoreApplication.translate(
        "ImportModel",
        "Merged: {new} new, {updated} updated, {deleted} deleted, {conflicts} conflicts, "
        "{skipped} already here",
    ).format(
        new=labels.count(s.new),
        updated=labels.count(s.updated),
        deleted=labels.count(s.deleted),
        conflicts=labels.count(s.conflicts),
        skipped=labels.count(s.skipped),
    )
    if s.missing_before:
        from fieldapp.sync.devices import ranges

        text += " " + QCoreApplication.translate(
            "ImportModel", "— bundle(s) {missing} from this device are missing"
        ).format(missing=ranges(s.missing_before))
    return text


class ImportDialog(QDialog):
    """Pick bundles, see who signed them and whether they are intact, accept unknown keys,
    merge. Verification and merging each run as one background job with a progress bar."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Import bundles"))
        self.resize(980, 420)
        self.job: jobs.Job | None = None
        self.merged = False
        self.model = ImportModel(self)
        self.table = QTableView()
        self.table.setObjectName("table_import")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        # The result column takes the room left and wraps: a refusal's reason (what to do
        # about it) is read in full, not behind a horizontal scroll bar.
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The fingerprint on two lines of eight groups, to leave the result its room.
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, self.fontMetrics().horizontalAdvance("0000 " * 8) + 16)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

        self.add_button = QPushButton(self.tr("Choose bundles…"))
        self.add_button.clicked.connect(lambda: self.choose_files())
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("needed only for sealed bundles"))
        self.verify_button = QPushButton(self.tr("Check"))
        self.verify_button.clicked.connect(self.verify)
        self.merge_button = QPushButton(self.tr("Merge"))
        self.merge_button.clicked.connect(self.merge)
        self.merge_button.setDefault(True)
        self.status = QLabel(
            self.tr(
                "Choose one or more bundles. Each is checked (signature, every file, every "
                "value) before anything is merged. Accept a key you do not know yet only "
                "after comparing its fingerprint with the one the sender's fieldapp shows."
            )
        )
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addWidget(QLabel(self.tr("Passphrase:")))
        top.addWidget(self.passphrase, 1)
        top.addWidget(self.verify_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.model.dataChanged.connect(self._update_buttons)
        self._update_buttons()

    def choose_files(self) -> jobs.Job | None:
        """The "Choose bundles…" button: a file dialog, then the same path as add_files.

        A slot of its own with no parameter: `clicked(bool)` once passed False into
        add_files's optional argument, which then silently did nothing.
        """
        files = dialogs.open_files(
            self,
            self.tr("Choose bundles"),
            str(_default_folder(self.context.store())),
            self.tr("Bundles (*.zip *.age);;All files (*)"),
        )
        return self.add_files(files) if files else None

    def add_files(self, files: Sequence[str | Path]) -> jobs.Job | None:
        chosen = [str(f) for f in files]
        if not chosen:
            return None
        self._close_rows()
        self.model.set_rows([ImportRow(Path(f)) for f in chosen])
        return self.verify()

    def _update_buttons(self) -> None:
        busy = self.job is not None
        rows = self.model.rows
        self.add_button.setEnabled(not busy)
        self.verify_button.setEnabled(not busy and bool(rows))
        ready = [r for r in rows if r.mergeable and r.summary is None]
        self.merge_button.setEnabled(not busy and bool(ready))

    def verify(self) -> jobs.Job | None:
        rows = self.model.rows
        if not rows or self.job is not None:
            return None
        sealed = any(r.path.is_file() and is_sealed(r.path) for r in rows)
        secret = self.passphrase.text()
        if sealed and not secret:
            self.status.setText(
                self.tr("A bundle is sealed: type this device's passphrase to open it.")
            )
            self.passphrase.setFocus()
            return None
        self._close_rows()
        db_path = self.context.db_path
        paths = [r.path for r in rows]

        def work(progress: jobs.Progress, cancelled: jobs.CancelledFlag) -> Any:
            out: list[tuple[VerifiedBundle | None, str | None]] = []
            with Store.open(db_path) as store:
                for i, path in enumerate(paths):
                    if cancelled():
                        break

                    def step(done: int, total: int, i: int = i) -> None:
                        progress(i * 1000 + int(1000 * done / max(1, total)), 1000 * len(paths))

                    try:
                        verified = verify_bundle(
                            path, store, lambda: secret, progress=step, cancel=cancelled
                        )
                        out.append((verified, None))
                    except FieldappError as exc:
                        out.append((None, str(exc)))
            return out

        self.status.setText(self.tr("Checking…"))
        self.job = jobs.run_job(self, self.tr("Checking bundles"), work, self._verified)
        self.job.done.connect(self._job_done)
        self._update_buttons()
        return self.job

    def _job_done(self) -> None:
        self.job = None
        self._update_buttons()

    def _verified(self, results: list[tuple[VerifiedBundle | None, str | None]]) -> None:
        for row, (verified, error) in zip(self.model.rows, results, strict=False):
            row.verified, row.error = verified, error
            row.summary = row.merge_error = None
        self.model.refresh()
        valid = sum(1 for r in self.model.rows if r.verified)
        untrusted = sum(1 for r in self.model.rows if r.verified and not r.trusted)
        total = len(self.model.rows)
        text = self.tr("{valid} of {total} bundles are intact.", "", total).format(
            valid=labels.count(valid), total=labels.count(total)
        )
        if untrusted:
            text += " " + self.tr(
                "{n} signed by a key this database does not trust: tick “Accept this key” "
                "only if its fingerprint matches the sender's.",
                "",
                untrusted,
            ).format(n=labels.count(untrusted))
        self.status.setText(text)
        self._update_buttons()

    def accept_signer(self, row: int) -> None:
        """What ticking the Trust box does (for keyboard users and tests)."""
        self.model.setData(
            self.model.index(row, 3), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
        )

    def merge(self) -> jobs.Job | None:
        if self.job is not None:
            return None
        todo = [r for r in self.model.rows if r.mergeable and r.summary is None]
        if not todo:
            return None
        db_path = self.context.db_path
        plan = [(r.verified, r.accepted) for r in todo]
        total = sum(max(1, v.info.revisions) for v, _ in plan if v)

        def work(progress: jobs.Progress, cancelled: jobs.CancelledFlag) -> Any:
            out: list[MergeSummary | FieldappError] = []
            base = 0
            with Store.open(db_path) as store:
                for verified, accepted in plan:
                    assert verified is not None

                    def step(done: int, _total: int, base: int = base) -> None:
                        progress(base + done, total)

                    try:
                        out.append(
                            merge_verified(
                                store,
                                verified,
                                trust_new=accepted,
                                progress=step,
                                cancel=cancelled,
                            )
                        )
                    except UntrustedSigner as exc:
                        out.append(exc)
                    base += max(1, verified.info.revisions)
            return out

        self.status.setText(self.tr("Merging…"))
        self.job = jobs.run_job(self, self.tr("Merging bundles"), work, self._merged_rows(todo))
        self.job.done.connect(self._job_done)
        self._update_buttons()
        return self.job

    def _merged_rows(self, todo: list[ImportRow]) -> Callable[[list[Any]], None]:
        def done(results: list[Any]) -> None:
            for row, result in zip(todo, results, strict=False):
                if isinstance(result, MergeSummary):
                    row.summary = result
                else:
                    row.merge_error = str(result)
            self.merged = True
            self.model.refresh()
            merged = [r.summary for r in todo if r.summary is not None]
            conflicts = sum(s.conflicts for s in merged)
            text = self.tr("{n} bundle(s) merged.", "", len(merged)).format(
                n=labels.count(len(merged))
            )
            if conflicts:
                text += " " + self.tr(
                    "{n} record(s) now have competing versions: see the Conflicts view.",
                    "",
                    conflicts,
                ).format(n=labels.count(conflicts))
            self.status.setText(text)
            self.context.records_changed.emit()
            self._update_buttons()

        return done

    def _close_rows(self) -> None:
        for row in self.model.rows:
            if row.verified is not None:
                row.verified.close()

    def done(self, result: int) -> None:  # closing, however it happens
        if self.job is not None:
            self.job.cancel()
            self.job.wait()
        self._close_rows()
        super().done(result)


def show_export(context: AppContext, parent: QWidget | None) -> ExportDialog:
    dialog = ExportDialog(context, parent)
    dialog.accepted.connect(
        lambda: dialogs.show_info(
            parent, QCoreApplication.translate("ExportDialog", "Bundle exported"), dialog.summary()
        )
    )
    dialog.open()
    return dialog
