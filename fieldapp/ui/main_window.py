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

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QStyle,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.fields import DATE_FIELD, DISPLACEMENT, INCIDENT, TABLES
from fieldapp.errors import FieldappError
from fieldapp.store import Filter
from fieldapp.ui import demo_data, dialogs, i18n, jobs, labels, window_help, window_state
from fieldapp.ui.context import AppContext
from fieldapp.ui.file_menu import FileActions
from fieldapp.ui.filter_bar import FilterBar
from fieldapp.ui.history_dialog import HistoryDialog
from fieldapp.ui.record_form import RecordForm
from fieldapp.ui.records_view import RecordsView
from fieldapp.ui.start_screen import RecordsPage
from fieldapp.ui.typing_shortcuts import TypingShortcuts

log = logging.getLogger("fieldapp")

EXTENSIONS = ("fieldapp.ui.sync_views", "fieldapp.ui.map_view", "fieldapp.ui.reports_view")
MENU_KEYS = ("file", "records", "sync", "view", "reports", "help")
_replacements: list[MainWindow] = []


def _icon(widget: QWidget, theme: QIcon.ThemeIcon, fallback: QStyle.StandardPixmap) -> QIcon:
    icon = QIcon.fromTheme(theme)
    return icon if not icon.isNull() else widget.style().standardIcon(fallback)


