"""A drop-down list whose type-ahead finds what the user means.

Qt's own type-ahead in a closed QComboBox matches only the start of an item's text and
takes the first letter as a choice at once: typing `Air` in the 25 sub-event types picked
"Armed clash" on the `A` and never reached "Air/drone strike" (and the form then filled
the wrong event type). Here the letters typed in quick succession are one search; an item
whose text starts with them wins, then one where any word starts with them ("drone"
finds "Air/drone strike"), in the list's order. The item's stored value (the English
ACLED term) is searched too, so the English word works in the Arabic interface. When the
letters match nothing, the choice goes back to what it was before the typing began, and
`no_match` says what was typed, so a wrong guess never silently stays selected.
"""

from __future__ import annotations

import re
import time
import unicodedata

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox

_WORD_START = re.compile(r"(?:^|(?<=[\W_]))\w", re.UNICODE)
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # Arabic harakat and tatweel


def fold(text: str) -> str:
    """Case, Latin accents and Arabic vowel marks ignored."""
    text = unicodedata.normalize("NFKD", _MARKS.sub("", text))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def rank(text: str, typed: str) -> int | None:
    """0 when `text` starts with `typed`, 1 when one of its words does, else None."""
    text, typed = fold(text), fold(typed)
    if not typed:
        return None
    if text.startswith(typed):
        return 0
    for found in _WORD_START.finditer(text):
        if text.startswith(typed, found.start()):
            return 1
    return None


class TypeAheadCombo(QComboBox):
    """A QComboBox whose keyboard search is the one described in the module docstring.
    A choice made by typing emits `activated`, like a choice made with the mouse."""

    no_match = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.typed = ""
        self._last = 0.0
        self._before = -1

    def find_typed(self, typed: str) -> int:
        """The row the letters pick, or -1. Rows without a value (the blank) are skipped."""
        best: tuple[int, int] | None = None
        for row in range(self.count()):
            value = self.itemData(row)
            if value is None:
                continue
            ranks = [rank(self.itemText(row), typed)]
            if isinstance(value, str):
                ranks.append(rank(value, typed))
            found = min((r for r in ranks if r is not None), default=None)
            if found is not None and (best is None or found < best[0]):
                best = (found, row)
                if found == 0:
                    break
        return -1 if best is None else best[1]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        now = time.monotonic()
        fresh = now - self._last > QApplication.keyboardInputInterval() / 1000
        # A space starts nothing (it opens the list, as in any combo box) but may be part
        # of a search already under way ("armed c").
        if not (plain and text and text.isprintable() and (text != " " or not fresh)):
            super().keyPressEvent(event)
            return
        if fresh:
            self.typed = ""
            self._before = self.currentIndex()
        self._last = now
        self.typed += text
        row = self.find_typed(self.typed)
        found = row >= 0
        if not found:
            row = self._before
        if row != self.currentIndex() and row >= 0:
            self.setCurrentIndex(row)
            self.activated.emit(row)
        if not found:
            self.no_match.emit(self.typed)
        event.accept()
