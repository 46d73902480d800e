"""The inventory: every action and button of the window and its dialogs does something.

See tests/ui_inventory.py for how controls are found and what counts as "something". A
failure names the control ("RecordForm / Save") and what went wrong: never reached enabled
(add a recipe below that puts the window in the state where it is enabled, through the real
widgets), changed nothing observable (a dead button: fix the code), or raised.

The walk runs on a coordinator's database (tests/hq_data.py: duplicates, a conflict, trusted
devices, a sealing key), so most controls have something to act on.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import copy_database
from import_wizard_helpers import BAD, GOOD, choose, combo_for, next_, write_csv
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QMessageBox,
    QTableView,
    QTreeView,
    QWizard,
)
from ui_helpers import click_map, click_row
from ui_inventory import Walk, controls, key_of, owner_of

from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Filter
from fieldapp.ui import i18n
from fieldapp.ui.context import AppContext
from fieldapp.ui.main_window import MainWindow

pytestmark = pytest.mark.webengine


def _select_first_record(walk, window, control) -> None:
    """Most record actions need a selected record: click the first row, as a person does."""
    window.show_view("incidents")
    click_row(walk.qtbot, window.incidents.table)


def _select_first_item(walk, window, control) -> None:
    """A view's per-row buttons: click the first row of the nearest table."""
    holder = control.parentWidget()
    while holder is not None:
        tables = [t for t in holder.findChildren(QAbstractItemView) if t.isVisible()]
        tables = [t for t in tables if t.model() is not None and t.model().rowCount()]
        if tables:
            click_row(walk.qtbot, tables[0])
            return
        holder = holder.parentWidget()


def _select_until_enabled(walk, window, control) -> None:
    """Try the rows of the nearest table until the control is enabled (a trusted other key)."""
    holder, tables = control.parentWidget(), []
    while holder is not None and not tables:
        tables = [
            t
            for t in holder.findChildren(QAbstractItemView)
            if isinstance(t, QTableView | QListView | QTreeView) and t.isVisible()
        ]
        holder = holder.parentWidget()
    for table in tables:
        for row in range(table.model().rowCount()):
            click_row(walk.qtbot, table, row)
            if control.isEnabled():
                return


def _switch_to_arabic(walk, window, control) -> None:
    """The current language's own entry does nothing, by design: start from the other one."""

    def arabic_window(folder: Path) -> MainWindow:
        i18n.apply_language("ar")
        return walk.make_window(folder)

    walk.replace_window(arabic_window)


def _other_view_first(walk, window, control) -> None:
    window.show_view("displacements")


def _type_a_filter(walk, window, control) -> None:
    walk.qtbot.keyClicks(window.filter_bar.search, "khan")
    walk.qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Return)


def _empty_database(walk, window, control) -> None:
    walk.replace_window(walk.make_empty_window)


def _a_plain_database(walk, window, control) -> None:
    """An older fieldapp's database, not encrypted: the window offers to encrypt it."""
    walk.replace_window(walk.make_plain_window)


def _no_sealing_key(walk, window, control) -> None:
    walk.replace_window(walk.make_field_window)


def _a_deleted_record_shown(walk, window, control) -> None:
    """Delete the first record of the control's table, then tick Show deleted and pick it."""
    view = owner_of(control)
    window.show_view("incidents" if view.kind == "incident" else "displacements")
    click_row(walk.qtbot, view.table)
    before = view.model.rowCount()
    window.delete_action.trigger()
    walk.qtbot.waitUntil(lambda: view.model.rowCount() < before)
    if not view.show_deleted.isChecked():
        walk.qtbot.mouseClick(view.show_deleted, Qt.MouseButton.LeftButton)
    click_row(walk.qtbot, view.deleted_table)


def _an_unsigned_report(walk, window, control) -> None:
    view = window.reports_view
    window.show_view("reports")
    if view.sign.isChecked():
        walk.qtbot.mouseClick(view.sign, Qt.MouseButton.LeftButton)
    walk.qtbot.mouseClick(view.generate_button, Qt.MouseButton.LeftButton)
    walk.qtbot.waitUntil(lambda: view.result is not None, timeout=60_000)


def _a_new_bundle_chosen(walk, window, control) -> None:
    """Choose Amal's latest bundle (not merged here yet) with the real button."""
    dialog = control.window()
    walk.file_dialogs.answer([walk.new_bundle])
    walk.qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    walk.file_dialogs.asked.clear()


def _a_map_click_nearby(walk, window, control) -> None:
    """A click on the map a few hundred metres from Khan Shaykhun, while the form is open."""
    form = window.form
    window.show_view("map")
    click_map(walk.qtbot, window.map_view, 35.445, 36.652)
    walk.qtbot.waitUntil(form.suggestion_row.isVisible, timeout=10_000)
    form.raise_()