class MainWindow(QMainWindow):
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
        self.setCentralWidget(central)
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

        context.records_changed.connect(self._records_changed)
        context.filter_changed.connect(self._filter_changed)
        context.open_record.connect(self.edit_record)
        self._install_extensions(extensions)
        self.file_actions = FileActions(self)
        self.typing_shortcuts.watch_fields()
        self._hide_empty_menus()
        self._update_actions()
        window_state.restore_window(self)
        self.toolbar_action.setChecked(not self.toolbar.isHidden())
        # Not needed for the first page: fill them right after it is on screen.
        QTimer.singleShot(0, self, self._refresh_secondary)
        self.incidents.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the contract for extensions -------------------------------------------------------

    def add_view(self, key: str, title: str, widget: QWidget, page: QWidget | None = None) -> None:
        """Add a tab; it gets a View menu entry (Ctrl+1…9 for the first nine). `page` is
        what the tab shows when it is not `widget` itself (a records view's start screen)."""
        if key in self.views:
            raise ValueError(f"a view called {key!r} already exists")
        widget.setObjectName(widget.objectName() or f"view_{key}")
        self.views[key] = widget
        self._pages[key] = page or widget
        self.tabs.addTab(self._pages[key], title)
        action = QAction(title, self)
        number = len(self.views)
        if number <= 9:
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.triggered.connect(lambda checked=False, k=key: self.show_view(k))
        self._view_actions[key] = action
        view_menu = self._menus["view"]
        view_menu.insertAction(self._view_separator, action)

    def show_view(self, key: str) -> None:
        self.tabs.setCurrentWidget(self._pages[key])

    def current_view_key(self) -> str | None:
        widget = self.tabs.currentWidget()
        for key, page in self._pages.items():
            if page is widget:
                return key
        return None

    def remember(self, widget: object, key: str) -> bool:
        """Keep `widget`'s state (a QSplitter's sizes, a QHeaderView's columns, anything
        with saveState/restoreState) between runs under `key`; restored now if saved."""
        return self.memory.remember(widget, key)  # type: ignore[arg-type]

    def menu(self, key: str) -> QMenu:
        """One of MENU_KEYS; an extension that asks for a menu is going to fill it."""
        menu = self._menus[key]
        menu.menuAction().setVisible(True)
        return menu

    def add_menu_action(
        self, key: str, text: str, slot: object, name: str, shortcut: str | None = None
    ) -> QAction:
        """An extension's command in one of MENU_KEYS (named, for tests and scripts)."""
        action = self._action(text, slot, shortcut)
        action.setObjectName(name)
        self._menu_actions.append(action)
        self.menu(key).addAction(action)
        return action

    def _install_extensions(self, extensions: Sequence[str]) -> None:
        for name in extensions:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            module.install(self)

    # -- building --------------------------------------------------------------------------

    def _build_menus(self) -> None:
        titles = {
            "file": self.tr("&File"),
            "records": self.tr("&Records"),
            "sync": self.tr("&Sync"),
            "view": self.tr("&View"),
            "reports": self.tr("R&eports"),
            "help": self.tr("&Help"),
        }
        bar = self.menuBar()
        for key in MENU_KEYS:
            menu = bar.addMenu(titles[key])
            menu.setObjectName(f"menu_{key}")
            self._menus[key] = menu

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | str | None = None,
        icon: QIcon | None = None,
        tip: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(icon)
        if tip:
            action.setStatusTip(tip)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        T, S = QIcon.ThemeIcon, QStyle.StandardPixmap
        self.new_incident_action = self._action(
            self.tr("New &incident…"),
            lambda: self.new_record(INCIDENT),
            "Ctrl+N",
            _icon(self, T.DocumentNew, S.SP_FileIcon),
            self.tr("Record a new incident"),
        )
        self.new_displacement_action = self._action(
            self.tr("New &displacement report…"),
            lambda: self.new_record(DISPLACEMENT),
            "Ctrl+Shift+N",
            _icon(self, T.ContactNew, S.SP_FileDialogNewFolder),
            self.tr("Record a new displacement count"),
        )
        self.edit_action = self._action(
            self.tr("&Edit…"),
            self.edit_selected,
            "F2",
            _icon(self, T.DocumentProperties, S.SP_FileDialogDetailedView),
            self.tr("Edit the selected record (or press Enter / double-click)"),
        )
        self.delete_action = self._action(
            self.tr("&Delete…"),
            self.delete_selected,
            QKeySequence.StandardKey.Delete,
            _icon(self, T.EditDelete, S.SP_TrashIcon),
            self.tr("Delete the selected records (their history is kept)"),
        )
        self.history_action = self._action(
            self.tr("&History…"),
            self.show_history,
            "Ctrl+H",
            _icon(self, T.DocumentOpenRecent, S.SP_FileDialogInfoView),
            self.tr("Every revision of the selected record: who changed what, when"),
        )
        self.find_action = self._action(
            self.tr("&Find…"), self.filter_bar_focus, QKeySequence.StandardKey.Find
        )
        self.clear_filter_action = self._action(
            self.tr("&Clear filter"), lambda: self.filter_bar.clear(), "Ctrl+Shift+F"
        )
        self.refresh_action = self._action(
            self.tr("&Refresh"),
            self.refresh,
            QKeySequence.StandardKey.Refresh,
            _icon(self, T.ViewRefresh, S.SP_BrowserReload),
        )
        self.demo_action = self._action(
            self.tr("Load &demo data"),
            self.load_demo_data,
            None,
            _icon(self, T.DocumentOpen, S.SP_DialogOpenButton),
            self.tr("Sample records from north-west Syria, for trying fieldapp out"),
        )
        self.quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.shortcuts_action = self._action(
            self.tr("&Keyboard shortcuts"),
            self.show_shortcuts,
            QKeySequence.StandardKey.HelpContents,
        )
        self.about_action = self._action(self.tr("&About fieldapp"), self.show_about)

        m = self._menus
        m["file"].addAction(self.demo_action)
        m["file"].addSeparator()
        m["file"].addAction(self.quit_action)
        for action in (self.new_incident_action, self.new_displacement_action):
            m["records"].addAction(action)
        m["records"].addSeparator()
        for action in (self.edit_action, self.delete_action, self.history_action):
            m["records"].addAction(action)
        m["records"].addSeparator()
        for action in (self.find_action, self.clear_filter_action, self.refresh_action):
            m["records"].addAction(action)
        self._view_separator = m["view"].addSeparator()
        self.toolbar_action = m["view"].addAction(self.tr("Show &toolbar"))
        self.toolbar_action.setCheckable(True)
        self.toolbar_action.setChecked(True)
        self._build_language_menu(m["view"])
        m["help"].addAction(self.shortcuts_action)
        m["help"].addAction(self.about_action)

        self.toolbar = QToolBar(self.tr("Main toolbar"))
        self.toolbar.setObjectName("toolbar_main")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addAction(self.new_incident_action)
        self.toolbar.addAction(self.new_displacement_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.edit_action)
        self.toolbar.addAction(self.delete_action)
        self.toolbar.addAction(self.history_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.demo_action)
        self.toolbar.addAction(self.refresh_action)
        self.addToolBar(self.toolbar)
        self.toolbar_action.toggled.connect(self.toolbar.setVisible)
        # Short labels on the toolbar; the menus keep the long ones.
        for action, short in (
            (self.new_incident_action, self.tr("New incident")),
            (self.new_displacement_action, self.tr("New displacement")),
            (self.edit_action, self.tr("Edit")),
            (self.delete_action, self.tr("Delete")),
            (self.history_action, self.tr("History")),
            (self.demo_action, self.tr("Demo data")),
            (self.refresh_action, self.tr("Refresh")),
        ):
            action.setIconText(short)

    def _build_status_bar(self) -> None:
        self.status_labels = window_help.StatusLabels(self.statusBar())
        self.device_label = self.status_labels.device
        self.key_label = self.status_labels.key
        self.unexported_label = self.status_labels.unexported

    def _build_language_menu(self, view_menu: QMenu) -> None:
        """View → Language: each language under its own name, the current one ticked."""
        self.language_menu = view_menu.addMenu(self.tr("&Language"))
        self.language_menu.setObjectName("menu_language")
        group = QActionGroup(self)
        group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():
            action = QAction(name, self)
            action.setObjectName(f"action_language_{code}")
            action.setCheckable(True)
            action.setChecked(code == i18n.current_language())
            action.triggered.connect(lambda checked=False, c=code: self.change_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

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

    def _hide_empty_menus(self) -> None:
        for menu in self._menus.values():
            menu.menuAction().setVisible(not menu.isEmpty())

    # -- refreshing ------------------------------------------------------------------------

    def _records_changed(self) -> None:
        for view in (self.incidents, self.displacements):
            view.reload()
        self._refresh_secondary()

    def refresh(self) -> None:
        """Read everything again (another program may have written to the database) and
        say so: a refresh that shows nothing new looks the same as one that did nothing."""
        self.context.records_changed.emit()
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
        store = self.context.store()
        self.filter_bar.set_admin1_values(store.admin1_values())
        self.refresh_status()
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
            with store.transaction():
                for record_id in ids:
                    store.delete(record_id)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Delete"), str(exc))
            return 0
        self.context.records_changed.emit()
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

    # -- help ------------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        window_help.show_shortcuts(self)

    def menu_actions(self) -> list[QAction]:
        """The commands added through add_menu_action (they are listed under F1)."""
        return list(self._menu_actions)

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
