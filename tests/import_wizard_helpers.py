"""What the import wizard's tests share: small CSV and XLSX files, the window with File →
Import data…, and what a person does with the wizard (Next, Back, Import, a combo box
moved with the keyboard, a check box ticked)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import openpyxl
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QMessageBox, QWizard

from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Store
from fieldapp.ui import jobs
from fieldapp.ui.context import AppContext
from fieldapp.ui.import_wizard import ImportWizard
from fieldapp.ui.main_window import MainWindow

WIZARD = ("fieldapp.ui.import_wizard",)
HEADER = ["Date", "Event type", "Sub-event type", "Location", "Governorate", "Killed", "Remarks"]
GOOD = [
    ["2019-05-14", "Explosions/Remote violence", "Air/drone strike", "Kafr Nabl", "Idleb", "3",
     "market hit"],
    ["2019-05-15", "Explosions/Remote violence", "Shelling/artillery/missile attack", "Ariha",
     "Idleb", "0", ""],
    ["2019-05-16", "Battles", "Armed clash", "Saraqab", "Idleb", "2", "near the road"],
]  # fmt: skip
BAD = ["14/05/2019", "Battles", "Armed clash", "Maarrat", "Idleb", "1", ""]


def window_on(qtbot, db_path: Path, extensions: tuple[str, ...] = WIZARD) -> Iterator[MainWindow]:
    """The body of each test module's `window` fixture: the window on `db_path`, shown at
    1366×768; afterwards no job left running, the database closed."""
    w = MainWindow(AppContext(db_path), extensions=extensions)
    qtbot.addWidget(w)
    w.confirm = lambda *a: True
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    for job in jobs.running_jobs():
        job.cancel()
        job.wait()
    w.context.close()


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def open_wizard(qtbot, window: MainWindow) -> ImportWizard:
    action = window.findChild(type(window.lock_action), "action_import_data")
    assert action is not None and action in window.menu("file").actions()
    action.trigger()
    wizard = window.import_data.wizard
    assert isinstance(wizard, ImportWizard)
    qtbot.waitExposed(wizard)
    return wizard


def click(qtbot, wizard: QWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def next_(qtbot, wizard: QWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)


def idle(qtbot, wizard: ImportWizard) -> None:
    """Until the page's background job (started as the page is shown) has ended."""
    qtbot.wait(10)
    qtbot.waitUntil(lambda: wizard.job is None, timeout=30_000)


def error_box(qtbot, wizard: QWizard) -> QMessageBox:
    qtbot.waitUntil(lambda: wizard.findChild(QMessageBox) is not None, timeout=10_000)
    box = wizard.findChild(QMessageBox)
    assert box is not None
    return box


def combo_for(wizard: ImportWizard, header: str) -> QComboBox:
    page = wizard.mapping_page
    row = list(wizard.inspection.headers).index(header)
    return page.combos[row]


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Pick an item as a person does with the keyboard: focus the box, arrow to it."""
    index = combo.findText(text)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setFocus()
    while combo.currentIndex() != index:
        key = Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up
        before = combo.currentIndex()
        qtbot.keyClick(combo, key)
        assert combo.currentIndex() != before, "the combo box did not move"


def tick(qtbot, button: QAbstractButton) -> None:
    """Click a radio button or check box on its box (a click beside its text misses)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert button.isChecked()


def records(db: Path) -> list[dict]:
    with Store.open(db) as store:
        return store.query(INCIDENT)


ACLED_HEADER = ["event_id_cnty", "event_date", "year", "time_precision", "event_type",
                "sub_event_type", "actor1", "country", "admin1", "location", "latitude",
                "longitude", "source", "notes", "fatalities"]  # fmt: skip
ACLED_ROWS = [
    ["SYR1001", "14 May 2019", "2019", "1", "Explosions/Remote violence", "Air/drone strike",
     "Military Forces of Syria", "Syria", "Idleb", "Kafr Nabl", "35.6131", "36.5614",
     "SOHR", "market hit", "3"],
    ["SYR1002", "15 May 2019", "2019", "1", "Battles", "Armed clash", "HTS", "Syria",
     "Idleb", "Saraqab", "35.8622", "36.8003", "SOHR", "", "2"],
]  # fmt: skip
