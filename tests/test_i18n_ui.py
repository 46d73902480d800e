"""The interface in Arabic and English, live: catalogues, direction, digits, switching,
the first-run question, mixed-direction text, translated messages, and a
pseudo-localisation run checked by widget geometry."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QToolBar,
    QWidget,
)

from fieldapp.domain import validation, vocab
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.messages import code_of
from fieldapp.ops import EVERYTHING
from fieldapp.store import Filter
from fieldapp.ui import i18n, labels
from fieldapp.ui.context import AppContext
from fieldapp.ui.first_run import FirstRunDialog
from fieldapp.ui.main_window import EXTENSIONS, MainWindow

FSI, PDI = "\u2068", "\u2069"
LRI = "\u2066"  # left to right inside Arabic: 2019-05-14, not 14-05-2019
SCREEN = (1366, 768)


@pytest.fixture(autouse=True)
def _language_reset(qapp, monkeypatch):
    """Every test starts untranslated and left to right, and leaves it so: the
    QApplication (and the QSettings file) are shared by the whole test session."""
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    i18n.reset()
    i18n.forget_language()
    yield
    i18n.reset()
    i18n.forget_language()


def make_window(qtbot, path, extensions=()) -> MainWindow:
    window = MainWindow(AppContext(path), extensions=extensions)
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(1)
    return window


def close(window: MainWindow) -> None:
    if window.form is not None:
        window.form.confirm = lambda *a: True
        window.form.done(0)
    window.context.close()


# -- the catalogues at run time ------------------------------------------------------------


def test_arabic_installs_both_catalogues_the_direction_and_the_digits(qapp):
    i18n.apply_language("ar")
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    translate = QCoreApplication.translate
    assert translate("MainWindow", "&File") == "&ملف"
    assert translate("vocab", "Air/drone strike") == "غارة جوية/بطائرة مسيّرة"
    # Qt's own catalogue: the standard buttons of every dialog
    assert translate("QPlatformTheme", "Cancel") != "Cancel"
    assert labels.count(12500) == "١٢٬٥٠٠"
    assert labels.number(35.4417) == "٣٥٫٤٤١٧"
    assert labels.date("2019-05-14") == "٢٠١٩-٠٥-١٤"
    i18n.apply_language("en")
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert labels.count(12500) == "12,500" and labels.date("2019-05-14") == "2019-05-14"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "لا توجد حوادث"),
        (1, "حادثة واحدة"),
        (2, "حادثتان"),
        (3, "٣ حوادث"),
        (10, "١٠ حوادث"),
        (11, "١١ حادثة"),
        (99, "٩٩ حادثة"),
        (100, "١٠٠ حادثة"),
        (103, "١٠٣ حوادث"),
        (12500, "١٢٬٥٠٠ حادثة"),
    ],
)
def test_arabic_counts_take_the_right_plural_form(n, text):
    i18n.apply_language("ar")
    form = QCoreApplication.translate("RecordsView", "{n} incidents", "", n)
    assert form.format(n=labels.count(n)) == text


def test_english_plural_forms_come_from_the_english_catalogue():
    i18n.apply_language("en")
    one = QCoreApplication.translate("RecordsView", "{n} incidents", "", 1)
    many = QCoreApplication.translate("RecordsView", "{n} incidents", "", 2)
    assert (one, many) == ("{n} incident", "{n} incidents")


def test_the_language_comes_from_the_environment_then_the_settings_then_the_system(
    monkeypatch,
):
    assert i18n.saved_language() is None
    assert i18n.preferred_language() == i18n.system_language()
    i18n.save_language("ar")
    assert i18n.preferred_language() == "ar"
    monkeypatch.setenv(i18n.ENV_VAR, "en_GB.UTF-8")
    assert i18n.preferred_language() == "en"
    monkeypatch.setenv(i18n.ENV_VAR, "fr")
    with pytest.raises(Exception, match="unknown interface language 'fr'"):
        i18n.preferred_language()


# -- mixed-direction text ------------------------------------------------------------------


def test_user_text_is_isolated_where_its_direction_can_differ():
    assert i18n.isolate("Khan Shaykhun") == "Khan Shaykhun"
    assert i18n.isolate("خان شيخون") == FSI + "خان شيخون" + PDI
    assert i18n.ltr("/data/x.db") == "/data/x.db"
    i18n.apply_language("ar")
    assert i18n.isolate("Khan Shaykhun") == FSI + "Khan Shaykhun" + PDI
    assert i18n.ltr("/data/x.db") == "\u2066/data/x.db" + PDI


def test_an_arabic_place_in_an_english_sentence_is_isolated(qtbot, db_path):
    window = make_window(qtbot, db_path)
    form = window.new_record(INCIDENT)
    form.editors["event_date"].set("2019-05-14")
    form.editors["sub_event_type"].set("Air/drone strike")
    form.editors["location"].set("خان شيخون")
    assert form.save()
    message = window.statusBar().currentMessage()
    assert message == f"Saved new record: {FSI}خان شيخون{PDI}, 2019-05-14"
    row = window.incidents.model.index(0, 2)
    assert row.data() == f"{FSI}خان شيخون{PDI}"
    close(window)


# -- the window in Arabic ------------------------------------------------------------------


def test_the_window_in_arabic_shows_arabic_labels_digits_and_vocabulary(qtbot, demo_db_path):
    i18n.apply_language("ar")
    window = make_window(qtbot, demo_db_path)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    titles = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    assert titles[:2] == ["&ملف", "ال&سجلات"]
    model = window.incidents.model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(3)]
    assert headers == ["التاريخ", "النوع", "المكان"]
    store = window.context.store()
    first = store.get(model.record_id(0))
    assert first["sub_event_type"] in vocab.SUB_EVENT_TYPES  # stored: the English term
    assert model.index(0, 1).data() == labels.vocab_label(first["sub_event_type"])
    assert model.index(0, 1).data() != first["sub_event_type"]
    assert model.index(0, 0).data() == first["event_date"].translate(
        str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    )
    total = store.count(INCIDENT)
    assert window.incidents.count_label.text() == f"{labels.count(total)} حادثة"
    assert "٠" not in first["event_date"]  # display only: the record keeps ISO digits
    close(window)


def test_every_visible_text_of_the_arabic_window_is_arabic(qtbot, demo_db_path):
    """No English left in the window's own widgets (data and technical tokens aside)."""
    i18n.apply_language("ar")
    window = make_window(qtbot, demo_db_path, extensions=EXTENSIONS)
    english = set()
    for key in window.views:
        window.show_view(key)
        QApplication.processEvents()
        for widget in window.findChildren(QWidget):
            if not widget.isVisibleTo(window):
                continue
            texts = []
            if isinstance(widget, (QLabel, QAbstractButton)):
                texts.append(widget.text())
            if hasattr(widget, "placeholderText"):
                texts.append(widget.placeholderText())
            if isinstance(widget, QHeaderView):
                model = widget.model()
                texts += [
                    str(model.headerData(i, widget.orientation()) or "")
                    for i in range(widget.count())
                ]
            texts.append(widget.toolTip())
            for text in texts:
                if _english_words(text):
                    english.add((key, type(widget).__name__, widget.objectName(), text))
    for action in window.findChildren(type(window.quit_action)):
        if _english_words(action.text()):
            english.add(("", "QAction", action.objectName(), action.text()))
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    english |= {("", "tab", "", t) for t in tabs if _english_words(t)}
    assert not english, sorted(english)
    close(window)


