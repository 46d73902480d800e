"""The add/edit form of a record, generated from domain.fields.FIELDS.

Every field of the kind appears (a field added to FIELDS shows up under "Other" until it
is given a place in LAYOUT). The vocabularies are the choices; the sub-event types follow
the event type. Validation is domain.validation.check, the same rules the CLI and bundle
import apply: its message for a field is shown right under that field as the user types
and on save; warnings are shown but do not stop saving; an invalid record is never sent to
the store.

Keyboard: Tab walks the fields in reading order, Enter saves (Ctrl+Enter inside the notes
box, where Enter is a new line), Escape cancels (asking first if something was typed).
The form is not modal, so a click on the map can fill its coordinates while it is open.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain import validation, vocab
from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT, Field
from fieldapp.errors import FieldappError, ValidationError
from fieldapp.ui import dialogs, i18n, labels
from fieldapp.ui.context import AppContext

_T = "RecordForm"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_T, text)


PREFERRED_WIDTH = 860
ERROR_COLOUR = "#b3261e"
WARNING_COLOUR = "#8a5a00"
_STYLE = (
    'QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] '
    "{ border: 1px solid #c62828; border-radius: 3px; padding: 2px; background: #fff8f7; }"
)

# Sections per kind: (column, title, rows); a row is one field or a pair on one line.
Row = tuple[str, ...]
LAYOUT: dict[str, list[tuple[int, str, list[Row]]]] = {
    INCIDENT: [
        (
            0,
            QT_TRANSLATE_NOOP("RecordForm", "Event"),
            [
                ("event_date",),
                ("time_precision",),
                ("event_type",),
                ("sub_event_type",),
                ("actor1",),
                ("actor2",),
            ],
        ),
        (
            0,
            QT_TRANSLATE_NOOP("RecordForm", "Place"),
            [
                ("location",),
                ("admin1", "admin1_pcode"),
                ("admin2", "admin2_pcode"),
                ("admin3", "admin3_pcode"),
                ("country",),
                ("latitude", "longitude"),
                ("geo_precision",),
            ],
        ),
        (1, QT_TRANSLATE_NOOP("RecordForm", "Impact"), [("killed",), ("injured",), ("targets",)]),
        (1, QT_TRANSLATE_NOOP("RecordForm", "Source"), [("source",), ("notes",)]),
    ],
    DISPLACEMENT: [
        (
            0,
            QT_TRANSLATE_NOOP("RecordForm", "Report"),
            [("report_date",), ("period_end",), ("direction",)],
        ),
        (
            0,
            QT_TRANSLATE_NOOP("RecordForm", "Place"),
            [
                ("location",),
                ("admin1", "admin1_pcode"),
                ("admin2", "admin2_pcode"),
                ("admin3", "admin3_pcode"),
                ("country",),
                ("latitude", "longitude"),
                ("geo_precision",),
            ],
        ),
        (
            1,
            QT_TRANSLATE_NOOP("RecordForm", "People"),
            [("individuals", "households"), ("household_size",), ("population_before",)],
        ),
        (
            1,
            QT_TRANSLATE_NOOP("RecordForm", "Movement"),
            [
                ("origin_location", "origin_admin1"),
                ("destination_location", "destination_admin1"),
                ("cause",),
                ("cause_incidents",),
            ],
        ),
        (1, QT_TRANSLATE_NOOP("RecordForm", "Source"), [("source",), ("notes",)]),
    ],
}
PAIR_LABELS = {
    ("latitude", "longitude"): QT_TRANSLATE_NOOP("RecordForm", "Coordinates"),
    ("individuals", "households"): QT_TRANSLATE_NOOP("RecordForm", "Individuals, households"),
    ("origin_location", "origin_admin1"): QT_TRANSLATE_NOOP("RecordForm", "Came from"),
    ("destination_location", "destination_admin1"): QT_TRANSLATE_NOOP("RecordForm", "Went to"),
}
PLACEHOLDERS = {
    "date": QT_TRANSLATE_NOOP("RecordForm", "YYYY-MM-DD"),
    "idlist": QT_TRANSLATE_NOOP("RecordForm", "incident ids, separated by commas"),
    "latitude": QT_TRANSLATE_NOOP("RecordForm", "Latitude"),
    "longitude": QT_TRANSLATE_NOOP("RecordForm", "Longitude"),
}


def layout_rows(kind: str) -> list[tuple[int, str, list[Row]]]:
    """LAYOUT plus an "Other" section for any field not placed, so none is ever hidden."""
    sections = list(LAYOUT[kind])
    placed = {name for _, _, rows in sections for row in rows for name in row}
    rest = [(f.name,) for f in FIELDS[kind] if f.name not in placed]
    if rest:
        sections.append((1, QT_TRANSLATE_NOOP("RecordForm", "Other"), rest))
    return sections


class _Editor(QObject):
    """One field's widget, read and written as the raw value validation understands."""

    changed = Signal()

    def __init__(self, f: Field, widget: QWidget):
        super().__init__(widget)
        self.field = f
        self.widget = widget
        widget.setAccessibleName(labels.field_label(f))
        widget.setObjectName(f"field_{f.name}")

    def get(self) -> object:
        raise NotImplementedError

    def set(self, value: object) -> None:
        raise NotImplementedError

    def set_invalid(self, invalid: bool) -> None:
        if self.widget.property("invalid") != invalid:
            self.widget.setProperty("invalid", invalid)
            self.widget.style().unpolish(self.widget)
            self.widget.style().polish(self.widget)


