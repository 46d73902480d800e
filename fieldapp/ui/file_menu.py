"""File menu: New database…, Open database…, Recent databases, Back up…, Restore….

A field worker keeps one database per deployment and a coordinator one per region, so the
window switches databases without a restart: it rebuilds itself on the new file the way a
change of language rebuilds it (MainWindow.switch_database). A new or never-initialised
database first gets this device's identity from the first-run dialog.

Back up and restore go through `fieldapp.store.backup` (the CLI's `backup` and
`restore-backup` do the same): a backup is a consistent copy taken while the database is
open; a restore checks the file, asks, keeps the current database beside itself, replaces
it and reloads every view. Bad input (not a database, a newer schema, a missing file) gets
one message and changes nothing.

The recent list (the last eight files opened) is kept in the window's settings file; a
file that has gone is shown greyed out rather than silently dropped, so the user sees that
it moved.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu

from fieldapp.errors import FieldappError
from fieldapp.ops import Task
from fieldapp.ops import files as ops_files
from fieldapp.store import Store
from fieldapp.store.backup import check_database_file
from fieldapp.ui import dialogs, i18n, jobs, labels, window_state

if TYPE_CHECKING:
    from fieldapp.ui.main_window import MainWindow

RECENT_KEY = "files/recent"
RECENT_MAX = 8


def recent_databases() -> list[Path]:
    """Most recent first; files that no longer exist are kept (shown greyed)."""
    value = window_state.settings().value(RECENT_KEY, [])
    if isinstance(value, str):  # QSettings returns a one-element list as a string
        value = [value]
    return [Path(v) for v in (value or []) if v]


def add_recent(path: Path) -> list[Path]:
    path = Path(os.path.abspath(path))
    paths = [path] + [p for p in recent_databases() if p != path]
    store = window_state.settings()
    store.setValue(RECENT_KEY, [str(p) for p in paths[:RECENT_MAX]])
    store.sync()
    return paths[:RECENT_MAX]


def _database_filters() -> str:
    return QCoreApplication.translate(
        "FileActions", "fieldapp databases (*.db *.sqlite);;All files (*)"
    )


class FileActions(QObject):
    """The database commands of the File menu, for one window."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.job: jobs.Job | None = None
        self.first_run_dialog: QDialog | None = None
        add = window.add_menu_action
        self.new_action = add(
            "file", self.tr("&New database…"), self.new_database, "action_new_database"
        )
        self.open_action = add(
            "file", self.tr("&Open database…"), self.open_database, "action_open_database"
        )
        self.open_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.recent_menu = QMenu(self.tr("&Recent databases"), window)
        self.recent_menu.setObjectName("menu_recent")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        self.backup_action = add("file", self.tr("&Back up…"), self.back_up, "action_backup")
        self.restore_action = add(
            "file", self.tr("&Restore from backup…"), self.restore, "action_restore_backup"
        )
        menu = window.menu("file")
        ours = (self.new_action, self.open_action, self.backup_action, self.restore_action)
        for action in ours:  # added at the end; they go first
            menu.removeAction(action)
        first = menu.actions()[0] if menu.actions() else None
        for action in (self.new_action, self.open_action):
            menu.insertAction(first, action)
        menu.insertMenu(first, self.recent_menu)
        menu.insertSeparator(first)
        menu.insertAction(first, self.backup_action)
        menu.insertAction(first, self.restore_action)
        menu.insertSeparator(first)
        add_recent(window.context.db_path)
        self.fill_recent()

    @property
    def window(self) -> MainWindow:
        """The Qt parent, not a Python attribute: a reference cycle would keep a replaced
        window's wrapper alive after Qt deleted it."""
        return self.parent()  # type: ignore[return-value]

    # -- recent ----------------------------------------------------------------------------

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        current = Path(os.path.abspath(self.window.context.db_path))
        shown = [p for p in recent_databases() if p != current]
        for path in shown:
            text = f"{i18n.ltr(path.name)} — {i18n.ltr(path.parent)}"
            action = QAction(text, self.recent_menu)
            action.setObjectName("action_recent")
            action.setData(str(path))
            if not path.exists():
                action.setEnabled(False)
                action.setText(self.tr("{file} (not found)").format(file=text))
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))
            self.recent_menu.addAction(action)
        if not shown:
            empty = self.recent_menu.addAction(self.tr("No other databases opened yet"))
            empty.setEnabled(False)
            empty.setProperty("information", True)  # a line to read, not a command

    # -- new and open ----------------------------------------------------------------------

    def _folder(self) -> str:
        return str(self.window.context.db_path.parent)

    def new_database(self) -> bool:
        path = dialogs.save_file(
            self.window,
            self.tr("New database"),
            str(Path(self._folder()) / "field.db"),
            _database_filters(),
        )
        if not path:
            return False
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".db")
        if target.exists():
            dialogs.show_error(
                self.window,
                self.tr("New database"),
                self.tr(
                    "{file} already exists. To work in it, use File → Open database…; "
                    "nothing was changed."
                ).format(file=i18n.ltr(target)),
            )
            return False
        if not self._set_up(target):  # the dialog makes it, encrypted
            _remove_new_database(target)  # anything a failed attempt left
            return False
        self.window.switch_database(target)
        return True

    def open_database(self) -> bool:
        path = dialogs.open_file(
            self.window, self.tr("Open database"), self._folder(), _database_filters()
        )
        return self.open_path(Path(path)) if path else False

    def open_path(self, path: Path) -> bool:
        """Switch the window to the database at `path` after checking it is one."""
        title = self.tr("Open database")
        if Path(os.path.abspath(path)) == Path(os.path.abspath(self.window.context.db_path)):
            self.window.statusBar().showMessage(self.tr("That database is already open."), 5000)
            return False
        problem = self.window.busy_reason()
        if problem:
            self.window.statusBar().showMessage(problem, 6000)
            return False
        try:
            if Store.is_encrypted(path):  # checked by its passphrase, then by opening it
                from fieldapp.ui.app import unlock

                if Store.is_locked(path) and not unlock(path, self.window):
                    return False
            else:
                check_database_file(path)
            with Store.open(path, create=False) as store:
                if not self._identity(store):
                    return False
        except FieldappError as exc:
            self._refused(title, path, exc)
            return False
        self.window.switch_database(path)
        return True

    def _identity(self, store: Store) -> bool:
        """This device's identity in `store`: there already, or made by the first-run dialog."""
        return store.device() is not None or self._set_up(store)

    def _set_up(self, target: Store | Path) -> bool:
        """The first-run dialog on a new database's path (it makes the database) or on a
        store without a device; False if the user quit it."""
        from fieldapp.ui.first_run import FirstRunDialog  # cryptography: only when needed

        dialog = FirstRunDialog(target, self.window)
        self.first_run_dialog = dialog
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self.first_run_dialog = None
            dialog.deleteLater()

    def _refused(self, title: str, path: Path, exc: FieldappError) -> None:
        dialogs.show_error(
            self.window,
            title,
            self.tr("{file} cannot be used:").format(file=i18n.ltr(path.name))
            + "\n\n"
            + labels.error_text(exc),
        )

    # -- back up and restore ---------------------------------------------------------------

    def back_up(self) -> jobs.Job | None:
        db = self.window.context.db_path
        stamp = dt.date.today().isoformat()
        suggested = db.with_name(f"{db.stem}-backup-{stamp}.db")
        path = dialogs.save_file(
            self.window, self.tr("Back up the database"), str(suggested), _database_filters()
        )
        if not path:
            return None
        out = Path(path)
        if not out.suffix:
            out = out.with_suffix(".db")

        def work(progress: jobs.Progress, cancelled: jobs.CancelFlag) -> ops_files.BackedUp:
            return ops_files.backup(db, out, replace=True, task=Task(progress, cancelled))

        def done(result: ops_files.BackedUp) -> None:
            self.window.statusBar().showMessage(
                self.tr("Backed up to {file}").format(file=i18n.ltr(result.path)), 10000
            )

        self.job = jobs.run_job(self.window, self.tr("Backing up"), work, done)
        return self.job

    def restore(self) -> jobs.Job | None:
        title = self.tr("Restore from backup")
        path = dialogs.open_file(self.window, title, self._folder(), _database_filters())
        if not path:
            return None
        source = Path(path)
        problem = self.window.busy_reason()
        if problem:
            self.window.statusBar().showMessage(problem, 6000)
            return None
        db = self.window.context.db_path
        secret = self._backup_passphrase(title, db, source)
        if secret is False:
            return None
        question = self.tr(
            "Replace everything in {db} with the backup {file}?\n\n"
            "The current database is first saved as a copy beside it, so nothing is lost."
        ).format(db=i18n.ltr(db.name), file=i18n.ltr(source.name))
        if not self.window.confirm(self.window, title, question, self.tr("Replace")):
            return None

        def work(progress: jobs.Progress, cancelled: jobs.CancelFlag) -> ops_files.Restored:
            return ops_files.restore_backup(
                db, source, secret or None, task=Task(progress, cancelled)
            )

        def done(result: ops_files.Restored) -> None:
            new = self.window.switch_database(db)  # every view rebuilt on the restored file
            kept = (
                self.tr(" The previous database is kept in {file}.").format(
                    file=i18n.ltr(result.previous)
                )
                if result.previous
                else ""
            )
            rekeyed = (
                self.tr(" It now opens with the passphrase the backup had.")
                if result.rekeyed
                else ""
            )
            new.statusBar().showMessage(
                self.tr("Restored from {file}.").format(file=i18n.ltr(source.name))
                + kept
                + rekeyed,
                15000,
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, FieldappError):
                self._refused(title, source, exc)

        self.job = jobs.run_job(self.window, self.tr("Restoring"), work, done, failed)
        return self.job

    def _backup_passphrase(self, title: str, db: Path, source: Path) -> str | bool:
        """Check the backup before asking to replace anything: "" when it needs no
        passphrase of its own, the passphrase of a backup made before a passphrase change
        (asked, and checked off the UI thread), or False when refused or cancelled."""
        try:
            ops_files.check_backup(db, source)
            return ""
        except ops_files.BackupNeedsPassphrase:
            pass
        except FieldappError as exc:
            self._refused(title, source, exc)
            return False
        from fieldapp.ui.passphrase import PassphraseDialog  # it runs jobs, which import us

        dialog = PassphraseDialog(
            self.window,
            title,
            check=lambda secret: ops_files.check_backup(db, source, secret),
            prompt=self.tr(
                "{file} was made under another passphrase (before it was changed). Its passphrase:"
            ).format(file=i18n.ltr(source.name)),
        )
        dialog.setObjectName("backup_passphrase_dialog")
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        secret = dialog.passphrase()
        dialog.deleteLater()
        return secret if accepted else False


def _remove_new_database(path: Path) -> None:
    """A database this menu has just created and the user abandoned (no identity)."""
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        with contextlib.suppress(FileNotFoundError):
            (path.parent / name).unlink()
