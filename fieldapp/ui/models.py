"""Table models over the record tables: sorted and filtered in SQL, fetched page by page.

A 100,000-row table must open in well under a second and scroll without a stall, so the
model never loads everything: it knows the total from COUNT(*), holds only the pages the
view has asked for (Qt's canFetchMore/fetchMore protocol, one LIMIT/OFFSET query per
page), and sorting or filtering resets it to the first page of a new SQL query that the
store's composite indexes turn into an index walk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QApplication, QStyle

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.domain.places import PlaceIndex
from fieldapp.store import Filter, Store
from fieldapp.store import places as store_places
from fieldapp.store.query import default_sort
from fieldapp.store.restore import DeletedRecord
from fieldapp.ui import i18n, labels

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CONFLICT_BG = QColor(255, 243, 205)


@dataclass(frozen=True)
class Column:
    name: str  # database column
    title: str  # English header, translated in the "RecordTableModel" context
    fmt: str = "text"  # text | date | count | number | vocab | targets | direction
    width: int = 120
    code: str = ""  # a place column's P-code column: its register name in Arabic is shown


_L, _A1, _A2 = "location_pcode", "admin1_pcode", "admin2_pcode"
COLUMNS: dict[str, tuple[Column, ...]] = {
    INCIDENT: (
        Column("event_date", QT_TRANSLATE_NOOP("RecordTableModel", "Date"), "date", 100),
        Column("sub_event_type", QT_TRANSLATE_NOOP("RecordTableModel", "Type"), "vocab", 205),
        Column("location", QT_TRANSLATE_NOOP("RecordTableModel", "Location"), "text", 180, _L),
        Column("admin1", QT_TRANSLATE_NOOP("RecordTableModel", "Governorate"), "text", 100, _A1),
        Column("admin2", QT_TRANSLATE_NOOP("RecordTableModel", "District"), "text", 135, _A2),
        Column("killed", QT_TRANSLATE_NOOP("RecordTableModel", "Killed"), "count", 62),
        Column("injured", QT_TRANSLATE_NOOP("RecordTableModel", "Injured"), "count", 66),
        Column("targets", QT_TRANSLATE_NOOP("RecordTableModel", "Targets"), "targets", 150),
        Column("source", QT_TRANSLATE_NOOP("RecordTableModel", "Source"), "text", 125),
        Column("notes", QT_TRANSLATE_NOOP("RecordTableModel", "Notes"), "text", 100),
    ),
    DISPLACEMENT: (
        Column("report_date", QT_TRANSLATE_NOOP("RecordTableModel", "Date"), "date", 100),
        Column("direction", QT_TRANSLATE_NOOP("RecordTableModel", "Direction"), "direction", 84),
        Column("location", QT_TRANSLATE_NOOP("RecordTableModel", "Location"), "text", 140, _L),
        Column("admin1", QT_TRANSLATE_NOOP("RecordTableModel", "Governorate"), "text", 100, _A1),
        Column("admin2", QT_TRANSLATE_NOOP("RecordTableModel", "District"), "text", 130, _A2),
        Column("individuals", QT_TRANSLATE_NOOP("RecordTableModel", "Individuals"), "count", 88),
        Column("households", QT_TRANSLATE_NOOP("RecordTableModel", "Households"), "count", 92),
        Column(
            "origin_location",
            QT_TRANSLATE_NOOP("RecordTableModel", "From"),
            "text",
            120,
            "origin_location_pcode",
        ),
        Column(
            "destination_location",
            QT_TRANSLATE_NOOP("RecordTableModel", "To"),
            "text",
            150,
            "destination_location_pcode",
        ),
        Column("source", QT_TRANSLATE_NOOP("RecordTableModel", "Source"), "text", 125),
        Column("cause", QT_TRANSLATE_NOOP("RecordTableModel", "Cause"), "text", 100),
    ),
}


class PlaceNames:
    """In the Arabic window, the register's Arabic name of a place a row names by its code
    (PlaceIndex.arabic_name); sorting and filtering still go by what is stored."""

    def __init__(self, store: Callable[[], Store]):
        self._store = store
        self._index: PlaceIndex | None = None

    def forget(self) -> None:
        """The register may have changed (a COD-AB loaded, a bundle merged)."""
        self._index = None

    def arabic(self, column: Column, value: object, code: object) -> str | None:
        if not column.code or not value or not code or not i18n.is_rtl():
            return None
        if self._index is None:
            self._index = store_places.index(self._store())
        return self._index.arabic_name(code, value)


class RowsModel(QAbstractTableModel):
    """A table over a small list of rows with fixed, translated column headers.

    Subclasses set CONTEXT (the translation context of their HEADERS, which they mark
    with QT_TRANSLATE_NOOP so lupdate finds them) and implement data().
    """

    CONTEXT = ""
    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self.CONTEXT, self.HEADERS[section])
        return None


class RecordTableModel(QAbstractTableModel):
    """The current records of one kind, as the view scrolls.

    `counts_changed(matching, total)` tells the view how many records match the filter and
    how many there are in all, for the count line above the table.
    """

    PAGE_SIZE = 200
    counts_changed = Signal(int, int)

    def __init__(self, store: Callable[[], Store], kind: str, parent: object = None):
        super().__init__(parent)
        self._store = store
        self.kind = kind
        self.columns = COLUMNS[kind]
        # the shown columns, then the P-codes of the place columns (not shown)
        codes = tuple(dict.fromkeys(c.code for c in self.columns if c.code))
        self._cols = ("id", *(c.name for c in self.columns), *codes)
        self._code_at = {c: self._cols.index(c) for c in codes}
        self.places = PlaceNames(store)
        self.filter = Filter()
        # the order `fieldapp list` uses too: newest first, the same tie-breaks (store.query)
        self.order_by, self.descending = default_sort(kind)
        self._rows: list[tuple] = []
        self._conflicts: set[str] = set()
        self.matching = 0
        self.total = 0
        self.queries = 0  # SQL page queries run, for tests and benchmarks
        style = QApplication.style()
        self._conflict_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    # -- what the view asks ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self.matching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        start = len(self._rows)
        rows = self._query(self.PAGE_SIZE, start)
        if len(rows) < min(self.PAGE_SIZE, self.matching - start):
            self.matching = start + len(rows)  # rows vanished meanwhile: stop asking
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self._conflicts |= self._store().conflicted([r[0] for r in rows])
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("RecordTableModel", column.title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.fmt == "count" else _LEFT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        value = row[index.column() + 1]
        if role == Qt.ItemDataRole.DisplayRole:
            arabic = self.places.arabic(column, value, self._code(row, column))
            return i18n.isolate(arabic) if arabic else self._display(column, value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.fmt == "count" else _LEFT
        if role == Qt.ItemDataRole.UserRole:
            return row[0]
        conflicted = row[0] in self._conflicts
        if role == Qt.ItemDataRole.DecorationRole and conflicted and index.column() == 0:
            return self._conflict_icon
        if role == Qt.ItemDataRole.BackgroundRole and conflicted:
            return QBrush(_CONFLICT_BG)
        if role == Qt.ItemDataRole.ToolTipRole:
            if conflicted and index.column() == 0:
                return self.tr(
                    "Conflict: devices recorded competing versions of this record. "
                    "The table shows a provisional winner; open it to review."
                )
            if self.places.arabic(column, value, self._code(row, column)):
                return f"{value} ({self._code(row, column)})"  # as stored, and its code
            if column.fmt == "text" and value:
                return str(value)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is an ORDER BY in SQL, never a sort of loaded rows."""
        if not 0 <= column < len(self.columns):
            return
        self.order_by = self.columns[column].name
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # -- what the window asks -------------------------------------------------------------

    def set_filter(self, flt: Filter) -> None:
        self.filter = flt
        self.reload()

    def reload(self, keep_loaded: bool = False) -> None:
        """Run the query again from the first page (or as many rows as were loaded, so an
        edit does not throw the user back to the top)."""
        want = max(self.PAGE_SIZE, len(self._rows)) if keep_loaded else self.PAGE_SIZE
        store = self._store()
        self.beginResetModel()
        self.matching = store.count(self.kind, self.filter)
        self.total = self.matching if self.filter.is_empty() else store.count(self.kind)
        self._rows = self._query(min(want, self.matching), 0) if self.matching else []
        self.places.forget()
        self._conflicts = store.conflicted([r[0] for r in self._rows])
        self.endResetModel()
        self.counts_changed.emit(self.matching, self.total)

    def record_id(self, row: int) -> str | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: str) -> int:
        """The row of a loaded record, or -1."""
        for row, values in enumerate(self._rows):
            if values[0] == record_id:
                return row
        return -1

    def conflicts_loaded(self) -> int:
        """How many of the loaded rows are conflicts."""
        return len(self._conflicts)

    def is_conflicted(self, row: int) -> bool:
        rid = self.record_id(row)
        return rid is not None and rid in self._conflicts

    @property
    def loaded(self) -> int:
        return len(self._rows)

    def sort_column(self) -> int:
        for i, c in enumerate(self.columns):
            if c.name == self.order_by:
                return i
        return 0

    # -- internals -------------------------------------------------------------------------

    def _query(self, limit: int, offset: int) -> list[tuple]:
        self.queries += 1
        return self._store().query_rows(
            self.kind,
            self.filter,
            order_by=self.order_by,
            descending=self.descending,
            limit=limit,
            offset=offset,
            cols=self._cols,
        )

    def _code(self, row: tuple, column: Column) -> object:
        return row[self._code_at[column.code]] if column.code else None

    @staticmethod
    def _display(column: Column, value: object) -> object:
        if value is None:
            return ""
        if column.fmt == "date":
            return labels.date(value)
        if column.fmt == "count":
            return labels.count(value)
        if column.fmt == "number":
            return labels.number(value)
        if column.fmt == "targets":
            return labels.targets(value)  # type: ignore[arg-type]
        if column.fmt == "direction":
            return labels.direction(value)  # type: ignore[arg-type]
        if column.fmt == "vocab":
            return labels.vocab_label(str(value))
        text = str(value)
        # user text: its own direction inside the cell (an English place in an Arabic
        # table, an Arabic one in an English table)
        return i18n.isolate(" ".join(text.split()) if "\n" in text else text)


