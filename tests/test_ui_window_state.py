"""The window fits the screen and remembers itself; shortcuts work while typing; the title;
the start screen of an empty database."""

from __future__ import annotations

import sys
import types

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.store import Filter, Store
from fieldapp.ui import app as ui_app
from fieldapp.ui import window_state
from fieldapp.ui.context import AppContext
from fieldapp.ui.main_window import MainWindow


def open_window(qtbot, path, extensions=()) -> MainWindow:
    window = MainWindow(AppContext(path), extensions=extensions)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(1)
    return window


def close(window: MainWindow) -> None:
    window.close()
    window.context.close()


def test_first_start_fits_the_available_screen_with_the_status_bar_visible(qtbot, db_path):
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert area.width() < 1280 or area.height() < 800  # offscreen: smaller than the old size
    window = open_window(qtbot, db_path)
    frame = window.frameGeometry()
    assert area.contains(frame), (area, frame)
    assert window.height() <= area.height() - window_state.FRAME_ALLOWANCE.height()
    bar = window.statusBar()
    assert bar.isVisible()
    bottom = bar.mapTo(window, bar.rect().bottomLeft()).y()
    assert window.mapToGlobal(window.rect().topLeft()).y() + bottom <= area.bottom()
    close(window)


def test_geometry_state_and_columns_are_restored_in_the_next_window(qtbot, db_path):
    first = open_window(qtbot, db_path)
    first.resize(760, 500)
    first.move(30, 40)
    first.toolbar_action.setChecked(False)  # View → Show toolbar
    header = first.incidents.table.horizontalHeader()
    header.resizeSection(2, 333)
    qtbot.wait(1)
    close(first)

    second = open_window(qtbot, db_path)
    assert (second.width(), second.height()) == (760, 500)
    assert second.geometry().topLeft() == first.geometry().topLeft()
    assert not second.toolbar.isVisible() and not second.toolbar_action.isChecked()
    assert second.incidents.table.horizontalHeader().sectionSize(2) == 333
    close(second)


def test_a_saved_geometry_larger_than_the_screen_is_clamped(qtbot, db_path):
    area = QGuiApplication.primaryScreen().availableGeometry()
    big = open_window(qtbot, db_path)
    big.setGeometry(QRect(area.left() + 200, area.top() + 150, 2400, 1500))  # a big monitor
    close(big)
    window = open_window(qtbot, db_path)
    assert area.contains(window.frameGeometry()), (area, window.frameGeometry())
    close(window)


def test_remember_keeps_a_splitter_of_another_view(qtbot, db_path):
    from PySide6.QtWidgets import QLabel, QSplitter

    def install(window):
        splitter = QSplitter()
        splitter.addWidget(QLabel("left"))
        splitter.addWidget(QLabel("right"))
        window.add_view("split", "Split", splitter)
        window.remember(splitter, "test/splitter")
        window.test_splitter = splitter

    module = types.ModuleType("fieldapp_test_split_ext")
    module.install = install
    sys.modules["fieldapp_test_split_ext"] = module
    try:
        first = open_window(qtbot, db_path, ("fieldapp_test_split_ext",))
        first.show_view("split")
        first.test_splitter.setSizes([100, 300])
        sizes = first.test_splitter.sizes()
        close(first)
        second = open_window(qtbot, db_path, ("fieldapp_test_split_ext",))
        second.show_view("split")
        assert second.test_splitter.sizes() == sizes
        assert second.memory.keys() == ["table/incident", "table/displacement", "test/splitter"]
        with pytest.raises(TypeError):
            second.remember(object(), "nothing")  # type: ignore[arg-type]
        close(second)
    finally:
        del sys.modules["fieldapp_test_split_ext"]


def test_the_title_names_the_app_once(window_for_title, db_path):
    app = QApplication.instance()
    assert window_for_title.windowTitle() == f"fieldapp — {db_path.name}"
    # Qt appends an explicitly set display name to every title ("… — fieldapp"): none is set,
    # so the display name follows the application name (Qt's sign that it was never set).
    name = app.applicationName()
    ui_app.configure_application(app)
    try:
        app.setApplicationName("probe")
        assert app.applicationDisplayName() == "probe"
    finally:
        app.setApplicationName(name)


@pytest.fixture
def window_for_title(qtbot, db_path):
    window = open_window(qtbot, db_path)
    yield window
    close(window)


# -- shortcuts while typing ---------------------------------------------------------------


def _commands_extension(calls: list[str]) -> str:
    def install(window):
        for name, keys in (("export", "Ctrl+E"), ("import", "Ctrl+I"), ("print", "Ctrl+P")):
            window.add_menu_action(
                "sync",
                f"&{name.title()}…",
                lambda _checked=False, n=name: calls.append(n),
                f"action_{name}",
                keys,
            )

    module = types.ModuleType("fieldapp_test_commands_ext")
    module.install = install
    sys.modules["fieldapp_test_commands_ext"] = module
    return "fieldapp_test_commands_ext"


