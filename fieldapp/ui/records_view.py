"""One table of records (incidents or displacement) with its count line.

"Show deleted" swaps the table for the deleted records of the same kind (within the same
filter), where a deleted record can be found, its history opened and the record restored:
deleting is never the end of a record, only a revision.

Columns start sized to what they hold (a date, a count, a district name) with Notes taking
the rest of the width, elided; once the user has resized them, the window remembers the
header per record kind (`MainWindow.remember`) and that state wins.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import FieldappError
from fieldapp.ops import records as ops_records
from fieldapp.store import Filter
from fieldapp.ui import dialogs, i18n, labels
from fieldapp.ui.context import AppContext
from fieldapp.ui.history_dialog import HistoryDialog
from fieldapp.ui.models import DeletedRecordsModel, RecordTableModel
from fieldapp.ui.sync_tables import select_row

# Widest a column grows when fitted to its content (px): a long place name or source is
# elided (its tooltip has it whole) rather than pushing Notes off the screen.
_TEXT_CAP = {"location": 190, "source": 150, "targets": 160, "sub_event_type": 215}
_DEFAULT_CAP = 240
# What the last column (Notes, or Cause) keeps at least, when the window is wide enough:
# the text columns give way first, never below their titles.
_LAST_SHARE = 0.22
_NUMERIC = {"date", "count", "direction"}
_READABLE = {"admin1", "admin2"}  # a governorate or district name is never cut


def _table(name: str) -> QTableView:
    """A records table as every record list here looks: rows, no grid, elided text."""
    table = QTableView()
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setShowGrid(False)
    table.setCornerButtonEnabled(False)
    # Breathing room between a right-aligned number and the text column next to it.
    table.setStyleSheet(
        "QTableView::item { padding-left: 6px; padding-right: 6px; }"
        " QHeaderView::section { padding-left: 6px; padding-right: 6px; }"
    )
    vertical = table.verticalHeader()
    vertical.hide()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(table.fontMetrics().height() + 9)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


def fit_columns(table: QTableView, names: list[str], formats: list[str] | None = None) -> None:
    """Each column as wide as its title and the loaded values (dates and counts exactly,
    text up to a cap); the last section (Notes) stretches over what is left, and keeps at
    least a fifth of the width: wide text columns are narrowed (elided) for it."""
    header = table.horizontalHeader()
    last = header.logicalIndex(header.count() - 1)
    formats = formats or ["text"] * len(names)
    for i, name in enumerate(names):
        if i == last:
            continue
        table.resizeColumnToContents(i)
        cap = _TEXT_CAP.get(name, _DEFAULT_CAP)
        size = max(header.sectionSize(i), header.sectionSizeHint(i))
        header.resizeSection(i, min(size, max(cap, header.sectionSizeHint(i))))
    width = table.viewport().width()
    others = [i for i in range(len(names)) if i != last]
    short = int(width * _LAST_SHARE) - (width - sum(header.sectionSize(i) for i in others))
    text = [i for i in others if formats[i] not in _NUMERIC and names[i] not in _READABLE]
    while short > 0 and text:
        room = {i: header.sectionSize(i) - header.sectionSizeHint(i) for i in text}
        text = [i for i in text if room[i] > 0]
        if not text:
            break
        share = max(short // len(text), 1)
        for i in text:
            cut = min(share, room[i], short)
            header.resizeSection(i, header.sectionSize(i) - cut)
            short -= cut


class RecordsView(QWidget):
    """`open_requested(record_id)` on double-click or Enter; `selection_changed()`."""

    open_requested = Signal(str)
    selection_changed = Signal()

    def __init__(self, context: AppContext, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.kind = kind
        self.history_dialog: HistoryDialog | None = None
        self.model = RecordTableModel(context.store, kind, self)
        self.model.filter = context.filter
        self.table = _table(f"table_{kind}")
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        self.model.reload()
        self.table.setModel(self.model)
        for i, column in enumerate(self.model.columns):
            self.table.setColumnWidth(i, column.width)
        self._headers_fitted = False
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        # The model is already in this order: enabling sorting must not run the query again.
        header.sortIndicatorChanged.connect(self._sort)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(self.selection_changed)
        # the widths unless the window restores remembered ones (the last one stretches)
        self._initial_widths = self._widths()

        self.deleted_model = DeletedRecordsModel(context.store, kind, self)
        self.deleted_table = _table(f"deleted_{kind}")
        self.deleted_table.setModel(self.deleted_model)
        self._deleted_fitted = False
        self.deleted_table.activated.connect(self._open_deleted)
        self.deleted_table.doubleClicked.connect(self._open_deleted)
        self.deleted_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.deleted_table)

        self.count_label = QLabel()
        self.count_label.setObjectName(f"count_{kind}")
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        self.conflict_label = QLabel()
        self.conflict_label.setStyleSheet("color: #8a5a00;")
        self.history_button = QPushButton(self.tr("History…"))
        self.history_button.setObjectName(f"deleted_history_{kind}")
        self.history_button.clicked.connect(lambda _checked=False: self.open_history())
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setObjectName(f"restore_{kind}")
        self.restore_button.setToolTip(
            self.tr("Bring the selected records back with their last values (a new revision)")
        )
        self.restore_button.clicked.connect(lambda _checked=False: self.restore_selected())
        self.show_deleted = QCheckBox(self.tr("Show deleted"))
        self.show_deleted.setObjectName(f"show_deleted_{kind}")
        self.show_deleted.setToolTip(
            self.tr("List the deleted records, to see their history or restore them")
        )
        self.show_deleted.toggled.connect(self._set_showing_deleted)
        top = QHBoxLayout()
        top.setContentsMargins(10, 6, 10, 2)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.conflict_label)
        top.addWidget(self.history_button)
        top.addWidget(self.restore_button)
        top.addWidget(self.show_deleted)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.model.counts_changed.connect(self._show_counts)
        self.model.modelReset.connect(self._select_first_if_none)
        self._show_counts(self.model.matching, self.model.total)
        self._select_first_if_none()
        self._update_buttons()

    # -- what the window asks -------------------------------------------------------------

    def set_filter(self, flt: Filter) -> None:
        self.model.set_filter(flt)
        self.deleted_model.filter = flt
        if self.showing_deleted():
            self._reload_deleted()

    def reload(self) -> None:
        """After a write: the same query again, keeping scroll position and selection."""
        keep = self.selected_ids()
        current = self.current_id() if not self.showing_deleted() else None
        scroll = self.table.verticalScrollBar().value()
        self.model.reload(keep_loaded=True)
        self.select_ids(keep, current)
        self.table.verticalScrollBar().setValue(scroll)
        if self.showing_deleted():
            self._reload_deleted()

    def showing_deleted(self) -> bool:
        return self.show_deleted.isChecked()

    def current_id(self) -> str | None:
        table, model = self._shown()
        index = table.currentIndex()
        if index.isValid() and table.selectionModel().isRowSelected(index.row()):
            return model.record_id(index.row())
        rows = sorted(i.row() for i in table.selectionModel().selectedRows())
        return model.record_id(rows[0]) if rows else None

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.table.selectionModel().selectedRows())

    def selected_ids(self) -> list[str]:
        """The selected current records; none while deleted ones are shown, so the
        window's Edit and Delete do not act on rows that are out of sight."""
        if self.showing_deleted():
            return []
        ids = [self.model.record_id(r) for r in self.selected_rows()]
        return [i for i in ids if i]

    def deleted_ids(self) -> list[str]:
        rows = sorted(i.row() for i in self.deleted_table.selectionModel().selectedRows())
        ids = [self.deleted_model.record_id(r) for r in rows]
        return [i for i in ids if i]

    def select_ids(self, ids: list[str], current: str | None = None) -> bool:
        selection = self.table.selectionModel()
        selection.clearSelection()
        found = False
        for record_id in ids:
            row = self.model.row_of(record_id)
            if row < 0:
                continue
            found = True
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            if record_id == current or (current is None and record_id == ids[0]):
                flags |= QItemSelectionModel.SelectionFlag.Current
                self.table.scrollTo(self.model.index(row, 0))
            selection.select(self.model.index(row, 0), flags)
            if record_id == current or current is None:
                selection.setCurrentIndex(
                    self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
                )
        return found

    def open_history(self, record_id: str | None = None) -> HistoryDialog | None:
        """The history of a record (the current deleted one by default), where it can be
        restored."""
        record_id = record_id or self.current_id()
        if not record_id:
            return None
        if self.history_dialog is not None and self.history_dialog.record_id == record_id:
            self.history_dialog.raise_()  # a double-click is also an activation: one dialog
            return self.history_dialog
        dialog = HistoryDialog(self.context.store(), record_id, self.window(), self.context)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "history_dialog", None))
        self.history_dialog = dialog
        dialog.open()
        return dialog

    def restore_selected(self) -> list[str]:
        """Restore the selected deleted records (all or none), then show them in the table."""
        ids = self.deleted_ids()
        if not ids:
            return []
        try:
            restored = ops_records.restore_all(self.context.store(), ids)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Restore"), str(exc))
            return []
        self.show_deleted.setChecked(False)
        self.context.announce(restored.changes)
        found = self.select_ids(ids)
        text = (
            self.tr("Restored 1 record")
            if len(ids) == 1
            else self.tr("Restored {n} records", "", len(ids)).format(n=labels.count(len(ids)))
        )
        if not found:
            text += " " + self.tr("(not shown: outside the filter or further down the list)")
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)
        return ids

    # -- internals -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._headers_fitted:
            self._headers_fitted = True
            # once laid out: measured with the final font, style and width
            QTimer.singleShot(0, self, self._fit_headers)

    def _fit_headers(self) -> None:
        """Fit the columns to their content, unless the window restored the user's widths."""
        if self._widths() == self._initial_widths:
            columns = self.model.columns
            fit_columns(self.table, [c.name for c in columns], [c.fmt for c in columns])
        i18n.fit_headers(self.table)

    def _widths(self) -> list[int]:
        header = self.table.horizontalHeader()
        return [header.sectionSize(i) for i in range(header.count() - 1)]

    def _shown(self) -> tuple[QTableView, RecordTableModel | DeletedRecordsModel]:
        if self.showing_deleted():
            return self.deleted_table, self.deleted_model
        return self.table, self.model

    def _set_showing_deleted(self, on: bool) -> None:
        if on:
            self._reload_deleted()
            self.stack.setCurrentWidget(self.deleted_table)
            if not self._deleted_fitted:
                self._deleted_fitted = True
                columns = self.deleted_model.columns
                names = [c.name for c in columns] + ["deleted_at"]
                fit_columns(self.deleted_table, names, [c.fmt for c in columns] + ["date"])
            self.deleted_table.setFocus()
        else:
            self.stack.setCurrentWidget(self.table)
            self.table.setFocus()
        self._show_counts(self.model.matching, self.model.total)
        self._update_buttons()
        self.selection_changed.emit()

    def _reload_deleted(self) -> None:
        keep = set(self.deleted_ids())
        self.deleted_model.reload()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row, record in enumerate(self.deleted_model.rows):
            if record.id in keep:
                self.deleted_table.selectionModel().select(self.deleted_model.index(row, 0), flags)
        if self.deleted_model.rows and not self.deleted_table.selectionModel().hasSelection():
            select_row(self.deleted_table, 0)
        self._show_counts(self.model.matching, self.model.total)
        self._update_buttons()

    def _update_buttons(self) -> None:
        showing = self.showing_deleted()
        self.history_button.setVisible(showing)
        self.restore_button.setVisible(showing)
        chosen = len(self.deleted_ids()) if showing else 0
        self.history_button.setEnabled(chosen == 1)
        self.restore_button.setEnabled(chosen > 0)
        self.conflict_label.setVisible(not showing)

    def _select_first_if_none(self) -> None:
        """Keyboard users land on a record: Enter opens it, arrows move from there."""
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            select_row(self.table, 0)  # not selectRow: it selects nothing right to left

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        keep = self.selected_ids()
        self.model.sort(column, order)
        self.select_ids(keep)

    def _activated(self, index: QModelIndex) -> None:
        record_id = self.model.record_id(index.row())
        if record_id:
            self.open_requested.emit(record_id)

    def _open_deleted(self, index: QModelIndex) -> None:
        record_id = self.deleted_model.record_id(index.row())
        if record_id:
            self.open_history(record_id)

    def _show_counts(self, matching: int, total: int) -> None:
        # the noun agrees with the total (Arabic has six plural forms: %n picks one)
        if self.showing_deleted():
            n = len(self.deleted_model.rows)
            if self.kind == INCIDENT:
                text = self.tr("{n} deleted incidents", "", n)
            else:
                text = self.tr("{n} deleted displacement reports", "", n)
            if not self.model.filter.is_empty():
                text += " " + self.tr("(within the filter)")
            self.count_label.setText(text.format(n=labels.count(n)))
            return
        if self.model.filter.is_empty():
            if self.kind == INCIDENT:
                text = self.tr("{n} incidents", "", total)
            else:
                text = self.tr("{n} displacement reports", "", total)
            text = text.format(n=labels.count(total))
        else:
            if self.kind == INCIDENT:
                text = self.tr("{n} of {total} incidents match the filter", "", total)
            else:
                text = self.tr("{n} of {total} displacement reports match the filter", "", total)
            text = text.format(n=labels.count(matching), total=labels.count(total))
        self.count_label.setText(text)
        hint = self.tr("Highlighted rows are conflicts between devices: open them to review")
        self.conflict_label.setText(hint if self.model.conflicts_loaded() else "")
