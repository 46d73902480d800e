"""File → Load demo data (and the start screen's "Load sample data"): the north-west Syria
sample, loaded in the background into an empty database only. Strings stay in the
"MainWindow" translation context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.ops import Changes
from fieldapp.store import Store
from fieldapp.store.demo import load_demo
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
    path = window.context.db_path

    def work(progress: jobs.Progress, cancelled: jobs.CancelFlag) -> tuple[int, int]:
        with Store.open(path) as own:
            return load_demo(own, progress, cancelled)

    def done(result: tuple[int, int]) -> None:
        window.context.announce(Changes.of_records(INCIDENT, DISPLACEMENT))
        incidents = window.plural("incidents", result[0])
        reports = window.plural("displacements", result[1])
        window.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "Loaded {incidents} and {reports}").format(
                incidents=incidents, reports=reports
            ),
            8000,
        )

    return jobs.run_job(
        window, QCoreApplication.translate("MainWindow", "Loading demo data"), work, done
    )