class DeletedRecordsModel(QAbstractTableModel):
    """The deleted records of one kind (within the filter), latest deletion first.

    Deleted records are few and not in the record tables, so they are read whole from the
    store (`Store.deleted`) rather than paged. The columns are the table's, with the values
    the record had when it was deleted, and one more: when it was deleted.
    """

    def __init__(self, store: Callable[[], Store], kind: str, parent: QObject | None = None):
        super().__init__(parent)
        self._store = store
        self.kind = kind
        self.columns = COLUMNS[kind]
        self.filter = Filter()
        self.rows: list[DeletedRecord] = []
        self.places = PlaceNames(store)

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self._store().deleted(self.kind, self.filter)
        self.places.forget()
        self.endResetModel()

    def set_filter(self, flt: Filter) -> None:
        self.filter = flt
        self.reload()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns) + 1

    def record_id(self, row: int) -> str | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def row_of(self, record_id: str) -> int:
        for row, record in enumerate(self.rows):
            if record.id == record_id:
                return row
        return -1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section <= len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == len(self.columns):
                return self.tr("Deleted on (UTC)")
            return QCoreApplication.translate("RecordTableModel", self.columns[section].title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            fmt = self.columns[section].fmt if section < len(self.columns) else "date"
            return _RIGHT if fmt == "count" else _LEFT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        record = self.rows[index.row()]
        if index.column() == len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return labels.date(record.deleted_at[:16].replace("T", " "))
            return None
        column = self.columns[index.column()]
        value = record.data.get(column.name)
        code = record.data.get(column.code) if column.code else None
        arabic = self.places.arabic(column, value, code)
        if role == Qt.ItemDataRole.DisplayRole:
            return i18n.isolate(arabic) if arabic else RecordTableModel._display(column, value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.fmt == "count" else _LEFT
        if role == Qt.ItemDataRole.UserRole:
            return record.id
        if role == Qt.ItemDataRole.ToolTipRole and column.fmt == "text" and value:
            return f"{value} ({code})" if arabic else str(value)
        return None
