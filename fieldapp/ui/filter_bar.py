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


class AreaBox(QComboBox):
    """A governorate or district to filter by: chosen from the register's units (shown
    "Idleb (SY07)", the Arabic name in the Arabic interface; the item's value is the
    P-code) or the names the records use, or typed in any spelling or as a P-code (Enter
    or leaving the box): the store resolves it (fieldapp.store.query.Filter.admin1)."""

    def __init__(self, every: str, name: str, tip: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.every = every
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumWidth(190)
        self.setAccessibleName(name)
        self.setToolTip(tip)
        self.addItem(every, None)
        self.lineEdit().setPlaceholderText(every)

    def value(self) -> str | None:
        """The chosen item's P-code (or name), or the text typed, as typed; None for all."""
        text = self.currentText().strip()
        if not text or text == self.itemText(0):
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.itemData(index) if index >= 0 else text

    def refill(self, units: Iterable[Unit], values: Iterable[str]) -> None:
        """The register's units, then the records' other names; the current value kept."""
        current = self.value()
        blocked = self.blockSignals(True)
        self.clear()
        self.addItem(self.every, None)
        units = list(units)
        arabic = i18n.is_rtl()
        known = {fold(n) for u in units for n in u.spellings}
        for unit in sorted(units, key=lambda u: fold(_unit_name(u, arabic))):
            self.addItem(f"{_unit_name(unit, arabic)} ({unit.pcode})", unit.pcode)
        for value in values:
            if fold(value) not in known:
                self.addItem(value, value)
        self.show_value(current)
        self.blockSignals(blocked)

    def show_value(self, value: str | None) -> None:
        """Its item when listed (by P-code or name), else an item of its own (a choice
        with no records any more, or typed: the filter holds)."""
        if not value:
            self.setCurrentIndex(0)
            self.setEditText(self.itemText(0))  # typed text goes too
            return
        index = self.findData(value)
        if index < 0:
            index = self.findText(value, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            self.addItem(value, value)
            index = self.count() - 1
        self.setCurrentIndex(index)


def _unit_name(unit: Unit, arabic: bool) -> str:
    return (unit.name_ar or unit.name) if arabic else unit.name


class FilterBar(QWidget):
    """Emits `filter_changed(Filter)` whenever the effective filter changes.

    The governorate box (an AreaBox) lists the places register's governorates and any
    other the records name, and takes one typed in any spelling or as a P-code (Idlib,
    Idleb, إدلب, SY07). The district box beside it is shown once the register has
    districts (a COD-AB loaded): those of the governorate chosen, or all of them.
    """

    filter_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._current = Filter()
        self.date_from = DateField(self.tr("YYYY-MM-DD"))
        self.date_from.setAccessibleName(self.tr("From date"))
        self.date_to = DateField(self.tr("YYYY-MM-DD"))
        self.date_to.setAccessibleName(self.tr("To date"))
        self.admin1 = AreaBox(
            self.tr("All governorates"),
            self.tr("Governorate"),
            self.tr("Choose a governorate, or type its name or P-code"),
        )
        self.admin2 = AreaBox(
            self.tr("All districts"),
            self.tr("District"),
            self.tr("Choose a district, or type its name or P-code"),
        )
        self.admin2.hide()  # until the register has districts
        self._units: Callable[[int], Iterable[Unit]] | None = None
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
        layout.addWidget(self.admin2)
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
        for box in (self.admin1, self.admin2):
            box.currentIndexChanged.connect(self._emit)
            box.lineEdit().editingFinished.connect(self._emit)

    def filter(self) -> Filter:
        search = self.search.text().strip()
        return Filter(
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            admin1=self.admin1.value(),
            admin2=self.admin2.value() if self.admin2.isVisibleTo(self) else None,
            search=search or None,
        )

    def admin1_value(self) -> str | None:
        return self.admin1.value()

    def set_register(self, units: Callable[[int], Iterable[Unit]]) -> None:
        """Where the register's units of a level come from (read again at each refill)."""
        self._units = units
        self.set_admin1_values(self._values)

    def set_admin1_values(self, values: Iterable[str]) -> None:
        """Refill the governorate list (the register's, then the records' other names)
        and the districts, keeping the current choices."""
        self._values = list(values)
        self.admin1.refill(self._units(1) if self._units else (), self._values)
        self._refill_districts()

    def _refill_districts(self) -> None:
        """The register's districts of the governorate chosen (all of them when none is,
        or it is not the register's); the box is shown only when there are any."""
        districts = list(self._units(2)) if self._units else []
        self.admin2.setVisible(bool(districts))
        governorate = self.admin1.value()
        inside = [u for u in districts if u.parent == governorate]
        current = self.admin2.value()
        blocked = self.admin2.blockSignals(True)
        if governorate and inside and current and current not in {u.pcode for u in inside}:
            self.admin2.show_value(None)  # a district of another governorate: dropped
        self.admin2.refill(inside or districts, ())
        self.admin2.blockSignals(blocked)

    def clear(self) -> None:
        for widget in (self.date_from, self.date_to, self.admin1, self.admin2, self.search):
            widget.blockSignals(True)
        self.date_from.clear()
        self.date_to.clear()
        self.date_from._set_error(None)
        self.date_to._set_error(None)
        self.date_from._last = self.date_to._last = None
        self.admin1.show_value(None)
        self._refill_districts()
        self.admin2.show_value(None)
        self.search.clear()
        for widget in (self.date_from, self.date_to, self.admin1, self.admin2, self.search):
            widget.blockSignals(False)
        self._emit()

    def set_filter(self, flt: Filter) -> None:
        """Show a filter set elsewhere (say, by a report) without emitting it back."""
        widgets = (self.date_from, self.date_to, self.admin1, self.admin2, self.search)
        for widget in widgets:
            widget.blockSignals(True)
        self.date_from.setText(flt.date_from or "")
        self.date_to.setText(flt.date_to or "")
        self.date_from._last, self.date_to._last = flt.date_from, flt.date_to
        self.admin1.show_value(flt.admin1)
        self._refill_districts()
        self.admin2.show_value(flt.admin2)
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
        if self.admin1.value() != self._current.admin1:
            self._refill_districts()
        flt = self.filter()
        self.clear_button.setEnabled(not flt.is_empty())
        if flt != self._current:
            self._current = flt
            self.filter_changed.emit(flt)
