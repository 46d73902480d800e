"""The Possible duplicates view: pairs of records that may be the same event, compared side
by side, decided one by one or in bulk.

The search (fieldapp.curation.duplicates, the same as `fieldapp duplicates list`) runs in the
background through fieldapp.ui.jobs as soon as the view is shown, and again when the
records change while it is shown; "Search" stays for a search with other limits. Each
pair says which device sent each side, so a coordinator sees "Amal and Basel both
reported it" at a glance. After merging bundles twice over there can be dozens of pairs
whose every field is equal: "Merge all exact duplicates" and "Mark all shown as distinct"
decide them in one step (one store transaction each, asked first).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT
from fieldapp.errors import Cancelled, FieldappError
from fieldapp.ops import Changes
from fieldapp.ops import curation as ops_curation
from fieldapp.progress import Task
from fieldapp.store import Store
from fieldapp.ui import dialogs, i18n, jobs, labels
from fieldapp.ui.context import AppContext
from fieldapp.ui.models import RowsModel
from fieldapp.ui.sync_tables import display, select_row, table

Index = QModelIndex | QPersistentModelIndex
_DIFFERENT = QColor(255, 243, 205)
_EXACT = QColor(0, 110, 40)


class CandidateModel(RowsModel):
    CONTEXT = "DuplicatesView"
    HEADERS = (
        QT_TRANSLATE_NOOP("DuplicatesView", "Date"),
        QT_TRANSLATE_NOOP("DuplicatesView", "Place"),
        QT_TRANSLATE_NOOP("DuplicatesView", "Sent by"),
        QT_TRANSLATE_NOOP("DuplicatesView", "Other date"),
        QT_TRANSLATE_NOOP("DuplicatesView", "Other place"),
        QT_TRANSLATE_NOOP("DuplicatesView", "Other sent by"),
        QT_TRANSLATE_NOOP("DuplicatesView", "Distance"),
        QT_TRANSLATE_NOOP("DuplicatesView", "Why"),
    )

    def remove(self, candidate: ops_curation.Candidate) -> None:
        """Drop this pair from the list."""
        self.set_rows([c for c in self.rows if (c.a, c.b) != (candidate.a, candidate.b)])

    def exact_rows(self) -> list[ops_curation.Candidate]:
        return [c for c in self.rows if c.exact]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.ForegroundRole and col == 7 and c.exact:
            return QBrush(_EXACT)
        if role == Qt.ItemDataRole.FontRole and col == 7 and c.exact:
            font = QFont()
            font.setBold(True)
            return font
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == 0:
            return labels.date(c.date_a)
        if col == 1:
            return i18n.isolate(c.location_a)
        if col == 2:
            return i18n.isolate(c.sender_a)
        if col == 3:
            return labels.date(c.date_b)
        if col == 4:
            return i18n.isolate(c.location_b)
        if col == 5:
            return i18n.isolate(c.sender_b)
        if col == 6:
            if c.distance_km is None:
                return ""
            return QCoreApplication.translate("DuplicatesView", "{km} km").format(
                km=labels.number(round(c.distance_km, 2))
            )
        if c.exact:
            return QCoreApplication.translate("DuplicatesView", "identical")
        return (
            QCoreApplication.translate("DuplicatesView", "same place name")
            if c.same_name
            else QCoreApplication.translate("DuplicatesView", "nearby")
        )


class PairModel(QAbstractTableModel):
    """The two records of a pair side by side, differences highlighted."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = INCIDENT
        self.records: list[dict[str, Any]] = []
        self.senders: list[str] = []

    def set_records(
        self, kind: str, records: list[dict[str, Any]], senders: list[str] | None = None
    ) -> None:
        self.beginResetModel()
        self.kind = kind
        self.records = records
        self.senders = senders or []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self.records else len(FIELDS[self.kind])

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return labels.field_label(FIELDS[self.kind][section])
        text = QCoreApplication.translate("DuplicatesView", "Record {id}").format(
            id=i18n.ltr(self.records[section]["id"][:8])
        )
        if section < len(self.senders) and self.senders[section]:
            text += " · " + QCoreApplication.translate("DuplicatesView", "sent by {who}").format(
                who=i18n.isolate(self.senders[section])
            )
        return text

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        name = FIELDS[self.kind][index.row()].name
        if role == Qt.ItemDataRole.DisplayRole:
            return display(self.kind, name, self.records[index.column()].get(name))
        if role == Qt.ItemDataRole.BackgroundRole:
            values = {repr(r.get(name)) for r in self.records}
            return QBrush(_DIFFERENT) if len(values) > 1 else None
        return None


