"""Locking the window on an encrypted database: "Lock now" (Ctrl+L) and the idle lock.

A laptop left open at a checkpoint must not show the names in the records. Locking closes
the UI thread's store, drops the key from the process (Store.lock), hides every view and
closes the window's dialogs, and leaves only an unlock screen inside the window (as
KeePassXC does: the window stays where it was, so the user finds it again, and nothing but
the database's name is on screen). Unlocking checks the passphrase off the UI thread and
puts everything back as it was (tab, filter, selection, an unsaved form), reloading the
views. The widgets are not rebuilt: that keeps locking well under its 200 ms budget.

A plain database has nothing to lock: the action is disabled and says why.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QGuiApplication, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.errors import FieldappError, WrongPassphrase
from fieldapp.ops import EVERYTHING
from fieldapp.store import Store
from fieldapp.ui import i18n, jobs, labels, window_state
from fieldapp.ui.passphrase import add_reveal_action

if TYPE_CHECKING:
    from fieldapp.ui.main_window import MainWindow

LOCK_AFTER_ENV = "FIELDAPP_LOCK_AFTER_S"
LOCK_AFTER_KEY = "security/lock_after_s"
DEFAULT_LOCK_AFTER_S = 600
_ERROR = "color: #b3261e;"
_PENDING = "color: #6b6b6b;"
# What counts as the user being there: input, not the window repainting itself.
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


def lock_after_seconds() -> int:
    """The idle time before the window locks itself: $FIELDAPP_LOCK_AFTER_S (for tests),
    else the saved setting, else ten minutes; 0 turns the idle lock off."""
    value = os.environ.get(LOCK_AFTER_ENV, "").strip()
    if not value:
        value = str(window_state.settings().value(LOCK_AFTER_KEY, DEFAULT_LOCK_AFTER_S))
    try:
        return max(int(float(value)), 0)
    except ValueError:
        return DEFAULT_LOCK_AFTER_S  # a damaged setting must not turn the lock off


class _Activity(QObject):
    """The application's one input watcher: `input` on any key or mouse input in any of
    its windows.

    It watches the top-level windows (QWindow: every input event reaches one before its
    widget), not the whole application: an application-wide Python filter is called for
    every event of every object, including objects Qt is destroying, and crashed the
    process when a language change reached a half-deleted widget. One watcher, owned by
    the application and never deleted, serves every fieldapp window.
    """

    input = Signal()

    def watch(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # again on the same window: still once

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.input.emit()
        return False


_activity: list[_Activity] = []


def activity() -> _Activity:
    """The application's input watcher, made on first use; each window is watched from
    the first time it has the focus (a new dialog, the form)."""
    if not _activity:
        app = QGuiApplication.instance()
        watcher = _Activity(app)
        if isinstance(app, QGuiApplication):
            for window in app.topLevelWindows():
                watcher.watch(window)
            app.focusWindowChanged.connect(watcher.watch)
        _activity.append(watcher)
    return _activity[0]


class LockScreen(QWidget):
    """What a locked window shows: the database's name, a passphrase field, Unlock."""

    def __init__(self, locker: Locker, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.locker = locker
        self.job: jobs.Job | None = None
        panel = QFrame()
        panel.setObjectName("lock_panel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setMaximumWidth(460)
        panel.setMinimumWidth(380)
        self.title = QLabel(QCoreApplication.translate("Lock", "fieldapp is locked"))
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        name = i18n.ltr(locker.window.context.db_path.name)
        self.database = QLabel(name)
        self.database.setObjectName("lock_database")
        self.database.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt = QLabel(QCoreApplication.translate("Lock", "Passphrase:"))
        self.prompt.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setObjectName("lock_passphrase")
        self.field.setAccessibleName(self.prompt.text())
        self.prompt.setBuddy(self.field)
        add_reveal_action(self.field)
        self.field.returnPressed.connect(self.submit)
        self.message = QLabel()
        self.message.setObjectName("lock_message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.unlock_button = QPushButton(QCoreApplication.translate("Lock", "Unlock"))
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(10)
        for widget in (self.title, self.database, self.prompt, self.field, self.message):
            inner.addWidget(widget)
        inner.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def submit(self) -> None:
        """Unlock: the passphrase is checked on a worker thread (scrypt takes most of a
        second); a wrong one is said here and selected, so the next attempt replaces it."""
        if self.job is not None:
            return
        secret = self.field.text()
        if not secret:
            self._say(QCoreApplication.translate("Lock", "Type the passphrase."), _ERROR)
            return
        path = self.locker.window.context.db_path
        self.field.setEnabled(False)
        self.unlock_button.setEnabled(False)
        self._say(QCoreApplication.translate("Lock", "Checking the passphrase…"), _PENDING)
        self.job = jobs.run_job(
            self,
            QCoreApplication.translate("Lock", "Checking the passphrase"),
            lambda _progress, _cancelled: Store.unlock(path, secret, open_signing_key=True),
            self._passed,
            self._failed,
        )

    def _passed(self, _result: object) -> None:
        self.job = None
        self.locker.unlocked()

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self.field.setEnabled(True)
        self.unlock_button.setEnabled(True)
        if isinstance(exc, WrongPassphrase):
            self._say(QCoreApplication.translate("Lock", "Wrong passphrase. Try again."), _ERROR)
        elif isinstance(exc, FieldappError):
            self._say(labels.error_text(exc), _ERROR)
        self.field.setFocus()
        self.field.selectAll()

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)
        self.message.show()


class Locker(QObject):
    """Locks and unlocks one window; watches the application's input for the idle lock."""

    def __init__(self, window: MainWindow, action: QAction):
        super().__init__(window)
        self.action = action
        self.encrypted = Store.is_encrypted(window.context.db_path)
        self.screen: LockScreen | None = None
        self._saved: dict[str, object] = {}
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        action.setObjectName("action_lock")
        if not self.encrypted:
            action.setEnabled(False)
            tip = QCoreApplication.translate(
                "Lock",
                "Encrypt the database first (fieldapp encrypt): a plain one cannot be locked",
            )
            action.setToolTip(tip)
            action.setStatusTip(tip)
            # On a plain database the entry is a line of information, not a command (the
            # convention of the File menu's "No other databases…"; the inventory test
            # skips such lines).
            action.setProperty("information", True)
            return
        seconds = lock_after_seconds()
        if seconds > 0:
            self.timer.setInterval(seconds * 1000)
            self.timer.start()
            watcher = activity()
            watcher.input.connect(self._input)
            watcher.watch(window.windowHandle())

    @property
    def window(self) -> MainWindow:
        """The Qt parent, not a Python attribute (see FileActions.window: no cycle)."""
        return self.parent()  # type: ignore[return-value]

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def _input(self) -> None:
        """Any keyboard or mouse input starts the idle time again."""
        if not self.locked:
            self.timer.start()

    def idle(self) -> None:
        """The idle time ran out: lock, or try again later if a task is running."""
        if not self.lock():
            self.timer.start()

    def lock(self) -> bool:
        """Lock now; False (and the status bar says why) while a background task runs:
        its worker thread holds its own connection to the database."""
        w = self.window
        if self.locked:
            return True
        if not self.encrypted:
            return False
        if jobs.running_jobs():
            w.statusBar().showMessage(
                QCoreApplication.translate(
                    "Lock", "Cannot lock while a task is running: wait for it to finish."
                ),
                6000,
            )
            return False
        self.timer.stop()
        self._saved = {}
        self._close_windows()  # keeps an unsaved form in _saved
        for view in w.views.values():  # what a view holds of the records beyond the store
            forget = getattr(view, "forget_on_lock", None)
            if forget is not None:
                forget()
        self._saved |= {
            "focus": QApplication.focusWidget(),
            "toolbar": not w.toolbar.isHidden(),
            "status": not w.statusBar().isHidden(),
            "actions": {a: a.isEnabled() for a in w.findChildren(QAction) if a.isEnabled()},
        }
        for action in self._saved["actions"]:  # type: ignore[union-attr]
            action.setEnabled(False)  # no shortcut may open a form over the lock screen
        w.toolbar.hide()
        w.statusBar().hide()  # it names the device's user and counts records
        self.screen = LockScreen(self)
        w.stack.addWidget(self.screen)
        w.stack.setCurrentWidget(self.screen)
        w.context.close()
        Store.lock(w.context.db_path)
        self.screen.field.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _close_windows(self) -> None:
        """Close every window this one opened (history, dialogs, menus); a form with unsaved
        changes is only hidden and comes back after unlocking, so no typing is lost."""
        w = self.window
        form = w.form
        if form is not None and form.is_dirty():
            form.hide()
            self._saved["form"] = form
        elif form is not None:
            form.done(0)
        for widget in QApplication.topLevelWidgets():
            if widget is w or widget is form or not widget.isVisible() or not _owned(w, widget):
                continue
            if isinstance(widget, QDialog):
                widget.reject()
            widget.close()

    def unlocked(self) -> None:
        """The passphrase opened the database: put the window back as it was and read
        everything again."""
        w = self.window
        screen, self.screen = self.screen, None
        w.stack.setCurrentIndex(0)
        if screen is not None:
            w.stack.removeWidget(screen)
            screen.deleteLater()
        for action in self._saved.get("actions", {}):  # type: ignore[union-attr]
            action.setEnabled(True)
        w.toolbar.setVisible(bool(self._saved.get("toolbar")))
        w.statusBar().setVisible(bool(self._saved.get("status", True)))
        w.context.announce(EVERYTHING)
        w._update_actions()
        form = self._saved.get("form")
        if isinstance(form, QDialog):
            form.show()
        focus = self._saved.get("focus")
        if isinstance(focus, QWidget) and _alive(focus) and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._saved = {}
        if self.timer.interval() > 0 and lock_after_seconds() > 0:
            self.timer.start()


def _owned(window: QWidget, widget: QWidget) -> bool:
    """Whether `widget` (another top-level window) belongs to `window`."""
    parent = widget.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:  # deleted by Qt meanwhile
        return False
    return True
