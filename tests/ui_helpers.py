"""What a person does with the window, as small functions the UI tests share."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying each character (QTest.keyClicks knows only ASCII keys)."""
    for ch in text:
        if ch.isascii():
            QTest.keyClick(widget, ch)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                widget,
                Qt.Key.Key_unknown,
                ch,
                Qt.KeyboardModifier.NoModifier,
            )


def click_row(qtbot, table: QAbstractItemView, row: int = 0) -> None:
    """Click a row of a table in its first visible column (scrolling it into view)."""
    model = table.model()
    qtbot.waitUntil(lambda: model.rowCount() > row, timeout=10_000)
    column = next(c for c in range(model.columnCount()) if not table.isColumnHidden(c))
    index = model.index(row, column)
    table.scrollTo(index)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def map_ready(qtbot, map_view) -> None:
    qtbot.waitUntil(lambda: getattr(map_view, "ready", False), timeout=30_000)
    qtbot.waitUntil(lambda: map_view.run_js("FieldMap.idle()"), timeout=10_000)


def click_map(qtbot, map_view, lat: float, lon: float, zoom: int = 13) -> None:
    """A real mouse click on the map at (lat, lon), after centring it there."""
    map_ready(qtbot, map_view)
    centre = "JSON.stringify(FieldMap.state.map.getCenter())"

    def there() -> bool:
        c = json.loads(map_view.run_js(centre))
        return abs(c["lat"] - lat) < 1e-3 and abs(c["lng"] - lon) < 1e-3

    # A map shown a moment ago may still fit itself to the records once more: centre it
    # until it stays there, as a person pans until the place is in view.
    for _ in range(20):
        map_view.run_js(
            f"FieldMap.state.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); 1"
        )
        qtbot.waitUntil(lambda: map_view.run_js("FieldMap.idle()"), timeout=10_000)
        qtbot.wait(100)
        if there():
            break
    assert there(), "the map would not stay where the click should be"
    xy = json.loads(
        map_view.run_js(
            f"JSON.stringify(FieldMap.state.map.latLngToContainerPoint([{lat}, {lon}]))"
        )
    )
    target = map_view.view.focusProxy() or map_view.view
    point = QPoint(round(xy["x"]), round(xy["y"]))
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