class DuplicatesView(QWidget):
    """Possible duplicates: found in the background as soon as the view is shown, compared
    side by side, decided as different events, the same event kept as two, or merged (both
    histories kept); exact copies and whole lists decided in bulk."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.job: jobs.Job | None = None
        self.stale = True  # the list does not reflect the records (search when shown)
        self._note = ""  # what the last bulk action did, shown with the next list
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Incidents"), INCIDENT)
        self.kind.addItem(self.tr("Displacement reports"), DISPLACEMENT)
        self.kind.currentIndexChanged.connect(lambda _i: self.search())
        self.km = QDoubleSpinBox()
        self.km.setRange(0.1, 50.0)
        self.km.setValue(2.0)
        self.km.setSuffix(self.tr(" km"))
        self.days = QSpinBox()
        self.days.setRange(0, 30)
        self.days.setValue(1)
        self.days.setSuffix(self.tr(" day(s)"))
        self.search_button = QPushButton(self.tr("Search again"))
        self.search_button.clicked.connect(lambda: self.search())
        self.status = QLabel()
        self.status.setObjectName("duplicates_status")
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        for label, widget in (
            (self.tr("Records:"), self.kind),
            (self.tr("Within:"), self.km),
            (self.tr("Dates apart:"), self.days),
        ):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addWidget(self.search_button)
        top.addStretch(1)

        self.model = CandidateModel(self)
        self.table = table("table_duplicates")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setModel(self.model)
        self._headers_fitted = False
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.pair_model = PairModel(self)
        self.pair = QTableView()
        self.pair.setObjectName("table_pair")
        self.pair.setModel(self.pair_model)
        self.pair.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pair.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        decide, bulk = self._decision_rows()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.pair)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        layout.addLayout(decide)
        layout.addLayout(bulk)
        context.changed.connect(self._changed)
        self._update_buttons()

    def _decision_rows(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The buttons deciding the selected pairs, and those deciding every pair shown."""
        self.distinct_button = QPushButton(self.tr("Different events"))
        self.distinct_button.clicked.connect(lambda: self.link("distinct"))
        self.same_button = QPushButton(self.tr("Same event, keep both"))
        self.same_button.clicked.connect(lambda: self.link("same"))
        self.merge_a_button = QPushButton(self.tr("Merge into the first"))
        self.merge_a_button.clicked.connect(lambda: self.merge(keep_first=True))
        self.merge_b_button = QPushButton(self.tr("Merge into the second"))
        self.merge_b_button.clicked.connect(lambda: self.merge(keep_first=False))
        self.merge_exact_button = QPushButton(self.tr("Merge all exact duplicates"))
        self.merge_exact_button.setObjectName("merge_exact")
        self.merge_exact_button.clicked.connect(lambda: self.merge_all_exact())
        self.distinct_all_button = QPushButton(self.tr("Mark all shown as distinct"))
        self.distinct_all_button.setObjectName("distinct_all")
        self.distinct_all_button.clicked.connect(lambda: self.mark_all_distinct())
        decide = QHBoxLayout()
        for button in (
            self.distinct_button,
            self.same_button,
            self.merge_a_button,
            self.merge_b_button,
        ):
            decide.addWidget(button)
        decide.addStretch(1)
        bulk = QHBoxLayout()  # a row of its own: both rows fit 1366 px in any language
        bulk.addWidget(QLabel(self.tr("All at once:")))
        bulk.addWidget(self.merge_exact_button)
        bulk.addWidget(self.distinct_all_button)
        bulk.addStretch(1)
        return decide, bulk

    # -- searching -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._headers_fitted:  # once shown: measured with the final font and style
            self._headers_fitted = True
            i18n.fit_headers(self.table)
        if self.stale:
            self.search()

    def _changed(self, changes: Changes) -> None:
        if changes.touches_records() or changes.duplicates:
            self._mark_stale()

    def _mark_stale(self) -> None:
        self.stale = True
        if self.isVisible():  # shown now: refresh once the change has settled
            QTimer.singleShot(0, self, self._search_if_stale)

    def _search_if_stale(self) -> None:
        if self.stale and self.isVisible():
            self.search()

    def search(self) -> jobs.Job | None:
        """Look for pairs in the background (progress and Cancel after a moment)."""
        if self.job is not None:
            return None
        kind, km, days = self.kind.currentData(), self.km.value(), self.days.value()

        def find(store: Store, task: Task) -> ops_curation.Found:
            return ops_curation.find_duplicates(
                store, kind, km=km, days=days, limit=5000, classify=True, task=task
            )

        self.stale = False
        self.status.setText(self.tr("Searching…"))
        self.job = jobs.run_op(
            self.context,
            self,
            self.tr("Looking for duplicates"),
            find,
            self._found,
            self._search_failed,
        )
        self.job.done.connect(self._job_done)
        self._update_buttons()
        return self.job

    def _job_done(self) -> None:
        self.job = None
        self._update_buttons()

    def _search_failed(self, exc: BaseException) -> None:
        self.stale = True
        if isinstance(exc, Cancelled):
            self.status.setText(self.tr("Search cancelled; “Search again” starts it over."))
        else:
            self.status.setText(labels.error_text(exc))

    def _found(self, result: ops_curation.Found) -> None:
        found = list(result.candidates)
        self.model.set_rows(found)
        self._fit_columns()
        self._show_count()
        if found:
            self.select_row(0)
        else:
            self.pair_model.set_records(INCIDENT, [])

    def _show_count(self) -> None:
        rows = len(self.model.rows)
        exact = len(self.model.exact_rows())
        if not rows:
            text = self.tr("No possible duplicates.")
        else:
            text = self.tr("{n} possible duplicate pair(s).", "", rows).format(n=labels.count(rows))
            if exact:
                text += " " + self.tr("{n} of them exact (every field equal).", "", exact).format(
                    n=labels.count(exact)
                )
        if self._note:
            text = self._note + " " + text
            self._note = ""
        self.status.setText(text)

    def _fit_columns(self) -> None:
        """Places and senders readable in full (up to a third of the width each), the
        reason taking what is left."""
        if not self.model.rows:
            return  # keep the widths the last list had
        widest = max(160, self.table.viewport().width() // 3)
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column), widest))

    # -- selection -------------------------------------------------------------------------

    def selected(self) -> list[ops_curation.Candidate]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.rows[r] for r in rows]

    def select_row(self, row: int) -> None:
        select_row(self.table, row)

    def current(self) -> ops_curation.Candidate | None:
        chosen = self.selected()
        return chosen[0] if chosen else None

    def _update_buttons(self) -> None:
        idle = self.job is None
        chosen = len(self.selected())
        for button in (self.distinct_button, self.same_button):
            button.setEnabled(idle and chosen > 0)
        for button in (self.merge_a_button, self.merge_b_button):
            button.setEnabled(idle and chosen == 1)
        self.merge_exact_button.setEnabled(idle and bool(self.model.exact_rows()))
        self.distinct_all_button.setEnabled(idle and bool(self.model.rows))
        self.search_button.setEnabled(idle)

    def _selected(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            self.pair_model.set_records(INCIDENT, [])
        else:
            c = chosen[0]
            store = self.context.store()
            records = [r for r in (store.get(c.a), store.get(c.b)) if r is not None]
            self.pair_model.set_records(c.kind, records, [c.sender_a, c.sender_b])
        self._update_buttons()

    # -- deciding --------------------------------------------------------------------------

    def _confirm(self, title: str, text: str, action: str) -> bool:
        confirm = getattr(self.window(), "confirm", dialogs.confirm)
        return bool(confirm(self, title, text, action))

    def _tell(self, text: str) -> None:
        """A bulk action's outcome: in the window's status line, and above the list."""
        self._note = text
        self.status.setText(text)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 10_000)

    def link(self, relation: str) -> bool:
        """Record a decision for every selected pair (one transaction)."""
        chosen = self.selected()
        if not chosen:
            return False
        try:
            linked = ops_curation.link_all(self.context.store(), chosen, relation)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Possible duplicates"), str(exc))
            return False
        decided = {(c.a, c.b) for c in chosen}
        self.model.set_rows([c for c in self.model.rows if (c.a, c.b) not in decided])
        self._after_decision()
        self.context.announce(linked.changes)
        self.stale = False  # this list already leaves the decided pairs out
        return True

    def merge(self, keep_first: bool) -> bool:
        c = self.current()
        if c is None:
            return False
        keep, other = (c.a, c.b) if keep_first else (c.b, c.a)
        if not self._confirm(
            self.tr("Merge duplicates"),
            self.tr(
                "Record {other} will be merged into {keep} and then deleted. Both histories "
                "are kept, and the merge travels with the next bundle."
            ).format(other=i18n.ltr(other[:8]), keep=i18n.ltr(keep[:8])),
            self.tr("Merge"),
        ):
            return False
        try:
            merged = ops_curation.merge_duplicates(self.context.store(), keep, other)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Merge duplicates"), str(exc))
            return False
        self.model.set_rows([x for x in self.model.rows if other not in (x.a, x.b)])
        self._after_decision()
        self.context.announce(merged.changes)
        return True

    def merge_all_exact(self) -> int:
        """Merge every exact pair shown, in one transaction, after asking; returns how many."""
        exact = self.model.exact_rows()
        if not exact or self.job is not None:
            return 0
        n = len(exact)
        if not self._confirm(
            self.tr("Merge all exact duplicates"),
            self.tr(
                "{n} pair(s) of records are equal in every field. Each copy will be merged "
                "into the other record and deleted; both histories are kept, and the merges "
                "travel with the next bundle.",
                "",
                n,
            ).format(n=labels.count(n)),
            self.tr("Merge all"),
        ):
            return 0
        try:
            result = ops_curation.merge_exact(self.context.store(), exact)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Merge all exact duplicates"), str(exc))
            return 0
        text = self.tr("Merged {n} exact duplicate pair(s).", "", result.done).format(
            n=labels.count(result.done)
        )
        left = len(result.skipped)
        if left:
            text += " " + self.tr(
                "{n} pair(s) left for you (changed since the search, or in conflict).", "", left
            ).format(n=labels.count(left))
        self._tell(text)
        self.context.announce(result.changes)  # refreshes the tables, and this list
        return result.done

    def mark_all_distinct(self) -> int:
        """Record every pair shown as different events, after asking; returns how many."""
        shown = list(self.model.rows)
        if not shown or self.job is not None:
            return 0
        n = len(shown)
        if not self._confirm(
            self.tr("Mark all shown as distinct"),
            self.tr(
                "All {n} pair(s) shown will be recorded as different events and not listed again.",
                "",
                n,
            ).format(n=labels.count(n)),
            self.tr("Mark as distinct"),
        ):
            return 0
        try:
            decided = ops_curation.mark_distinct(self.context.store(), shown)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Mark all shown as distinct"), str(exc))
            return 0
        done = decided.done
        self._tell(
            self.tr("Marked {n} pair(s) as different events.", "", done).format(
                n=labels.count(done)
            )
        )
        self.context.announce(decided.changes)
        self.search()
        return done

    def _after_decision(self) -> None:
        if self.model.rows:
            self.select_row(0)
        else:
            self.pair_model.set_records(INCIDENT, [])
        self._show_count()
        self._update_buttons()
