"""One table of records (incidents or displacement) with its count line."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Filter
from fieldapp.ui import i18n, labels
from fieldapp.ui.context import AppContext
from fieldapp.ui.models import RecordTableModel


class RecordsView(QWidget):
    """`open_requested(record_id)` on double-click or Enter; `selection_changed()`."""

    open_requested = Signal(str)
    selection_changed = Signal()

    def __init__(self, context: AppContext, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.kind = kind
        self.model = RecordTableModel(context.store, kind, self)
        self.model.filter = context.filter
        self.table = QTableView()
        self.table.setObjectName(f"table_{kind}")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setShowGrid(False)
        self.table.setCornerButtonEnabled(False)
        # Breathing room between a right-aligned number and the text column next to it.
        self.table.setStyleSheet(
            "QTableView::item { padding-left: 6px; padding-right: 6px; }"
            " QHeaderView::section { padding-left: 6px; padding-right: 6px; }"
        )
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 9)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
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

        self.count_label = QLabel()
        self.count_label.setObjectName(f"count_{kind}")
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        self.conflict_label = QLabel()
        self.conflict_label.setStyleSheet("color: #8a5a00;")
        top = QHBoxLayout()
        top.setContentsMargins(10, 6, 10, 2)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.conflict_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.model.counts_changed.connect(self._show_counts)
        self.model.modelReset.connect(self._select_first_if_none)
        self._show_counts(self.model.matching, self.model.total)
        self._select_first_if_none()

    # -- what the window asks -------------------------------------------------------------

    def set_filter(self, flt: Filter) -> None:
        self.model.set_filter(flt)

    def reload(self) -> None:
        """After a write: the same query again, keeping scroll position and selection."""
        keep = self.selected_ids()
        current = self.current_id()
        scroll = self.table.verticalScrollBar().value()
        self.model.reload(keep_loaded=True)
        self.select_ids(keep, current)
        self.table.verticalScrollBar().setValue(scroll)

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        if index.isValid() and self.table.selectionModel().isRowSelected(index.row()):
            return self.model.record_id(index.row())
        rows = self.selected_rows()
        return self.model.record_id(rows[0]) if rows else None

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.table.selectionModel().selectedRows())

    def selected_ids(self) -> list[str]:
        ids = [self.model.record_id(r) for r in self.selected_rows()]
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

    # -- internals -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._headers_fitted:  # once shown: measured with the final font and style
            self._headers_fitted = True
            i18n.fit_headers(self.table)

    def _select_first_if_none(self) -> None:
        """Keyboard users land on a record: Enter opens it, arrows move from there."""
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        keep = self.selected_ids()
        self.model.sort(column, order)
        self.select_ids(keep)

    def _activated(self, index: QModelIndex) -> None:
        record_id = self.model.record_id(index.row())
        if record_id:
            self.open_requested.emit(record_id)

    def _show_counts(self, matching: int, total: int) -> None:
        # the noun agrees with the total (Arabic has six plural forms: %n picks one)
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
