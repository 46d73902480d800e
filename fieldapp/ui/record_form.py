"""The add/edit form of a record, generated from domain.fields.FIELDS.

Every field of the kind appears (a field added to FIELDS shows up under "Other" until it
is given a place in LAYOUT). The vocabularies are the choices; the sub-event types follow
the event type. Validation is domain.validation.check, the same rules the CLI and bundle
import apply: its message for a field is shown right under that field as the user types
and on save; warnings are shown but do not stop saving; an invalid record is never sent to
the store.

Keyboard: Tab walks the fields in reading order (the P-code boxes, filled from the place
or governorate chosen, are not Tab stops: a click edits them), Enter saves (Ctrl+Enter in
the notes box, where Enter is a new line), Escape cancels (asking first if something was
typed). Location, governorate and district suggest as you type (fieldapp.ui.place_field).
The form is not modal, so a click on the map can fill its coordinates while it is open.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain import validation
from fieldapp.domain.fields import FIELDS, INCIDENT, Field
from fieldapp.errors import FieldappError, ValidationError
from fieldapp.ops import records as ops_records
from fieldapp.ui import dialogs, labels
from fieldapp.ui.context import AppContext
from fieldapp.ui.form_editors import ChoiceEditor, Editor, LineEditor, NotesEditor, make_editor
from fieldapp.ui.form_layout import PAIR_LABELS, layout_rows
from fieldapp.ui.form_parts import MapPlace, SubEventTypes, TabOrder
from fieldapp.ui.place_field import PlaceEntry

_T = "RecordForm"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_T, text)


PREFERRED_WIDTH = 860
ERROR_COLOUR = "#b3261e"
WARNING_COLOUR = "#8a5a00"
_STYLE = (
    'QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] '
    "{ border: 1px solid #c62828; border-radius: 3px; padding: 2px; background: #fff8f7; }"
    # filled from the places register (or a chosen place), until the person types there
    ' QLineEdit[filled="true"] { background: #e8f3ec; }'
)


@dataclass
class _Row:
    names: tuple[str, ...]
    message: QLabel


class RecordForm(SubEventTypes, MapPlace, TabOrder, QDialog):
    """Add (record_id None) or edit one record. `saved(record_id)` after a successful write."""

    saved = Signal(str)

    def __init__(
        self,
        context: AppContext,
        kind: str,
        record_id: str | None = None,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ):
        super().__init__(parent)
        self.context = context
        self.kind = kind
        self.record_id = record_id
        self.today = today
        self.confirm = dialogs.confirm
        self.editors: dict[str, Editor] = {}
        self.hints: dict[str, str] = {}  # a type-ahead that found nothing, per field
        self.event_type_auto = False  # filled from the sub-event type, not chosen
        self.rows: list[_Row] = []
        self.touched: set[str] = set()
        self.save_attempted = False
        self.checked: validation.Checked | None = None
        self.setObjectName(f"RecordForm_{kind}")
        self.setStyleSheet(_STYLE)
        self._build()
        self.places = PlaceEntry(self.editors, context, self, kind)
        self.places.filled.connect(self._filled)
        record = context.store().get(record_id) if record_id else None
        if record_id and record is None:
            raise FieldappError(self.tr("That record was deleted meanwhile; it cannot be edited."))
        self._load(record)
        self._initial = self.values()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.validate)
        for name, editor in self.editors.items():
            editor.changed.connect(lambda n=name: self._on_change(n))
        context.map_clicked.connect(self.set_coordinates)
        context.place_suggested.connect(self.offer_place)
        self.finished.connect(self._disconnect)
        # Comfortably wide, and never narrower than the layout needs: a translation longer
        # than the English (labels, vocabulary) must not squeeze the fields.
        self.resize(max(PREFERRED_WIDTH, self.sizeHint().width()), self.height())
        self._fit_height()
        first = self.editors[FIELDS[kind][0].name].widget
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(first, QLineEdit):
            first.selectAll()

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        if self.kind == INCIDENT:
            title = self.tr("Edit incident") if self.record_id else self.tr("New incident")
        else:
            title = (
                self.tr("Edit displacement report")
                if self.record_id
                else self.tr("New displacement report")
            )
        self.setWindowTitle(title)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 12)
        outer.setSpacing(10)
        self._build_notices(outer)

        columns = QHBoxLayout()
        columns.setSpacing(28)
        # One form layout per column, so labels line up across that column's sections.
        forms = [QFormLayout(), QFormLayout()]
        for form in forms:
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setHorizontalSpacing(10)
            form.setVerticalSpacing(4)
            column = QVBoxLayout()
            column.addLayout(form)
            column.addStretch(1)
            columns.addLayout(column, 1)
        outer.addLayout(columns, 1)

        fields = {f.name: f for f in FIELDS[self.kind]}
        tab_order: list[QWidget] = []
        for column, title, rows in layout_rows(self.kind):
            form = forms[column]
            header = QLabel(_tr(title))
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            if form.rowCount():
                form.addItem(QSpacerItem(0, 10))
            form.addRow(header)
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            form.addRow(line)
            for names in rows:
                self._add_row(form, [fields[n] for n in names], tab_order)

        self._build_buttons(outer, tab_order)

    def _build_notices(self, outer: QVBoxLayout) -> None:
        """Above the fields: the conflict banner and the place offered after a map click."""
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel { background: #fff3cd; border: 1px solid #e0c36a; border-radius: 4px;"
            " padding: 6px 8px; color: #5c4400; }"
        )
        self.banner.hide()
        outer.addWidget(self.banner)
        self.suggestion: dict[str, object] | None = None
        self.suggestion_row = QWidget()
        row = QHBoxLayout(self.suggestion_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.suggestion_label = QLabel()
        self.suggestion_label.setWordWrap(True)
        self.use_suggestion_button = QPushButton(self.tr("Use this place"))
        self.use_suggestion_button.clicked.connect(self.use_suggestion)
        row.addWidget(self.suggestion_label, 1)
        row.addWidget(self.use_suggestion_button)
        self.suggestion_row.hide()
        outer.addWidget(self.suggestion_row)

    def _build_buttons(self, outer: QVBoxLayout, tab_order: list[QWidget]) -> None:
        """Below the fields: the keyboard hint, Save and Cancel, and Ctrl+Enter."""
        hint = QLabel(
            self.tr("Enter saves · Esc cancels · Tab moves to the next field")
            + (" · " + self.tr("a click on the map fills the coordinates"))
        )
        hint.setStyleSheet("color: palette(placeholder-text);")
        hint.setWordWrap(True)  # a longer translation wraps instead of being cut off
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.buttons)
        outer.addLayout(bottom)
        tab_order += [self.save_button, self.cancel_button]
        self._tab_order = tab_order
        self._chain_tabs()
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        shortcut.activated.connect(self.save)
        shortcut = QShortcut(QKeySequence("Ctrl+Enter"), self)
        shortcut.activated.connect(self.save)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._chain_tabs()

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab walks tab_stops() and wraps from the last button to the first field (Qt's
        own walk cycled between Save and Cancel: the button box keeps Tab among its
        buttons)."""
        stops = self.tab_stops()
        current = self.focusWidget()
        if current not in stops:
            return super().focusNextPrevChild(next)
        target = stops[(stops.index(current) + (1 if next else -1)) % len(stops)]
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        if isinstance(target, QLineEdit):
            target.selectAll()
        return True

    def _add_row(self, form: QFormLayout, fields: list[Field], tab_order: list[QWidget]) -> None:
        editors = [make_editor(f) for f in fields]
        for editor in editors:
            self.editors[editor.field.name] = editor
            if editor.field.name.endswith("_pcode"):
                # Filled from the place or governorate chosen: out of the Tab chain, so
                # Tab goes from one box a person types in to the next; a click edits it.
                editor.widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
                editor.widget.setToolTip(
                    self.tr("Filled from the place or governorate you choose; click to edit")
                )
            else:
                tab_order.append(editor.widget)
            if isinstance(editor, NotesEditor):
                editor.save_requested.connect(self.save)
            if isinstance(editor, ChoiceEditor):
                editor.combo.no_match.connect(lambda text, n=editor.field.name: self._hint(n, text))
        names = tuple(f.name for f in fields)
        title = PAIR_LABELS.get(names) if len(names) > 1 else None
        text = _tr(title) if title else labels.field_label(fields[0])
        if any(f.required for f in fields):
            text += " *"
        container = QWidget()
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        line = QHBoxLayout()
        line.setSpacing(6)
        for i, editor in enumerate(editors):
            if i and isinstance(editor, LineEditor) and not editor.edit.placeholderText():
                short = None
                if editor.field.name.endswith("_pcode"):
                    short = QCoreApplication.translate("RecordForm", "P-code")
                elif editor.field.name.endswith("_admin1"):
                    short = QCoreApplication.translate("RecordForm", "Governorate")
                editor.edit.setPlaceholderText(short or labels.field_label(editor.field))
            line.addWidget(editor.widget, 2 if i == 0 else 1)
        single = len(editors) == 1 and isinstance(editors[0].widget, (QLineEdit, QComboBox))
        if single and editors[0].widget.maximumWidth() < 1000:
            line.addStretch(1)
        box.addLayout(line)
        message = QLabel()
        message.setWordWrap(True)
        message.setObjectName("message_" + "_".join(names))
        message.hide()
        box.addWidget(message)
        label = QLabel(text)
        label.setBuddy(editors[0].widget)
        form.addRow(label, container)
        self.rows.append(_Row(names, message))

    def _load(self, record: dict | None) -> None:
        if record is None:
            defaults = self._defaults()
            for name, editor in self.editors.items():
                editor.set(defaults.get(name))
        else:
            self._sync_sub_events(record.get("event_type"))
            for name, editor in self.editors.items():
                editor.set(record.get(name))
            heads = self.context.store().heads(self.record_id) if self.record_id else []
            if len(heads) > 1:
                self.banner.setText(
                    self.tr(
                        "This record has {n} competing versions from different devices (a "
                        "conflict). The form shows the provisional winner; saving makes your "
                        "version the current one for everybody.",
                        "",
                        len(heads),
                    ).format(n=labels.count(len(heads)))
                )
                self.banner.show()
        if self.kind == INCIDENT:
            self.editors["event_type"].changed.connect(self._event_type_changed)
            self.editors["sub_event_type"].changed.connect(self._sub_event_changed)
            if record is None:
                self._sync_sub_events(None)

    def _defaults(self) -> dict[str, object]:
        """A new record starts on today's date and the last record's country."""
        values: dict[str, object] = {}
        for f in FIELDS[self.kind]:
            if f.type == "date" and f.required:
                values[f.name] = self.today().isoformat()
        if self.kind == INCIDENT:
            values["time_precision"] = "day"
        country = self.context.store().latest_value(self.kind, "country")
        if country:
            values["country"] = country
        return values

    # -- values and validation -------------------------------------------------------------

    def values(self) -> dict[str, object]:
        return {name: editor.get() for name, editor in self.editors.items()}

    def is_dirty(self) -> bool:
        return self.values() != self._initial

    def _on_change(self, name: str) -> None:
        self.touched.add(name)
        if self.hints.pop(name, None) is not None:
            self.show_messages(*self._current_messages())
        self._timer.start()

    def _filled(self, names: list[str]) -> None:
        """Fields filled from a chosen place or governorate: checked like typed ones."""
        self.touched.update(names)
        self.validate()

    def validate(self) -> validation.Checked:
        """Check the whole record and show each message under its field."""
        self._timer.stop()
        checked = validation.check(self.kind, self.values(), today=self.today())
        # the places register's errors and warnings (PlaceEntry.check) beside the rules'
        checked.errors = {**self.places.errors, **checked.errors}
        checked.warnings = {**self.places.warnings, **checked.warnings}
        self.checked = checked
        self.show_messages(checked.errors, checked.warnings)
        return checked

    def show_messages(self, errors: dict[str, str], warnings: dict[str, str]) -> None:
        for row in self.rows:
            lines: list[str] = []
            colour = WARNING_COLOUR
            for name in row.names:
                show_error = name in errors and (self.save_attempted or name in self.touched)
                self.editors[name].set_invalid(show_error)
                if name in self.hints:
                    lines.append(self.hints[name])
                text = errors[name] if show_error else warnings.get(name)
                if not text:
                    continue
                if show_error:
                    colour = ERROR_COLOUR
                    text = self.tr("Required") if text == "is required" else labels.message(text)
                elif name in warnings:
                    text = self.tr("Check: {message}").format(message=labels.message(text))
                if len(row.names) > 1 and (name != row.names[0] or row.names in PAIR_LABELS):
                    # the row's label names its first field, unless it names the pair
                    text = f"{labels.field_label(self.editors[name].field)}: {text}"
                lines.append(text)
            row.message.setText("\n".join(lines))
            row.message.setStyleSheet(f"color: {colour};")
            row.message.setVisible(bool(lines))
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to show wrapped messages in full: a window's minimum size ignores
        height-for-width, so the layout would squeeze them instead."""
        layout = self.layout()
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def message(self, name: str) -> str:
        """The message shown under a field (empty if none): for tests and accessibility."""
        for row in self.rows:
            if name in row.names and row.message.isVisible():
                return row.message.text()
        return ""

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> bool:
        """Validate, write through the store, tell everyone, close. False if not saved."""
        self.save_attempted = True
        self.places.check()  # what the store will complete, shown before it is written
        checked = self.validate()
        if checked.errors:
            self._focus_first_error(checked.errors)
            return False
        store = self.context.store()
        try:
            if self.record_id is None:
                done: ops_records.Added | ops_records.Edited = ops_records.add(
                    store, self.kind, self.values()
                )
            else:
                done = ops_records.edit(store, self.record_id, self.values())
        except ValidationError as exc:
            self.show_messages(exc.errors, exc.warnings)
            self._focus_first_error(exc.errors)
            return False
        except FieldappError as exc:
            dialogs.show_error(self, self.windowTitle(), labels.error_text(exc))
            return False
        self.record_id = done.record_id
        self._initial = self.values()
        self.context.announce(done.changes)  # nothing when the values were already these
        self.saved.emit(self.record_id)
        self.accept()
        return True

    def _focus_first_error(self, errors: dict[str, str]) -> None:
        for row in self.rows:
            for name in row.names:
                if name in errors:
                    widget = self.editors[name].widget
                    widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    if isinstance(widget, QLineEdit):
                        widget.selectAll()
                    return

    def reject(self) -> None:
        if self.is_dirty() and not self.confirm(
            self,
            self.tr("Discard changes?"),
            self.tr("You have typed something in this form. Close it without saving?"),
            self.tr("Discard"),
        ):
            return
        super().reject()

    # -- the map (set_coordinates, offer_place, use_suggestion: MapPlace) -------------------

    def _disconnect(self) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.context.map_clicked.disconnect(self.set_coordinates)
        with contextlib.suppress(RuntimeError, TypeError):
            self.context.place_suggested.disconnect(self.offer_place)
