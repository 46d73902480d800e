"""Typing a place: the Location box suggests places of the offline gazetteer as the user
types (English or Arabic, any common transliteration: `khan shaykhun`, `Khan Sheikhoun`,
`خان شيخون`), and the Governorate and District boxes suggest their known values.

Choosing a place (arrows and Enter, or a click) fills its name and coordinates (a point
placed by a map click is kept: the click was more precise than a town's centre). Then, and
whenever a place name or P-code box is left, the record's places are checked against the
places register exactly as the store will on save (fieldapp.store.places.complete): empty
codes are filled from names in any spelling (Idlib, Idleb, إدلب), names from codes, the
units above from the one below, and the fields it filled are tinted; a code that belongs
to another unit is an error under it, coordinates outside the unit a warning. A code the
person typed is never changed. What the register filled from a name is cleared when that
name is changed (as domain.places.forget_stale does for an edit). Where the register
cannot place a chosen town, the gazetteer's governorate and the district the team's
records file it under are used. Text that matches nothing stays exactly as typed: a
village the index lacks is still a valid location.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from fieldapp.domain import places as register
from fieldapp.domain import validation
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.maps import gazetteer
from fieldapp.maps.gazetteer import Admin1, Place
from fieldapp.ops import records as ops_records
from fieldapp.store import places as store_places
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

    def __init__(
        self,
        editors: dict[str, Editor],
        context: AppContext,
        parent: QObject,
        kind: str | None = None,
    ):
        super().__init__(parent)
        self.editors = editors
        self.context = context
        self.kind = kind
        self.coordinates_clicked = False  # placed on the map: a chosen town keeps them
        self.typed: set[str] = set()  # fields the user typed in (kept by typed governorates)
        self._districts: dict[str, list[str]] = {}
        self._areas: list[Admin1] | None = None
        self._tips: dict[str, str] = {}  # a field's own tooltip, while it says "filled"
        # The register check (see check()): its messages, and the fields it filled
        # that were empty (derived, so cleared again when what they came from changes).
        self.errors: dict[str, str] = {}
        self.warnings: dict[str, str] = {}
        self.derived: set[str] = set()
        self.group_of = {
            name: prefix
            for prefix in register.prefixes_of(editors)
            for level in (*register.ADMIN_LEVELS, register.COMMUNITY)
            for name in register.names(prefix, level)
            if name in editors
        }
        # a name's code and a code's name, as domain.places.forget_stale pairs them: a
        # location's name is not dropped for a new code (it may name a part of the place)
        self.stale_with: dict[str, str] = {}
        for prefix in register.prefixes_of(editors):
            for level in (*register.ADMIN_LEVELS, register.COMMUNITY):
                name_field, code_field = register.names(prefix, level)
                self.stale_with[name_field] = code_field
                if level in register.ADMIN_LEVELS:
                    self.stale_with[code_field] = name_field
        for name, editor in editors.items():
            if isinstance(editor, LineEditor):
                editor.edit.textEdited.connect(lambda _t, n=name: self.edited(n))
                if name in self.group_of:
                    editor.edit.editingFinished.connect(self._left)
        self.location = self._completer("location", self.place_suggestions, self.use_place)
        self.admin1 = self._completer("admin1", self.governorate_suggestions, self.use_area)
        self.admin2 = self._completer("admin2", self.district_suggestions, self.use_district)

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
        """The register's districts of the governorate (all of them without one) when it
        has districts, shown with their P-codes; else those the team's records name."""
        index = store_places.index(self.context.store())
        if 2 in index.levels:
            parent = self._text("admin1_pcode")
            ranked: list[tuple[int, str, Suggestion]] = []
            for unit in index.units.values():
                if unit.level != 2 or (parent and unit.parent != parent):
                    continue
                ranks = [r for n in unit.spellings for r in [rank(n, text)] if r is not None]
                if ranks:
                    name = unit.name_ar if i18n.is_rtl() and unit.name_ar else unit.name
                    line = f"{i18n.isolate(name)} ({unit.pcode})"
                    ranked.append((min(ranks), unit.name, Suggestion(line, unit.name, unit.name)))
            return [row for _r, _n, row in sorted(ranked, key=lambda r: r[:2])][:10]
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

    def fill(self, values: dict[str, object], *, check: bool = True, mark: bool = False) -> None:
        """Set fields for the user (`filled` tells the form); then, unless `check` is
        False, let the register complete and check the places (see check())."""
        names = []
        for name, value in values.items():
            editor = self.editors.get(name)
            if editor is not None:
                editor.set(value)
                names.append(name)
                if mark:
                    self._mark(name, True)
        self.filled.emit(names)
        if check:
            self.check()

    def place_values(self, location: str, place_admin1: str | None) -> dict[str, object]:
        """The district (and its P-code) the team's records file `location` under."""
        district = store_values.district_of(self.context.store(), location, place_admin1)
        if district is None:
            return {}
        return {"admin2": district[0], "admin2_pcode": district[1]}

    def use_place(self, value: object) -> None:
        """A place chosen in the Location popup: its name and coordinates; the register
        then completes the units it lies in (from its name, or its coordinates)."""
        if not isinstance(value, Place):
            return
        typed = str(self.editors["location"].get() or "")
        # The name in the script the user typed in; without marks ("Khan Shaykhun"), as
        # people search for it later.
        arabic = gazetteer.is_arabic(typed) and value.name_ar
        location = value.name_ar if arabic else value.plain_name()
        self.forget("location")
        values: dict[str, object] = {"location": location}
        if not self.coordinates_clicked:
            values |= {"latitude": round(value.lat, 6), "longitude": round(value.lon, 6)}
        self.fill(values, check=False)
        self.check(lambda: self._gazetteer_areas(value))

    def use_area(self, value: object) -> None:
        """A governorate chosen in the Governorate popup: the register gives its P-code;
        another country's comes from the gazetteer (the register is Syria's)."""
        self.forget("admin1")
        if isinstance(value, Admin1):  # the box may not show the choice yet
            self.fill({"admin1": value.name}, check=False)
        self.check()

    def use_district(self, value: object) -> None:
        self.forget("admin2")
        self.fill({"admin2": value}, check=False)
        self.check()

    def _abroad(self) -> None:
        """A governorate the register does not know but the gazetteer places in another
        country (Hatay): the register is Syria's, so no warning; its usual spelling and
        country follow, as `fieldapp add` fills them (ops.records.fill_country)."""
        name = self._text("admin1")
        if not name or self._text("admin1_pcode") or "admin1_pcode" in self.errors:
            return
        values: dict[str, object] = {"admin1": name, "country": self._text("country") or None}
        given = {"admin1", "country"} if "country" in self.typed else {"admin1"}
        known = ops_records.known_admin1(self.context.store())
        if not ops_records.fill_country(values, given, known):
            return
        self.warnings.pop("admin1", None)
        changed = {k: v for k, v in values.items() if v and v != self._text(k)}
        if changed:
            self.fill(changed, check=False)

    # -- the places register ---------------------------------------------------------------

    def _text(self, name: str) -> str:
        editor = self.editors.get(name)
        return str(editor.get() or "").strip() if editor is not None else ""

    def values(self) -> dict[str, object]:
        """The form's values as the store will complete them: cleaned where they are valid
        (numbers for coordinates), the place names and codes as typed."""
        raw = {name: editor.get() for name, editor in self.editors.items()}
        values = dict(validation.check(self.kind or _kind_of(self.editors), raw).values)
        for name in self.group_of:
            values[name] = self._text(name) or None
        return values

    def check(self, fallback: Callable[[], dict[str, object]] | None = None) -> register.PlaceCheck:
        """Check the record's places against the register, as the store does on save, and
        fill the empty name and code fields it completed (a typed code is never changed:
        a wrong one is an error under it). `filled(names)` after, even with none, so the
        form shows the messages. When the register could not place the record at all,
        `fallback()` gives the governorate (and district) to fill, then checked again."""
        store = self.context.store()
        result = store_places.complete(store, self.kind or _kind_of(self.editors), self.values())
        self.errors, self.warnings = dict(result.errors), dict(result.warnings)
        values: dict[str, object] = {}
        for name in dict.fromkeys(result.filled):
            if name in self.editors and result.values.get(name) not in (None, ""):
                if not self._text(name):
                    self.derived.add(name)
                values[name] = result.values[name]
        self.fill(values, check=False, mark=True)
        self._abroad()
        if fallback is not None and not self.errors:
            more = {k: v for k, v in fallback().items() if v and not self._text(k)}
            if 2 in store_places.index(store).levels:  # the register knows districts
                more = {k: v for k, v in more.items() if not k.startswith("admin2")}
            if any(k in self.group_of for k in more):
                self.derived.update(n for n in more if n in self.group_of)
                self.fill(more, check=False, mark=True)
                return self.check()
        return result

    def _left(self) -> None:
        """A place box was left (or Enter pressed in it): check, while the form is open
        (a closing form's boxes lose focus too, after its database may have closed)."""
        form = self.parent()
        if isinstance(form, QWidget) and form.isVisible():
            self.check()

    def _gazetteer_areas(self, place: Place) -> dict[str, object]:
        """Where the gazetteer puts a chosen town the register cannot place: its
        governorate, and the district the team's records file it under."""
        values: dict[str, object] = {"admin1": place.admin1}
        if not self._text("admin2"):
            location = self._text("location")
            for name in dict.fromkeys((location, place.plain_name(), place.name_ar)):
                found = self.place_values(name, place.admin1) if name else {}
                if found:
                    values |= found
                    break
        values["country"] = place.country
        return values

    def edited(self, name: str) -> None:
        """The person typed in a field: it is theirs now, and what the register filled from
        the old text of its place group is stale (a district filled from the old town, the
        code of the old name) and is cleared, to be found again when the box is left."""
        self.typed.add(name)
        self._mark(name, False)
        if name in self.group_of:
            self.forget(name)
        # A record's name changed without its code (or a code without its name): the
        # other, unless the person typed it here, belonged to the old text, as for an edit
        # through the store (domain.places.forget_stale).
        other = self.stale_with.get(name)
        if other in self.editors and other not in self.typed and self._text(other):
            self.editors[other].set(None)
            self._mark(other, False)

    def forget(self, name: str) -> None:
        prefix = self.group_of.get(name)
        for other in sorted(self.derived):
            if other != name and self.group_of.get(other) == prefix:
                self.editors[other].set(None)
                self._mark(other, False)
        self.derived = {n for n in self.derived if self.group_of.get(n) != prefix}
        for messages in (self.errors, self.warnings):
            for key in [k for k in messages if self.group_of.get(k, "") == prefix]:
                del messages[key]

    def _mark(self, name: str, filled: bool) -> None:
        """Fields the register filled are tinted until the person types in them."""
        widget = self.editors[name].widget if name in self.editors else None
        if widget is not None and bool(widget.property("filled")) != filled:
            self._tips.setdefault(name, widget.toolTip())
            widget.setProperty("filled", filled)
            widget.setToolTip(
                QCoreApplication.translate("RecordForm", "Filled from the places register")
                if filled
                else (self._tips.get(name) or "")
            )
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def filled_fields(self) -> list[str]:
        """The fields shown as filled by the register (for tests and accessibility)."""
        return [n for n, e in self.editors.items() if e.widget.property("filled")]


def _kind_of(editors: dict[str, Editor]) -> str:
    return DISPLACEMENT if "origin_admin1" in editors else INCIDENT