class _LineEditor(_Editor):
    def __init__(self, f: Field):
        edit = QLineEdit()
        super().__init__(f, edit)
        self.edit = edit
        edit.setMaxLength(f.max_length)
        hint = PLACEHOLDERS.get(f.name) or PLACEHOLDERS.get(f.type)
        if hint:
            edit.setPlaceholderText(_tr(hint))
        if f.name in ("latitude", "longitude"):
            edit.setToolTip(
                QCoreApplication.translate(
                    "RecordForm",
                    "Decimal degrees, e.g. 35.4417 and 36.6481; a click on the map fills both",
                )
            )
        if f.type in ("int", "float"):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setMaximumWidth(140 if f.name not in ("latitude", "longitude") else 400)
        if f.type == "date":
            edit.setMaximumWidth(140)
            edit.setMaxLength(10)
        edit.textEdited.connect(self.changed)

    def get(self) -> object:
        return self.edit.text()

    def set(self, value: object) -> None:
        if value is None:
            text = ""
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        elif isinstance(value, float):
            text = repr(value) if not value.is_integer() else f"{value:g}"
        else:
            text = str(value)
        self.edit.setText(text)


class _NotesEditor(_Editor):
    save_requested = Signal()

    def __init__(self, f: Field):
        edit = QPlainTextEdit()
        super().__init__(f, edit)
        self.edit = edit
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(90)
        edit.setPlaceholderText(QCoreApplication.translate("RecordForm", "Ctrl+Enter saves"))
        edit.installEventFilter(self)
        edit.textChanged.connect(self.changed)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.save_requested.emit()
            return True
        return False

    def get(self) -> object:
        return self.edit.toPlainText()

    def set(self, value: object) -> None:
        self.edit.setPlainText("" if value is None else str(value))


