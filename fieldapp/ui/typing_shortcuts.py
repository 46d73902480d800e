"""The window's commands keep their keys while the user types in a text field.

Before Qt tries a shortcut it sends the focus widget a ShortcutOverride event; a QLineEdit
accepts it for its editing keys, and with X11's key bindings (a Linux desktop) those
include Emacs-style Ctrl+letter combinations such as Ctrl+E ("end of line"). An accepted
override turns the shortcut into a plain key press for the field: with the cursor in the
search box, Ctrl+E (export), Ctrl+I (import) or Ctrl+P (print) did nothing.

One event filter, owned by the main window and put on its text fields, answers
ShortcutOverride: when the keys are the shortcut of an enabled action of the window
and are not a standard editing key (copy, paste, undo, select all, delete…), the override
is refused, so the action runs. Other windows (the record form, dialogs) are untouched.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

# What a text field keeps. Not the Emacs-style line keys (MoveToEndOfLine is Ctrl+E under
# X11's key bindings, DeleteEndOfLine Ctrl+K, …): End, Home and Shift+End do the same, and
# the window's commands matter more.
_EDITING = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Delete,
    QKeySequence.StandardKey.Backspace,
    QKeySequence.StandardKey.DeleteStartOfWord,
    QKeySequence.StandardKey.DeleteEndOfWord,
    QKeySequence.StandardKey.MoveToNextWord,
    QKeySequence.StandardKey.MoveToPreviousWord,
    QKeySequence.StandardKey.SelectNextWord,
    QKeySequence.StandardKey.SelectPreviousWord,
)
_TEXT_FIELDS = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit)
_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


@cache
def editing_keys() -> frozenset[int]:
    """The key combinations a text field must keep (as QKeyCombination.toCombined())."""
    keys: set[int] = set()
    for standard in _EDITING:
        for sequence in QKeySequence.keyBindings(standard):
            if sequence.count() == 1:
                keys.add(sequence[0].toCombined())
    return frozenset(keys)


class TypingShortcuts(QObject):
    """Watches the window's text fields: those there when the window is built
    (`watch_fields`) and any that takes the focus later.

    A filter on each field rather than one on the whole application: a Python filter on
    the application sees every event of every object, including objects being destroyed
    while the application shuts down, and crashed the interpreter at exit.
    """

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)

    @property
    def window(self) -> QMainWindow:
        """The Qt parent (no Python reference cycle with the window)."""
        return self.parent()  # type: ignore[return-value]

    def watch_fields(self) -> None:
        for field in self.window.findChildren(QWidget):
            if isinstance(field, _TEXT_FIELDS):
                field.installEventFilter(self)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and new.window() is self.window:
            new.installEventFilter(self)  # installing again only moves it to the front

    def commands(self) -> dict[int, str]:
        """Key combination → the text of the window action it triggers (enabled ones)."""
        found: dict[int, str] = {}
        editing = editing_keys()
        for action in self.window.actions():
            if not action.isEnabled():
                continue
            for sequence in action.shortcuts():
                if sequence.count() == 1:
                    combined = sequence[0].toCombined()
                    if combined not in editing:
                        found[combined] = action.text()
        return found

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        if not event.modifiers() & _MODIFIERS or watched.window() is not self.window:
            return False
        if event.keyCombination().toCombined() in self.commands():
            event.ignore()  # not the field's: Qt goes on to the shortcut
            return True
        return False
