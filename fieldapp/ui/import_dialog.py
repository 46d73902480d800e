"""The Import dialog: bundles chosen with "Choose bundles…" or dropped onto it, checked,
their signers shown, unknown keys accepted one by one, then merged.

Verification and merging run the same functions as `fieldapp verify` / `fieldapp merge` on
a worker thread (fieldapp.ui.jobs), each opening its own Store. The dialog verifies every
bundle first and shows who signed it, with the full fingerprint, before anything is
merged; a signer this database does not trust must be accepted explicitly, row by row,
after reading that fingerprint. It opens sized to the screen's available room, so that the
result column (why a bundle is refused, what to do) is read without scrolling on a
1366×768 laptop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.display import safe_text
from fieldapp.errors import FieldappError
from fieldapp.identity.keys import format_fingerprint
from fieldapp.ops import NOTHING, Task
from fieldapp.ops import bundles as ops_bundles
from fieldapp.ops.bundles import MergeSummary, VerifiedBundle
from fieldapp.store import Store
from fieldapp.sync.seal import is_sealed
from fieldapp.ui import dialogs, i18n, jobs, labels
from fieldapp.ui.bundle_drop import BundleDrops
from fieldapp.ui.context import AppContext
from fieldapp.ui.models import RowsModel

Index = QModelIndex | QPersistentModelIndex
FOLDER_SETTING = "sync.folder"
PREFERRED = QSize(1320, 600)
FRAME = QSize(16, 40)  # room for the window manager's frame and title bar
_OK = QColor(0, 110, 40)
_BAD = QColor(170, 20, 20)
_WARN = QColor(140, 90, 0)


def _default_folder(store: Store) -> Path:
    saved = store.setting(FOLDER_SETTING)
    if saved and Path(saved).is_dir():
        return Path(saved)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


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

    def data(  # noqa: C901 (Qt's one entry point: a branch per column and role)
        self, index: Index, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
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
            # names from the bundle: control and direction characters shown escaped
            name, organisation = safe_text(s.name), safe_text(s.organisation)
            return f"{i18n.isolate(name)} ({i18n.isolate(organisation)})"
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
    elif s.far_ahead:
        text += " " + QCoreApplication.translate(
            "ImportModel", "— far ahead: {count} earlier bundles from this device are missing"
        ).format(count=labels.count(s.far_ahead))
    for note in s.places:  # the places register editions the bundle carried
        text += " — " + labels.message(note)
    return text


class ImportDialog(QDialog):
    """Pick bundles, see who signed them and whether they are intact, accept unknown keys,
    merge. Verification and merging each run as one background job with a progress bar."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Import bundles"))
        self._note = ""  # files a drop refused, told again with the check's result
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
        # The other columns share at most 60 % of the width (wrapping, see fit_columns);
        # the fingerprint on two lines of eight groups, to leave the result its room.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.model.modelReset.connect(self.fit_columns)
        self.model.dataChanged.connect(self.fit_columns)

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
        self.setAcceptDrops(True)
        self.drops = BundleDrops(self, self._dropped, self._refused)
        self.fit_to_screen()

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
        if self.job is not None:
            self.status.setText(self.tr("Wait for the running check or merge to finish."))
            return None
        # Added to the list, not in its place: a bundle dropped a moment ago and one chosen
        # now are merged together. Bundles already merged leave the list; one chosen twice
        # is listed once.
        self._close_rows()
        kept = [r for r in self.model.rows if r.summary is None]
        listed = {r.path.resolve() for r in kept}
        new = [Path(f) for f in dict.fromkeys(chosen) if Path(f).resolve() not in listed]
        self.model.set_rows(kept + [ImportRow(path) for path in new])
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
        paths = [r.path for r in rows]

        def check(store: Store, task: Task) -> list[ops_bundles.Verified]:
            return ops_bundles.verify_all(store, paths, passphrase=lambda: secret, task=task)

        self.status.setText(self.tr("Checking…"))
        self.job = jobs.run_op(
            self.context,
            self,
            self.tr("Checking bundles"),
            check,
            self._verified,
            self._verify_failed,
            changes=NOTHING,  # a check writes nothing
        )
        self.job.done.connect(self._job_done)
        self._update_buttons()
        return self.job

    def _job_done(self) -> None:
        self.job = None
        self._update_buttons()

    def _verified(self, results: list[ops_bundles.Verified]) -> None:
        for row, result in zip(self.model.rows, results, strict=False):
            row.verified = result.bundle
            row.error = None if result.error is None else str(result.error)
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
        if self._note:
            text = self._note + " " + text
            self._note = ""
        self.status.setText(text)
        self._update_buttons()

    def _verify_failed(self, exc: BaseException) -> None:
        """Cancelled (or refused as a whole): no bundle counts as checked."""
        for row in self.model.rows:
            row.verified = row.summary = row.merge_error = None
        self.model.refresh()
        if isinstance(exc, FieldappError):
            self.status.setText(labels.error_text(exc))

    def _dropped(self, bundles: list[Path]) -> jobs.Job | None:
        """Bundles dropped onto the dialog: added and checked, as "Choose bundles…" does."""
        return self.add_files(bundles)

    def _refused(self, message: str) -> None:
        self._note = message
        self.status.setText(message)

    def fit_to_screen(self) -> None:
        """As wide as useful (PREFERRED), never wider or taller than the screen's available
        room less a window frame; centred over it."""
        anchor = self.parentWidget() or self
        screen = anchor.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        width = min(PREFERRED.width(), area.width() - FRAME.width())
        height = min(PREFERRED.height(), area.height() - FRAME.height())
        self.resize(max(width, 480), max(height, 320))
        self.move(
            area.left() + max(0, (area.width() - self.width()) // 2),
            area.top() + max(0, (area.height() - self.height() - FRAME.height()) // 2),
        )

    def fit_columns(self) -> None:
        """Give the result column at least 40 % of the table: the other columns shrink
        (their text wraps onto more lines) rather than push it out of sight."""
        header = self.table.horizontalHeader()
        room = self.table.viewport().width()
        if room <= 0:
            return
        fingerprint = self.fontMetrics().horizontalAdvance("0000 " * 8) + 16
        wanted = {
            c: max(header.sectionSizeFromContents(c).width(), self.table.sizeHintForColumn(c))
            for c in range(5)
        }
        wanted[2] = min(wanted[2], fingerprint)
        budget = int(room * 0.6)
        total = sum(wanted.values())
        for c, width in wanted.items():
            if total > budget:
                width = max(48, width * budget // total)
            header.resizeSection(c, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

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
        plan = [(r.verified, r.accepted) for r in todo if r.verified is not None]

        def merge(store: Store, task: Task) -> ops_bundles.MergeResult:
            return ops_bundles.merge_checked(store, plan, task=task)

        self.status.setText(self.tr("Merging…"))
        self.job = jobs.run_op(
            self.context, self, self.tr("Merging bundles"), merge, self._merged_rows(todo)
        )
        self.job.done.connect(self._job_done)
        self._update_buttons()
        return self.job

    def _merged_rows(self, todo: list[ImportRow]) -> Callable[[ops_bundles.MergeResult], None]:
        """After the runner announced what the merge changed: each row's outcome."""

        def done(result: ops_bundles.MergeResult) -> None:
            refused = dict(result.failed)
            summaries = iter(result.merged)  # in order, without the refused ones
            for row in todo:
                assert row.verified is not None
                exc = refused.get(row.verified.info.path)
                if exc is not None:
                    row.merge_error = str(exc)
                else:
                    row.summary = next(summaries, None)
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
