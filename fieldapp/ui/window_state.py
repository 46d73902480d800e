"""What the window remembers between runs: its geometry and state, splitters, columns.

A laptop screen is often 1366×768 with a task bar, so the first start fits the window in
the screen's available geometry (with room for the window manager's title bar) instead of
a fixed 1280×800 whose status bar would fall off the bottom. After that the user's own
geometry is restored, but never larger than the screen it comes back on (a window saved on
a big monitor and reopened on the laptop is clamped).

Other views remember their splitters and table headers by name through
`MainWindow.remember(widget, key)`: anything with saveState()/restoreState() (QSplitter,
QHeaderView, QMainWindow). The state is restored at once if one was saved, and saved when
the widget is hidden (its dialog closed) and when the window closes or is rebuilt.

The settings live in their own file in the user config folder (`window.ini`), found
through the environment on each use, so each test (and each user) has its own.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QWidget

from fieldapp import paths

PREFERRED_SIZE = QSize(1280, 800)
# the window manager's frame is unknown before the first show: leave room for a title bar
FRAME_ALLOWANCE = QSize(16, 40)
GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
REMEMBER_PREFIX = "remember/"


def settings() -> QSettings:
    """The window's settings file (geometry, remembered widgets, recent databases)."""
    return QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)


def available_geometry(widget: QWidget) -> QRect:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget) -> None:
    """The preferred size, or less on a small screen; centred in the available area."""
    area = available_geometry(window)
    width = min(PREFERRED_SIZE.width(), area.width() - FRAME_ALLOWANCE.width())
    height = min(PREFERRED_SIZE.height(), area.height() - FRAME_ALLOWANCE.height())
    window.resize(max(width, 320), max(height, 240))
    top_left = area.center() - QPoint(window.width() // 2, (window.height() + 30) // 2)
    window.move(max(top_left.x(), area.left()), max(top_left.y(), area.top()))


def clamp_to_screen(window: QWidget) -> None:
    """No bigger than the available area, and inside it (a maximised window is left alone).

    Before the first show the frame is unknown (frameGeometry() is the geometry): the size
    then keeps FRAME_ALLOWANCE free for the title bar, the position uses what is known.
    """
    if window.isMaximized() or window.isFullScreen():
        return
    area = available_geometry(window)
    frame, inner = window.frameGeometry(), window.geometry()
    known = frame != inner
    extra_w = frame.width() - inner.width() if known else FRAME_ALLOWANCE.width()
    extra_h = frame.height() - inner.height() if known else FRAME_ALLOWANCE.height()
    width = min(inner.width(), area.width() - extra_w)
    height = min(inner.height(), area.height() - extra_h)
    if (width, height) != (inner.width(), inner.height()):
        window.resize(width, height)
    outer_w = width + (frame.width() - inner.width())
    outer_h = height + (frame.height() - inner.height())
    x = max(min(frame.x(), area.right() + 1 - outer_w), area.left())
    y = max(min(frame.y(), area.bottom() + 1 - outer_h), area.top())
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def restore_window(window: QMainWindow) -> bool:
    """The saved geometry and toolbar state, clamped to the screen; False on a first start
    (then the window is fitted to the screen)."""
    store = settings()
    geometry = store.value(GEOMETRY_KEY)
    state = store.value(STATE_KEY)
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)
    if isinstance(geometry, QByteArray) and window.restoreGeometry(geometry):
        clamp_to_screen(window)
        return True
    fit_to_screen(window)
    return False


def save_window(window: QMainWindow) -> None:
    store = settings()
    store.setValue(GEOMETRY_KEY, window.saveGeometry())
    store.setValue(STATE_KEY, window.saveState())
    store.sync()


class Memory(QObject):
    """Remembered widget states by name (see the module docstring)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._widgets: dict[str, QObject] = {}

    def remember(self, widget: QObject, key: str) -> bool:
        """Restore `widget`'s saved state now (True if there was one) and save it later."""
        if not hasattr(widget, "saveState") or not hasattr(widget, "restoreState"):
            raise TypeError(f"{type(widget).__name__} has no saveState()/restoreState()")
        self._widgets[key] = widget
        widget.installEventFilter(self)
        widget.destroyed.connect(lambda _obj=None, k=key: self._forget(k, widget))
        saved = settings().value(REMEMBER_PREFIX + key)
        if isinstance(saved, QByteArray) and not saved.isEmpty():
            return bool(widget.restoreState(saved))
        return False

    def keys(self) -> list[str]:
        return list(self._widgets)

    def save_all(self) -> None:
        store = settings()
        for key, widget in list(self._widgets.items()):
            store.setValue(REMEMBER_PREFIX + key, widget.saveState())
        store.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide:
            for key, widget in self._widgets.items():
                if widget is watched:
                    store = settings()
                    store.setValue(REMEMBER_PREFIX + key, widget.saveState())
                    store.sync()
        return False

    def _forget(self, key: str, widget: QObject) -> None:
        if self._widgets.get(key) is widget:
            del self._widgets[key]
