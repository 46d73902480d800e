"""Background work with a progress dialog, in the manner of Anki's aqt operations.

`run_job(parent, title, fn, on_success, on_failure)` runs `fn(progress, cancelled)` on a
worker thread. The UI thread stays responsive and shows a window-modal progress dialog
(after a short delay, so quick jobs do not flash) with a Cancel button. When the thread
has finished, exactly one callback runs on the UI thread:

- success: `on_success(result)`;
- a FieldappError (a problem the user can act on, including Cancelled): `on_failure(exc)`
  if given, otherwise a message box (nothing for Cancelled: the user asked for it);
- any other exception is a bug: the crash dialog (traceback logged), then `on_failure`.

`fn` must open its own Store: sqlite connections belong to the thread that opened them.

`run_op(context, parent, title, op, on_success)` is the same for an operation of
fieldapp.ops, `op(store, task)`: the runner opens the worker thread's Store on the window's
database (and closes it), builds the Task from the dialog's bar and Cancel, and on success
announces the result's `Changes` on the AppContext before `on_success(result)`, so the
views that show what changed refresh themselves.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from fieldapp.errors import Cancelled, FieldappError
from fieldapp.ops import Changes
from fieldapp.progress import CancelFlag, Progress, Task
from fieldapp.store import Store
from fieldapp.ui import crash, dialogs, labels

if TYPE_CHECKING:
    from fieldapp.ui.context import AppContext

JobFn = Callable[[Progress, CancelFlag], Any]
OpFn = Callable[[Store, Task], Any]

SHOW_AFTER_MS = 300
_PROGRESS_INTERVAL = 0.05
_running: set[Job] = set()


class _Worker(QThread):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object, str)

    def __init__(self, fn: JobFn, cancel: threading.Event):
        super().__init__()
        self._fn = fn
        self._cancel = cancel
        self._last = 0.0

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last >= _PROGRESS_INTERVAL or (total and done >= total):
            self._last = now
            self.progressed.emit(int(done), int(total))

    def run(self) -> None:
        try:
            result = self._fn(self._progress, self._cancel.is_set)
        except BaseException as exc:
            self.failed.emit(exc, crash.format_exception(exc))
        else:
            self.succeeded.emit(result)


class ProgressDialog(QDialog):
    """Title, a bar (busy when the total is unknown) and Cancel; Escape also cancels."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None, title: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(380)
        self.label = QLabel(title)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.request_cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)
        self.finished_ok = False

    def set_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat(
                self.tr("{done} of {total}").format(
                    done=labels.count(done), total=labels.count(total)
                )
            )
        else:
            self.bar.setRange(0, 0)

    def request_cancel(self) -> None:
        self.label.setText(self.tr("Cancelling…"))
        self.buttons.setEnabled(False)
        self.cancel_requested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.request_cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.finished_ok:
            event.ignore()
            self.request_cancel()
            return
        super().closeEvent(event)


class Job(QObject):
    """One running background job; `done` is emitted after its callback has run."""

    done = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        fn: JobFn,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ):
        super().__init__()
        self.parent_widget = parent
        self.title = title
        self.on_success = on_success
        self.on_failure = on_failure
        self.result: Any = None
        self.error: BaseException | None = None
        self.finished = False
        self._details = ""
        self._cancel = threading.Event()
        self.dialog = ProgressDialog(parent, title)
        self.dialog.cancel_requested.connect(self.cancel)
        self._worker = _Worker(fn, self._cancel)
        self._worker.progressed.connect(self.dialog.set_progress)
        self._worker.succeeded.connect(self._store_result)
        self._worker.failed.connect(self._store_error)
        self._worker.finished.connect(self._finish)
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show_dialog)

    def start(self) -> Job:
        _running.add(self)
        self._show_timer.start(SHOW_AFTER_MS)
        self._worker.start()
        return self

    def cancel(self) -> None:
        """Ask the job to stop; it stops at its next check and writes nothing."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the worker thread ends (for shutdown); callbacks still run later."""
        return self._worker.wait(msecs)

    def _show_dialog(self) -> None:
        if not self.finished:
            self.dialog.show()

    def _store_result(self, result: object) -> None:
        self.result = result

    def _store_error(self, exc: BaseException, details: str) -> None:
        self.error = exc
        self._details = details

    def _finish(self) -> None:
        self._worker.wait()
        self.finished = True
        self._show_timer.stop()
        self.dialog.finished_ok = True
        self.dialog.close()
        self.dialog.deleteLater()
        _running.discard(self)
        try:
            if self.error is None:
                self.on_success(self.result)
            else:
                self._report(self.error)
        finally:
            self.done.emit()

    def _report(self, exc: BaseException) -> None:
        parent = self.parent_widget
        if isinstance(exc, FieldappError):
            if self.on_failure is not None:
                self.on_failure(exc)
            elif isinstance(exc, Cancelled):
                if isinstance(parent, QMainWindow):
                    parent.statusBar().showMessage(labels.error_text(exc), 5000)
            else:
                dialogs.show_error(parent, self.title, str(exc))
            return
        crash.show_crash(parent, exc, self._details)
        if self.on_failure is not None:
            self.on_failure(exc)


def run_job(
    parent: QWidget | None,
    title: str,
    fn: JobFn,
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
) -> Job:
    """Start `fn(progress, cancelled)` on a worker thread; see the module docstring."""
    return Job(parent, title, fn, on_success, on_failure).start()


def run_op(
    context: AppContext,
    parent: QWidget | None,
    title: str,
    op: OpFn,
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    changes: Changes | None = None,
) -> Job:
    """Start `op(store, task)` on a worker thread with its own Store on the window's
    database; on success announce what it changed, then call `on_success(result)`.

    What is announced is the result's `changes`; `changes` here is for a call below the
    operations layer whose result does not say (and wins over the result's when given).
    """
    db_path = context.db_path

    def work(progress: Progress, cancelled: CancelFlag) -> Any:
        with Store.open(db_path, create=False) as store:
            return op(store, Task(progress, cancelled))

    def done(result: Any) -> None:
        announced = changes if changes is not None else getattr(result, "changes", None)
        if not isinstance(announced, Changes):
            raise TypeError(f"{title}: the operation's result says nothing of what changed")
        context.announce(announced)
        on_success(result)

    return run_job(parent, title, work, done, on_failure)


def running_jobs() -> list[Job]:
    return list(_running)


def wait_all(msecs: int = 30_000) -> None:
    """Cancel and wait for every job (on quit), so no thread outlives the application."""
    for job in list(_running):
        job.cancel()
        job.wait(msecs)
