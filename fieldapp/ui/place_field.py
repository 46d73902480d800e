"""Typing a place: the Location box suggests places of the offline gazetteer as the user
types (English or Arabic, any common transliteration: `khan shaykhun`, `Khan Sheikhoun`,
`خان شيخون`), and the Governorate and District boxes suggest their known values.

Choosing a place (arrows and Enter, or a click) fills what the gazetteer knows about it:
governorate, its P-code, country and coordinates, and the district the team's records
already file that place under. Coordinates placed by a map click are kept: the click was
more precise than a town's centre. Text that matches nothing stays exactly as typed: a
village the index lacks is still a valid location.

A governorate typed in full without choosing ("idleb", "إدلب") is recognised when the
box is left and gets its usual spelling, P-code and country, as `fieldapp add --admin1`
does; a P-code or country the user typed is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QCompleter, QLineEdit

from fieldapp.maps import gazetteer
from fieldapp.maps.gazetteer import Admin1, Place
from fieldapp.store import values as store_values
from fieldapp.ui import i18n
from fieldapp.ui.choice_field import rank
from fieldapp.ui.context import AppContext
from fieldapp.ui.form_editors import Editor, LineEditor

MIN_PLACE_CHARS = 2  # one letter matches half the index: no help, and slow
POPUP_MIN_WIDTH = 420
_VALUE_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Suggestion:
    shown: str  # the line in the popup
    text: str  # what goes into the box when it is chosen
    value: object  # what the chooser gets back: a Place, an Admin1, a district name


class _SuggestionModel(QAbstractListModel):
    """The popup's rows: shown text (display), inserted text (edit), value (user)."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.rows: list[Suggestion] = []

    def set_rows(self, rows: list[Suggestion]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.shown
        if role == Qt.ItemDataRole.EditRole:
            return row.text
        if role == _VALUE_ROLE:
            return row.value
        return None


class SuggestionCompleter(QCompleter):
    """A popup under a line edit listing what `provider` suggests for the text typed so
    far (Qt does no filtering of its own). `chosen(value)` when the user picks a row."""

    chosen = Signal(object)

    def __init__(self, edit: QLineEdit, provider: Callable[[str], list[Suggestion]]):
        super().__init__(edit)
        self.edit = edit
        self.provider = provider
        self.rows = _SuggestionModel(self)
        self.setModel(self.rows)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(8)
        self.popup().setMinimumWidth(POPUP_MIN_WIDTH)
        edit.setCompleter(self)
        # textEdited comes before the line edit asks the completer for its popup, so
        # the rows are current when it opens; text set by a program suggests nothing.
        edit.textEdited.connect(self.refresh)
        self.activated[QModelIndex].connect(self._activated)

    def refresh(self, text: str) -> None:
        self.rows.set_rows(self.provider(text) if text.strip() else [])
        if i18n.is_rtl():
            QTimer.singleShot(0, self._align_right)

    def _align_right(self) -> None:
        """In a right-to-left form, the popup (wider than its box) grows to the left,
        under the box, instead of past the window's right edge."""
        popup = self.popup()
        if not popup.isVisible():
            return
        right = self.edit.mapToGlobal(QPoint(self.edit.width(), 0)).x()
        popup.move(right - popup.width(), popup.y())

    def shown(self) -> list[str]:
        """The popup's lines (for tests and accessibility)."""
        return [row.shown for row in self.rows.rows]

    def _activated(self, index: QModelIndex) -> None:
        value = index.data(_VALUE_ROLE)
        if value is not None:
            self.chosen.emit(value)


def place_line(place: Place, area: Admin1 | None, arabic_first: bool) -> str:
    """ "Khan Shaykhun — خان شيخون · Idlib" (Arabic first, and the governorate in Arabic,
    in the Arabic interface); the country is named outside Syria."""
    names = [place.plain_name(), place.name_ar] if place.name_ar else [place.plain_name()]
    if arabic_first:
        names.reverse()
    where = (area.name_ar if arabic_first and area and area.name_ar else place.admin1) or ""
    if place.country != "Syria":
        where = ", ".join(x for x in (where, place.country) if x)
    line = " — ".join(i18n.isolate(n) for n in names)
    return f"{line} · {i18n.isolate(where)}" if where else line


def area_line(area: Admin1, arabic_first: bool) -> str:
    names = [area.name, area.name_ar] if area.name_ar else [area.name]
    if arabic_first:
        names.reverse()
    line = " — ".join(i18n.isolate(n) for n in names)
    return line if area.country == "Syria" else f"{line} · {area.country}"


class PlaceEntry(QObject):
    """The place fields of one record form: suggestions and what a choice fills.

    `filled(names)` after fields were filled for the user (set() emits no edit signal),
    so the form can mark them touched and validate.
    """

    filled = Signal(list)

    def __init__(self, editors: dict[str, Editor], context: AppContext, parent: QObject):
        super().__init__(parent)
        self.editors = editors
        self.context = context
        self.coordinates_clicked = False  # placed on the map: a chosen town keeps them
        self.typed: set[str] = set()  # fields the user typed in (kept by typed governorates)
        self._districts: dict[str, list[str]] = {}
        self._areas: list[Admin1] | None = None
        for name, editor in editors.items():
            if isinstance(editor, LineEditor):
                editor.edit.textEdited.connect(lambda _t, n=name: self.typed.add(n))
        self.location = self._completer("location", self.place_suggestions, self.use_place)
        self.admin1 = self._completer("admin1", self.governorate_suggestions, self.use_area)
        self.admin2 = self._completer(
            "admin2", self.district_suggestions, lambda _v: self.filled.emit(["admin2"])
        )
        admin1 = editors.get("admin1")
        if isinstance(admin1, LineEditor):
            admin1.edit.editingFinished.connect(self.governorate_typed)

    def _completer(
        self,
        name: str,
        provider: Callable[[str], list[Suggestion]],
        chosen: Callable[[object], None],
    ) -> SuggestionCompleter | None:
        editor = self.editors.get(name)
        if not isinstance(editor, LineEditor):
            return None
        completer = SuggestionCompleter(editor.edit, provider)
        completer.chosen.connect(chosen)
        return completer

    # -- what is suggested -----------------------------------------------------------------

    def place_suggestions(self, text: str) -> list[Suggestion]:
        if len(text.strip()) < MIN_PLACE_CHARS:
            return []
        gaz = gazetteer.default()
        arabic = gazetteer.is_arabic(text)
        rows = []
        for match in gaz.suggest(text, limit=8):
            place = match.place
            area = gaz.governorate(place.admin1)
            inserted = place.name_ar if arabic and place.name_ar else place.plain_name()
            rows.append(Suggestion(place_line(place, area, i18n.is_rtl()), inserted, place))
        return rows

    def areas(self) -> list[Admin1]:
        """The gazetteer's governorates and any other the data holds (kept as typed)."""
        if self._areas is None:
            areas = gazetteer.default().governorates()
            known = {a.name.casefold() for a in areas}
            for name in self.context.store().admin1_values():
                if name.casefold() not in known and gazetteer.default().governorate(name) is None:
                    areas.append(Admin1(name, None, None, ""))
            self._areas = areas
        return self._areas

    def governorate_suggestions(self, text: str) -> list[Suggestion]:
        rows: list[tuple[int, int, Suggestion]] = []
        for order, area in enumerate(self.areas()):
            names = [area.name, area.name_ar, *gazetteer.ADMIN1_ALIASES.get(area.name, ())]
            ranks = [r for n in names if n for r in [rank(n, text)] if r is not None]
            if ranks:
                line = area_line(area, i18n.is_rtl()) if area.country else area.name
                rows.append((min(ranks), order, Suggestion(line, area.name, area)))
        return [row for _r, _o, row in sorted(rows, key=lambda r: r[:2])][:10]

    def district_suggestions(self, text: str) -> list[Suggestion]:
        editor = self.editors.get("admin1")
        admin1 = str(editor.get() or "").strip() if editor else ""
        if admin1 not in self._districts:
            self._districts[admin1] = store_values.admin2_values(
                self.context.store(), admin1 or None
            )
        # the governorate's districts, or every district when it has none recorded yet
        known = self._districts[admin1] or self._all_districts()
        return [Suggestion(v, v, v) for v in known if rank(v, text) is not None][:10]

    def _all_districts(self) -> list[str]:
        if "" not in self._districts:
            self._districts[""] = store_values.admin2_values(self.context.store())
        return self._districts[""]

    # -- what a choice fills ---------------------------------------------------------------

    def fill(self, values: dict[str, object]) -> None:
        names = []
        for name, value in values.items():
            editor = self.editors.get(name)
            if editor is not None:
                editor.set(value)
                names.append(name)
        self.filled.emit(names)

    def place_values(self, location: str, place_admin1: str | None) -> dict[str, object]:
        """The district (and its P-code) the team's records file `location` under."""
        district = store_values.district_of(self.context.store(), location, place_admin1)
        if district is None:
            return {}
        return {"admin2": district[0], "admin2_pcode": district[1]}

    def use_place(self, value: object) -> None:
        """A place chosen in the Location popup."""
        if not isinstance(value, Place):
            return
        typed = str(self.editors["location"].get() or "")
        # The name in the script the user typed in; without marks ("Khan Shaykhun"), as
        # people search for it later.
        arabic = gazetteer.is_arabic(typed) and value.name_ar
        location = value.name_ar if arabic else value.plain_name()
        values: dict[str, object] = {
            "location": location,
            "admin1": value.admin1,
            "admin1_pcode": value.admin1_pcode,
            "country": value.country,
        }
        for name in dict.fromkeys((location, value.plain_name(), value.name_ar)):
            found = self.place_values(name, value.admin1) if name else {}
            if found:
                values |= found
                break
        if not self.coordinates_clicked:
            values |= {"latitude": round(value.lat, 6), "longitude": round(value.lon, 6)}
        self.fill(values)

    def use_area(self, value: object) -> None:
        """A governorate chosen in the Governorate popup: its P-code and country follow."""
        if isinstance(value, Admin1) and value.country:
            self.fill(value.fields())
        else:
            self.filled.emit(["admin1"])

    def governorate_typed(self) -> None:
        """The box was left with a governorate typed in full: complete what it implies,
        keeping a P-code or country the user typed."""
        editor = self.editors["admin1"]
        area = gazetteer.default().governorate(str(editor.get() or ""))
        if area is None:
            return
        values: dict[str, object] = {}
        if editor.get() != area.name:
            values["admin1"] = area.name
        for name, value in (("admin1_pcode", area.pcode), ("country", area.country)):
            current = self.editors[name].get() if name in self.editors else None
            if name not in self.typed and (current or None) != value:
                values[name] = value  # no P-code outside Syria: a stale one goes
        if values:
            self.fill(values)
