"""What the sync screens share: a field value as people read it, and a read-only table.

Its own module so that the conflicts screen (sync_views) and the duplicates screen
(duplicates_view) use one copy without importing each other.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QTableView

from fieldapp.domain.fields import field
from fieldapp.ui import labels


def display(kind: str, name: str, value: object) -> str:
    """A field value as people read it (vocabulary labels, thousands separators)."""
    if value is None or value == []:
        return ""
    f = field(kind, name)
    if name == "targets":
        return labels.targets(value)  # type: ignore[arg-type]
    if name == "direction":
        return labels.direction(str(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if f.type == "int":
        return labels.count(value)
    if f.type == "float":
        return labels.number(value)
    if f.type == "choice":
        return labels.vocab_label(str(f.choices().get(value, value)) if f.choices else str(value))
    return " ".join(str(value).split())


def table(name: str) -> QTableView:
    """A read-only table that selects whole rows, one at a time."""
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


def select_row(view: QTableView, row: int) -> None:
    """Select a whole row and make it current.

    Not QTableView.selectRow: in a right-to-left layout whose last column stretches to the
    edge, it looks for the column at the viewport's right edge, finds none, and selects
    nothing (Qt 6.11) — the Arabic interface then showed no conflict and no pair.
    """
    model = view.model()
    if model is None or not 0 <= row < model.rowCount():
        return
    flag = QItemSelectionModel.SelectionFlag
    view.selectionModel().setCurrentIndex(model.index(row, 0), flag.ClearAndSelect | flag.Rows)
