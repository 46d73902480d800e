"""Typing a passphrase: the dialog that asks for it, and the pieces every passphrase field
shares (an eye to show or hide it, a live length check).

A passphrase is typed blind, so a user who mistyped it must be able to look (the eye) and
try again without starting the operation over: the dialog checks the passphrase against
the device key itself, on a worker thread (scrypt is deliberately slow), and a wrong one
keeps the dialog open with "Wrong passphrase. Try again." instead of failing the export,
the report or the sealing key that asked. That retry lives here, once, for every caller of
`dialogs.ask_passphrase`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QFontMetrics,
    QIcon,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fieldapp.errors import FieldappError, WrongPassphrase
from fieldapp.identity.keys import MIN_PASSPHRASE, decrypt_private_key
from fieldapp.store import Store
from fieldapp.ui import jobs, labels

Check = Callable[[str], object]
_OK = "color: #1b7f3b;"  # green, readable on the light and the dark palette
_PENDING = "color: #6b6b6b;"
_ERROR = "color: #b3261e;"
# room the window manager takes beside the title: icon, buttons, margins
_TITLE_ALLOWANCE = 150


def eye_icon(hidden: bool, colour: QColor | None = None) -> QIcon:
    """An eye (drawn, so it needs no icon theme), struck through while the text is hidden."""
    size = 64
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour or QColor("#444444"), 5)
    painter.setPen(pen)
    outline = QPainterPath()
    outline.moveTo(6, 32)
    outline.quadTo(32, 6, 58, 32)
    outline.quadTo(32, 58, 6, 32)
    painter.drawPath(outline)
    painter.setBrush(pen.color())
    painter.drawEllipse(QPointF(32, 32), 8, 8)
    if hidden:
        painter.drawLine(QPointF(12, 54), QPointF(52, 10))
    painter.end()
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap.scaled(16, 16, Qt.AspectRatioMode.KeepAspectRatio))
    return icon


def add_reveal_action(field: QLineEdit) -> QAction:
    """An eye at the end of a password field that shows or hides what was typed."""
    field.setEchoMode(QLineEdit.EchoMode.Password)
    action = QAction(field)
    action.setObjectName("reveal_passphrase")
    action.setCheckable(True)

    def show(on: bool) -> None:
        field.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        action.setIcon(eye_icon(hidden=not on))
        action.setText(
            QCoreApplication.translate("Passphrase", "Hide the passphrase")
            if on
            else QCoreApplication.translate("Passphrase", "Show the passphrase")
        )
        action.setToolTip(action.text())

    action.toggled.connect(show)
    show(False)
    field.addAction(action, QLineEdit.ActionPosition.TrailingPosition)
    return action


class LengthCheck(QLabel):
    """ "At least 8 characters" under a new passphrase: grey until met, then green."""

    def __init__(self, field: QLineEdit, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("passphrase_length")
        self.field = field
        field.textChanged.connect(lambda _text: self.update_state())
        self.update_state()

    def met(self) -> bool:
        return len(self.field.text()) >= MIN_PASSPHRASE

    def update_state(self) -> None:
        text = QCoreApplication.translate("Passphrase", "at least {n} characters").format(
            n=labels.count(MIN_PASSPHRASE)
        )
        self.setText(("✓ " if self.met() else "• ") + text)
        self.setStyleSheet(_OK if self.met() else _PENDING)


def title_width(widget: QWidget, title: str) -> int:
    """A dialog width at which the window manager shows `title` whole."""
    font = widget.font()
    font.setBold(True)  # most title bars draw it bold: measure the wider one
    return QFontMetrics(font).horizontalAdvance(title) + _TITLE_ALLOWANCE


def device_key_check(store: Store) -> Check:
    """A check for `ask_passphrase`: the passphrase must open this device's signing key.

    The key envelope is read now, on the UI thread; the check itself (scrypt) touches no
    database, so it can run on the worker thread.
    """
    envelope = store.require_device().private_key
    return lambda secret: decrypt_private_key(envelope, secret)


class PassphraseDialog(QDialog):
    """Ask for a passphrase; with `check`, accept only one that passes it.

    `new=True` is for choosing a passphrase: it shows the live length check and refuses a
    short one.
    """

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        *,
        check: Check | None = None,
        new: bool = False,
        prompt: str | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("passphrase_dialog")
        self.check = check
        self.new = new
        self.job: jobs.Job | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(max(380, title_width(self, title)))
        self.prompt = QLabel(
            prompt or QCoreApplication.translate("Passphrase", "Passphrase of this device's key:")
        )
        self.prompt.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setObjectName("passphrase")
        self.prompt.setBuddy(self.field)
        self.field.setAccessibleName(self.prompt.text())
        self.reveal = add_reveal_action(self.field)
        self.length = LengthCheck(self.field) if new else None
        self.message = QLabel()
        self.message.setObjectName("passphrase_message")
        self.message.setStyleSheet(_ERROR)
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.field)
        if self.length is not None:
            layout.addWidget(self.length)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.field.setFocus()

    def passphrase(self) -> str:
        return self.field.text()

    def submit(self) -> None:
        """OK: a short new passphrase is refused here; a checked one is checked off the UI
        thread, and the dialog closes only when it passes."""
        if self.job is not None:
            return
        secret = self.field.text()
        if self.length is not None and not self.length.met():
            self._problem(
                QCoreApplication.translate(
                    "Passphrase", "The passphrase must be at least {n} characters."
                ).format(n=labels.count(MIN_PASSPHRASE)),
                select=False,  # keep typing: it is the start of the passphrase
            )
            return
        if not secret:
            self._problem(QCoreApplication.translate("Passphrase", "Type the passphrase."))
            return
        if self.check is None:
            self.accept()
            return
        check = self.check
        self._set_busy(True)
        self.job = jobs.run_job(
            self,
            QCoreApplication.translate("Passphrase", "Checking the passphrase"),
            lambda _progress, _cancelled: check(secret),
            self._passed,
            self._failed,
        )

    def _passed(self, _result: object) -> None:
        if self.job is None:
            return  # cancelled meanwhile
        self.job = None
        self._set_busy(False)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if self.job is None:
            return  # cancelled meanwhile
        self.job = None
        self._set_busy(False)
        if isinstance(exc, WrongPassphrase):
            self._problem(QCoreApplication.translate("Passphrase", "Wrong passphrase. Try again."))
        elif isinstance(exc, FieldappError):
            self._problem(labels.error_text(exc))

    def _problem(self, text: str, select: bool = True) -> None:
        """Say what is wrong under the field; a wrong passphrase is selected, so typing the
        next attempt replaces it."""
        self.message.setText(text)
        self.message.show()
        self.field.setFocus()
        if select:
            self.field.selectAll()
        else:
            self.field.end(False)

    def _set_busy(self, busy: bool) -> None:
        self.field.setEnabled(not busy)
        self.ok_button.setEnabled(not busy)
        if busy:
            self.message.setStyleSheet(_PENDING)
            self.message.setText(
                QCoreApplication.translate("Passphrase", "Checking the passphrase…")
            )
            self.message.show()
        else:
            self.message.setStyleSheet(_ERROR)
            self.message.hide()

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()  # the check writes nothing; its result is ignored
            self.job = None
        super().reject()
