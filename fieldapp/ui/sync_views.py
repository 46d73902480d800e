"""The sync views and the Sync menu: Devices, Conflicts, Possible duplicates; Export and
Import bundles, also by dropping bundle files onto the window.

The Conflicts view lives here; Devices and Possible duplicates have modules of their own
(devices_view, duplicates_view), and dropping files is fieldapp.ui.bundle_drop.

Each view is a thin screen over fieldapp.sync (the same functions as `fieldapp devices`,
`conflicts`, `resolve`, `duplicates`), with QAbstractTableModel tables and every string
through tr(). Work that can take long on a big database (searching for duplicates) runs
through fieldapp.ui.jobs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.fields import FIELDS, INCIDENT, field
from fieldapp.errors import FieldappError
from fieldapp.ops import Changes
from fieldapp.ops import curation as ops_curation
from fieldapp.store import Store
from fieldapp.ui import dialogs, i18n, labels
from fieldapp.ui.bundle_drop import BundleDrops
from fieldapp.ui.context import AppContext
from fieldapp.ui.devices_view import DevicesView
from fieldapp.ui.duplicates_view import DuplicatesView
from fieldapp.ui.import_dialog import ImportDialog
from fieldapp.ui.models import RowsModel
from fieldapp.ui.sync_dialogs import ExportDialog, show_export
from fieldapp.ui.sync_tables import display, select_row, table

Index = QModelIndex | QPersistentModelIndex
_CHOSEN = QColor(214, 240, 220)
_DIFFERENT = QColor(255, 243, 205)


# -- conflicts ---------------------------------------------------------------------------


class ConflictListModel(RowsModel):
    CONTEXT = "ConflictsView"
    HEADERS = (
        QT_TRANSLATE_NOOP("ConflictsView", "Record"),
        QT_TRANSLATE_NOOP("ConflictsView", "Date"),
        QT_TRANSLATE_NOOP("ConflictsView", "Location"),
        QT_TRANSLATE_NOOP("ConflictsView", "Versions"),
    )

    def reload(self, store: Store) -> None:
        self.set_rows(ops_curation.conflicts(store))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        c = self.rows[index.row()]
        shown = next(v for v in c.versions if v.provisional).revision.data
        col = index.column()
        if col == 0:
            kind = (
                QCoreApplication.translate("ConflictsView", "incident")
                if c.kind == INCIDENT
                else QCoreApplication.translate("ConflictsView", "displacement")
            )
            return f"{i18n.ltr(c.record_id[:8])} ({kind})"
        if col == 1:
            return labels.date(shown.get("event_date") or shown.get("report_date") or "")
        if col == 2:
            return i18n.isolate(shown.get("location") or "")
        return labels.count(len(c.versions))


class ResolverModel(QAbstractTableModel):
    """Rows: fields; columns: the competing versions, then the result. Clicking a cell
    chooses that version's value for that field."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.conflict: ops_curation.Conflict | None = None
        self.fields: list[str] = []
        self.choice: dict[str, int] = {}

    def set_conflict(self, c: ops_curation.Conflict | None) -> None:
        self.beginResetModel()
        self.conflict = c
        self.choice = {}
        if c is None:
            self.fields = []
        else:
            differing = set(c.differing)
            names = [f.name for f in FIELDS[c.kind]]
            self.fields = [n for n in names if n in differing] + [
                n for n in names if n not in differing
            ]
            base = self.base_column()
            self.choice = {n: base for n in self.fields}
        self.endResetModel()

    def base_column(self) -> int:
        assert self.conflict is not None
        versions = self.conflict.versions
        alive = [i for i, v in enumerate(versions) if not v.revision.deleted]
        provisional = next(i for i, v in enumerate(versions) if v.provisional)
        return provisional if provisional in alive else (alive[0] if alive else provisional)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.conflict is None:
            return 0
        return len(self.conflict.versions) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            assert self.conflict is not None
            return labels.field_label(field(self.conflict.kind, self.fields[section]))
        if self.conflict is None:
            return None
        if section == len(self.conflict.versions):
            return QCoreApplication.translate("ConflictsView", "Result")
        v = self.conflict.versions[section]
        state = QCoreApplication.translate("ConflictsView", "deleted") if v.revision.deleted else ""
        shown = QCoreApplication.translate("ConflictsView", "shown now") if v.provisional else ""
        extra = ", ".join(x for x in (state, shown) if x)
        return "{author}\n{time} · {rev}{extra}".format(
            author=i18n.isolate(v.author),
            time=labels.date(v.revision.timestamp[:16].replace("T", " ")),
            rev=i18n.ltr(v.id[:8]),
            extra=f" ({extra})" if extra else "",
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.conflict is None:
            return None
        name, col = self.fields[index.row()], index.column()
        versions = self.conflict.versions
        source = self.choice[name] if col == len(versions) else col
        value = versions[source].revision.data.get(name)
        if role == Qt.ItemDataRole.DisplayRole:
            if col < len(versions) and versions[col].revision.deleted:
                return QCoreApplication.translate("ConflictsView", "(deleted)")
            return display(self.conflict.kind, name, value)
        if role == Qt.ItemDataRole.BackgroundRole:
            if col < len(versions) and self.choice[name] == col:
                return QBrush(_CHOSEN)
            if name in self.conflict.differing:
                return QBrush(_DIFFERENT)
        if role == Qt.ItemDataRole.FontRole and name in self.conflict.differing:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def choose(self, row: int, col: int) -> bool:
        if self.conflict is None or not 0 <= row < len(self.fields):
            return False
        if not 0 <= col < len(self.conflict.versions):
            return False
        if self.conflict.versions[col].revision.deleted:
            return False
        name = self.fields[row]
        self.choice[name] = col
        last = len(self.conflict.versions)
        self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        return True

    def picks(self) -> dict[str, str]:
        assert self.conflict is not None
        return {n: self.conflict.versions[c].id for n, c in self.choice.items()}


class ConflictsView(QWidget):
    """Records with competing versions; a side-by-side, field-by-field resolver."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.list_model = ConflictListModel(self)
        self.list = table("table_conflicts")
        self.list.setModel(self.list_model)
        self.list.selectionModel().selectionChanged.connect(self._selected)
        self.resolver_model = ResolverModel(self)
        self.resolver = QTableView()
        self.resolver.setObjectName("table_resolver")
        self.resolver.setModel(self.resolver_model)
        self.resolver.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.resolver.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.resolver.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.resolver.clicked.connect(lambda i: self.resolver_model.choose(i.row(), i.column()))
        self.keep_whole = QComboBox()
        self.keep_button = QPushButton(self.tr("Keep this version whole"))
        self.keep_button.clicked.connect(self.keep_version)
        self.resolve_button = QPushButton(self.tr("Save the chosen values"))
        self.resolve_button.clicked.connect(self.resolve_fields)
        self.open_button = QPushButton(self.tr("Open the record"))
        self.open_button.clicked.connect(self._open_record)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        help_text = QLabel(
            self.tr(
                "Click a value to keep it (green); fields that differ are highlighted. "
                "Resolving writes one revision that replaces all versions, everywhere it "
                "travels."
            )
        )
        help_text.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.keep_whole)
        actions.addWidget(self.keep_button)
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.resolve_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(help_text)
        right_layout.addWidget(self.resolver, 1)
        right_layout.addLayout(actions)
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        context.changed.connect(self._changed)
        self.reload()

    def _changed(self, changes: Changes) -> None:
        if changes.touches_records():  # competing versions come and go with the rows
            self.reload()

    def reload(self) -> None:
        current = self.current()
        self.list_model.reload(self.context.store())
        n = len(self.list_model.rows)
        self.summary.setText(
            self.tr("No records with competing versions.")
            if n == 0
            else self.tr("{n} record(s) with competing versions.", "", n).format(n=labels.count(n))
        )
        ids = [c.record_id for c in self.list_model.rows]
        row = ids.index(current.record_id) if current and current.record_id in ids else 0
        if n:
            select_row(self.list, row)
        else:
            self.resolver_model.set_conflict(None)
            self._update_buttons()

    def current(self) -> ops_curation.Conflict | None:
        return self.resolver_model.conflict

    def _selected(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        c = self.list_model.rows[rows[0].row()] if rows else None
        self.resolver_model.set_conflict(c)
        self.keep_whole.clear()
        if c is not None:
            for v in c.versions:
                self.keep_whole.addItem(
                    self.tr("{author}, {time}{deleted}").format(
                        author=i18n.isolate(v.author),
                        time=labels.date(v.revision.timestamp[:16].replace("T", " ")),
                        deleted=self.tr(" (deletion)") if v.revision.deleted else "",
                    ),
                    v.id,
                )
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current() is not None
        for w in (self.keep_whole, self.keep_button, self.resolve_button, self.open_button):
            w.setEnabled(has)

    def select(self, record_id: str) -> bool:
        for i, c in enumerate(self.list_model.rows):
            if c.record_id == record_id:
                select_row(self.list, i)
                return True
        return False

    def keep_version(self) -> bool:
        c = self.current()
        if c is None:
            return False
        take = self.keep_whole.currentData()
        return self._resolve(lambda store: ops_curation.resolve(store, c.record_id, take=take))

    def resolve_fields(self) -> bool:
        c = self.current()
        if c is None:
            return False
        picks = self.resolver_model.picks()
        return self._resolve(lambda store: ops_curation.resolve(store, c.record_id, picks=picks))

    def _resolve(self, action: Callable[[Store], ops_curation.Resolved]) -> bool:
        try:
            resolved = action(self.context.store())
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Resolve the conflict"), str(exc))
            return False
        self.context.announce(resolved.changes)
        return True

    def _open_record(self) -> None:
        c = self.current()
        if c is not None:
            self.context.open_record.emit(c.record_id)


# -- installing --------------------------------------------------------------------------


class SyncActions:
    """The Sync menu's actions and the dialogs they open (kept for tests)."""

    def __init__(self, window: Any):
        self.window = window
        self.export_dialog: ExportDialog | None = None
        self.import_dialog: ImportDialog | None = None
        self.drops: BundleDrops | None = None

    def export(self) -> ExportDialog:
        self.export_dialog = show_export(self.window.context, self.window)
        return self.export_dialog

    def import_(self) -> ImportDialog:
        dialog = ImportDialog(self.window.context, self.window)
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def import_dropped(self, bundles: list[Path]) -> ImportDialog:
        """Bundles dropped onto the window: the import dialog (the open one, or a new one)
        with them added and being checked."""
        dialog = self.import_dialog
        if dialog is None or not dialog.isVisible():
            dialog = self.import_()
        dialog.add_files(bundles)
        return dialog

    def import_data_dropped(self, path: Path) -> bool:
        """A CSV or Excel file dropped onto the window: File → Import data… with it chosen
        and read (False, the file left alone, when this window has no import wizard or
        its wizard is busy importing)."""
        actions = getattr(self.window, "import_data", None)
        return actions is not None and bool(actions.open_file(path))

    def refuse_drop(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 10_000)


def install(window: Any) -> SyncActions:
    """Add the Devices, Conflicts and Possible duplicates views and the Sync menu."""
    context = window.context
    window.devices_view = DevicesView(context, window)
    window.conflicts_view = ConflictsView(context, window)
    window.duplicates_view = DuplicatesView(context, window)
    window.add_view(
        "devices", QCoreApplication.translate("ConflictsView", "Devices"), window.devices_view
    )
    window.add_view(
        "conflicts", QCoreApplication.translate("ConflictsView", "Conflicts"), window.conflicts_view
    )
    window.add_view(
        "duplicates",
        QCoreApplication.translate("DuplicatesView", "Possible duplicates"),
        window.duplicates_view,
    )
    sync = SyncActions(window)
    window.sync_actions = sync
    window.setAcceptDrops(True)  # bundles dropped anywhere on the window open the import
    # and a data file the import wizard, when the window has it (installed after this one)
    wizard = "fieldapp.ui.import_wizard" in getattr(window, "extensions", ())
    on_data = sync.import_data_dropped if wizard else None
    sync.drops = BundleDrops(window, sync.import_dropped, sync.refuse_drop, on_data)
    menu = window.menu("sync")

    action = functools.partial(window.add_menu_action, "sync")
    action(
        QCoreApplication.translate("ConflictsView", "&Export bundle…"),
        sync.export,
        "action_export_bundle",
        "Ctrl+E",
    )
    action(
        QCoreApplication.translate("ConflictsView", "&Import bundles…"),
        sync.import_,
        "action_import_bundles",
        "Ctrl+I",
    )
    menu.addSeparator()
    action(
        QCoreApplication.translate("ConflictsView", "&Devices and keys"),
        lambda: window.show_view("devices"),
        "action_devices",
    )
    action(
        QCoreApplication.translate("ConflictsView", "&Conflicts"),
        lambda: window.show_view("conflicts"),
        "action_conflicts",
    )
    action(
        QCoreApplication.translate("DuplicatesView", "Possible &duplicates"),
        lambda: window.show_view("duplicates"),  # the view searches when it is shown
        "action_duplicates",
    )
    return sync
