"""The places register in the window (issue 16): Records → Load COD-AB…, Check places…
and Places register…, installed through MainWindow's EXTENSIONS.

A coordinator loads OCHA's common operational dataset (the tabular XLSX/CSV, or a zip of
it, with optional boundaries) in a background job with progress and Cancel
(fieldapp.ops.places.load: all of it or nothing); the register's editions are listed with
where they came from; the records the register cannot place are listed by
fieldapp.ui.places_check_view. The filter bar's governorate list is the register's too.

The worker thread writes through its own Store: the window's Store keeps an index of the
register in memory, which is dropped after a load so the form and the filter bar see the
new units at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.places import Unit
from fieldapp.ops import places as ops_places
from fieldapp.ops.changes import Changes
from fieldapp.progress import Task
from fieldapp.store import Store
from fieldapp.store import places as store_places
from fieldapp.ui import dialogs, i18n, jobs, labels
from fieldapp.ui.history_dialog import local_time
from fieldapp.ui.places_check_view import CheckPlacesDialog

COD_FILTERS = QT_TRANSLATE_NOOP("PlacesMenu", "COD-AB tables (*.xlsx *.csv *.zip);;All files (*)")


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlacesMenu", text)


def _when(timestamp: str) -> str:
    """A stored UTC time on this computer's clock, to the minute, kept in its order in a
    right-to-left table (as the history shows times)."""
    return i18n.ltr(labels.date(local_time(timestamp)[:16]))


class LoadCodDialog(QDialog):
    """The COD-AB chosen, an optional boundaries file, a title; Load runs the job and the
    dialog then says what was loaded."""

    def __init__(self, window: Any, path: str):
        super().__init__(window)
        self.window_ = window
        self.job: jobs.Job | None = None
        self.loaded: ops_places.Loaded | None = None
        self.setWindowTitle(self.tr("Load COD-AB"))
        self.setMinimumWidth(560)
        self.path = QLineEdit(path)
        self.path.setReadOnly(True)
        self.boundaries = QLineEdit()
        self.boundaries.setReadOnly(True)
        self.boundaries.setPlaceholderText(self.tr("optional: GeoJSON of the units' boundaries"))
        self.browse = QPushButton(self.tr("&Boundaries…"))
        self.browse.clicked.connect(self.choose_boundaries)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("as the file names it"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        form = QFormLayout()
        form.addRow(self.tr("COD-AB file"), self.path)
        row = QHBoxLayout()
        row.addWidget(self.boundaries, 1)
        row.addWidget(self.browse)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Boundaries"), holder)
        form.addRow(self.tr("Title"), self.title)
        self.buttons = QDialogButtonBox()
        self.load_button = self.buttons.addButton(
            self.tr("&Load"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.load_button.clicked.connect(self.load)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)

    def choose_boundaries(self) -> None:
        path = dialogs.open_file(
            self,
            self.tr("Choose the boundaries"),
            str(Path(self.path.text()).parent),
            self.tr("GeoJSON (*.geojson *.json);;All files (*)"),
        )
        if path:
            self.boundaries.setText(path)

    def load(self) -> jobs.Job:
        """Run fieldapp.ops.places.load in the background (progress and Cancel)."""
        path, boundaries = self.path.text(), self.boundaries.text() or None
        title = self.title.text().strip() or None

        def op(store: Store, task: Task) -> ops_places.Loaded:
            return ops_places.load(store, path, boundaries=boundaries, title=title, task=task)

        self.load_button.setEnabled(False)
        self.job = jobs.run_op(
            self.window_.context,
            self,
            self.tr("Loading the COD-AB…"),
            op,
            self._loaded,
            self._failed,
        )
        return self.job

    def _loaded(self, loaded: ops_places.Loaded) -> None:
        self.loaded = loaded
        refresh_governorates(self.window_)
        levels = ", ".join(
            self.tr("admin {level}: {n}").format(level=level, n=labels.count(n))
            for level, n in loaded.by_level.items()
        )
        lines = [
            self.tr("Loaded {title} (valid on {date}).").format(
                title=i18n.isolate(loaded.edition.title),
                date=i18n.isolate(loaded.edition.valid_on or "—"),
            ),
            self.tr("Units: {levels}. Units of earlier editions replaced: {n}.").format(
                levels=levels, n=labels.count(loaded.replaced)
            ),
            self.tr("Your records completed: {n}.").format(n=labels.count(loaded.completed)),
        ]
        if loaded.boundaries or loaded.boundaries_unmatched:
            lines.append(
                self.tr("Boundaries matched: {n}; matching no unit: {m}.").format(
                    n=labels.count(loaded.boundaries), m=labels.count(loaded.boundaries_unmatched)
                )
            )
        if loaded.problems:
            lines.append(
                self.tr("Rows of the file left out: {n}").format(
                    n=labels.count(len(loaded.problems))
                )
            )
            lines += [f"• {labels.message(p)}" for p in loaded.problems[:10]]
        self.result.setText("\n".join(lines))
        self.result.setStyleSheet("")
        self.result.show()
        self.close_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.load_button.setEnabled(True)
        text = labels.error_text(exc)
        self.result.setText(text)
        self.result.setStyleSheet("color: #b3261e;")
        self.result.show()


class RegisterDialog(QDialog):
    """Every edition the register has held, newest first: what, from where, when."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("PlacesMenu", "Title"),
        QT_TRANSLATE_NOOP("PlacesMenu", "Source"),
        QT_TRANSLATE_NOOP("PlacesMenu", "Valid on"),
        QT_TRANSLATE_NOOP("PlacesMenu", "Loaded"),
        QT_TRANSLATE_NOOP("PlacesMenu", "Loaded by"),
        QT_TRANSLATE_NOOP("PlacesMenu", "Levels"),
        QT_TRANSLATE_NOOP("PlacesMenu", "Units"),
        QT_TRANSLATE_NOOP("PlacesMenu", "Replaced"),
    )

    def __init__(self, window: Any):
        super().__init__(window)
        self.setWindowTitle(self.tr("Places register"))
        self.resize(1180, 320)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([_tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)  # a long title wraps in its column, not elided
        for info in ops_places.editions(window.context.store()):
            self._add(info)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 320))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def _add(self, info: ops_places.EditionInfo) -> None:
        ed = info.edition
        source = (
            self.tr("shipped with fieldapp") if ed.source == store_places.BUILTIN else ed.source
        )
        cells = (
            ed.title,
            source,
            labels.date(ed.valid_on) or "—",
            _when(ed.loaded_at),
            info.loaded_by,
            ", ".join(labels.count(level) for level in ed.levels),
            labels.count(ed.units),
            _when(ed.replaced_at) if ed.replaced_at else self.tr("in use"),
        )
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate(cells):
            self.table.setItem(row, column, QTableWidgetItem(str(text)))

    def rows(self) -> list[list[str]]:
        """The table's text (for tests and accessibility)."""
        return [
            [self.table.item(r, c).text() for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]


def units_at(window: Any, level: int) -> list[Unit]:
    """The register's units of one level, as the window's store holds them now."""
    index = store_places.index(window.context.store())
    return [u for u in index.units.values() if u.level == level]


def refresh_governorates(window: Any) -> None:
    window.filter_bar.set_admin1_values(window.context.store().admin1_values())


class _RegisterWatcher(QObject):
    """Refills the filter bar's governorates when the register changed (a COD-AB loaded, a
    register received in a bundle: Changes.places). A child of the window: it goes with
    it."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window_ = window
        window.context.changed.connect(self.changed)

    def changed(self, changes: Changes) -> None:
        if changes.places:  # the store's index notices the other connection's commit
            refresh_governorates(self.window_)


def install(window: Any) -> None:
    """Records → Load COD-AB…, Check places…, Places register…; and the register's
    governorates in the filter bar."""

    def kept(dialog: QDialog) -> None:
        """The window's one places dialog, deleted when it closes."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.places_dialog = dialog

    def load_cod() -> LoadCodDialog | None:
        path = dialogs.open_file(
            window,
            QCoreApplication.translate("PlacesMenu", "Choose a COD-AB"),
            str(Path.home()),
            _tr(COD_FILTERS),
        )
        if not path:
            return None
        dialog = LoadCodDialog(window, path)
        kept(dialog)
        dialog.open()
        return dialog

    def check_places() -> CheckPlacesDialog:
        dialog = CheckPlacesDialog(window)
        kept(dialog)
        dialog.show()  # not modal: the records it lists open in the form beside it
        dialog.run()
        return dialog

    def register() -> RegisterDialog:
        dialog = RegisterDialog(window)
        kept(dialog)
        dialog.open()
        return dialog

    window.places_dialog = None
    window.menu("records").addSeparator()
    for text, slot, name in (
        (QCoreApplication.translate("PlacesMenu", "Load &COD-AB…"), load_cod, "action_load_cod"),
        (
            QCoreApplication.translate("PlacesMenu", "Check &places…"),
            check_places,
            "action_check_places",
        ),
        (
            QCoreApplication.translate("PlacesMenu", "Places re&gister…"),
            register,
            "action_places_register",
        ),
    ):
        window.add_menu_action("records", text, slot, name)
    window.filter_bar.set_register(lambda level: units_at(window, level))
    window.places_watcher = _RegisterWatcher(window)
