"""Bundles dropped from the file manager: onto the import dialog, or onto the main window.

A coordinator receives bundles on a USB stick or in a messaging app's download folder;
dragging them in is quicker than browsing to them. Both targets use one event filter:
it accepts a drag that carries local files, and on the drop hands the bundles (.zip, .age)
to a callback (the import dialog adds and checks them, exactly as "Choose bundles…"
does; the main window opens the import dialog with them). The main window also takes a
data file (CSV or Excel, what File → Import data… reads): the first one dropped opens the
import wizard with it chosen. Other files are refused with a message naming them, and
nothing else happens to them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

from fieldapp.interchange.readers import CSV_SUFFIXES, XLSX_SUFFIXES
from fieldapp.ui import i18n

BUNDLE_SUFFIXES = (".zip", ".age")
DATA_SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES  # what the import wizard reads


def local_files(mime: QMimeData | None) -> list[Path]:
    """The local files a drag carries (web links and the like are not files here)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


def split(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """(bundles, everything else): a bundle is an existing .zip or .age file."""
    bundles, others = [], []
    for path in paths:
        if path.suffix.lower() in BUNDLE_SUFFIXES and path.is_file():
            bundles.append(path)
        else:
            others.append(path)
    return bundles, others


def data_files(paths: Sequence[Path]) -> list[Path]:
    """The existing files among `paths` that File → Import data… reads."""
    return [p for p in paths if p.suffix.lower() in DATA_SUFFIXES and p.is_file()]


def refusal(others: Sequence[Path], data_too: bool = False) -> str:
    """What to tell the user about dropped files left alone (`data_too`: where a data
    file would have been taken)."""
    names = ", ".join(i18n.isolate(p.name or str(p)) for p in others[:3])
    if len(others) > 3:
        names += ", …"
    if data_too:
        return QCoreApplication.translate(
            "BundleDrop",
            "Left alone: {names}. Dropped here, bundles (.zip, .age) open in Import bundles, "
            "and one CSV or Excel file at a time opens in Import data.",
        ).format(names=names)
    return QCoreApplication.translate(
        "BundleDrop",
        "Not a bundle, left alone: {names}. Bundles are the .zip (or sealed .age) files "
        "that fieldapp exports.",
    ).format(names=names)


class BundleDrops(QObject):
    """Installed on a widget: accepts drags of local files, and on a drop calls
    `on_bundles(bundles)`, `on_data(first data file)` (when given: True if it took the
    file) and/or `on_refused(message)`."""

    def __init__(
        self,
        target: QObject,
        on_bundles: Callable[[list[Path]], object],
        on_refused: Callable[[str], object],
        on_data: Callable[[Path], bool] | None = None,
    ):
        super().__init__(target)
        self.on_bundles = on_bundles
        self.on_refused = on_refused
        self.on_data = on_data
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDragMoveEvent)
            if local_files(event.mimeData()):
                event.acceptProposedAction()
                return True
            return False
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            files = local_files(event.mimeData())
            if not files:
                return False
            event.acceptProposedAction()
            self.drop(files)
            return True
        return False

    def drop(self, files: Sequence[Path]) -> list[Path]:
        """What a drop of these files does; returns the bundles handed on. Bundles and a
        data file together open both (the wizard on top); a second data file is left
        alone, and said so: one import at a time."""
        bundles, others = split(files)
        if bundles:
            self.on_bundles(bundles)
        data = data_files(others) if self.on_data is not None else []
        if data and self.on_data is not None and self.on_data(data[0]):
            others = [p for p in others if p != data[0]]
        if others:  # after: the refusal is the last thing said
            self.on_refused(refusal(others, self.on_data is not None))
        return bundles
