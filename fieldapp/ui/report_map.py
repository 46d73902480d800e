"""The report's map, drawn with a progress dialog whose Cancel works.

QtWebEngine draws only on the UI thread, so the map cannot go to the job runner's worker
thread: it is drawn here, while the render's own waits keep the event loop turning (the
dialog paints and its Cancel is clicked meanwhile). The render asks the Cancel flag every
20 ms (fieldapp.qtkit.render) and stops within tens of milliseconds.

The image comes back as PNG bytes: it is never a file in the temporary folder.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from fieldapp.errors import Cancelled
from fieldapp.store import Filter
from fieldapp.ui import jobs


class MapDrawing:
    """One drawing of the map; `dialog` is its progress dialog (shown after a moment)."""

    def __init__(self, parent: QWidget | None, title: str):
        self.stop = threading.Event()
        self.dialog = jobs.ProgressDialog(parent, title)
        self.dialog.cancel_requested.connect(self.stop.set)
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        self._waiting_cursor = False

    def draw(self, db_path: Path, flt: Filter, lang: str) -> tuple[bytes | None, str | None] | None:
        """(PNG bytes, None), or (None, why there is no map); None when Cancel was pressed."""
        from fieldapp.qtkit.render import render_map_png  # QtWebEngine: only when drawn

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self._waiting_cursor = True
        self._timer.start(jobs.SHOW_AFTER_MS)
        try:
            return render_map_png(db_path, flt, lang, cancelled=self.stop.is_set)
        except Cancelled:
            return None
        finally:
            self._timer.stop()
            self._normal_cursor()
            self.dialog.finished_ok = True
            self.dialog.close()
            self.dialog.deleteLater()

    def _show(self) -> None:
        self._normal_cursor()  # the dialog's Cancel must not look unclickable
        self.dialog.show()

    def _normal_cursor(self) -> None:
        if self._waiting_cursor:
            self._waiting_cursor = False
            QApplication.restoreOverrideCursor()
