"""The Reports view's warning line: how many unresolved conflicts and possible duplicates
fall within the report's scope, said before anyone signs.

The counts come from fieldapp.reports.scope (the same as the box on the report's first
page and the warning of `fieldapp report`). Counting walks every record in scope (about a
second for 50,000), so it runs in the background through fieldapp.ui.jobs, and only while
the line can be seen: a filter change while the Reports tab is hidden just marks the
counts stale, and they are counted again when the tab is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from fieldapp.errors import Cancelled, FieldappError
from fieldapp.ops import NOTHING, Task
from fieldapp.ops import reports as ops_reports
from fieldapp.reports.scope import ScopeWarnings
from fieldapp.store import Filter, Store
from fieldapp.ui import jobs, labels
from fieldapp.ui.context import AppContext

STYLE = (
    "QLabel { background: #fff4df; border: 1px solid #b26a00; border-radius: 3px;"
    " color: #5a3600; padding: 4px 8px; }"
)


class ScopeWarningLine(QLabel):
    """Hidden when there is nothing to warn about; else one amber line above the report."""

    def __init__(
        self, context: AppContext, scope: Callable[[], Filter], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.context = context
        self.scope = scope
        self.setObjectName("report_warning")
        self.setWordWrap(True)
        self.setStyleSheet(STYLE)
        self.job: jobs.Job | None = None
        self.warnings: ScopeWarnings | None = None
        self.stale = True
        self._again = False
        self.setVisible(False)

    # -- when to count ---------------------------------------------------------------------

    def mark_stale(self, *_: object) -> None:
        """The records or the scope changed: count again now if the view is on screen (its
        showEvent calls refresh otherwise)."""
        self.stale = True
        view = self.parentWidget()
        if view is not None and view.isVisible():
            QTimer.singleShot(0, self, self.refresh)

    def refresh(self) -> jobs.Job | None:
        """Count in the background; a request while counting counts again afterwards."""
        if self.job is not None:
            self._again = True
            return None
        if not self.stale:
            return None
        flt = self.scope()

        def count(store: Store, task: Task) -> ScopeWarnings:
            # cancelled when the view goes away
            return ops_reports.scope(store, flt, task=task)

        self.stale = False
        self.job = jobs.run_op(
            self.context,
            self.window(),
            self.tr("Checking for conflicts and duplicates"),
            count,
            self.show_warnings,
            self._failed,
            changes=NOTHING,  # a count writes nothing
        )
        self.job.done.connect(self._job_done)
        return self.job

    def _job_done(self) -> None:
        self.job = None
        if self._again:
            self._again = False
            self.stale = True
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.stale = True
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, FieldappError):
            self.setText(labels.error_text(exc))
            self.setVisible(True)

    def cancel(self) -> None:
        """Stop counting and wait for the thread (the view is going away)."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait()

    # -- what it says ----------------------------------------------------------------------

    def show_warnings(self, w: ScopeWarnings) -> None:
        """Show these counts (from a count of our own, or from a report just built)."""
        self.warnings = w
        self.setText(self.text_for(w))
        self.setVisible(bool(w))

    def text_for(self, w: ScopeWarnings) -> str:
        if not w:
            return ""
        parts = []
        if w.conflicts:
            parts.append(
                self.tr("{n} record(s) with unresolved conflicts", "", w.conflicts).format(
                    n=labels.count(w.conflicts)
                )
            )
        if w.duplicates:
            parts.append(
                self.tr(
                    "{n} possible duplicate pair(s) ({exact} exact, {likely} likely)",
                    "",
                    w.duplicates,
                ).format(
                    n=labels.count(w.duplicates),
                    exact=labels.count(w.exact),
                    likely=labels.count(w.likely),
                )
            )
        what = (
            parts[0]
            if len(parts) == 1
            else self.tr("{first} and {second}").format(first=parts[0], second=parts[1])
        )
        return "⚠ " + self.tr(
            "Before you sign: {what} in this report's scope. The totals may count an event "
            "twice or a version that is not final. Resolve them under Sync, or go on: the "
            "report's first page will say so."
        ).format(what=what)