def _english_words(text: str) -> bool:
    """Latin words that are not data nor technical tokens (fieldapp, keys, P-codes)."""
    import re

    text = re.sub(r"[\u2066\u2068].*?\u2069", "", text)  # isolated data
    allowed = {"fieldapp", "Ctrl", "Shift", "Enter", "Esc", "Tab", "F2", "F5", "Del", "PDF"}
    allowed |= set(i18n.LANGUAGES.values())
    words = re.findall(r"[A-Za-z][A-Za-z-]+", text)
    return any(w not in allowed for w in words)


def test_validation_messages_in_the_form_are_arabic(qtbot, db_path):
    i18n.apply_language("ar")
    window = make_window(qtbot, db_path)
    form = window.new_record(INCIDENT)
    form.editors["event_date"].set("14/05/2019")
    form.editors["killed"].set("-3")
    form.editors["latitude"].set("35.6")
    form.save()
    assert (
        form.message("event_date")
        == f"«{FSI}14/05/2019{PDI}» ليس تاريخاً؛ اكتبه بالشكل سنة-شهر-يوم، مثل {LRI}2019-05-14{PDI}"
    )
    assert form.message("killed").endswith("عدد سالب؛ الأعداد تبدأ من الصفر")
    assert "خط العرض وخط الطول معاً" in form.message("longitude")
    assert form.message("location") == "مطلوب"
    close(window)


