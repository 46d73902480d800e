"""The window's offer to encrypt a plain database (File → Encrypt database…, and a warning
in the status bar that stays while the database is plain).

New databases are encrypted from the start; a plain one comes from an older fieldapp or
`fieldapp init --plain`, and anyone holding the laptop can read it. The offer is always in
sight rather than a one-time prompt that a busy field worker dismisses. Encrypting is
`fieldapp encrypt` (ops.files.encrypt: a backup first, an encrypted copy checked, an atomic
swap, the plain bytes overwritten) under the device key's passphrase, checked before
anything is touched; the window's store is closed meanwhile (the conversion needs the file
to itself) and the window reopens on the encrypted file, its key kept in memory.

A database encrypted in an earlier file format (store.older_format) gets the same offer,
worded as an update: the same command rewrites it in today's format, which reads and
writes faster, under the same passphrase.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QToolButton

from fieldapp.errors import Cancelled, FieldappError
from fieldapp.ops import Task
from fieldapp.ops import files as ops_files
from fieldapp.progress import CancelFlag, Progress
from fieldapp.ui import dialogs, i18n, jobs, labels
from fieldapp.ui.passphrase import device_key_check

if TYPE_CHECKING:
    from fieldapp.ops.files import Encrypted
    from fieldapp.store import Store
    from fieldapp.ui.main_window import MainWindow

_WARNING = "QToolButton { color: #8a4b00; font-weight: bold; border: none; padding: 0 6px; }"


def _offered(store: Store) -> bool:
    """Plain, or encrypted in an earlier format: what the offer is for."""
    return not store.encrypted or store.older_format


class EncryptOffer(QObject):
    """File → Encrypt database… and the status bar's "Not encrypted" button, for one window."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.job: jobs.Job | None = None
        self.action = window.add_menu_action(
            "file", self.tr("&Encrypt database…"), self.start, "action_encrypt_database"
        )
        menu = window.menu("file")  # beside Lock now: what protects the file
        menu.removeAction(self.action)
        menu.insertAction(window.lock_action, self.action)
        self.button = QToolButton()
        self.button.setObjectName("encrypt_offer")
        self.button.setStyleSheet(_WARNING)
        self.button.setText(self.tr("⚠ Not encrypted: encrypt…"))
        self.button.setToolTip(
            self.tr(
                "Anyone holding this laptop can read this database with ordinary tools. "
                "Encrypt it so that it opens only with the passphrase of this device's key."
            )
        )
        self.button.clicked.connect(self.start)
        window.statusBar().addPermanentWidget(self.button)
        store = window.context.store()
        if store.older_format:
            self.action.setText(self.tr("&Update the database's encryption…"))
            self.button.setText(self.tr("Older encryption format: update…"))
            self.button.setToolTip(
                self.tr(
                    "This database is encrypted in an earlier format of fieldapp's. It is "
                    "safe as it is; updating it makes it faster to read and write, under the "
                    "same passphrase."
                )
            )
        self.action.setEnabled(_offered(store))
        self.button.setVisible(_offered(store))

    @property
    def window(self) -> MainWindow:
        return self.parent()  # type: ignore[return-value]

    def start(self) -> jobs.Job | None:
        """Ask the device key's passphrase, then encrypt in the background; None if the
        user cancels or the window is busy (the status bar says with what)."""
        window = self.window
        problem = window.busy_reason()
        if problem:
            window.statusBar().showMessage(problem, 6000)
            return None
        store = window.context.store()
        if not _offered(store):
            return None
        if store.older_format:  # already encrypted: the passphrase and the copy are the same
            title = self.tr("Update the database's encryption")
        else:
            title = self.tr("Encrypt the database")
        secret = dialogs.ask_passphrase(window, title, device_key_check(store))
        if secret is None:
            return None
        path = window.context.db_path
        window.context.close()  # reopened by the next context.store(), whatever happens
        self.action.setEnabled(False)
        self.button.setEnabled(False)

        def encrypt(progress: Progress, cancelled: CancelFlag) -> Encrypted:
            # the key stays in this process's memory, for the window's stores
            return ops_files.encrypt(path, secret, task=Task(progress, cancelled))

        self.job = jobs.run_job(window, title, encrypt, self._done, self._failed)
        return self.job

    def _done(self, result: Encrypted) -> None:
        self.job = None
        window = self.window.switch_database(result.conversion.path)  # its key is known now
        if result.conversion.upgraded:
            text = self.tr("{file} is now in the current encrypted format (same passphrase).")
        else:
            text = self.tr("{file} is encrypted: it opens only with your passphrase from now on.")
        name = i18n.ltr(result.conversion.path.name)
        window.statusBar().showMessage(text.format(file=name), 10000)

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self.action.setEnabled(True)
        self.button.setEnabled(True)
        self.window.refresh()  # the store reopens, as it was
        if isinstance(exc, FieldappError) and not isinstance(exc, Cancelled):
            dialogs.show_error(self.window, self.tr("Encrypt the database"), labels.error_text(exc))
