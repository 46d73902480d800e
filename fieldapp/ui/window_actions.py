"""The main window's menus, commands, toolbar and tabs, and the part of the extension
contract that fills them (`add_view`, `menu`, `add_menu_action`).

A mixin of MainWindow, kept out of main_window.py (which holds what the window does) so
that neither grows past a screenful of structure. Its strings stay in the "MainWindow"
translation context, written out in full: lupdate reads no helper.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QTabWidget, QToolBar, QWidget

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.ui import change_passphrase, i18n

if TYPE_CHECKING:
    from fieldapp.ui.filter_bar import FilterBar

MENU_KEYS = ("file", "records", "sync", "view", "reports", "help")


def _icon(widget: QWidget, theme: QIcon.ThemeIcon, fallback: QStyle.StandardPixmap) -> QIcon:
    icon = QIcon.fromTheme(theme)
    return icon if not icon.isNull() else widget.style().standardIcon(fallback)


class WindowActions:
    """Menus, actions, the toolbar and the tabs of a QMainWindow (MainWindow)."""

    views: dict[str, QWidget]
    _pages: dict[str, QWidget]  # the tab of each view (a records view's page)
    _menus: dict[str, QMenu]
    _view_actions: dict[str, QAction]
    _menu_actions: list[QAction]
    tabs: QTabWidget
    filter_bar: FilterBar

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
        action = QAction(title, self)  # type: ignore[call-overload]
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

    def menu_actions(self) -> list[QAction]:
        """The commands added through add_menu_action (they are listed under F1)."""
        return list(self._menu_actions)

    # -- building --------------------------------------------------------------------------

    def _build_menus(self) -> None:
        titles = {
            "file": QCoreApplication.translate("MainWindow", "&File"),
            "records": QCoreApplication.translate("MainWindow", "&Records"),
            "sync": QCoreApplication.translate("MainWindow", "&Sync"),
            "view": QCoreApplication.translate("MainWindow", "&View"),
            "reports": QCoreApplication.translate("MainWindow", "R&eports"),
            "help": QCoreApplication.translate("MainWindow", "&Help"),
        }
        bar = self.menuBar()  # type: ignore[attr-defined]
        for key in MENU_KEYS:
            menu = bar.addMenu(titles[key])
            menu.setObjectName(f"menu_{key}")
            self._menus[key] = menu

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon: QIcon | None = None,
        tip: str | None = None,
    ) -> QAction:
        action = QAction(text, self)  # type: ignore[call-overload]
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(icon)
        if tip:
            action.setStatusTip(tip)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.triggered.connect(slot)
        self.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_actions(self) -> None:
        """Every command of the window itself, then its menus and toolbar."""
        w: Any = self
        T, S = QIcon.ThemeIcon, QStyle.StandardPixmap
        w.new_incident_action = self._action(
            QCoreApplication.translate("MainWindow", "New &incident…"),
            lambda: w.new_record(INCIDENT),
            "Ctrl+N",
            _icon(w, T.DocumentNew, S.SP_FileIcon),
            QCoreApplication.translate("MainWindow", "Record a new incident"),
        )
        w.new_displacement_action = self._action(
            QCoreApplication.translate("MainWindow", "New &displacement report…"),
            lambda: w.new_record(DISPLACEMENT),
            "Ctrl+Shift+N",
            _icon(w, T.ContactNew, S.SP_FileDialogNewFolder),
            QCoreApplication.translate("MainWindow", "Record a new displacement count"),
        )
        w.edit_action = self._action(
            QCoreApplication.translate("MainWindow", "&Edit…"),
            w.edit_selected,
            "F2",
            _icon(w, T.DocumentProperties, S.SP_FileDialogDetailedView),
            QCoreApplication.translate(
                "MainWindow", "Edit the selected record (or press Enter / double-click)"
            ),
        )
        w.delete_action = self._action(
            QCoreApplication.translate("MainWindow", "&Delete…"),
            w.delete_selected,
            QKeySequence.StandardKey.Delete,
            _icon(w, T.EditDelete, S.SP_TrashIcon),
            QCoreApplication.translate(
                "MainWindow", "Delete the selected records (their history is kept)"
            ),
        )
        w.history_action = self._action(
            QCoreApplication.translate("MainWindow", "&History…"),
            w.show_history,
            "Ctrl+H",
            _icon(w, T.DocumentOpenRecent, S.SP_FileDialogInfoView),
            QCoreApplication.translate(
                "MainWindow", "Every revision of the selected record: who changed what, when"
            ),
        )
        w.find_action = self._action(
            QCoreApplication.translate("MainWindow", "&Find…"),
            w.filter_bar_focus,
            QKeySequence.StandardKey.Find,
        )
        w.clear_filter_action = self._action(
            QCoreApplication.translate("MainWindow", "&Clear filter"),
            lambda: w.filter_bar.clear(),
            "Ctrl+Shift+F",
        )
        w.refresh_action = self._action(
            QCoreApplication.translate("MainWindow", "&Refresh"),
            w.refresh,
            QKeySequence.StandardKey.Refresh,
            _icon(w, T.ViewRefresh, S.SP_BrowserReload),
        )
        w.demo_action = self._action(
            QCoreApplication.translate("MainWindow", "Load &demo data"),
            w.load_demo_data,
            None,
            _icon(w, T.DocumentOpen, S.SP_DialogOpenButton),
            QCoreApplication.translate(
                "MainWindow", "Sample records from north-west Syria, for trying fieldapp out"
            ),
        )
        self._build_other_actions()
        self._fill_menus()
        self._build_toolbar()

    def _build_other_actions(self) -> None:
        w: Any = self
        w.lock_action = self._action(
            QCoreApplication.translate("MainWindow", "&Lock now"),
            lambda: w.lock_now(),
            "Ctrl+L",
            None,
            QCoreApplication.translate(
                "MainWindow", "Hide every record and forget the key until the passphrase is typed"
            ),
        )
        w.change_passphrase_action = self._action(
            QCoreApplication.translate("MainWindow", "Change &passphrase…"),
            lambda: change_passphrase.open_dialog(w),
            None,
            None,
            QCoreApplication.translate(
                "MainWindow", "Put the database and this device's keys under a new passphrase"
            ),
        )
        w.change_passphrase_action.setObjectName("action_change_passphrase")
        w.quit_action = self._action(
            QCoreApplication.translate("MainWindow", "&Quit"),
            w.close,
            QKeySequence.StandardKey.Quit,
        )
        w.shortcuts_action = self._action(
            QCoreApplication.translate("MainWindow", "&Keyboard shortcuts"),
            w.show_shortcuts,
            QKeySequence.StandardKey.HelpContents,
        )
        w.about_action = self._action(
            QCoreApplication.translate("MainWindow", "&About fieldapp"), w.show_about
        )

    def _fill_menus(self) -> None:
        w: Any = self
        m = self._menus
        m["file"].addAction(w.demo_action)
        m["file"].addSeparator()
        m["file"].addAction(w.lock_action)
        m["file"].addAction(w.change_passphrase_action)
        m["file"].setToolTipsVisible(True)  # a disabled Lock now says why
        m["file"].addSeparator()
        m["file"].addAction(w.quit_action)
        for action in (w.new_incident_action, w.new_displacement_action):
            m["records"].addAction(action)
        m["records"].addSeparator()
        for action in (w.edit_action, w.delete_action, w.history_action):
            m["records"].addAction(action)
        m["records"].addSeparator()
        for action in (w.find_action, w.clear_filter_action, w.refresh_action):
            m["records"].addAction(action)
        self._view_separator = m["view"].addSeparator()
        w.toolbar_action = m["view"].addAction(
            QCoreApplication.translate("MainWindow", "Show &toolbar")
        )
        w.toolbar_action.setCheckable(True)
        w.toolbar_action.setChecked(True)
        self._build_language_menu(m["view"])
        m["help"].addAction(w.shortcuts_action)
        m["help"].addAction(w.about_action)

    def _build_toolbar(self) -> None:
        w: Any = self
        w.toolbar = toolbar = QToolBar(QCoreApplication.translate("MainWindow", "Main toolbar"))
        toolbar.setObjectName("toolbar_main")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(w.new_incident_action)
        toolbar.addAction(w.new_displacement_action)
        toolbar.addSeparator()
        toolbar.addAction(w.edit_action)
        toolbar.addAction(w.delete_action)
        toolbar.addAction(w.history_action)
        toolbar.addSeparator()
        toolbar.addAction(w.demo_action)
        toolbar.addAction(w.refresh_action)
        w.addToolBar(toolbar)
        w.toolbar_action.toggled.connect(toolbar.setVisible)
        # Short labels on the toolbar; the menus keep the long ones.
        for action, short in (
            (w.new_incident_action, QCoreApplication.translate("MainWindow", "New incident")),
            (
                w.new_displacement_action,
                QCoreApplication.translate("MainWindow", "New displacement"),
            ),
            (w.edit_action, QCoreApplication.translate("MainWindow", "Edit")),
            (w.delete_action, QCoreApplication.translate("MainWindow", "Delete")),
            (w.history_action, QCoreApplication.translate("MainWindow", "History")),
            (w.demo_action, QCoreApplication.translate("MainWindow", "Demo data")),
            (w.refresh_action, QCoreApplication.translate("MainWindow", "Refresh")),
        ):
            action.setIconText(short)

    def _build_language_menu(self, view_menu: QMenu) -> None:
        """View → Language: each language under its own name, the current one ticked."""
        w: Any = self
        w.language_menu = view_menu.addMenu(QCoreApplication.translate("MainWindow", "&Language"))
        w.language_menu.setObjectName("menu_language")
        group = QActionGroup(w)
        group.setExclusive(True)
        w.language_actions = {}
        for code, name in i18n.LANGUAGES.items():
            action = QAction(name, w)
            action.setObjectName(f"action_language_{code}")
            action.setCheckable(True)
            action.setChecked(code == i18n.current_language())
            action.triggered.connect(lambda checked=False, c=code: w.change_language(c))
            group.addAction(action)
            w.language_menu.addAction(action)
            w.language_actions[code] = action

    def _hide_empty_menus(self) -> None:
        for menu in self._menus.values():
            menu.menuAction().setVisible(not menu.isEmpty())
