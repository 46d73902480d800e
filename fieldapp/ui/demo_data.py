"""File → Load demo data (and the start screen's "Load sample data"): the north-west Syria
sample, loaded in the background into an empty database only. Strings stay in the
"MainWindow" translation context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from fieldapp.ops import setup as ops_setup
from fieldapp.ui import dialogs, jobs

if TYPE_CHECKING:
    from fieldapp.ui.main_window import MainWindow


def load_demo_data(window: MainWindow) -> jobs.Job | None:
    """Start loading the sample; None (with a message) when the database has records."""
    if window.context.store().revision_count():
        dialogs.show_info(
            window,
            QCoreApplication.translate("MainWindow", "Load demo data"),
            QCoreApplication.translate(
                "MainWindow",
                "The demo data goes only into an empty database; this one has records.",
            ),
        )
        return None

    def done(result: ops_setup.DemoLoaded) -> None:  # the runner has announced the records
        incidents = window.plural("incidents", result.incidents)
        reports = window.plural("displacements", result.displacements)
        window.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "Loaded {incidents} and {reports}").format(
                incidents=incidents, reports=reports
            ),
            8000,
        )

    return jobs.run_op(
        window.context,
        window,
        QCoreApplication.translate("MainWindow", "Loading demo data"),
        lambda store, task: ops_setup.load_demo(store, task=task),
        done,
    )