def _domain_messages() -> list[str]:
    """Every kind of message validation produces, from deliberately bad records."""
    today = dt.date(2024, 1, 1)
    bad_incidents = [
        {"event_date": "14/05/2019", "killed": "-3", "latitude": "35", "location": "x"},
        {"event_date": "2019-02-30", "killed": "abc", "injured": 2.5, "location": "x"},
        {"event_date": "2030-01-01", "killed": 10**9, "latitude": "95", "longitude": "200"},
        {"event_date": "2019-01-01", "latitude": "nan", "longitude": "x", "location": "\x01"},
        {"event_date": "2019-01-01", "event_type": "Battles", "sub_event_type": "Grenade"},
        {"event_date": "2019-01-01", "time_precision": "year", "targets": "school;moon"},
        {"location": "y" * 300, "killed": True, "latitude": True, "bogus": 1},
        {"targets": 5, "killed": 1.0},
    ]
    bad_displacements = [
        {"report_date": "2019-05-10", "period_end": "2019-05-01", "direction": "arrived"},
        {"report_date": "2019-05-10", "individuals": 100, "households": 10,
         "household_size": 5, "population_before": 50, "direction": "departed"},
        {"report_date": "2019-05-10", "household_size": 80, "cause_incidents": "nope",
         "direction": "present", "individuals": 1},
        {"report_date": "2019-05-10", "cause_incidents": 7, "direction": "x", "bogus": 1},
    ]  # fmt: skip
    messages = []
    for kind, records in ((INCIDENT, bad_incidents), (DISPLACEMENT, bad_displacements)):
        for raw in records:
            checked = validation.check(kind, raw, today=today)
            messages += [*checked.errors.values(), *checked.warnings.values()]
    return messages


def test_every_kind_of_validation_message_has_a_translation():
    """A message the domain starts to say (or words differently) fails here until its
    template is added to labels.MESSAGES and translated."""
    messages = _domain_messages()
    assert len(messages) > 25
    unknown = sorted({m for m in messages if code_of(m) is None})
    assert not unknown, unknown
    i18n.apply_language("ar")
    untranslated = [m for m in messages if labels.message(m) == m]
    assert not untranslated, untranslated


# -- switching -----------------------------------------------------------------------------


