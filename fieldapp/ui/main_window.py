"""The main window: record tables, the filter, the form, history, status, extensions.

Other areas plug in through `add_view`, `menu` and the AppContext signals: after building
its own views the window calls `install(window)` of each module in EXTENSIONS that exists,
so sync, map and reports can be developed (and fail to import) independently.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.fields import DATE_FIELD, DISPLACEMENT, INCIDENT, TABLES
from fieldapp.errors import FieldappError
from fieldapp.ops import EVERYTHING, Changes
from fieldapp.ops import records as ops_records
from fieldapp.store import Filter
from fieldapp.ui import demo_data, dialogs, i18n, jobs, labels, window_help, window_state
from fieldapp.ui.context import AppContext
from fieldapp.ui.encrypt_offer import EncryptOffer
from fieldapp.ui.file_menu import FileActions
from fieldapp.ui.filter_bar import FilterBar
from fieldapp.ui.history_dialog import HistoryDialog
from fieldapp.ui.lock import Locker
from fieldapp.ui.record_form import RecordForm
from fieldapp.ui.records_view import RecordsView
from fieldapp.ui.start_screen import RecordsPage
from fieldapp.ui.typing_shortcuts import TypingShortcuts
from fieldapp.ui.window_actions import WindowActions

log = logging.getLogger("fieldapp")

EXTENSIONS = (
    "fieldapp.ui.sync_views",
    "fieldapp.ui.map_view",
    "fieldapp.ui.reports_view",
    "fieldapp.ui.export_table",  # File → Export table… (the analysts' formats)
    "fieldapp.ui.import_wizard",  # File → Import data… (CSV, XLSX, HXL, ACLED, Kobo)
    "fieldapp.ui.places_menu",  # Records → Load COD-AB…, Check places…, Places register…
)
_replacements: list[MainWindow] = []


class MainWindow(WindowActions, QMainWindow):
    """`replaced(new_window)` after a change of language rebuilt the window."""

    replaced = Signal(object)

    def __init__(
        self,
        context: AppContext,
        extensions: Sequence[str] = EXTENSIONS,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.extensions = tuple(extensions)
        self.confirm = dialogs.confirm
        self.views: dict[str, QWidget] = {}
        self._pages: dict[str, QWidget] = {}  # the tab of each view (a records view's page)
        self.memory = window_state.Memory(self)
        self.form: RecordForm | None = None
        self.history_dialog: HistoryDialog | None = None
        self.demo_job: jobs.Job | None = None
        self._menus: dict[str, QMenu] = {}
        self._view_actions: dict[str, QAction] = {}
        self._menu_actions: list[QAction] = []
        self.setWindowTitle(
            self.tr("fieldapp — {file}").format(file=i18n.isolate(context.db_path.name))
        )
        self.setUnifiedTitleAndToolBarOnMac(True)
        self.typing_shortcuts = TypingShortcuts(self)

        self._build_menus()
        self._build_actions()
        self.filter_bar = FilterBar()
        self.filter_bar.filter_changed.connect(context.set_filter)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._update_actions)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.tabs, 1)
        # The lock screen (fieldapp.ui.lock) takes the place of everything while locked.
        self.stack = QStackedWidget()
        self.stack.addWidget(central)
        self.setCentralWidget(self.stack)
        self._build_status_bar()

        self.incidents = RecordsView(context, INCIDENT)
        self.displacements = RecordsView(context, DISPLACEMENT)
        for view in (self.incidents, self.displacements):
            view.open_requested.connect(self.edit_record)
            view.selection_changed.connect(self._update_actions)
        for key, title, view in (
            ("incidents", self.tr("Incidents"), self.incidents),
            ("displacements", self.tr("Displacement"), self.displacements),
        ):
            page = RecordsPage(
                view, lambda k=view.kind: self.new_record(k), lambda: self.load_demo_data()
            )
            self.add_view(key, title, view, page)
            self.remember(view.table.horizontalHeader(), f"table/{view.kind}")

        context.changed.connect(self._changed)
        context.filter_changed.connect(self._filter_changed)
        context.open_record.connect(self.edit_record)
        self._install_extensions(extensions)
        self.file_actions = FileActions(self)
        self.locker = Locker(self, self.lock_action)
        self.encrypt_offer = EncryptOffer(self)
        self.typing_shortcuts.watch_fields()
        self._hide_empty_menus()
        self._update_actions()
        window_state.restore_window(self)
        self.toolbar_action.setChecked(not self.toolbar.isHidden())
        # Not needed for the first page: fill them right after it is on screen.
        QTimer.singleShot(0, self, self._refresh_secondary)
        self.incidents.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the contract for extensions (add_view, menu, add_menu_action: WindowActions) -----

    def remember(self, widget: object, key: str) -> bool:
        """Keep `widget`'s state (a QSplitter's sizes, a QHeaderView's columns, anything
        with saveState/restoreState) between runs under `key`; restored now if saved."""
        return self.memory.remember(widget, key)  # type: ignore[arg-type]

    def _install_extensions(self, extensions: Sequence[str]) -> None:
        for name in extensions:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            module.install(self)

    def _build_status_bar(self) -> None:
        self.status_labels = window_help.StatusLabels(self.statusBar())
        self.device_label = self.status_labels.device
        self.key_label = self.status_labels.key
        self.unexported_label = self.status_labels.unexported

    # -- another language, another database ------------------------------------------------

    def change_language(self, lang: str) -> MainWindow | None:
        """Switch the interface language now, without a restart.

        The window rebuilds itself in the new language (every view, the extensions' too,
        with the same database, filter, tab, selection and geometry) rather than asking
        every widget to retranslate itself: nothing can be left in the old language. It
        refuses while a form has unsaved changes or a background job runs. Returns the new
        window (or this one when nothing changed, None when refused).
        """
        i18n.check_language(lang)
        if lang == i18n.current_language():
            return self
        problem = self.busy_reason()
        if problem:
            self.language_actions[i18n.current_language()].setChecked(True)
            self.statusBar().showMessage(problem, 6000)
            return None
        i18n.apply_language(lang)
        i18n.save_language(lang)
        return self._rebuild()

    def busy_reason(self) -> str | None:
        """Why the window cannot be rebuilt now (an unsaved form, a running job), or None."""
        if self.form is not None and self.form.is_dirty():
            return self.tr("Save or cancel the open form first.")
        if jobs.running_jobs():
            return self.tr("Wait for the running task to finish first.")
        return None

    def switch_database(self, path: str | Path) -> MainWindow:
        """Rebuild the window on another database file (File → Open, New, Restore)."""
        old = self.context
        window = self._rebuild(AppContext(path))
        if old is not window.context:
            old.close()
        return window

    def _rebuild(self, context: AppContext | None = None) -> MainWindow:
        """A new window in this one's place: the same database (and filter and selection)
        unless `context` opens another one."""
        current = self.current_view_key()
        same = context is None
        selected = {kind: self.records_view(kind).selected_ids() for kind in TABLES}
        if self.form is not None:
            self.form.done(0)
        window_state.save_window(self)
        self.memory.save_all()
        window = MainWindow(self.context if context is None else context, self.extensions)
        window.restoreGeometry(self.saveGeometry())
        window.toolbar_action.setChecked(self.toolbar_action.isChecked())
        if same:
            window.filter_bar.set_filter(self.context.filter)
        for kind, ids in selected.items():
            if ids and same:
                window.records_view(kind).select_ids(ids)
        if current in window.views:
            window.show_view(current)
        _replacements[:] = [window]  # the window that replaced this one must stay referenced
        if self.isVisible():
            window.setWindowState(self.windowState())
            window.show()
        self.replaced.emit(window)
        self.hide()
        self.deleteLater()
        return window

    # -- refreshing ------------------------------------------------------------------------

    def _changed(self, changes: Changes) -> None:
        """Refresh what shows what changed: a table on its own kind's rows, the
        governorate list and demo entry on any rows, the status bar on rows, the bundle
        log (changes not exported) or this device."""
        if self.locker.locked:  # a job that finished before the lock: unlocking reloads
            return
        for view in (self.incidents, self.displacements):
            if changes.touches_records(view.kind):
                view.reload()
        if changes.touches_records():
            self._refresh_records_lists()
        if changes.touches_records() or changes.bundles or changes.devices:
            self.refresh_status()

    def refresh(self) -> None:
        """Read everything again (another program may have written to the database) and
        say so: a refresh that shows nothing new looks the same as one that did nothing."""
        self.context.announce(EVERYTHING)
        self.statusBar().showMessage(
            self.tr("Reloaded from {file} at {time}").format(
                file=i18n.isolate(self.context.db_path.name),
                time=i18n.digits(dt.datetime.now().strftime("%H:%M:%S")),
            ),
            6000,
        )

    def _filter_changed(self, flt: Filter) -> None:
        if self.filter_bar.filter() != flt:
            self.filter_bar.set_filter(flt)
        for view in (self.incidents, self.displacements):
            view.set_filter(flt)
        self._update_actions()

    def _refresh_secondary(self) -> None:
        if self.locker.locked:  # queued before a lock: unlocking reloads everything
            return
        self._refresh_records_lists()
        self.refresh_status()

    def _refresh_records_lists(self) -> None:
        store = self.context.store()
        self.filter_bar.set_admin1_values(store.admin1_values())
        self.demo_action.setEnabled(store.revision_count() == 0)

    def plural(self, key: str, n: int) -> str:
        """A counted phrase for window_help and demo_data, here because lupdate finds
        plural forms only in self.tr()."""
        texts = {
            "incidents": self.tr("{n} incidents", "", n),
            "displacements": self.tr("{n} displacement reports", "", n),
            "unexported": self.tr("{n} changes not exported", "", n),
        }
        return texts[key].format(n=labels.count(n))

    def refresh_status(self) -> None:
        """Device, key and the count of changes a bundle export would carry."""
        self.status_labels.refresh(self.context.store(), self.plural)

    def _update_actions(self) -> None:
        view = self.current_records_view()
        ids = view.selected_ids() if view else []
        self.edit_action.setEnabled(len(ids) == 1)
        self.history_action.setEnabled(len(ids) == 1)
        self.delete_action.setEnabled(bool(ids))

    # -- record actions --------------------------------------------------------------------

    def current_records_view(self) -> RecordsView | None:
        key = self.current_view_key()
        widget = self.views.get(key) if key else None
        return widget if isinstance(widget, RecordsView) else None

    def records_view(self, kind: str) -> RecordsView:
        return self.incidents if kind == INCIDENT else self.displacements

    def new_record(self, kind: str) -> RecordForm | None:
        return self.open_form(kind, None)

    def edit_selected(self) -> RecordForm | None:
        view = self.current_records_view()
        record_id = view.current_id() if view else None
        return self.edit_record(record_id) if record_id else None

    def edit_record(self, record_id: str) -> RecordForm | None:
        store = self.context.store()
        try:
            kind = store.kind_of(record_id)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Edit record"), str(exc))
            return None
        return self.open_form(kind, record_id)

    def open_form(self, kind: str, record_id: str | None) -> RecordForm | None:
        """One form at a time, not modal (so the map can be clicked while it is open)."""
        if self.form is not None:
            if self.form.record_id == record_id and self.form.kind == kind:
                self.form.raise_()
                self.form.activateWindow()
                return self.form
            if self.form.is_dirty():
                self.form.raise_()
                self.form.activateWindow()
                self.statusBar().showMessage(self.tr("Save or cancel the open form first."), 5000)
                return None
            self.form.done(0)
        try:
            form = RecordForm(self.context, kind, record_id, self)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Edit record"), str(exc))
            return None
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(lambda rid, k=kind, new=record_id is None: self._saved(k, rid, new))
        form.finished.connect(lambda _result, f=form: self._form_closed(f))
        self.form = form
        form.show()
        return form

    def _form_closed(self, form: RecordForm) -> None:
        if self.form is form:
            self.form = None

    def _saved(self, kind: str, record_id: str, new: bool) -> None:
        view = self.records_view(kind)
        self.show_view("incidents" if kind == INCIDENT else "displacements")
        found = view.select_ids([record_id])
        record = self.context.store().get(record_id) or {}
        place = i18n.isolate(record.get("location", ""))
        date = i18n.isolate(labels.date(record.get(DATE_FIELD[kind], "")))
        text = (
            self.tr("Saved new record: {place}, {date}")
            if new
            else self.tr("Saved changes: {place}, {date}")
        ).format(place=place, date=date)
        if not found:
            text += " " + self.tr("(not shown: outside the filter or further down the list)")
        self.statusBar().showMessage(text, 8000)
        view.table.setFocus()

    def delete_selected(self) -> int:
        """Delete the selected records after asking; returns how many were deleted."""
        view = self.current_records_view()
        ids = view.selected_ids() if view else []
        if not view or not ids:
            return 0
        store = self.context.store()
        if len(ids) == 1:
            record = store.get(ids[0]) or {}
            text = (
                self.tr("Delete the incident at {place} on {date}?")
                if view.kind == INCIDENT
                else self.tr("Delete the displacement report at {place} on {date}?")
            ).format(
                place=i18n.isolate(record.get("location") or "?"),
                date=i18n.isolate(labels.date(record.get(DATE_FIELD[view.kind]) or "?")),
            )
        else:
            text = self.tr("Delete {n} records?", "", len(ids)).format(n=labels.count(len(ids)))
        text += "\n\n" + self.tr(
            "The history is kept, and the deletion travels with your next bundle so other "
            "devices delete it too."
        )
        if not self.confirm(self, self.tr("Delete"), text, self.tr("Delete")):
            return 0
        try:
            deleted = ops_records.delete(store, ids)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Delete"), str(exc))
            return 0
        self.context.announce(deleted.changes)
        self.statusBar().showMessage(
            self.tr("Deleted 1 record")
            if len(ids) == 1
            else self.tr("Deleted {n} records", "", len(ids)).format(n=labels.count(len(ids))),
            6000,
        )
        return len(ids)

    def show_history(self) -> HistoryDialog | None:
        view = self.current_records_view()
        record_id = view.current_id() if view else None
        if not record_id:
            return None
        dialog = HistoryDialog(self.context.store(), record_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "history_dialog", None))
        self.history_dialog = dialog
        dialog.open()
        return dialog

    def filter_bar_focus(self) -> None:
        self.filter_bar.focus_search()

    def load_demo_data(self) -> jobs.Job | None:
        job = demo_data.load_demo_data(self)
        if job is not None:
            self.demo_job = job
        return job

    def lock_now(self) -> bool:
        """File → Lock now (Ctrl+L): see fieldapp.ui.lock."""
        return self.locker.lock()

    # -- help ------------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        window_help.show_shortcuts(self)

    def show_about(self) -> None:
        window_help.show_about(self)

    # -- closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.form is not None and self.form.is_dirty():
            self.form.raise_()
            if not self.confirm(
                self,
                self.tr("Quit"),
                self.tr("The open form has unsaved changes. Quit without saving them?"),
                self.tr("Quit"),
            ):
                event.ignore()
                return
        jobs.wait_all()
        window_state.save_window(self)
        self.memory.save_all()
        super().closeEvent(event)
