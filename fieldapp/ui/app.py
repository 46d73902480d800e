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
from fieldapp.messages import Message

if TYPE_CHECKING:  # Qt is imported only once the environment is prepared
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QWidget

    from fieldapp.ui.main_window import MainWindow

log = logging.getLogger("fieldapp")


# Chromium (inside QtWebEngine) writes GPU, Vulkan and D-Bus chatter to the terminal; only
# its fatal messages are worth a user's attention. Our own errors go through logging and
# the crash dialog, and Python tracebacks are untouched.
QUIET_CHROMIUM_FLAGS = ("--log-level=3", "--disable-logging")
# Qt's WebEngine categories (context and GPU information at start-up).
QUIET_LOGGING_RULES = ("qt.webenginecontext.info=false", "qt.webenginecontext.debug=false")
QUIT_AFTER_ENV = "FIELDAPP_QUIT_AFTER_MS"


def _add_flags(flags: Sequence[str]) -> None:
    current = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
    names = {flag.split("=")[0] for flag in current}
    missing = [flag for flag in flags if flag.split("=")[0] not in names]
    if missing:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join(current + missing)


def _prepare_environment() -> None:
    """Chromium's flags and Qt's logging rules, which are read when the QApplication (and
    QtWebEngine) start. QtWebEngine refuses to run as root unless Chromium's sandbox is
    off."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        _add_flags(["--no-sandbox"])


def _quiet_environment() -> None:
    """Silence QtWebEngine's start-up chatter (called by `run`: the desktop app)."""
    _add_flags(QUIET_CHROMIUM_FLAGS)
    rules = [r for r in os.environ.get("QT_LOGGING_RULES", "").split(";") if r]
    keys = {r.split("=")[0] for r in rules}
    rules += [r for r in QUIET_LOGGING_RULES if r.split("=")[0] not in keys]
    os.environ["QT_LOGGING_RULES"] = ";".join(rules)


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
    configure_application(app)
    app.setStyle("Fusion")
    return app


def configure_application(app: QCoreApplication) -> None:
    """Names for settings and the about box. No display name: Qt would append it to every
    window title ("fieldapp — field.db — fieldapp"), and the title already names the app."""
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)


def open_main_window(db_path: Path, extensions: Sequence[str] | None = None) -> MainWindow | None:
    """The main window on this database, after the first-run dialog if needed; None if the
    user quit the first-run dialog."""
    from fieldapp.store import Store
    from fieldapp.ui.context import AppContext
    from fieldapp.ui.main_window import EXTENSIONS, MainWindow

    if Store.is_new(db_path):  # the first run: the dialog makes an encrypted database
        from fieldapp.ui.first_run import FirstRunDialog  # loads cryptography: only if needed

        if FirstRunDialog(db_path).exec() != FirstRunDialog.DialogCode.Accepted:
            return None
    if Store.is_locked(db_path) and not unlock(db_path):
        return None
    context = AppContext(db_path)
    store = context.store()
    if store.device() is None:  # an existing database without a device (a script made it)
        from fieldapp.ui.first_run import FirstRunDialog  # loads cryptography: only if needed

        dialog = FirstRunDialog(store)
        if dialog.exec() != FirstRunDialog.DialogCode.Accepted:
            context.close()
            return None
    window = MainWindow(context, EXTENSIONS if extensions is None else extensions)
    return window


def unlock(db_path: Path, parent: QWidget | None = None) -> bool:
    """Ask for the passphrase of an encrypted database until it opens it (checked off the
    UI thread: the key derivation takes a good part of a second); False if the user
    cancels. Nothing of the database is read before."""
    from PySide6.QtCore import QCoreApplication

    from fieldapp.store import Store
    from fieldapp.ui import i18n
    from fieldapp.ui.passphrase import PassphraseDialog

    dialog = PassphraseDialog(
        parent,
        QCoreApplication.translate("app", "Unlock the database"),
        check=lambda secret: Store.unlock(db_path, secret, open_signing_key=True),
        prompt=QCoreApplication.translate("app", "Passphrase of {name}:").format(
            name=i18n.ltr(db_path.name)  # a file name stays left to right inside Arabic
        ),
    )
    dialog.setObjectName("unlock_dialog")
    return dialog.exec() == PassphraseDialog.DialogCode.Accepted


def _quit_later(window: MainWindow) -> None:
    """$FIELDAPP_QUIT_AFTER_MS: close the window that long after the map page has loaded
    (or after the window is shown, without a map), for start-up checks and benchmarks."""
    from PySide6.QtCore import QTimer

    value = os.environ.get(QUIT_AFTER_ENV, "").strip()
    if not value:
        return
    try:
        delay = max(int(value), 0)
    except ValueError:
        raise FieldappError(
            Message("ui.quit_after_not_a_number", name=QUIT_AFTER_ENV, value=repr(value))
        ) from None
    map_view = getattr(window, "map_view", None)
    signal = getattr(map_view, "page_ready", None)
    if signal is None or getattr(map_view, "ready", False):
        QTimer.singleShot(delay, window.close)
        return
    signal.connect(lambda: QTimer.singleShot(delay, window.close))


def run(db: str | None) -> int:
    """Open the window on `db` (default: --db, $FIELDAPP_DB, or the user data folder)."""
    # Warnings and errors only: a normal start prints nothing to the terminal.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    _quiet_environment()
    from fieldapp.ui import qt_messages

    restore_messages = qt_messages.install()
    try:
        return _run(db)
    finally:
        restore_messages()


def _run(db: str | None) -> int:
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
    current = [window]  # a change of language or database replaces the window

    def replaced(new: MainWindow) -> None:
        current[0] = new
        new.replaced.connect(replaced)

    window.replaced.connect(replaced)
    window.show()
    _quit_later(window)
    code = app.exec()
    jobs.wait_all()
    current[0].context.close()
    i18n.reset()  # leave the (shared, in tests) application as it was found
    return code
