"""Crash logs hold no record data: the file gets the exception types and the traceback's
frames, never a message, an argument or a note (fieldapp/ui/crash.py); the dialog shows
the full text from memory and says where the log is and what it leaves out."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication
from test_sync_helpers import device_factory, incident

from fieldapp import paths
from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Store
from fieldapp.sync.export import export_bundle
from fieldapp.ui import crash
from fieldapp.ui.context import AppContext
from fieldapp.ui.crash import CrashDialog
from fieldapp.ui.import_dialog import ImportDialog
from fieldapp.ui.main_window import MainWindow

LATIN = "ZQXCRASH517"
ARABIC = "قيمةسرية"  # "a secret value"
MARKERS = (LATIN, ARABIC)
ROOT = Path(__file__).resolve().parent.parent


def crash_dialogs() -> list[CrashDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog)]


def assert_private(text: str) -> None:
    for marker in MARKERS:
        assert marker not in text
        assert marker.encode("unicode_escape").decode() not in text  # repr of a str


def parse_date(value: str) -> None:
    raise ValueError(f"{value!r} is not a date")


def a_bug_with_everything() -> BaseException:
    """A ValueError on a typed value, raised from a KeyError on another, with a note,
    then another exception while handling it, inside a group: every place a record value
    can hide in an exception."""
    try:
        try:
            try:
                {}[f"{LATIN} {ARABIC}"]
            except KeyError as exc:
                raise ValueError(f"bad date {ARABIC}") from exc
        except ValueError as exc:
            exc.add_note(f"while reading {LATIN}")
            parse_date(f"{LATIN}/05/2019")
    except ValueError as exc:
        try:
            raise ExceptionGroup("several", [exc, TypeError(ARABIC)])
        except ExceptionGroup as group:
            return group
    raise AssertionError("unreachable")


def test_private_details_keep_frames_and_types_but_no_value():
    exc = a_bug_with_everything()
    full = crash.format_exception(exc)
    assert LATIN in full and ARABIC in full  # the dialog's text: everything
    text = crash.private_details(exc)
    assert_private(text)
    for kind in ("KeyError", "ValueError", "ExceptionGroup", "TypeError"):
        assert f"{kind}: {crash.LEFT_OUT}" in text
    assert f'File "{__file__}"' in text
    assert "in parse_date" in text and "in a_bug_with_everything" in text
    assert 'raise ValueError(f"{value!r} is not a date")' in text  # the source line
    assert "direct cause" in text and "During handling" in text
    assert "1 note(s) left out" in text


def test_log_exception_writes_the_private_text_only(capfd, caplog):
    exc = a_bug_with_everything()
    path = crash.log_exception(exc, crash.format_exception(exc))
    assert path is not None and path.parent == paths.log_dir()
    text = path.read_text(encoding="utf-8")
    assert_private(text)
    assert "Traceback (most recent call last)" in text and "in parse_date" in text
    out, err = capfd.readouterr()
    assert_private(out + err + caplog.text)
    assert str(path) in caplog.text  # logging goes to stderr (here, to pytest)


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)
    devices = device_factory()
    field = devices.new(tmp_path, "Amal")
    with Store.open(field) as store:
        store.add(INCIDENT, incident(location=f"{LATIN} {ARABIC}"))
        export_bundle(store, tmp_path / "amal.zip", PASSPHRASE)
    coord = devices.new(tmp_path, "Coordinator", "OCHA")
    w = MainWindow(AppContext(coord), extensions=("fieldapp.ui.sync_views",))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.context.close()
    for dialog in crash_dialogs():
        dialog.done(0)
    # Deleted, not only closed: a later test's language change must not reach its views.
    w.close()
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_a_bug_in_a_window_job_logs_no_record_value(qtbot, window, tmp_path, monkeypatch):
    """As a user meets it: importing a bundle hits a bug whose message quotes a record's
    place; the crash dialog has the full text, its log file only types and frames."""

    def describe_signer(store, info):
        row = {"location": f"{LATIN} {ARABIC}"}
        try:
            return {}[row["location"]]
        except KeyError as exc:
            raise RuntimeError(f"cannot describe {row['location']}") from exc

    monkeypatch.setattr("fieldapp.sync.verify.describe_signer", describe_signer)
    dialog = ImportDialog(window.context, window)
    qtbot.addWidget(dialog)
    assert dialog.add_files([str(tmp_path / "amal.zip")]) is not None
    qtbot.waitUntil(lambda: bool(crash_dialogs()), timeout=30_000)
    [shown] = crash_dialogs()
    assert LATIN in shown.details and ARABIC in shown.details  # in memory, to copy
    assert shown.log_path is not None and shown.log_path.parent == paths.log_dir()
    label = shown.message.text()
    assert str(shown.log_path) in label
    assert "leaves out the error messages" in label
    text = shown.log_path.read_text(encoding="utf-8")
    assert_private(text)
    assert "RuntimeError" in text and "KeyError" in text and "direct cause" in text
    assert "in describe_signer" in text and "in verify_container" in text
    assert 'return {}[row["location"]]' in text
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
    dialog.done(0)


def test_the_excepthook_logs_and_prints_no_record_value(qtbot, monkeypatch, capfd, caplog):
    """A bug in a Qt slot reaches sys.excepthook: the log and stderr stay private."""
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    crash.install_excepthook()
    exc = a_bug_with_everything()
    sys.excepthook(type(exc), exc, exc.__traceback__)
    qtbot.waitUntil(lambda: bool(crash_dialogs()))
    [shown] = crash_dialogs()
    assert LATIN in shown.details
    assert shown.log_path is not None
    assert_private(shown.log_path.read_text(encoding="utf-8"))
    out, err = capfd.readouterr()
    assert_private(out + err + caplog.text)
    assert "in parse_date" in caplog.text  # the log line on stderr: frames, no values
    shown.done(0)


def test_no_log_handler_writes_to_a_file():
    """Logging goes to stderr only (fieldapp.ui.app); a file handler would put whatever a
    log line quotes on disk. Crash logs are written by fieldapp.ui.crash alone."""
    pattern = re.compile(r"FileHandler|basicConfig\([^)]*filename|log_dir\(")
    found = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "fieldapp").rglob("*.py")
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert found == ["fieldapp/paths.py", "fieldapp/ui/crash.py"]
