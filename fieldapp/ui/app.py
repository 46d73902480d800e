"""Start the desktop application: `fieldapp` with no command lands here.

Order matters: Chromium flags and the map's URL scheme must be set before the
QApplication exists; the interface language (fieldapp.ui.i18n: $FIELDAPP_LANG, the saved
choice, or the system's) is applied before any window is built; the first-run dialog (only
if the database has no device identity, and where the language is asked) comes before the
main window; nothing else stands between the user and their records.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fieldapp import APP_NAME, __version__, paths
from fieldapp.errors import FieldappError

if TYPE_CHECKING:  # Qt is imported only once the environment is prepared
    from PySide6.QtCore import QCoreApplication

    from fieldapp.ui.main_window import MainWindow

log = logging.getLogger("fieldapp")


def _prepare_environment() -> None:
    """QtWebEngine refuses to run as root unless Chromium's sandbox is off."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags.split():
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --no-sandbox").strip()


def _register_schemes() -> None:
    try:
        module = importlib.import_module("fieldapp.ui.map_view")
    except ModuleNotFoundError as exc:
        if exc.name != "fieldapp.ui.map_view":
            raise
        return
    register = getattr(module, "register_schemes", None)
    if register is not None:
        register()


def create_application(argv: list[str] | None = None) -> QCoreApplication:
    """The QApplication, created once, after what must precede it."""
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is not None:
        return existing
    _prepare_environment()
    _register_schemes()
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("fieldapp")
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setStyle("Fusion")
    return app


def open_main_window(db_path: Path, extensions: Sequence[str] | None = None) -> MainWindow | None:
    """The main window on this database, after the first-run dialog if needed; None if the
    user quit the first-run dialog."""
    from fieldapp.ui.context import AppContext
    from fieldapp.ui.main_window import EXTENSIONS, MainWindow

    context = AppContext(db_path)
    store = context.store()
    if store.device() is None:
        from fieldapp.ui.first_run import FirstRunDialog  # loads cryptography: only if needed

        dialog = FirstRunDialog(store)
        if dialog.exec() != FirstRunDialog.DialogCode.Accepted:
            context.close()
            return None
    window = MainWindow(context, EXTENSIONS if extensions is None else extensions)
    return window


def run(db: str | None) -> int:
    """Open the window on `db` (default: --db, $FIELDAPP_DB, or the user data folder)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    app = create_application()
    from fieldapp.ui import crash, i18n, jobs, labels

    crash.install_excepthook()
    db_path = paths.default_db_path(db)
    try:
        i18n.apply_language(i18n.preferred_language())
        window = open_main_window(db_path)
    except FieldappError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(
            None, app.translate("app", "fieldapp cannot start"), labels.error_text(exc)
        )
        i18n.reset()
        return exc.exit_code
    if window is None:
        i18n.reset()
        return 0
    context = window.context
    current = [window]  # a change of language replaces the window: keep the live one

    def replaced(new: MainWindow) -> None:
        current[0] = new
        new.replaced.connect(replaced)

    window.replaced.connect(replaced)
    window.show()
    code = app.exec()
    jobs.wait_all()
    context.close()
    i18n.reset()  # leave the (shared, in tests) application as it was found
    return code