def test_the_language_menu_switches_live_and_keeps_the_place(qtbot, demo_db_path):
    window = make_window(qtbot, demo_db_path)
    window.context.set_filter(Filter(admin1="Idlib"))
    window.show_view("displacements")
    view = window.displacements
    view.table.selectRow(1)
    chosen = view.selected_ids()
    assert window.language_actions["en"].isChecked()
    replaced = []
    window.replaced.connect(replaced.append)

    window.language_actions["ar"].trigger()

    [new] = replaced
    qtbot.addWidget(new)
    assert new is not window and new.isVisible() and not window.isVisible()
    assert i18n.current_language() == "ar" and i18n.saved_language() == "ar"
    assert new.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert new.windowTitle().startswith("\u200ffieldapp")
    assert new.language_actions["ar"].isChecked()
    assert new.current_view_key() == "displacements"
    assert new.displacements.selected_ids() == chosen
    assert new.filter_bar.admin1.currentData() == "Idlib"
    assert new.displacements.model.filter.admin1 == "Idlib"
    assert "تطابق التصفية" in new.displacements.count_label.text()
    qtbot.waitUntil(lambda: not _alive(window))
    new.context.announce(EVERYTHING)  # nothing of the old window answers any more
    back = new.change_language("en")
    assert back is not None and back.incidents.count_label.text().endswith("match the filter")
    qtbot.addWidget(back)
    close(back)


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:
        return False
    return True


def test_switching_waits_for_an_unsaved_form(qtbot, demo_db_path):
    window = make_window(qtbot, demo_db_path)
    form = window.new_record(INCIDENT)
    form.editors["location"].set("Saraqib")
    form.editors["location"].changed.emit()
    assert form.is_dirty()
    assert window.change_language("ar") is None
    assert i18n.current_language() == "en" and i18n.saved_language() is None
    assert "Save or cancel" in window.statusBar().currentMessage()
    assert window.language_actions["en"].isChecked()
    close(window)


def test_the_first_run_screen_asks_the_language_and_switches_at_once(qtbot, tmp_path):
    from fieldapp.store import Store

    with Store.open(tmp_path / "new.db") as store:
        dialog = FirstRunDialog(store, kdf_n=2**12)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.windowTitle() == "Welcome to fieldapp"
        assert dialog.language_buttons["en"].isChecked()
        dialog.create()  # messages shown: they must follow the switch too
        dialog.language_buttons["ar"].click()
        assert i18n.current_language() == "ar" and i18n.saved_language() == "ar"
        assert dialog.windowTitle() == "مرحباً بك في fieldapp"
        assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert dialog.create_button.text() == "إنشاء الجهاز"
        assert dialog.messages["name"].text() == "اكتب اسماً: اسمك أو اسم فريقك."
        assert dialog.language_buttons["ar"].isChecked()
        dialog.language_buttons["en"].click()
        assert dialog.create_button.text() == "Create device"
        assert i18n.saved_language() == "en"


# -- pseudo-localisation -------------------------------------------------------------------


@pytest.fixture
def pseudo(qapp):
    i18n.reset()
    i18n.install_translator(i18n.PseudoTranslator())
    qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    yield
    i18n.reset()


def test_the_pseudo_translator_lengthens_and_marks_every_string(pseudo):
    text = QCoreApplication.translate("MainWindow", "&File")
    assert text.startswith("\u200f&File~") and text.endswith("\u200f")
    assert len(text) >= len("&File") * 1.4
    plural = QCoreApplication.translate("RecordsView", "{n} incidents", "", 3)
    assert "{n} incidents" in plural
    assert QCoreApplication.translate("X", "<b>bold</b>").startswith("<b>")


