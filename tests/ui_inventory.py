"""Every control a person can reach, and whether pressing it does something.

The inventory walks every QAction and QAbstractButton of the main window, its views and the
dialogs they open (recursively), the way a person would find them: menus, toolbars, view
buttons, dialog buttons. Each one is then pressed in a fresh window on a fresh copy of the
demo database (`action.trigger()`, `qtbot.mouseClick` on the button), and the observable
state of the application (every visible widget's text, check state, selection and model
contents, the status bar, the clipboard, top-level windows, the focus, the files in the
test's folder, the database) is compared before and after. A control that is never reached
enabled, or that changes nothing, is reported by name.

New controls join automatically: a button added to a dialog is found the next time the
dialog is opened. A control that is only enabled in some state gets a *recipe* in
tests/test_ui_inventory.py that puts the window in that state through the real widgets.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QThread, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QRadioButton,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)

# Qt's own dialogs: their buttons are Qt's, not ours (a file chooser goes through the
# file_dialogs seam; a message box's OK is tested by Qt).
QT_DIALOGS = (QMessageBox, QInputDialog, QFileDialog)
# Containers whose buttons are part of a Qt widget (a line edit's clear button, a tab bar's
# scroll arrows, a calendar's month buttons, a table's corner button).
QT_PARTS = (
    QLineEdit,
    QTabBar,
    QMenuBar,
    QCalendarWidget,
    QAbstractSpinBox,
    QHeaderView,
    QComboBox,
    QAbstractItemView,
)


def _ours(obj: QObject) -> bool:
    return type(obj).__module__.startswith("fieldapp")


def label_of(obj: QObject) -> str:
    """How a person names the control: its text without the mnemonic, else its tooltip."""
    text = obj.text() if hasattr(obj, "text") else ""
    text = re.sub(r"&(?!&)", "", text or "").replace("&&", "&").strip()
    if not text and hasattr(obj, "toolTip"):
        text = obj.toolTip().split("\n")[0].strip()
    if not text and hasattr(obj, "accessibleName"):
        text = obj.accessibleName()
    return text or obj.objectName()


def owner_of(obj: QObject) -> QObject | None:
    """The nearest fieldapp widget or Qt dialog that holds the control."""
    parent = obj.parent()
    while parent is not None:
        if _ours(parent) or isinstance(parent, QDialog):
            return parent
        parent = parent.parent()
    return None


def key_of(obj: QObject) -> str:
    """Owner and label; numbers in a label ("(132 revisions)") change with the data."""
    owner = owner_of(obj)
    label = re.sub(r"\d+", "N", label_of(obj))
    if owner is None:
        return f"? / {label}"
    # two views of one class (the incidents and displacement tables) differ by name
    name = owner.objectName()
    where = f"{type(owner).__name__}#{name}" if name.startswith("view_") else type(owner).__name__
    return f"{where} / {label}"


def _inside_qt_part(obj: QObject) -> bool:
    parent = obj.parent()
    while parent is not None and not _ours(parent):
        if isinstance(parent, QT_PARTS):
            return True
        parent = parent.parent()
    return isinstance(obj.parent(), QT_PARTS)


def controls(root: QWidget) -> list[QObject]:
    """The actions and buttons of `root` a person can use (not Qt's own internals)."""
    found: list[QObject] = []
    for action in root.findChildren(QAction):
        if action.isSeparator() or action.menu() is not None:
            continue
        if action.objectName().startswith("_q_") or isinstance(action.parent(), QT_PARTS):
            continue
        if isinstance(action.parent(), QMenu) and action.parent().menuAction() is action:
            continue
        if not label_of(action):
            continue
        if action.property("information"):
            continue  # a disabled line of information in a menu ("No other databases…")
        found.append(action)
    for button in root.findChildren(QAbstractButton):
        name = button.objectName()
        if name.startswith(("qt_", "_q_", "Scroll")) or _inside_qt_part(button):
            continue
        if isinstance(button, QToolButton) and button.defaultAction() is not None:
            continue  # a toolbar button is its action, which is in the list already
        if isinstance(owner_of(button), QT_DIALOGS):
            continue
        found.append(button)
    return found


@dataclass(frozen=True)
class Item:
    """A control, and the controls to press first (from the window) to reach it."""

    path: tuple[str, ...]
    key: str


@dataclass
class Outcome:
    key: str
    path: tuple[str, ...]
    enabled: bool = True
    changed: list[str] = field(default_factory=list)
    error: str = ""


# -- watching what the application does --------------------------------------------------


class ModalWatch:
    """Closes a dialog that blocks in exec() (a question, a print dialog) and notes it."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.base_level = 0
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or QThread.currentThread().loopLevel() <= self.base_level:
            return
        self.seen.append(f"{type(widget).__name__}: {widget.windowTitle()}")
        if isinstance(widget, QDialog):
            widget.reject()
        else:
            widget.close()

    def stop(self) -> None:
        self.timer.stop()


def _widget_state(w: QWidget) -> tuple:
    base = (type(w).__name__, w.objectName(), w.isVisible(), w.isEnabled())
    if isinstance(w, QLabel):
        return (*base, w.text())
    if isinstance(w, QLineEdit):
        return (*base, w.text())
    if isinstance(w, QAbstractButton):
        return (*base, w.text(), w.isChecked())
    if isinstance(w, QComboBox):
        return (*base, w.currentText(), w.count())
    if isinstance(w, QTabWidget | QStackedWidget):
        return (*base, w.currentIndex(), w.count())
    if isinstance(w, QPlainTextEdit | QTextEdit):
        return (*base, w.toPlainText())
    if isinstance(w, QProgressBar):
        return (*base, w.value(), w.maximum())
    if isinstance(w, QAbstractItemView) and w.model() is not None:
        model = w.model()
        rows = model.rowCount(QModelIndex())
        try:
            cols = model.columnCount(QModelIndex())
        except TypeError:  # a list model: one column, and Qt keeps columnCount private
            cols = 1
        digest = hashlib.sha1()
        for r in range(min(rows, 40)):
            for c in range(cols):
                digest.update(str(model.index(r, c).data()).encode())
        selected = ()
        if w.selectionModel() is not None:
            selected = tuple(sorted(i.row() for i in w.selectionModel().selectedRows()))
        return (*base, rows, cols, digest.hexdigest(), selected)
    return base


def snapshot(folder: Path) -> dict[str, object]:
    """Everything a person could notice, as comparable values."""
    state: dict[str, object] = {}
    tops = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    state["windows"] = sorted(f"{type(w).__name__}:{w.windowTitle()}" for w in tops)
    for top in tops:
        name = f"{type(top).__name__}:{top.windowTitle()}"
        if isinstance(top, QMainWindow):
            state[f"{name} status"] = top.statusBar().currentMessage()
            state[f"{name} geometry"] = (top.isMaximized(), top.isFullScreen())
        focus = top.focusWidget()
        state[f"{name} focus"] = (type(focus).__name__, focus.objectName()) if focus else None
        widgets = [top, *top.findChildren(QWidget)]
        state[f"{name} widgets"] = [_widget_state(w) for w in widgets]
    state["clipboard"] = QGuiApplication.clipboard().text()
    files = []
    for path in sorted(folder.rglob("*")):
        try:
            stat = path.stat()
        except OSError:  # removed while we looked (a temporary file)
            continue
        files.append((str(path.relative_to(folder)), stat.st_size, stat.st_mtime_ns))
    state["files"] = files
    return state


def differences(before: dict[str, object], after: dict[str, object]) -> list[str]:
    return [key for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)]


# -- walking -----------------------------------------------------------------------------


def reveal(widget: QWidget) -> None:
    """Bring the page holding the widget to the front (a tab, a stacked page)."""
    chain = []
    parent = widget
    while parent is not None:
        chain.append(parent)
        parent = parent.parentWidget()
    for child in reversed(chain):
        holder = child.parentWidget()
        tabs = holder.parentWidget() if holder is not None else None
        # a tab is navigation; other stacked pages show a state (deleted records, start screen)
        if (
            isinstance(holder, QStackedWidget)
            and isinstance(tabs, QTabWidget)
            and (holder.indexOf(child) >= 0)
        ):
            holder.setCurrentWidget(child)


def find(roots: Iterable[QWidget], key: str) -> QObject | None:
    for root in roots:
        for control in controls(root):
            if key_of(control) == key:
                return control
    return None


def press(qtbot, control: QObject) -> None:
    if isinstance(control, QAction):
        control.trigger()
        return
    reveal(control)
    QApplication.processEvents()
    if not control.isVisible():
        control.window().show()
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton)


def new_top_levels(before: set[int]) -> list[QWidget]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible()
        and id(w) not in before
        and not isinstance(w, QMenu)
        and w.windowType() != Qt.WindowType.ToolTip
    ]


@dataclass
class Walk:
    """Press every control; `make_window(folder)` copies the database and builds a window;
    `recipes[key](walk, window, control)` puts the window in the state a control needs.

    One window serves while it lasts: a control that closes or replaces it (Quit, a change
    of language, another database) gets a fresh one for the next control.
    """

    qtbot: object
    make_window: Callable[[Path], QMainWindow]
    folder: Path
    recipes: dict[str, Callable] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    watch: ModalWatch | None = None
    cleanup: Callable[[], None] = lambda: None
    log: Callable[[str], None] = lambda text: None
    window: QMainWindow | None = None
    workdir: Path | None = None
    windows_made: int = 0
    dirty: bool = False

    def run(self) -> dict[str, Outcome]:
        self.watch = ModalWatch()
        try:
            window = self._window()
            queue = [Item((), key) for key in dict.fromkeys(key_of(c) for c in controls(window))]
            seen = set(queue)
            while queue:
                item = queue.pop(0)
                self.log(" → ".join((*item.path, item.key)))
                for found in self._press(item):
                    if found not in seen and found.key not in self.outcomes:
                        seen.add(found)
                        queue.append(found)
        finally:
            self.watch.stop()
            self._close_window()
        return self.outcomes

    def _window(self) -> QMainWindow:
        alive = self.window is not None and shiboken6.isValid(self.window)
        if alive and self.window.isVisible() and not self.replaced() and not self.dirty:
            return self.window
        self._close_window()
        self.windows_made += 1
        self.workdir = self.folder / f"run{self.windows_made}"
        self.workdir.mkdir(parents=True)
        self.window = self.make_window(self.workdir)
        return self.window

    def replaced(self) -> bool:
        others = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMainWindow) and w.isVisible() and w is not self.window
        ]
        return bool(others)

    def _close_window(self) -> None:
        from fieldapp.ui import jobs

        jobs.wait_all()
        self._close_dialogs()
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMainWindow) and w.isVisible():
                if getattr(w, "form", None) is not None:
                    w.form.done(0)
                w.close()
                w.deleteLater()
        self.window = None
        self.dirty = False
        self.cleanup()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()

    def _close_dialogs(self) -> None:
        for w in QApplication.topLevelWidgets():
            if w.isVisible() and isinstance(w, QDialog):
                w.done(0)
        QApplication.processEvents()

    def _wait_idle(self) -> None:
        from fieldapp.ui import jobs

        self.watch.base_level = 1
        try:
            self.qtbot.wait(40)
            self.qtbot.waitUntil(lambda: not jobs.running_jobs(), timeout=60_000)
            self.qtbot.wait(20)
        finally:
            self.watch.base_level = 0

    def _press(self, item: Item) -> list[Item]:
        window = self._window()
        self.reset(window)
        outcome = Outcome(item.key, item.path)
        self.outcomes[item.key] = outcome
        roots: list[QWidget] = [window]
        try:
            for step in item.path:
                control = find(roots, step)
                if control is None:
                    outcome.error = f"cannot reach it again: {step!r} is gone"
                    return []
                self._prepare(step, window, control)
                if self.window is not window:  # the recipe needed another window
                    window = self.window
                    roots = [window]
                    control = find(roots, step)
                if control is None or not control.isEnabled():
                    outcome.error = f"cannot reach it again: {step!r} is not enabled"
                    return []
                opened_before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
                press(self.qtbot, control)
                self._wait_idle()
                roots = [*new_top_levels(opened_before), *roots]
            control = find(roots, item.key)
            if control is None:
                here = sorted({key_of(c) for r in roots for c in controls(r)})
                outcome.error = f"not found where it was found before; there: {here}"
                return []
            if isinstance(control, QWidget):
                reveal(control)
                self._wait_idle()
            self._prepare(item.key, window, control)
            if self.window is not window:  # the recipe needed another window
                window = self.window
                self.dirty = True  # which is no start for the next control
                control = find([window], item.key)
                if control is None:
                    outcome.error = "not in the window its recipe made"
                    return []
            if isinstance(control, QWidget):
                reveal(control)
                QApplication.processEvents()
            if not control.isEnabled() or (
                isinstance(control, QWidget)
                and not control.isVisibleTo(window)
                and not control.isVisible()
            ):
                outcome.enabled = False
                return []
            if isinstance(control, QRadioButton) and control.isChecked():
                self._choose_another(control)  # choosing the chosen one is no choice
            opened_before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
            self._wait_idle()
            before = snapshot(self.workdir)
            modal_before = len(self.watch.seen)
            press(self.qtbot, control)
            self._wait_idle()
            after = snapshot(self.workdir)
            outcome.changed = differences(before, after)
            # Whatever it changed (the database, a check box) is no start for the next one.
            self.dirty = self.dirty or bool(outcome.changed)
            if len(self.watch.seen) > modal_before:
                outcome.changed.append("modal: " + "; ".join(self.watch.seen[modal_before:]))
            asked = getattr(self, "file_dialogs", None)
            if asked is not None and asked.asked:
                outcome.changed.append(f"file chooser: {asked.asked[-1]}")
                asked.asked.clear()
            found = []
            for top in new_top_levels(opened_before):
                if isinstance(top, (*QT_DIALOGS, QMainWindow)):
                    continue
                for c in controls(top):
                    found.append(Item((*item.path, item.key), key_of(c)))
            return found
        except Exception as exc:  # reported with the control's name, not a bare traceback
            outcome.error = f"{type(exc).__name__}: {exc}"
            return []
        finally:
            self._close_dialogs()

    def _choose_another(self, radio: QRadioButton) -> None:
        group = radio.group()
        others = group.buttons() if group else radio.parentWidget().findChildren(QRadioButton)
        for other in others:
            if other is not radio and other.isEnabled():
                self.qtbot.mouseClick(other, Qt.MouseButton.LeftButton)
                return

    def reset(self, window: QMainWindow) -> None:
        """Back to where a person starts: the first view, no filter, no open dialog."""
        if hasattr(window, "show_view"):
            window.show_view(next(iter(window.views)))
        if hasattr(window, "filter_bar"):
            window.filter_bar.clear()
        self._wait_idle()

    def _prepare(self, key: str, window: QMainWindow, control: QObject) -> None:
        recipe = self.recipes.get(key)
        if recipe is not None:
            recipe(self, window, control)
            self.dirty = True  # a window put in a special state is no start for the next one
            self._wait_idle()

    def wait_until(self, condition: Callable[[], bool], timeout: int = 30_000) -> None:
        """For a recipe: wait as the walk itself waits, so that a window-modal dialog (a
        wizard, the active modal widget while it is open) is not closed as a question."""
        self.watch.base_level = 1
        try:
            self.qtbot.waitUntil(condition, timeout=timeout)
        finally:
            self.watch.base_level = 0

    def replace_window(self, make: Callable[[Path], QMainWindow]) -> QMainWindow:
        """For a recipe: a window of another kind (an empty database, say) for this control."""
        self._close_window()
        self.windows_made += 1
        self.workdir = self.folder / f"run{self.windows_made}"
        self.workdir.mkdir(parents=True)
        self.window = make(self.workdir)
        return self.window