class FieldTakesCtrlLetters(QObject):
    """What a QLineEdit does with X11's key bindings (a Linux desktop): it accepts the
    ShortcutOverride of Emacs-style Ctrl+letters (Ctrl+E is "end of line"), so the
    window's shortcut never fires. Offscreen Qt has Windows-like bindings: mimic them."""

    def __init__(self) -> None:
        super().__init__()
        self.taken = 0

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.modifiers() == (
            Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            self.taken += 1
        return False


def test_ctrl_e_i_p_work_while_the_search_field_has_focus(qtbot, demo_db_path):
    calls: list[str] = []
    window = open_window(qtbot, demo_db_path, (_commands_extension(calls),))
    search = window.filter_bar.search
    qtbot.keyClick(window.incidents.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert search.hasFocus()
    x11 = FieldTakesCtrlLetters()
    search.installEventFilter(x11)  # runs before the field's own handling, as X11's would
    qtbot.keyClicks(search, "saraqab")
    for key in (Qt.Key.Key_E, Qt.Key.Key_I, Qt.Key.Key_P):
        qtbot.keyClick(search, key, Qt.KeyboardModifier.ControlModifier)
    assert calls == ["export", "import", "print"]
    assert x11.taken >= 3  # the field did claim them
    assert search.text() == "saraqab"
    # the field keeps its editing keys: Ctrl+A selects all of it, Ctrl+Z undoes
    qtbot.keyClick(search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert search.selectedText() == "saraqab"
    qtbot.keyClick(search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert search.text() != "saraqab"
    close(window)
    del sys.modules["fieldapp_test_commands_ext"]


def test_f1_lists_the_commands_keys(qtbot, db_path):
    calls: list[str] = []
    window = open_window(qtbot, db_path, (_commands_extension(calls),))
    qtbot.keyClick(window.incidents.table, Qt.Key.Key_F1)
    boxes = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox)]
    text = " ".join(b.text() for b in boxes)
    for name, keys in (("Export", "Ctrl+E"), ("Import", "Ctrl+I"), ("Print", "Ctrl+P")):
        assert f"<td>{name}</td><td><b><span dir='ltr'>{keys}</span>" in text
    for box in boxes:
        box.done(0)
    close(window)
    del sys.modules["fieldapp_test_commands_ext"]


# -- the start screen ------------------------------------------------------------------------


def test_empty_database_shows_the_start_screen_and_add_a_record_opens_the_form(qtbot, db_path):
    window = open_window(qtbot, db_path)
    page = window._pages["incidents"]
    assert page.showing_start() and page.start.isVisible()
    assert not window.incidents.table.isVisible()
    qtbot.mouseClick(page.start.add_button, Qt.MouseButton.LeftButton)
    assert window.form is not None and window.form.kind == INCIDENT
    window.form.done(0)
    window.show_view("displacements")
    other = window._pages["displacements"]
    assert other.start.isVisible()
    qtbot.mouseClick(other.start.add_button, Qt.MouseButton.LeftButton)
    assert window.form is not None and window.form.kind == DISPLACEMENT
    window.form.done(0)
    close(window)


def test_load_sample_data_replaces_the_start_screen_by_the_table(qtbot, db_path):
    window = open_window(qtbot, db_path)
    page = window._pages["incidents"]
    qtbot.mouseClick(page.start.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.incidents.model.total > 0, timeout=20_000)
    assert not page.showing_start()
    assert window.incidents.table.isVisible() and not page.start.isVisible()
    assert not window._pages["displacements"].showing_start()
    close(window)


def test_a_filter_matching_nothing_shows_the_table_and_its_count(qtbot, demo_db_path):
    window = open_window(qtbot, demo_db_path)
    with Store.open(demo_db_path) as store:
        total = store.count(INCIDENT)
    window.context.set_filter(Filter(search="zzzznowhere"))
    page = window._pages["incidents"]
    assert not page.showing_start() and window.incidents.table.isVisible()
    assert window.incidents.count_label.text() == f"0 of {total} incidents match the filter"
    close(window)


# -- Arabic buttons --------------------------------------------------------------------------


def test_arabic_standard_buttons_are_whole_words_with_room(qtbot):
    """Qt's own Arabic catalogue says ألغِ (a clipped imperative) for Cancel and leaves Yes
    and No in English; ours says إلغاء, نعم and لا, and the button fits its text."""
    from PySide6.QtWidgets import QDialogButtonBox

    from fieldapp.ui import i18n
    from fieldapp.ui.jobs import ProgressDialog

    i18n.apply_language("ar")
    try:
        dialog = ProgressDialog(None, "جارٍ النسخ الاحتياطي")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel.text() == "إلغاء"
        metrics = cancel.fontMetrics()
        assert cancel.width() >= metrics.horizontalAdvance(cancel.text()) + 16
        assert cancel.height() >= metrics.height() + 4
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No
        )
        qtbot.addWidget(box)
        texts = {b.text().replace("&", "") for b in box.buttons()}
        assert texts == {"نعم", "لا"}
        dialog.finished_ok = True
        dialog.close()
    finally:
        i18n.reset()


def test_when_every_record_is_deleted_the_table_stays_to_restore_them(qtbot, db_path):
    with Store.open(db_path) as store:
        record = store.add(
            INCIDENT,
            {
                "event_date": "2019-05-14",
                "event_type": "Protests",
                "sub_event_type": "Peaceful protest",
                "country": "Syria",
                "location": "Azaz",
            },
        )
        store.delete(record)
    window = open_window(qtbot, db_path)
    try:
        page = window.tabs.currentWidget()
        assert not page.showing_start()
        qtbot.mouseClick(window.incidents.show_deleted, Qt.MouseButton.LeftButton)
        assert window.incidents.deleted_table.model().rowCount() == 1
    finally:
        close(window)
