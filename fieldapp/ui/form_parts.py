"""Parts of the record form (fieldapp.ui.record_form) that each follow one rule of their
own, as mixins of RecordForm: the sub-event types that follow the event type, a click on
the map that places the record and offers the nearest known place, and Tab in reading
order. Their strings stay in the "RecordForm" translation context, written out in full
(lupdate reads no helper).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from fieldapp.domain import vocab
from fieldapp.maps.gazetteer import plain
from fieldapp.ui import i18n, labels
from fieldapp.ui.form_editors import ChoiceEditor, Editor

if TYPE_CHECKING:
    from fieldapp.domain import validation
    from fieldapp.ui.place_field import PlaceEntry

# "Use this place" is offered only for a known place this close to the map click; farther
# away the nearest town is a guess, not the place clicked.
SUGGESTION_MAX_KM = 5.0


class SubEventTypes:
    """The user's event type limits the sub-event types to its own; a sub-event type
    chosen with no event type fills it in (visibly) but leaves the whole list offered, so
    typing on, or choosing another sub-event type, moves the filled event type along. The
    event type is never changed to one the user did not choose or imply."""

    editors: dict[str, Editor]
    hints: dict[str, str]
    touched: set[str]
    event_type_auto: bool
    checked: validation.Checked | None
    _filling_event_type = False

    def show_messages(self, errors: dict[str, str], warnings: dict[str, str]) -> None:
        raise NotImplementedError

    def _sync_sub_events(self, event_type: object) -> None:
        editor = self.editors.get("sub_event_type")
        if not isinstance(editor, ChoiceEditor):
            return
        subs = vocab.EVENT_TYPES.get(event_type, vocab.SUB_EVENT_TYPES)  # type: ignore[arg-type]
        editor.fill([(s, labels.vocab_label(s)) for s in subs])

    def _event_type_changed(self) -> None:
        if self._filling_event_type:
            return
        self.event_type_auto = False
        self._sync_sub_events(self.editors["event_type"].get())

    def _sub_event_changed(self) -> None:
        sub = self.editors["sub_event_type"].get()
        event_type = self.editors["event_type"]
        if event_type.get() and not self.event_type_auto:
            return  # the user's choice stands; the list offers only its sub-types
        parent = vocab.event_type_of(sub) if sub else None  # type: ignore[arg-type]
        if parent != event_type.get():
            self._filling_event_type = True
            try:
                event_type.set(parent)
            finally:
                self._filling_event_type = False
            self.touched.add("event_type")
        self.event_type_auto = parent is not None

    def _hint(self, name: str, typed: str) -> None:
        """Typed letters that match no choice: say so under the field until it changes."""
        event_type = self.editors.get("event_type")
        if (
            name == "sub_event_type"
            and event_type
            and event_type.get()
            and not self.event_type_auto
        ):
            text = QCoreApplication.translate(
                "RecordForm", "No sub-event type of {type} starts with “{typed}”"
            ).format(
                type=i18n.isolate(labels.vocab_label(str(event_type.get()))),
                typed=i18n.isolate(typed),
            )
        else:
            text = QCoreApplication.translate("RecordForm", "No choice starts with “{typed}”")
            text = text.format(typed=i18n.isolate(typed))
        self.hints[name] = text
        self.show_messages(*self._current_messages())

    def _current_messages(self) -> tuple[dict[str, str], dict[str, str]]:
        checked = self.checked
        return (checked.errors, checked.warnings) if checked else ({}, {})


class MapPlace:
    """A click on the map fills the coordinates, and the nearest known place is offered."""

    editors: dict[str, Editor]
    touched: set[str]
    places: PlaceEntry
    suggestion: dict[str, object] | None
    suggestion_row: QWidget
    suggestion_label: QLabel

    def validate(self) -> Any:
        raise NotImplementedError

    def set_coordinates(self, lat: float, lon: float) -> None:
        """A click on the map while this form is open places the record there (and a
        place chosen afterwards keeps these coordinates)."""
        self.places.coordinates_clicked = True
        for name, value in (("latitude", lat), ("longitude", lon)):
            editor = self.editors.get(name)
            if editor is not None:
                editor.set(round(value, 6))
                self.touched.add(name)
        self.places.check()  # the units the point lies in, or a warning when outside

    def offer_place(self, suggestion: dict[str, object]) -> None:
        """The map's nearest known place to the clicked point, offered (not imposed), and
        only when it is within SUGGESTION_MAX_KM: farther, it is not the place clicked."""
        distance = float(suggestion.get("distance_km") or 0)  # type: ignore[arg-type]
        if distance > SUGGESTION_MAX_KM or not suggestion.get("location"):
            self.suggestion = None
            self.suggestion_row.hide()
            return
        self.suggestion = suggestion
        areas = ", ".join(str(suggestion[k]) for k in ("admin2", "admin1") if suggestion.get(k))
        self.suggestion_label.setText(
            QCoreApplication.translate(
                "RecordForm", "Nearest known place: {name}, {km} km ({areas})"
            ).format(
                name=i18n.isolate(plain(str(suggestion["location"]))),
                areas=i18n.isolate(areas),
                km=i18n.digits(f"{distance:.1f}"),
            )
        )
        self.suggestion_row.show()

    def use_suggestion(self) -> None:
        """Fill the place from the offered place; coordinates stay where clicked. The
        register completes the units above it (the map's names when it cannot)."""
        if not self.suggestion:
            return
        suggestion = self.suggestion
        location = plain(str(suggestion.get("location") or ""))
        self.suggestion_row.hide()
        self.places.forget("location")
        self.places.fill({"location": location}, check=False)

        def areas() -> dict[str, object]:
            values = {
                n: suggestion[n] for n in ("admin1", "admin2", "country") if suggestion.get(n)
            }
            if not values.get("admin2"):
                admin1 = values.get("admin1")
                values |= self.places.place_values(location, admin1)  # type: ignore[arg-type]
            return values

        self.places.check(areas)


class TabOrder:
    """Tab in reading order: the fields, then the buttons in the order they are shown."""

    _tab_order: list[QWidget]
    save_button: QPushButton
    cancel_button: QPushButton
    use_suggestion_button: QPushButton

    def _buttons_as_shown(self) -> list[QPushButton]:
        form: Any = self
        return sorted(
            (self.save_button, self.cancel_button),
            key=lambda b: b.mapTo(form, QPoint(0, 0)).x(),
            reverse=form.layoutDirection() == Qt.LayoutDirection.RightToLeft,
        )

    def _chain_tabs(self) -> None:
        """Tab in reading order: the fields, then the buttons in the order the platform's
        button box shows them (it re-chains them when it lays them out, so this runs
        again when the form is shown). After the last button Tab wraps to the first
        field: nothing else in the dialog takes Tab."""
        fields = [w for w in self._tab_order if w not in (self.save_button, self.cancel_button)]
        chain = [*fields, *self._buttons_as_shown()]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    def tab_stops(self) -> list[QWidget]:
        """Where Tab goes, in order: the offered place's button when shown, the fields,
        then the buttons as shown."""
        form: Any = self
        stops = [self.use_suggestion_button, *self._tab_order[:-2], *self._buttons_as_shown()]
        return [w for w in stops if w.isVisibleTo(form) and w.isEnabled()]
