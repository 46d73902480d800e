"""The widgets of the record form, one per field kind, each read and written as the raw
value domain.validation understands (moved out of record_form.py, which lays them out).

Text boxes follow the direction of what is typed in them (fieldapp.ui.text_direction);
choices use the word-start type-ahead of fieldapp.ui.choice_field.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from fieldapp.domain.fields import Field
from fieldapp.ui import labels
from fieldapp.ui.choice_field import TypeAheadCombo
from fieldapp.ui.text_direction import follow_text_direction


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecordForm", text)


PLACEHOLDERS = {
    "date": QT_TRANSLATE_NOOP("RecordForm", "YYYY-MM-DD"),
    "idlist": QT_TRANSLATE_NOOP("RecordForm", "incident ids, separated by commas"),
    "latitude": QT_TRANSLATE_NOOP("RecordForm", "Latitude"),
    "longitude": QT_TRANSLATE_NOOP("RecordForm", "Longitude"),
}


class Editor(QObject):
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


class LineEditor(Editor):
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
        if f.type == "text":
            follow_text_direction(edit)
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


class NotesEditor(Editor):
    save_requested = Signal()

    def __init__(self, f: Field):
        edit = QPlainTextEdit()
        super().__init__(f, edit)
        self.edit = edit
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(90)
        edit.setPlaceholderText(QCoreApplication.translate("RecordForm", "Ctrl+Enter saves"))
        edit.installEventFilter(self)
        follow_text_direction(edit)
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


class ChoiceEditor(Editor):
    def __init__(self, f: Field):
        combo = TypeAheadCombo()
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


class MultiEditor(Editor):
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


def make_editor(f: Field) -> Editor:
    if f.type == "choice":
        return ChoiceEditor(f)
    if f.type == "multi":
        return MultiEditor(f)
    if f.multiline:
        return NotesEditor(f)
    return LineEditor(f)
