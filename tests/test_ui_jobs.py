"""Background jobs: success, a user-facing failure, a bug, and cancelling."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from fieldapp import paths
from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import Cancelled, FieldappError
from fieldapp.store import Store
from fieldapp.ui import jobs
from fieldapp.ui.crash import CrashDialog


@pytest.fixture
def parent(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def run(qtbot, parent, fn, on_failure=None, timeout=10_000):
    outcome: dict[str, object] = {}
    job = jobs.run_job(parent, "Testing", fn, lambda r: outcome.setdefault("result", r), on_failure)
    return job, outcome


def top_level(kind):
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def close_all(kind) -> None:
    for widget in top_level(kind):
        widget.done(0)


def test_success_runs_off_the_ui_thread_and_reports_progress(qtbot, parent):
    seen = []
    ui_thread = threading.get_ident()

    def work(progress, cancelled):
        seen.append(threading.get_ident())
        for i in range(5):
            progress(i + 1, 5)
        return 42

    job, outcome = run(qtbot, parent, work)
    with qtbot.waitSignal(job.done, timeout=10_000):
        pass
    assert outcome == {"result": 42}
    assert seen and seen[0] != ui_thread
    assert job.finished and job.error is None
    assert jobs.running_jobs() == []


def test_a_user_error_calls_on_failure_or_shows_a_message(qtbot, parent):
    def work(progress, cancelled):
        raise FieldappError("the bundle is damaged; ask for it again")

    failures = []
    job, outcome = run(qtbot, parent, work, failures.append)
    with qtbot.waitSignal(job.done):
        pass
    assert "result" not in outcome
    assert [str(e) for e in failures] == ["the bundle is damaged; ask for it again"]
    assert not top_level(CrashDialog)

    job, outcome = run(qtbot, parent, work)
    with qtbot.waitSignal(job.done):
        pass
    boxes = [b for b in top_level(QMessageBox) if "damaged" in b.text()]
    assert len(boxes) == 1
    close_all(QMessageBox)


def test_a_bug_gets_the_crash_dialog_and_a_log_file(qtbot, parent):
    def work(progress, cancelled):
        raise ZeroDivisionError("division by zero in the merge")

    failures = []
    job, _ = run(qtbot, parent, work, failures.append)
    with qtbot.waitSignal(job.done):
        pass
    assert isinstance(failures[0], ZeroDivisionError)
    [dialog] = top_level(CrashDialog)
    assert "ZeroDivisionError: division by zero in the merge" in dialog.details
    assert dialog.log_path is not None and dialog.log_path.parent == paths.log_dir()
    text = dialog.log_path.read_text(encoding="utf-8")
    assert "Traceback" in text and "division by zero in the merge" in text
    dialog.copy_details()
    assert "ZeroDivisionError" in QApplication.clipboard().text()
    dialog.done(0)


def test_cancel_from_the_progress_dialog_writes_nothing(qtbot, parent, db_path, monkeypatch):
    monkeypatch.setattr(jobs, "SHOW_AFTER_MS", 10)
    started = threading.Event()

    def work(progress, cancelled):
        def endless():
            started.set()
            i = 0
            while True:
                i += 1
                yield {
                    "event_date": "2019-05-01",
                    "sub_event_type": "Attack",
                    "location": f"Place {i}",
                }
                if i % 1000 == 0:
                    time.sleep(0.01)

        with Store.open(db_path) as store:
            store.add_many(INCIDENT, endless(), progress, cancelled)

    failures = []
    job, outcome = run(qtbot, parent, work, failures.append)
    qtbot.waitUntil(lambda: job.dialog.isVisible() and started.is_set(), timeout=5000)
    assert job.dialog.windowModality() == Qt.WindowModality.WindowModal
    qtbot.mouseClick(
        job.dialog.buttons.button(job.dialog.buttons.StandardButton.Cancel),
        Qt.MouseButton.LeftButton,
    )
    assert job.cancel_requested
    with qtbot.waitSignal(job.done, timeout=10_000):
        pass
    assert len(failures) == 1 and isinstance(failures[0], Cancelled)
    assert "result" not in outcome
    with Store.open(db_path) as store:
        assert store.count(INCIDENT) == 0
        assert store.revision_count() == 0


def test_cancelled_without_handler_is_quiet(qtbot, parent):
    def work(progress, cancelled):
        while not cancelled():
            time.sleep(0.005)
        raise Cancelled("cancelled; nothing was saved")

    job, _ = run(qtbot, parent, work)
    job.cancel()
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert not top_level(QMessageBox)
    assert parent.statusBar().currentMessage() == "cancelled; nothing was saved"


def test_escape_in_the_progress_dialog_cancels(qtbot, parent, monkeypatch):
    monkeypatch.setattr(jobs, "SHOW_AFTER_MS", 0)

    def work(progress, cancelled):
        progress(0, 0)
        while not cancelled():
            time.sleep(0.005)
        raise Cancelled("stopped")

    failures = []
    job, _ = run(qtbot, parent, work, failures.append)
    qtbot.waitUntil(job.dialog.isVisible)
    qtbot.keyClick(job.dialog, Qt.Key.Key_Escape)
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert isinstance(failures[0], Cancelled)


def test_wait_all_stops_running_jobs(qtbot, parent):
    def work(progress, cancelled):
        while not cancelled():
            time.sleep(0.005)
        raise Cancelled("stopped")

    failures = []
    job, _ = run(qtbot, parent, work, failures.append)
    jobs.wait_all(5000)
    assert job.cancel_requested
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert isinstance(failures[0], Cancelled)