class _ChoiceEditor(_Editor):
    def __init__(self, f: Field):
        combo = QComboBox()
        super().__init__(f, combo)
        self.combo = combo
        combo.setMinimumWidth(220)
        self.fill(labels.choices(f))
        combo.currentIndexChanged.connect(self.changed)

    def fill(self, items: list[tuple[object, str]]) -> None:
        """Replace the choices, keeping the current one if it is still offered."""
        current = self.get()
        self.combo.blockSignals(True)
        self.combo.clear()
        blank = QCoreApplication.translate("RecordForm", "Choose…") if self.field.required else "—"
        self.combo.addItem(blank, None)
        for key, label in items:
            self.combo.addItem(label, key)
        index = self.combo.findData(current) if current is not None else 0
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)

    def get(self) -> object:
        return self.combo.currentData()

    def set(self, value: object) -> None:
        index = self.combo.findData(value) if value is not None else 0
        if index < 0:  # a value from elsewhere that the vocabulary lacks: keep it visible
            self.combo.addItem(str(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class _MultiEditor(_Editor):
    """A checkable list: one Tab stop, arrows to move, Space to tick."""

    def __init__(self, f: Field):
        box = QListWidget()
        super().__init__(f, box)
        self.box = box
        for key, label in labels.choices(f):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(Qt.CheckState.Unchecked)
            box.addItem(item)
        box.setCurrentRow(0)
        box.setMinimumHeight(150)
        box.itemChanged.connect(self.changed)

    def get(self) -> object:
        return [
            self.box.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.box.count())
            if self.box.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set(self, value: object) -> None:
        chosen = set(value or [])  # type: ignore[arg-type]
        for i in range(self.box.count()):
            item = self.box.item(i)
            key = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)


def make_editor(f: Field) -> _Editor:
    if f.type == "choice":
        return _ChoiceEditor(f)
    if f.type == "multi":
        return _MultiEditor(f)
    if f.multiline:
        return _NotesEditor(f)
    return _LineEditor(f)


@dataclass
class _Row:
    names: tuple[str, ...]
    message: QLabel


class RecordForm(QDialog):
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
        self.editors: dict[str, _Editor] = {}
        self.rows: list[_Row] = []
        self.touched: set[str] = set()
        self.save_attempted = False
        self.checked: validation.Checked | None = None
        self.setObjectName(f"RecordForm_{kind}")
        self.setStyleSheet(_STYLE)
        self._build()
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
        for a, b in itertools.pairwise(tab_order):
            QWidget.setTabOrder(a, b)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        shortcut.activated.connect(self.save)
        shortcut = QShortcut(QKeySequence("Ctrl+Enter"), self)
        shortcut.activated.connect(self.save)

    def _add_row(self, form: QFormLayout, fields: list[Field], tab_order: list[QWidget]) -> None:
        editors = [make_editor(f) for f in fields]
        for editor in editors:
            self.editors[editor.field.name] = editor
            tab_order.append(editor.widget)
            if isinstance(editor, _NotesEditor):
                editor.save_requested.connect(self.save)
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
            if i and isinstance(editor, _LineEditor) and not editor.edit.placeholderText():
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

    # -- sub-event types follow the event type ---------------------------------------------

    def _sync_sub_events(self, event_type: object) -> None:
        editor = self.editors.get("sub_event_type")
        if not isinstance(editor, _ChoiceEditor):
            return
        subs = vocab.EVENT_TYPES.get(event_type, vocab.SUB_EVENT_TYPES)  # type: ignore[arg-type]
        editor.fill([(s, labels.vocab_label(s)) for s in subs])

    def _event_type_changed(self) -> None:
        self._sync_sub_events(self.editors["event_type"].get())

    def _sub_event_changed(self) -> None:
        sub = self.editors["sub_event_type"].get()
        event_type = self.editors["event_type"]
        if sub and not event_type.get():
            parent = vocab.event_type_of(sub)  # type: ignore[arg-type]
            event_type.set(parent)  # re-filters the sub-event list, keeping this choice

    # -- values and validation -------------------------------------------------------------

    def values(self) -> dict[str, object]:
        return {name: editor.get() for name, editor in self.editors.items()}

    def is_dirty(self) -> bool:
        return self.values() != self._initial

    def _on_change(self, name: str) -> None:
        self.touched.add(name)
        self._timer.start()

    def validate(self) -> validation.Checked:
        """Check the whole record and show each message under its field."""
        self._timer.stop()
        checked = validation.check(self.kind, self.values(), today=self.today())
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
                text = errors[name] if show_error else warnings.get(name)
                if not text:
                    continue
                if show_error:
                    colour = ERROR_COLOUR
                    text = self.tr("Required") if text == "is required" else labels.message(text)
                elif name in warnings:
                    text = self.tr("Check: {message}").format(message=labels.message(text))
                if len(row.names) > 1:
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
        checked = self.validate()
        if checked.errors:
            self._focus_first_error(checked.errors)
            return False
        store = self.context.store()
        try:
            if self.record_id is None:
                self.record_id = store.add(self.kind, self.values())
            else:
                store.edit(self.record_id, self.values())
        except ValidationError as exc:
            self.show_messages(exc.errors, exc.warnings)
            self._focus_first_error(exc.errors)
            return False
        except FieldappError as exc:
            dialogs.show_error(self, self.windowTitle(), labels.error_text(exc))
            return False
        self._initial = self.values()
        self.context.records_changed.emit()
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

    # -- the map ---------------------------------------------------------------------------

    def set_coordinates(self, lat: float, lon: float) -> None:
        """A click on the map while this form is open places the record there."""
        for name, value in (("latitude", lat), ("longitude", lon)):
            editor = self.editors.get(name)
            if editor is not None:
                editor.set(round(value, 6))
                self.touched.add(name)
        self.validate()

    def offer_place(self, suggestion: dict[str, object]) -> None:
        """The map's nearest known place to the clicked point, offered (not imposed)."""
        self.suggestion = suggestion
        areas = ", ".join(str(suggestion[k]) for k in ("admin2", "admin1") if suggestion.get(k))
        self.suggestion_label.setText(
            self.tr("Nearest known place: {name} ({areas}), {km} km away").format(
                name=i18n.isolate(str(suggestion.get("location") or "")),
                areas=i18n.isolate(areas),
                km=i18n.digits(f"{float(suggestion.get('distance_km') or 0):.1f}"),
            )
        )
        self.suggestion_row.show()

    def use_suggestion(self) -> None:
        """Fill the place fields from the offered place; coordinates stay where clicked."""
        if not self.suggestion:
            return
        for name in ("location", "admin1", "admin1_pcode", "admin2", "country"):
            value = self.suggestion.get(name)
            editor = self.editors.get(name)
            if value and editor is not None:
                editor.set(value)
                self.touched.add(name)
        self.suggestion_row.hide()
        self.validate()

    def _disconnect(self) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.context.map_clicked.disconnect(self.set_coordinates)
        with contextlib.suppress(RuntimeError, TypeError):
            self.context.place_suggested.disconnect(self.offer_place)
