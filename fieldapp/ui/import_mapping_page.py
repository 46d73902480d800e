"""The import wizard's second page: which fieldapp field each column of the file fills.

One row per column of the file (its header, its HXL hashtag if it has one, three sample
values) with a choice of field, or "ignore"; prefilled by ops.imports.suggest_mapping from
the headers, the hashtags and the layouts fieldapp knows (ACLED, the published XLSForm as
KoboToolbox exports it). The kind of record, the layout recognised, and named mappings:
a coordinator who imports the same partner's sheet every week maps it once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from fieldapp.domain.fields import FIELDS
from fieldapp.errors import FieldappError
from fieldapp.ui import i18n, labels
from fieldapp.ui.import_common import BAD_STYLE, GOOD_STYLE, KINDS, kind_title, layout_title, note

if TYPE_CHECKING:
    from fieldapp.ops.imports import Inspection, Mapping
    from fieldapp.ui.import_wizard import ImportWizard

SAMPLES = 3
SAMPLE_CHARS = 40


def _sample(inspection: Inspection, column: int) -> str:
    """The first three values of a column that are not empty, shortened, for a glance."""
    values = []
    for row in inspection.sample:
        value = row[column] if column < len(row) else None
        text = "" if value is None else str(value).strip()
        if text:
            values.append(text if len(text) <= SAMPLE_CHARS else text[: SAMPLE_CHARS - 1] + "…")
        if len(values) == SAMPLES:
            break
    return " · ".join(i18n.isolate(v) for v in values)


class MappingPage(QWizardPage):
    """The table of columns and their fields; Next keeps the mapping on the wizard."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Match the columns to fieldapp's fields"))
        self._for: object = None  # the inspection the table was filled from
        self.combos: list[QComboBox] = []
        self._blocked = False  # two columns fill one field
        self.layout_label = note(GOOD_STYLE)
        self.layout_label.setObjectName("import_layout")
        self.kind = QComboBox()
        self.kind.setObjectName("import_kind")
        for kind in KINDS:
            self.kind.addItem(kind_title(kind), kind)
        self.kind.activated.connect(lambda _i: self._kind_changed())
        top = QHBoxLayout()
        rows_are = QLabel(self.tr("The rows are:"))
        rows_are.setBuddy(self.kind)
        top.addWidget(rows_are)
        top.addWidget(self.kind)
        top.addWidget(self.layout_label, 1)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("import_columns")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Column in the file"),
                self.tr("HXL hashtag"),
                self.tr("First values"),
                self.tr("fieldapp field"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems = note(BAD_STYLE)
        self.problems.setObjectName("import_mapping_problems")

        self.saved = QComboBox()
        self.saved.setObjectName("import_saved_mappings")
        self.saved.setMinimumContentsLength(12)
        self.load_button = QPushButton(self.tr("Load"))
        self.load_button.setObjectName("import_load_mapping")
        self.load_button.clicked.connect(lambda: self.load())
        self.name = QLineEdit()
        self.name.setObjectName("import_mapping_name")
        self.name.setPlaceholderText(self.tr("a name, e.g. the partner's weekly sheet"))
        self.save_button = QPushButton(self.tr("Save this mapping"))
        self.save_button.setObjectName("import_save_mapping")
        self.save_button.clicked.connect(lambda: self.save())
        self.name.textChanged.connect(lambda text: self.save_button.setEnabled(bool(text.strip())))
        self.save_button.setEnabled(False)
        self.saved_note = note()
        bottom = QHBoxLayout()
        saved_label = QLabel(self.tr("Saved mappings:"))
        saved_label.setBuddy(self.saved)
        bottom.addWidget(saved_label)
        bottom.addWidget(self.saved)
        bottom.addWidget(self.load_button)
        bottom.addSpacing(24)
        bottom.addWidget(self.name, 1)
        bottom.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        layout.addLayout(bottom)
        layout.addWidget(self.saved_note)

    # -- filling ---------------------------------------------------------------------------

    def initializePage(self) -> None:
        """Prefilled once per file read: going Back and Next again keeps the user's
        choices."""
        inspection = self.w.inspection
        if inspection is None or inspection is self._for:
            return
        self._for = inspection
        from fieldapp.ops import imports as ops_imports

        store = self.w.context.store()
        try:
            mapping = ops_imports.suggest_mapping(store, inspection)
        except FieldappError as exc:
            self.problems.setText(self.w.show_error(self.tr("Import data"), exc))
            mapping = None
        self._fill_saved()
        self._fill_table(inspection)
        if mapping is not None:
            self.apply(mapping)
        self.layout_label.setText(self.describe_layout(inspection.layout))

    def describe_layout(self, layout: str | None) -> str:
        """What the file was recognised as; for ACLED and Kobo, that their columns need no
        matching (a field chosen below adds to or overrides what the layout reads)."""
        text = layout_title(layout)
        if layout in ("acled", "kobo"):
            text += ". " + self.tr(
                "Its columns are read as that layout defines them: choose a field below "
                "only to add or replace one."
            )
        return text

    def _fill_saved(self) -> None:
        from fieldapp.ops import imports as ops_imports

        names = ops_imports.saved_mappings(self.w.context.store())
        self.saved.clear()
        for name in names:
            self.saved.addItem(i18n.isolate(name), name)
        self.saved.setEnabled(bool(names))
        self.load_button.setEnabled(bool(names))
        if not names:
            self.saved.addItem(self.tr("none yet"), None)

    def _fill_table(self, inspection: Inspection) -> None:
        tags = inspection.tags or ()
        self.table.setRowCount(len(inspection.headers))
        self.combos = []
        for row, header in enumerate(inspection.headers):
            self.table.setItem(row, 0, QTableWidgetItem(i18n.isolate(header)))
            tag = tags[row] if row < len(tags) else ""
            self.table.setItem(row, 1, QTableWidgetItem(i18n.ltr(tag) if tag else ""))
            sample = QTableWidgetItem(_sample(inspection, row))
            self.table.setItem(row, 2, sample)
            combo = QComboBox()
            combo.setObjectName(f"import_field_{row}")
            combo.setAccessibleName(header)  # read out with the field it is set to
            combo.activated.connect(lambda _i: self._check())
            self.table.setCellWidget(row, 3, combo)
            self.combos.append(combo)
        self._fill_combos()

    def _fill_combos(self) -> None:
        """Each column's choices for the current kind; a field the other kind also has
        stays chosen."""
        kind = self.current_kind()
        for combo in self.combos:
            chosen = combo.currentData()
            combo.clear()
            combo.addItem(self.tr("— ignore —"), None)
            for f in FIELDS[kind]:
                combo.addItem(labels.field_label(f), f.name)
            index = combo.findData(chosen) if chosen else 0
            combo.setCurrentIndex(max(index, 0))
        self.table.resizeColumnToContents(3)
        self._check()

    def _kind_changed(self) -> None:
        self._fill_combos()

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def apply(self, mapping: Mapping) -> None:
        """Show `mapping` (suggested or loaded): its kind, then each column's field."""
        index = self.kind.findData(mapping.kind)
        if index >= 0:
            self.kind.setCurrentIndex(index)
        self._fill_combos()
        inspection = self.w.inspection
        headers = inspection.headers if inspection is not None else ()
        for header, combo in zip(headers, self.combos, strict=False):
            found = combo.findData(mapping.columns.get(header))
            combo.setCurrentIndex(max(found, 0))
        self._check()

    # -- checking --------------------------------------------------------------------------

    def chosen(self) -> dict[str, str]:
        """Header → field, for the columns not ignored."""
        inspection = self.w.inspection
        headers = inspection.headers if inspection is not None else ()
        return {
            h: str(c.currentData())
            for h, c in zip(headers, self.combos, strict=False)
            if c.currentData()
        }

    def find_problems(self) -> tuple[str, bool]:
        """(what is wrong, whether it stops Next): two columns into one field stop it;
        required fields no column fills are only said (every row would be invalid, and
        the dry run shows it)."""
        kind = self.current_kind()
        inspection = self.w.inspection
        headers = inspection.headers if inspection is not None else ()
        by_field: dict[str, list[str]] = {}
        for header, combo in zip(headers, self.combos, strict=False):
            if combo.currentData():
                by_field.setdefault(str(combo.currentData()), []).append(header)
        label = {f.name: labels.field_label(f) for f in FIELDS[kind]}
        twice = [(name, cols) for name, cols in by_field.items() if len(cols) > 1]
        if twice:
            name, cols = twice[0]
            text = self.tr("Two columns fill {field}: {columns}. Choose one of them.")
            return text.format(
                field=label[name], columns=", ".join(i18n.isolate(c) for c in cols)
            ), True
        layout = inspection.layout if inspection is not None else None
        missing = [label[f.name] for f in FIELDS[kind] if f.required and f.name not in by_field]
        if missing and layout not in ("acled", "kobo"):
            text = self.tr("No column fills {fields}: every row will be invalid without them.")
            return text.format(fields=", ".join(missing)), False
        return "", False

    def _check(self) -> None:
        text, self._blocked = self.find_problems()
        self.problems.setText(text)
        self.completeChanged.emit()

    # -- named mappings --------------------------------------------------------------------

    def mapping(self, name: str | None = None) -> Mapping:
        from fieldapp.ops.imports import Mapping

        inspection = self.w.inspection
        layout = inspection.layout if inspection is not None else None
        return Mapping(kind=self.current_kind(), columns=self.chosen(), layout=layout, name=name)

    def save(self) -> bool:
        from fieldapp.ops import imports as ops_imports

        name = self.name.text().strip()
        if not name:
            return False
        try:
            ops_imports.save_mapping(self.w.context.store(), name, self.mapping(name))
        except FieldappError as exc:
            self.saved_note.setText(self.w.show_error(self.tr("Save the mapping"), exc))
            return False
        self._fill_saved()
        self.saved.setCurrentIndex(max(self.saved.findData(name), 0))
        self.saved_note.setText(self.tr("Mapping saved as {name}.").format(name=i18n.isolate(name)))
        return True

    def load(self) -> bool:
        from fieldapp.ops import imports as ops_imports

        name = self.saved.currentData()
        if not name:
            return False
        try:
            mapping = ops_imports.load_mapping(self.w.context.store(), str(name))
        except FieldappError as exc:
            self.saved_note.setText(self.w.show_error(self.tr("Load a mapping"), exc))
            return False
        self.apply(mapping)
        self.name.setText(str(name))
        self.saved_note.setText(self.tr("Mapping {name} loaded.").format(name=i18n.isolate(name)))
        return True

    # -- QWizardPage -----------------------------------------------------------------------

    def isComplete(self) -> bool:
        return not self._blocked

    def validatePage(self) -> bool:
        mapping = self.mapping(self.name.text().strip() or None)
        if mapping != self.w.mapping:
            self.w.forget_from(self.w.MAPPING)
            self.w.mapping = mapping
        return True
