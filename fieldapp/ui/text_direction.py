"""Free text laid out in the direction of its own first strong character.

A field worker writes notes in Arabic in the English interface, or a Latin place name in
the Arabic one. Laid out in the interface's direction, Arabic text sits on the left with
its full stop on the wrong side, and Latin text in an Arabic form sits on the right. Each
free-text box therefore follows its text (like a browser's dir="auto"), updating as the
user types; an empty box follows the interface.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

_RTL_CLASSES = frozenset({"R", "AL"})


def first_strong(text: str) -> Qt.LayoutDirection | None:
    """The direction of the first letter with a strong direction (Unicode bidi class L,
    R or AL), None when there is none (empty, digits, punctuation)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
        if kind in _RTL_CLASSES:
            return Qt.LayoutDirection.RightToLeft
    return None


class _Follower(QObject):
    """Keeps one widget's text direction in step with its text."""

    def __init__(self, widget: QLineEdit | QPlainTextEdit):
        super().__init__(widget)
        self.widget = widget
        self.direction: Qt.LayoutDirection | None = None
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self.update)
        else:
            widget.textChanged.connect(self.update)
            # A language switch resets the document's direction: apply ours again.
            widget.installEventFilter(self)
        self.update()

    def text(self) -> str:
        if isinstance(self.widget, QLineEdit):
            return self.widget.text()
        return self.widget.toPlainText()

    def update(self) -> None:
        direction = first_strong(self.text())
        if direction == self.direction:
            return
        self.direction = direction
        self.apply()

    def apply(self) -> None:
        widget, direction = self.widget, self.direction
        if isinstance(widget, QLineEdit):
            # The line edit lays out (and aligns to the leading edge) in its own direction.
            if direction is None:
                widget.unsetLayoutDirection()
            else:
                widget.setLayoutDirection(direction)
            return
        document = widget.document()
        option = QTextOption(document.defaultTextOption())
        if direction is None:
            direction = widget.layoutDirection()
        right = direction == Qt.LayoutDirection.RightToLeft
        option.setTextDirection(direction)
        option.setAlignment(
            Qt.AlignmentFlag.AlignAbsolute
            | (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
        )
        document.setDefaultTextOption(option)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self.apply()
        return False


def follow_text_direction(widget: QWidget) -> None:
    """Make a QLineEdit or QPlainTextEdit follow the direction of what is typed in it."""
    if isinstance(widget, (QLineEdit, QPlainTextEdit)):
        _Follower(widget)