def _wizard_at(walk, control, page: int, rows: list[list[str]] | None = None) -> QWizard:
    """The import wizard on `page`: a small CSV written and its path typed (three valid
    rows and one with a date the importer refuses, unless `rows`), then each step's Next
    pressed and its background job ended."""
    wizard = control.window()
    source = write_csv(walk.workdir / "partner.csv", [*GOOD, BAD] if rows is None else rows)
    walk.qtbot.keyClicks(wizard.file_page.path, str(source))
    while wizard.currentId() < page:
        next_(walk.qtbot, wizard)
        walk.wait_until(lambda: wizard.job is None and wizard.currentPage().isComplete())
    return wizard


def _a_file_typed(walk, window, control) -> None:
    """The import wizard's Next needs a file: type the path of a small CSV."""
    _wizard_at(walk, control, 0)


def _the_file_read(walk, window, control) -> None:
    _wizard_at(walk, control, 1)  # the mapping page: Back is enabled


def _a_mapping_named(walk, window, control) -> None:
    wizard = _wizard_at(walk, control, 1)
    walk.qtbot.keyClicks(wizard.mapping_page.name, "partner weekly")


def _a_mapping_saved_then_changed(walk, window, control) -> None:
    """Save the mapping, then map Remarks to Notes: Load brings the saved one back."""
    wizard = _wizard_at(walk, control, 1)
    page = wizard.mapping_page
    walk.qtbot.keyClicks(page.name, "partner weekly")
    walk.qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    choose(walk.qtbot, combo_for(wizard, "Remarks"), "Notes")


def _the_dry_run_done(walk, window, control) -> None:
    _wizard_at(walk, control, 2)


def _the_dry_run_failed(walk, window, control) -> None:
    """The file taken away after it was read (a USB stick pulled out): the dry run fails,
    its error is closed with OK, and the file is put back to run it again."""
    wizard = _wizard_at(walk, control, 1)
    source = wizard.path()
    kept = source.read_bytes()
    source.unlink()
    next_(walk.qtbot, wizard)
    walk.wait_until(lambda: wizard.findChild(QMessageBox) is not None)
    box = wizard.findChild(QMessageBox)
    walk.qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    walk.wait_until(wizard.preview_page.again.isVisible)
    source.write_bytes(kept)


def _the_import_page(walk, window, control) -> None:
    _wizard_at(walk, control, 3)  # an invalid row: the valid rows, and a file, are chosen


def _a_possible_duplicate_imported(walk, window, control) -> None:
    """A partner's row like an incident already here, imported: the summary offers to
    show the possible duplicates."""
    existing = window.context.store().query(INCIDENT, Filter(), limit=1)[0]
    row = [existing["event_date"], existing["event_type"], existing["sub_event_type"],
           existing["location"], existing["admin1"] or "", "", "seen by a partner"]  # fmt: skip
    wizard = _wizard_at(walk, control, 3, [row])
    walk.qtbot.mouseClick(
        wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton
    )
    walk.wait_until(lambda: wizard.currentId() == wizard.SUMMARY)


def _records_the_register_can_complete(walk, window, control) -> None:
    """A record of this device's, then a COD-AB put in the register without completing the
    records (as one received in a bundle): Check places then offers to complete it (the
    other records are other devices': only `fieldapp places check --fill --all` writes
    those)."""
    from cod_fixture import write_cod_xlsx

    from fieldapp.interchange import cod
    from fieldapp.store import places as store_places

    store = window.context.store()
    strike = {"event_date": "2019-05-14", "sub_event_type": "Air/drone strike",
              "event_type": "Explosions/Remote violence", "location": "Saraqab"}  # fmt: skip
    store.add(INCIDENT, strike)
    found = cod.read_cod(write_cod_xlsx(walk.workdir / "cod.xlsx"))
    ed, units = store_places.new_edition(
        "cod-ab", found.title, found.valid_on, store.require_device().id, found.units
    )
    store_places.replace(store, ed, units)
    dialog = control.window()
    dialog.run()
    walk.wait_until(lambda: dialog.job.finished and control.isEnabled())  # either control


