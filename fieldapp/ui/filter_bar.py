"""The filter above the tables: date range, governorate and words.

One filter serves every view (the tables, the map, reports), so what the user narrowed
down in the table is what the map shows and what a report prints. Dates are typed as ISO
dates (fast from the keyboard, and what the tables show) or picked from a calendar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from fieldapp.domain.places import Unit
from fieldapp.domain.spelling import fold
from fieldapp.domain.validation import parse_date
from fieldapp.store import Filter
from fieldapp.ui import i18n, labels

_INVALID_STYLE = "QLineEdit { border: 1px solid #c62828; background: #fdecea; }"
SEARCH_DELAY_MS = 250


class DateField(QLineEdit):
    """An optional ISO date: typed, or picked from the calendar button at its end."""

    date_changed = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setMaxLength(10)
        # room for a date, or for the (translated) placeholder, beside the calendar button
        text = max(self.fontMetrics().horizontalAdvance(t) for t in (placeholder, "0000-00-00"))
        self.setFixedWidth(max(128, text + 60))
        self._last: str | None = None
        self.error: str | None = None
        action = self.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView),
            QLineEdit.ActionPosition.TrailingPosition,
        )
        action.setToolTip(self.tr("Pick a date"))
        action.triggered.connect(self._pick)
        self.textChanged.connect(self._changed)
        self.editingFinished.connect(self._commit)

    def value(self) -> str | None:
        """The valid ISO date typed, or None (blank or not a date yet)."""
        text = self.text().strip()
        if not text:
            return None
        try:
            return parse_date(text).isoformat()
        except ValueError:
            return None

    def _changed(self, text: str) -> None:
        text = text.strip()
        if not text or len(text) == 10:
            self._commit()
        elif self.error:
            self._set_error(None)

    def _commit(self) -> None:
        text = self.text().strip()
        if text and self.value() is None:
            try:
                parse_date(text)
            except ValueError as exc:
                self._set_error(labels.message(str(exc)))
            return
        self._set_error(None)
        value = self.value()
        if value != self._last:
            self._last = value
            self.date_changed.emit()

    def _set_error(self, message: str | None) -> None:
        self.error = message
        self.setStyleSheet(_INVALID_STYLE if message else "")
        self.setToolTip(message or "")

    def _pick(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(True)
        current = self.value()
        if current:
            calendar.setSelectedDate(QDate.fromString(current, Qt.DateFormat.ISODate))
        calendar.setMaximumDate(QDate.currentDate())
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def chosen(date: QDate) -> None:
            self.setText(date.toString(Qt.DateFormat.ISODate))
            menu.close()

        calendar.activated.connect(chosen)
        calendar.clicked.connect(chosen)
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))


class FilterBar(QWidget):
    """Emits `filter_changed(Filter)` whenever the effective filter changes.

    The governorate box lists the places register's governorates as "Idleb (SY07)" (the
    Arabic name in the Arabic interface) and filters by P-code; any other governorate the
    records name is listed as it is written. A governorate can also be typed in any
    spelling or as a P-code (Idlib, Idleb, إدلب, SY07) and Enter pressed: the store
    resolves it through the register (fieldapp.store.query.Filter.admin1).
    """

    filter_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._current = Filter()
        self.date_from = DateField(self.tr("YYYY-MM-DD"))
        self.date_from.setAccessibleName(self.tr("From date"))
        self.date_to = DateField(self.tr("YYYY-MM-DD"))
        self.date_to.setAccessibleName(self.tr("To date"))
        self.admin1 = QComboBox()
        self.admin1.setEditable(True)
        self.admin1.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.admin1.setMinimumWidth(190)
        self.admin1.setAccessibleName(self.tr("Governorate"))
        self.admin1.setToolTip(self.tr("Choose a governorate, or type its name or P-code"))
        self.admin1.addItem(self.tr("All governorates"), None)
        self.admin1.lineEdit().setPlaceholderText(self.tr("All governorates"))
        self.admin1.lineEdit().editingFinished.connect(self._emit)
        self._governorates: Callable[[], Iterable[Unit]] | None = None
        self._values: list[str] = []
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search places, notes, sources, actors…"))
        self.search.setAccessibleName(self.tr("Search"))
        self.search.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
            QLineEdit.ActionPosition.LeadingPosition,
        )
        self.clear_button = QToolButton()
        self.clear_button.setText(self.tr("Clear filter"))
        self.clear_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.clear_button.setEnabled(False)
        self.clear_button.clicked.connect(self.clear)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        dates = QLabel(self.tr("From"))
        dates.setBuddy(self.date_from)
        layout.addWidget(dates)
        layout.addWidget(self.date_from)
        dash = QLabel(self.tr("to"))
        layout.addWidget(dash)
        layout.addWidget(self.date_to)
        layout.addSpacing(12)
        area = QLabel(self.tr("&Area"))
        area.setBuddy(self.admin1)
        layout.addWidget(area)
        layout.addWidget(self.admin1)
        layout.addSpacing(12)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.clear_button)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self._emit)
        self.date_from.date_changed.connect(self._emit)
        self.date_to.date_changed.connect(self._emit)
        self.admin1.currentIndexChanged.connect(self._emit)

    def filter(self) -> Filter:
        search = self.search.text().strip()
        return Filter(
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            admin1=self.admin1_value(),
            search=search or None,
        )

    def admin1_value(self) -> str | None:
        """The governorate to filter by: the chosen item's P-code (or name), or the text
        typed, as typed; None for all of them."""
        text = self.admin1.currentText().strip()
        if not text or text == self.admin1.itemText(0):
            return None
        index = self.admin1.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return self.admin1.itemData(index)
        return text

    def set_governorates(self, units: Callable[[], Iterable[Unit]]) -> None:
        """Where the register's governorates come from (read again at each refill)."""
        self._governorates = units
        self.set_admin1_values(self._values)

    def set_admin1_values(self, values: Iterable[str]) -> None:
        """Refill the governorate list (the register's, then the records' other names),
        keeping the current choice."""
        self._values = list(values)
        current = self.admin1_value()
        self.admin1.blockSignals(True)
        self.admin1.clear()
        self.admin1.addItem(self.tr("All governorates"), None)
        units = list(self._governorates()) if self._governorates else []
        arabic = i18n.is_rtl()
        known = {fold(n) for u in units for n in u.spellings}
        for unit in sorted(units, key=lambda u: fold(self._unit_name(u, arabic))):
            self.admin1.addItem(f"{self._unit_name(unit, arabic)} ({unit.pcode})", unit.pcode)
        for value in self._values:
            if fold(value) not in known:
                self.admin1.addItem(value, value)
        self._show_admin1(current)
        self.admin1.blockSignals(False)

    @staticmethod
    def _unit_name(unit: Unit, arabic: bool) -> str:
        return (unit.name_ar or unit.name) if arabic else unit.name

    def _show_admin1(self, value: str | None) -> None:
        """Show a governorate filter: its item when listed (by P-code or name), else an
        item of its own (a choice with no records any more, or typed: the filter holds)."""
        if not value:
            self.admin1.setCurrentIndex(0)
            self.admin1.setEditText(self.admin1.itemText(0))  # typed text goes too
            return
        index = self.admin1.findData(value)
        if index < 0:
            index = self.admin1.findText(value, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            self.admin1.addItem(value, value)
            index = self.admin1.count() - 1
        self.admin1.setCurrentIndex(index)

    def clear(self) -> None:
        for widget in (self.date_from, self.date_to, self.admin1, self.search):
            widget.blockSignals(True)
        self.date_from.clear()
        self.date_to.clear()
        self.date_from._set_error(None)
        self.date_to._set_error(None)
        self.date_from._last = self.date_to._last = None
        self._show_admin1(None)
        self.search.clear()
        for widget in (self.date_from, self.date_to, self.admin1, self.search):
            widget.blockSignals(False)
        self._emit()

    def set_filter(self, flt: Filter) -> None:
        """Show a filter set elsewhere (say, by a report) without emitting it back."""
        widgets = (self.date_from, self.date_to, self.admin1, self.search)
        for widget in widgets:
            widget.blockSignals(True)
        self.date_from.setText(flt.date_from or "")
        self.date_to.setText(flt.date_to or "")
        self.date_from._last, self.date_to._last = flt.date_from, flt.date_to
        self._show_admin1(flt.admin1)
        self.search.setText(flt.search or "")
        for widget in widgets:
            widget.blockSignals(False)
        self._current = self.filter()
        self.clear_button.setEnabled(not self._current.is_empty())

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _emit(self) -> None:
        self._timer.stop()
        flt = self.filter()
        self.clear_button.setEnabled(not flt.is_empty())
        if flt != self._current:
            self._current = flt
            self.filter_changed.emit(flt)