def clipped_and_overlapping(root: QWidget) -> list[str]:
    """Visible labels, buttons and combo boxes narrower than their text needs, and
    siblings in one layout whose rectangles overlap."""
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text():
            if widget.width() < widget.sizeHint().width():
                problems.append(f"clipped label {widget.text()!r}: {widget.width()} px")
        elif isinstance(widget, (QPushButton, QCheckBox)) and widget.text():
            if widget.width() < widget.sizeHint().width():
                problems.append(f"clipped button {widget.text()!r}: {widget.width()} px")
        elif isinstance(widget, QComboBox) and widget.currentText():
            # the shown item and the arrow (the list itself may be wider, in its popup)
            option = QStyleOptionComboBox()
            widget.initStyleOption(option)
            text = QSize(widget.fontMetrics().horizontalAdvance(widget.currentText()), 1)
            needed = (
                widget.style()
                .sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, text, widget)
                .width()
            )
            needed = min(needed, widget.sizeHint().width())  # Qt's own measure, if smaller
            if widget.width() < needed:
                problems.append(f"clipped combo {widget.currentText()!r}: {widget.width()} px")
        elif isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal:
            last = widget.count() - 1
            for i in range(widget.count()):
                if i != last and widget.sectionSize(i) < widget.sectionSizeHint(i):
                    title = widget.model().headerData(i, Qt.Orientation.Horizontal)
                    problems.append(f"clipped column header {title!r}")
        elif isinstance(widget, QTabBar) and widget.width() < widget.sizeHint().width():
            problems.append(f"tab bar needs {widget.sizeHint().width()} px, has {widget.width()}")
        layout = widget.layout()
        if layout is not None:
            problems += _overlaps(layout, root)
    return problems


def _overlaps(layout: QLayout, root: QWidget) -> list[str]:
    items = []
    for i in range(layout.count()):
        child = layout.itemAt(i).widget()
        if child is not None and child.isVisibleTo(root) and not child.isWindow():
            items.append(child)
    found = []
    for a, b in itertools.combinations(items, 2):
        overlap = QRect(a.geometry()).intersected(b.geometry())
        if overlap.width() > 1 and overlap.height() > 1:
            found.append(f"{type(a).__name__} {a.objectName()} overlaps {type(b).__name__}")
    return found


def test_the_geometry_check_sees_clipping_and_overlap(qtbot):
    """The check itself can fail: a row forced narrower than its text is reported."""
    from PySide6.QtWidgets import QHBoxLayout

    row = QWidget()
    qtbot.addWidget(row)
    layout = QHBoxLayout(row)
    label = QLabel("A label much longer than the room it is given")
    button = QPushButton("A button with a long caption")
    layout.addWidget(label)
    layout.addWidget(button)
    row.setFixedSize(160, 40)
    row.show()
    QApplication.processEvents()
    problems = clipped_and_overlapping(row)
    assert any(p.startswith("clipped label") for p in problems), problems
    assert any(p.startswith("clipped button") for p in problems), problems


def test_pseudo_localised_main_views_fit_a_1366_by_768_screen(qtbot, demo_db_path, pseudo):
    window = make_window(qtbot, demo_db_path, extensions=EXTENSIONS)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    needed = window.minimumSizeHint()
    assert needed.width() <= SCREEN[0] and needed.height() <= SCREEN[1], needed
    toolbar = window.findChild(QToolBar, "toolbar_main")
    extension = [
        b for b in toolbar.findChildren(QAbstractButton) if "Extension" in type(b).__name__
    ]
    hidden = [a.iconText() for a in toolbar.actions() if not a.isSeparator()
              and not toolbar.widgetForAction(a).isVisible()]  # fmt: skip
    assert not hidden, f"toolbar actions pushed out of sight: {hidden} {extension}"
    problems = []
    for key in window.views:
        window.show_view(key)
        QApplication.processEvents()
        problems += [f"[{key}] {p}" for p in clipped_and_overlapping(window)]
    assert not problems, "\n".join(problems)
    close(window)


@pytest.mark.parametrize("kind", [INCIDENT, DISPLACEMENT])
def test_pseudo_localised_forms_fit_and_nothing_is_clipped(qtbot, demo_db_path, pseudo, kind):
    window = make_window(qtbot, demo_db_path)
    form = window.new_record(kind)
    form.save()  # every message on show: the form at its tallest
    QApplication.processEvents()
    assert form.width() <= SCREEN[0] and form.height() <= SCREEN[1] - 40, form.size()
    assert form.width() >= form.minimumSizeHint().width()
    problems = clipped_and_overlapping(form)
    assert not problems, "\n".join(problems)
    close(window)