RECIPES = {
    "CheckPlacesDialog / Complete what can be completed": _records_the_register_can_complete,
    "CheckPlacesDialog / Other devices' records too": _records_the_register_can_complete,
    "MainWindow / Edit…": _select_first_record,
    "MainWindow / Delete…": _select_first_record,
    "MainWindow / History…": _select_first_record,
    "MainWindow / English": _switch_to_arabic,
    "MainWindow / Incidents": _other_view_first,
    "MainWindow / Clear filter": _type_a_filter,
    "FilterBar / Clear filter": _type_a_filter,
    "MainWindow / Load demo data": _empty_database,
    "MainWindow / Encrypt database…": _a_plain_database,
    "MainWindow / ⚠ Not encrypted: encrypt…": _a_plain_database,
    "StartScreen / Add a record": _empty_database,
    "StartScreen / Load sample data": _empty_database,
    "ReportsView#view_reports / Save as…": _an_unsigned_report,
    "ReportsView#view_reports / Print…": _an_unsigned_report,
    "ReportsView#view_reports / Print preview…": _an_unsigned_report,
    "ConflictsView#view_conflicts / Keep this version whole": _select_first_item,
    "ConflictsView#view_conflicts / Open the record": _select_first_item,
    "ConflictsView#view_conflicts / Save the chosen values": _select_first_item,
    "DevicesView#view_devices / Stop trusting the selected key": _select_until_enabled,
    "DevicesView#view_devices / Create sealing key…": _no_sealing_key,
    "DuplicatesView#view_duplicates / Different events": _select_first_item,
    "DuplicatesView#view_duplicates / Same event, keep both": _select_first_item,
    "DuplicatesView#view_duplicates / Merge into the first": _select_first_item,
    "DuplicatesView#view_duplicates / Merge into the second": _select_first_item,
    "RecordsView#view_incidents / History…": _a_deleted_record_shown,
    "RecordsView#view_incidents / Restore": _a_deleted_record_shown,
    "RecordsView#view_displacements / History…": _a_deleted_record_shown,
    "RecordsView#view_displacements / Restore": _a_deleted_record_shown,
    "HistoryDialog / Restore this version": _select_until_enabled,
    "RecordForm / Use this place": _a_map_click_nearby,
    "ImportDialog / Check": _a_new_bundle_chosen,
    "ImportDialog / Merge": _a_new_bundle_chosen,
    "ImportWizard / < Back": _the_file_read,
    "ImportWizard / Next >": _a_file_typed,
    "MappingPage / Save this mapping": _a_mapping_named,
    "MappingPage / Load": _a_mapping_saved_then_changed,
    "PreviewPage / Show only problems": _the_dry_run_done,
    "PreviewPage / Run the dry run again": _the_dry_run_failed,
    "RunPage / All or nothing: import only if every row is valid": _the_import_page,
    "RunPage / The valid rows, and a file of the rejected ones:": _the_import_page,
    "RunPage / Browse…": _the_import_page,
    "SummaryPage / Show the possible duplicates": _a_possible_duplicate_imported,
}


@pytest.fixture
def walk(
    qtbot,
    tmp_path,
    hq_db_path,
    _hq_template,
    _template_db,
    _template_demo_db,
    _template_plain_demo_db,
    monkeypatch,
    file_dialogs,
):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)
    contexts: list[AppContext] = []

    def window_on(template: Path) -> callable:
        def make(folder: Path) -> MainWindow:
            db = folder / "field.db"
            copy_database(template, db)
            context = AppContext(db)
            contexts.append(context)
            window = MainWindow(context)
            window.show()
            qtbot.waitExposed(window)
            qtbot.wait(5)
            return window

        return make

    def cleanup() -> None:
        while contexts:
            contexts.pop().close()
        if i18n.current_language() != "en":
            i18n.apply_language("en")

    # What was pressed, in order: the place to look when the walk itself crashes.
    log_path = os.environ.get("FIELDAPP_INVENTORY_LOG", tmp_path / "walk.log")
    log = open(log_path, "w", buffering=1)  # noqa: SIM115
    w = Walk(
        qtbot,
        window_on(hq_db_path),
        tmp_path,
        dict(RECIPES),
        cleanup=cleanup,
        log=lambda text: log.write(text + "\n"),
    )
    w.new_bundle = _hq_template["new_bundle"]
    w.make_empty_window = window_on(_template_db)
    w.make_field_window = window_on(_template_demo_db)
    w.make_plain_window = window_on(_template_plain_demo_db)
    w.file_dialogs = file_dialogs
    yield w
    log.close()
    if i18n.current_language() != "en":
        i18n.apply_language("en")


def test_the_inventory_finds_the_window_controls(qtbot, demo_db_path):
    """The walker sees the menus' actions and the views' buttons (so it cannot pass empty)."""
    window = MainWindow(AppContext(demo_db_path))
    qtbot.addWidget(window)
    keys = {key_of(c) for c in controls(window)}
    assert "MainWindow / New incident…" in keys
    assert "MainWindow / Import bundles…" in keys
    assert any(k.startswith("ReportsView#view_reports / ") for k in keys)
    assert not any(k.startswith("QLineEdit") for k in keys), "Qt's own line-edit buttons"
    window.context.close()


def test_every_control_does_something(walk):
    outcomes = walk.run()
    QApplication.processEvents()
    problems = []
    for key, outcome in sorted(outcomes.items()):
        where = " → ".join((*outcome.path, key))
        if outcome.error:
            problems.append(f"{where}: {outcome.error}")
        elif not outcome.enabled:
            problems.append(f"{where}: never enabled and shown (add a recipe)")
        elif not outcome.changed:
            problems.append(f"{where}: pressing it changed nothing observable")
    assert len(outcomes) > 60, sorted(outcomes)
    assert not problems, "\n".join(problems)
