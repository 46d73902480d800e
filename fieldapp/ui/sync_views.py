"""The sync views and the Sync menu: Devices, Conflicts, Possible duplicates; Export and
Import bundles.

Each view is a thin screen over fieldapp.sync (the same functions as `fieldapp devices`,
`conflicts`, `resolve`, `duplicates`), with QAbstractTableModel tables and every string
through tr(). Work that can take long on a big database (searching for duplicates) runs
through fieldapp.ui.jobs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT, field
from fieldapp.errors import FieldappError
from fieldapp.store import Store
from fieldapp.sync import conflicts as conflict_mod
from fieldapp.sync import devices as device_mod
from fieldapp.sync import duplicates as dup_mod
from fieldapp.sync.keys import format_fingerprint
from fieldapp.sync.seal import age_recipient, ensure_age_identity
from fieldapp.ui import dialogs, i18n, jobs, labels
from fieldapp.ui.context import AppContext
from fieldapp.ui.models import RowsModel
from fieldapp.ui.sync_dialogs import ExportDialog, ImportDialog, show_export

Index = QModelIndex | QPersistentModelIndex
_CHOSEN = QColor(214, 240, 220)
_DIFFERENT = QColor(255, 243, 205)
_MISSING = QColor(170, 20, 20)


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def display(kind: str, name: str, value: object) -> str:
    """A field value as people read it (vocabulary labels, thousands separators)."""
    if value is None or value == []:
        return ""
    f = field(kind, name)
    if name == "targets":
        return labels.targets(value)  # type: ignore[arg-type]
    if name == "direction":
        return labels.direction(str(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if f.type == "int":
        return labels.count(value)
    if f.type == "float":
        return labels.number(value)
    if f.type == "choice":
        return labels.vocab_label(str(f.choices().get(value, value)) if f.choices else str(value))
    return " ".join(str(value).split())


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


# -- devices -----------------------------------------------------------------------------

DEVICE_HEADERS = (
    QT_TRANSLATE_NOOP("DevicesModel", "Device"),
    QT_TRANSLATE_NOOP("DevicesModel", "Organisation"),
    QT_TRANSLATE_NOOP("DevicesModel", "Key fingerprint"),
    QT_TRANSLATE_NOOP("DevicesModel", "Trusted"),
    QT_TRANSLATE_NOOP("DevicesModel", "Bundles received"),
    QT_TRANSLATE_NOOP("DevicesModel", "Missing bundles"),
    QT_TRANSLATE_NOOP("DevicesModel", "Last bundle merged (UTC)"),
    QT_TRANSLATE_NOOP("DevicesModel", "Revisions"),
)


class DevicesModel(RowsModel):
    CONTEXT = "DevicesModel"
    HEADERS = DEVICE_HEADERS

    def reload(self, store: Store) -> None:
        self.set_rows(device_mod.device_report(store))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.ForegroundRole and col == 5 and d.missing:
            return QBrush(_MISSING)
        if role == Qt.ItemDataRole.FontRole and d.is_self:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == 2:
            return format_fingerprint(d.fingerprint)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == 0:
            if d.is_self:
                return QCoreApplication.translate("DevicesModel", "{name} (this device)").format(
                    name=i18n.isolate(d.name)
                )
            return i18n.isolate(d.name)
        if col == 1:
            return i18n.isolate(d.organisation)
        if col == 2:
            return i18n.ltr(format_fingerprint(d.fingerprint)[:29] + "…")
        if col == 3:
            return (
                QCoreApplication.translate("DevicesModel", "yes")
                if d.trusted
                else QCoreApplication.translate("DevicesModel", "no")
            )
        if col == 4:
            if d.is_self:
                return self.tr("{n} exported", "", d.sent).format(n=labels.count(d.sent))
            return device_mod.ranges(d.received)
        if col == 5:
            return device_mod.ranges(d.missing)
        if col == 6:
            return labels.date((d.last_bundle_at or "")[:16].replace("T", " "))
        return labels.count(d.revisions)


class DevicesView(QWidget):
    """This device's keys, the known devices, which bundles arrived and which are missing."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.ask_passphrase: Callable[[], str | None] = self._ask_passphrase
        self.identity = QLabel()
        self.identity.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.identity.setWordWrap(True)
        self.recipient = QLineEdit()
        self.recipient.setReadOnly(True)
        self.recipient.setObjectName("age_recipient")
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(self.copy_recipient)
        self.create_button = QPushButton(self.tr("Create sealing key…"))
        self.create_button.clicked.connect(self.create_sealing_key)
        self.cert_button = QPushButton(self.tr("Export my certificate…"))
        self.cert_button.clicked.connect(self.export_certificate)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Sealing recipient (give it to field workers):")))
        row.addWidget(self.recipient, 1)
        row.addWidget(self.copy_button)
        row.addWidget(self.create_button)
        row.addWidget(self.cert_button)

        self.model = DevicesModel(self)
        self.table = _table("table_devices")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.trust_button = QPushButton(self.tr("Trust a device's certificate…"))
        self.trust_button.clicked.connect(self.trust_certificate)
        self.untrust_button = QPushButton(self.tr("Stop trusting the selected key"))
        self.untrust_button.clicked.connect(self.untrust_selected)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #aa1414;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.trust_button)
        buttons.addWidget(self.untrust_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.identity)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.missing)
        layout.addLayout(buttons)
        context.records_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        store = self.context.store()
        device = store.device()
        if device is not None:
            self.identity.setText(
                self.tr("This device: {name} ({org}) · key fingerprint {fp}").format(
                    name=i18n.isolate(device.name),
                    org=i18n.isolate(device.organisation),
                    fp=i18n.ltr(format_fingerprint(device.id)),
                )
            )
        recipient = age_recipient(store) if device else None
        self.recipient.setText(recipient or "")
        self.recipient.setPlaceholderText(self.tr("not created yet"))
        self.create_button.setVisible(device is not None and recipient is None)
        self.copy_button.setEnabled(bool(recipient))
        self.model.reload(store)
        gaps = [d for d in self.model.rows if d.missing]
        self.missing.setText(
            "\n".join(
                self.tr(
                    "Bundle(s) {missing} from {name} have not arrived; ask for them.",
                    "",
                    len(d.missing),
                ).format(missing=i18n.ltr(device_mod.ranges(d.missing)), name=i18n.isolate(d.name))
                for d in gaps
            )
        )
        self._update_buttons()

    def selected(self) -> device_mod.DeviceStatus | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        d = self.selected()
        self.untrust_button.setEnabled(bool(d and d.trusted and not d.is_self))

    def copy_recipient(self) -> None:
        QGuiApplication.clipboard().setText(self.recipient.text())

    def _ask_passphrase(self) -> str | None:
        return dialogs.ask_passphrase(self, self.tr("Create the sealing key"))

    def create_sealing_key(self) -> str | None:
        secret = self.ask_passphrase()
        if secret is None:
            return None
        try:
            recipient = ensure_age_identity(self.context.store(), secret)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Sealing key"), str(exc))
            return None
        self.reload()
        return recipient

    def trust_certificate(self) -> device_mod.TrustResult | None:
        path = dialogs.open_file(
            self, self.tr("A device's certificate"), "", self.tr("Certificates (*.pem *.crt)")
        )
        if not path:
            return None
        try:
            result = device_mod.trust_certificate(self.context.store(), Path(path).read_bytes())
        except (FieldappError, OSError) as exc:
            dialogs.show_error(self, self.tr("Trust a device"), str(exc))
            return None
        dialogs.show_info(
            self,
            self.tr("Trust a device"),
            self.tr(
                "{name} ({org}) is trusted. Check that its fingerprint\n{fp}\nmatches what "
                "that device shows."
            ).format(
                name=i18n.isolate(result.name),
                org=i18n.isolate(result.organisation),
                fp=i18n.ltr(format_fingerprint(result.fingerprint)),
            ),
        )
        self.reload()
        return result

    def untrust_selected(self) -> bool:
        d = self.selected()
        if d is None or d.is_self:
            return False
        window = self.window()
        confirm = getattr(window, "confirm", dialogs.confirm)
        if not confirm(
            self,
            self.tr("Stop trusting a key"),
            self.tr("Bundles signed by {name} will be refused until you trust it again.").format(
                name=i18n.isolate(d.name)
            ),
            self.tr("Stop trusting"),
        ):
            return False
        device_mod.set_trusted(self.context.store(), d.fingerprint, False)
        self.reload()
        return True

    def export_certificate(self) -> Path | None:
        path = dialogs.save_file(
            self, self.tr("Save my certificate"), "device.pem", self.tr("Certificates (*.pem)")
        )
        if not path:
            return None
        return device_mod.export_certificate(self.context.store(), path)


# -- conflicts ---------------------------------------------------------------------------


class ConflictListModel(RowsModel):
    CONTEXT = "ConflictsView"
    HEADERS = (
        QT_TRANSLATE_NOOP("ConflictsView", "Record"),
        QT_TRANSLATE_NOOP("ConflictsView", "Date"),
        QT_TRANSLATE_NOOP("ConflictsView", "Location"),
        QT_TRANSLATE_NOOP("ConflictsView", "Versions"),
    )

    def reload(self, store: Store) -> None:
        self.set_rows(conflict_mod.list_conflicts(store))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        c = self.rows[index.row()]
        shown = next(v for v in c.versions if v.provisional).revision.data
        col = index.column()
        if col == 0:
            kind = (
                QCoreApplication.translate("ConflictsView", "incident")
                if c.kind == INCIDENT
                else QCoreApplication.translate("ConflictsView", "displacement")
            )
            return f"{i18n.ltr(c.record_id[:8])} ({kind})"
        if col == 1:
            return labels.date(shown.get("event_date") or shown.get("report_date") or "")
        if col == 2:
            return i18n.isolate(shown.get("location") or "")
        return labels.count(len(c.versions))


class ResolverModel(QAbstractTableModel):
    """Rows: fields; columns: the competing versions, then the result. Clicking a cell
    chooses that version's value for that field."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.conflict: conflict_mod.Conflict | None = None
        self.fields: list[str] = []
        self.choice: dict[str, int] = {}

    def set_conflict(self, c: conflict_mod.Conflict | None) -> None:
        self.beginResetModel()
        self.conflict = c
        self.choice = {}
        if c is None:
            self.fields = []
        else:
            differing = set(c.differing)
            names = [f.name for f in FIELDS[c.kind]]
            self.fields = [n for n in names if n in differing] + [
                n for n in names if n not in differing
            ]
            base = self.base_column()
            self.choice = {n: base for n in self.fields}
        self.endResetModel()

    def base_column(self) -> int:
        assert self.conflict is not None
        versions = self.conflict.versions
        alive = [i for i, v in enumerate(versions) if not v.revision.deleted]
        provisional = next(i for i, v in enumerate(versions) if v.provisional)
        return provisional if provisional in alive else (alive[0] if alive else provisional)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.conflict is None:
            return 0
        return len(self.conflict.versions) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            assert self.conflict is not None
            return labels.field_label(field(self.conflict.kind, self.fields[section]))
        if self.conflict is None:
            return None
        if section == len(self.conflict.versions):
            return QCoreApplication.translate("ConflictsView", "Result")
        v = self.conflict.versions[section]
        state = QCoreApplication.translate("ConflictsView", "deleted") if v.revision.deleted else ""
        shown = QCoreApplication.translate("ConflictsView", "shown now") if v.provisional else ""
        extra = ", ".join(x for x in (state, shown) if x)
        return "{author}\n{time} · {rev}{extra}".format(
            author=i18n.isolate(v.author),
            time=labels.date(v.revision.timestamp[:16].replace("T", " ")),
            rev=i18n.ltr(v.id[:8]),
            extra=f" ({extra})" if extra else "",
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.conflict is None:
            return None
        name, col = self.fields[index.row()], index.column()
        versions = self.conflict.versions
        source = self.choice[name] if col == len(versions) else col
        value = versions[source].revision.data.get(name)
        if role == Qt.ItemDataRole.DisplayRole:
            if col < len(versions) and versions[col].revision.deleted:
                return QCoreApplication.translate("ConflictsView", "(deleted)")
            return display(self.conflict.kind, name, value)
        if role == Qt.ItemDataRole.BackgroundRole:
            if col < len(versions) and self.choice[name] == col:
                return QBrush(_CHOSEN)
            if name in self.conflict.differing:
                return QBrush(_DIFFERENT)
        if role == Qt.ItemDataRole.FontRole and name in self.conflict.differing:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def choose(self, row: int, col: int) -> bool:
        if self.conflict is None or not 0 <= row < len(self.fields):
            return False
        if not 0 <= col < len(self.conflict.versions):
            return False
        if self.conflict.versions[col].revision.deleted:
            return False
        name = self.fields[row]
        self.choice[name] = col
        last = len(self.conflict.versions)
        self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        return True

    def picks(self) -> dict[str, str]:
        assert self.conflict is not None
        return {n: self.conflict.versions[c].id for n, c in self.choice.items()}


class ConflictsView(QWidget):
    """Records with competing versions; a side-by-side, field-by-field resolver."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.list_model = ConflictListModel(self)
        self.list = _table("table_conflicts")
        self.list.setModel(self.list_model)
        self.list.selectionModel().selectionChanged.connect(self._selected)
        self.resolver_model = ResolverModel(self)
        self.resolver = QTableView()
        self.resolver.setObjectName("table_resolver")
        self.resolver.setModel(self.resolver_model)
        self.resolver.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.resolver.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.resolver.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.resolver.clicked.connect(lambda i: self.resolver_model.choose(i.row(), i.column()))
        self.keep_whole = QComboBox()
        self.keep_button = QPushButton(self.tr("Keep this version whole"))
        self.keep_button.clicked.connect(self.keep_version)
        self.resolve_button = QPushButton(self.tr("Save the chosen values"))
        self.resolve_button.clicked.connect(self.resolve_fields)
        self.open_button = QPushButton(self.tr("Open the record"))
        self.open_button.clicked.connect(self._open_record)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        help_text = QLabel(
            self.tr(
                "Click a value to keep it (green); fields that differ are highlighted. "
                "Resolving writes one revision that replaces all versions, everywhere it "
                "travels."
            )
        )
        help_text.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.keep_whole)
        actions.addWidget(self.keep_button)
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.resolve_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(help_text)
        right_layout.addWidget(self.resolver, 1)
        right_layout.addLayout(actions)
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        context.records_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        current = self.current()
        self.list_model.reload(self.context.store())
        n = len(self.list_model.rows)
        self.summary.setText(
            self.tr("No records with competing versions.")
            if n == 0
            else self.tr("{n} record(s) with competing versions.", "", n).format(n=labels.count(n))
        )
        ids = [c.record_id for c in self.list_model.rows]
        row = ids.index(current.record_id) if current and current.record_id in ids else 0
        if n:
            self.list.selectRow(row)
        else:
            self.resolver_model.set_conflict(None)
            self._update_buttons()

    def current(self) -> conflict_mod.Conflict | None:
        return self.resolver_model.conflict

    def _selected(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        c = self.list_model.rows[rows[0].row()] if rows else None
        self.resolver_model.set_conflict(c)
        self.keep_whole.clear()
        if c is not None:
            for v in c.versions:
                self.keep_whole.addItem(
                    self.tr("{author}, {time}{deleted}").format(
                        author=i18n.isolate(v.author),
                        time=labels.date(v.revision.timestamp[:16].replace("T", " ")),
                        deleted=self.tr(" (deletion)") if v.revision.deleted else "",
                    ),
                    v.id,
                )
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current() is not None
        for w in (self.keep_whole, self.keep_button, self.resolve_button, self.open_button):
            w.setEnabled(has)

    def select(self, record_id: str) -> bool:
        for i, c in enumerate(self.list_model.rows):
            if c.record_id == record_id:
                self.list.selectRow(i)
                return True
        return False

    def keep_version(self) -> bool:
        c = self.current()
        if c is None:
            return False
        return self._resolve(lambda store: conflict_mod.resolve(
            store, c.record_id, take=self.keep_whole.currentData()))  # fmt: skip

    def resolve_fields(self) -> bool:
        c = self.current()
        if c is None:
            return False
        picks = self.resolver_model.picks()
        return self._resolve(lambda store: conflict_mod.resolve(store, c.record_id, picks=picks))

    def _resolve(self, action: Callable[[Store], object]) -> bool:
        try:
            action(self.context.store())
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Resolve the conflict"), str(exc))
            return False
        self.context.records_changed.emit()
        return True

    def _open_record(self) -> None:
        c = self.current()
        if c is not None:
            self.context.open_record.emit(c.record_id)


# -- duplicates --------------------------------------------------------------------------


class CandidateModel(RowsModel):
    CONTEXT = "DuplicatesView"
    HEADERS = (
        QT_TRANSLATE_NOOP("DuplicatesView", "Date"),
        QT_TRANSLATE_NOOP("DuplicatesView", "Place"),
        QT_TRANSLATE_NOOP("DuplicatesView", "Other date"),
        QT_TRANSLATE_NOOP("DuplicatesView", "Other place"),
        QT_TRANSLATE_NOOP("DuplicatesView", "Distance"),
        QT_TRANSLATE_NOOP("DuplicatesView", "Why"),
    )

    def remove(self, candidate: dup_mod.Candidate) -> None:
        """Drop this pair and any other pair that names a record that no longer exists."""
        self.set_rows([c for c in self.rows if (c.a, c.b) != (candidate.a, candidate.b)])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        c, col = self.rows[index.row()], index.column()
        if col == 0:
            return labels.date(c.date_a)
        if col == 1:
            return i18n.isolate(c.location_a)
        if col == 2:
            return labels.date(c.date_b)
        if col == 3:
            return i18n.isolate(c.location_b)
        if col == 4:
            if c.distance_km is None:
                return ""
            return QCoreApplication.translate("DuplicatesView", "{km} km").format(
                km=labels.number(round(c.distance_km, 2))
            )
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

    def set_records(self, kind: str, records: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.kind = kind
        self.records = records
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
        return QCoreApplication.translate("DuplicatesView", "Record {id}").format(
            id=i18n.ltr(self.records[section]["id"][:8])
        )

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
    """Search for possible duplicates, compare a pair, and decide: different events, the
    same event kept as two, or merge one into the other (both histories kept)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.job: jobs.Job | None = None
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Incidents"), INCIDENT)
        self.kind.addItem(self.tr("Displacement reports"), DISPLACEMENT)
        self.km = QDoubleSpinBox()
        self.km.setRange(0.1, 50.0)
        self.km.setValue(2.0)
        self.km.setSuffix(self.tr(" km"))
        self.days = QSpinBox()
        self.days.setRange(0, 30)
        self.days.setValue(1)
        self.days.setSuffix(self.tr(" day(s)"))
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.search)
        self.status = QLabel()
        top = QHBoxLayout()
        for label, widget in (
            (self.tr("Records:"), self.kind),
            (self.tr("Within:"), self.km),
            (self.tr("Dates apart:"), self.days),
        ):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addWidget(self.search_button)
        top.addWidget(self.status, 1)

        self.model = CandidateModel(self)
        self.table = _table("table_duplicates")
        self.table.setModel(self.model)
        self._headers_fitted = False
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.pair_model = PairModel(self)
        self.pair = QTableView()
        self.pair.setObjectName("table_pair")
        self.pair.setModel(self.pair_model)
        self.pair.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pair.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.distinct_button = QPushButton(self.tr("Different events"))
        self.distinct_button.clicked.connect(lambda: self.link("distinct"))
        self.same_button = QPushButton(self.tr("Same event, keep both"))
        self.same_button.clicked.connect(lambda: self.link("same"))
        self.merge_a_button = QPushButton(self.tr("Merge into the first"))
        self.merge_a_button.clicked.connect(lambda: self.merge(keep_first=True))
        self.merge_b_button = QPushButton(self.tr("Merge into the second"))
        self.merge_b_button.clicked.connect(lambda: self.merge(keep_first=False))
        decide = QHBoxLayout()
        for button in (
            self.distinct_button,
            self.same_button,
            self.merge_a_button,
            self.merge_b_button,
        ):
            decide.addWidget(button)
        decide.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.pair)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(decide)
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._headers_fitted:  # once shown: measured with the final font and style
            self._headers_fitted = True
            i18n.fit_headers(self.table)

    def current(self) -> dup_mod.Candidate | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        has = self.current() is not None and self.job is None
        for button in (
            self.distinct_button,
            self.same_button,
            self.merge_a_button,
            self.merge_b_button,
        ):
            button.setEnabled(has)
        self.search_button.setEnabled(self.job is None)

    def search(self) -> jobs.Job | None:
        if self.job is not None:
            return None
        kind, km, days = self.kind.currentData(), self.km.value(), self.days.value()
        db_path = self.context.db_path

        def work(progress: jobs.Progress, cancelled: jobs.CancelledFlag) -> Any:
            with Store.open(db_path) as store:
                return dup_mod.find_duplicates(store, kind, km=km, days=days, limit=5000)

        self.status.setText(self.tr("Searching…"))
        self.job = jobs.run_job(self, self.tr("Looking for duplicates"), work, self._found)
        self.job.done.connect(self._job_done)
        self._update_buttons()
        return self.job

    def _job_done(self) -> None:
        self.job = None
        self._update_buttons()

    def _found(self, found: list[dup_mod.Candidate]) -> None:
        self.model.set_rows(found)
        self.status.setText(
            self.tr("No possible duplicates.")
            if not found
            else self.tr("{n} possible duplicate pair(s).", "", len(found)).format(
                n=labels.count(len(found))
            )
        )
        if found:
            self.table.selectRow(0)
        else:
            self.pair_model.set_records(INCIDENT, [])

    def _selected(self) -> None:
        c = self.current()
        if c is None:
            self.pair_model.set_records(INCIDENT, [])
        else:
            store = self.context.store()
            records = [r for r in (store.get(c.a), store.get(c.b)) if r is not None]
            self.pair_model.set_records(c.kind, records)
        self._update_buttons()

    def link(self, relation: str) -> bool:
        c = self.current()
        if c is None:
            return False
        try:
            dup_mod.link(self.context.store(), c.a, c.b, relation)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Possible duplicates"), str(exc))
            return False
        self.model.remove(c)
        self._after_decision()
        return True

    def merge(self, keep_first: bool) -> bool:
        c = self.current()
        if c is None:
            return False
        keep, other = (c.a, c.b) if keep_first else (c.b, c.a)
        window = self.window()
        confirm = getattr(window, "confirm", dialogs.confirm)
        if not confirm(
            self,
            self.tr("Merge duplicates"),
            self.tr(
                "Record {other} will be merged into {keep} and then deleted. Both histories "
                "are kept, and the merge travels with the next bundle."
            ).format(other=i18n.ltr(other[:8]), keep=i18n.ltr(keep[:8])),
            self.tr("Merge"),
        ):
            return False
        try:
            dup_mod.merge_duplicates(self.context.store(), keep, other)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Merge duplicates"), str(exc))
            return False
        gone = other
        self.model.set_rows([x for x in self.model.rows if gone not in (x.a, x.b)])
        self.context.records_changed.emit()
        self._after_decision()
        return True

    def _after_decision(self) -> None:
        if self.model.rows:
            self.table.selectRow(0)
        else:
            self.pair_model.set_records(INCIDENT, [])
        rows = len(self.model.rows)
        self.status.setText(
            self.tr("{n} possible duplicate pair(s).", "", rows).format(n=labels.count(rows))
        )
        self._update_buttons()


# -- installing --------------------------------------------------------------------------


class SyncActions:
    """The Sync menu's actions and the dialogs they open (kept for tests)."""

    def __init__(self, window: Any):
        self.window = window
        self.export_dialog: ExportDialog | None = None
        self.import_dialog: ImportDialog | None = None

    def export(self) -> ExportDialog:
        self.export_dialog = show_export(self.window.context, self.window)
        return self.export_dialog

    def import_(self) -> ImportDialog:
        dialog = ImportDialog(self.window.context, self.window)
        self.import_dialog = dialog
        dialog.open()
        return dialog


def install(window: Any) -> SyncActions:
    """Add the Devices, Conflicts and Possible duplicates views and the Sync menu."""
    context = window.context
    window.devices_view = DevicesView(context, window)
    window.conflicts_view = ConflictsView(context, window)
    window.duplicates_view = DuplicatesView(context, window)
    window.add_view(
        "devices", QCoreApplication.translate("ConflictsView", "Devices"), window.devices_view
    )
    window.add_view(
        "conflicts", QCoreApplication.translate("ConflictsView", "Conflicts"), window.conflicts_view
    )
    window.add_view(
        "duplicates",
        QCoreApplication.translate("DuplicatesView", "Possible duplicates"),
        window.duplicates_view,
    )
    sync = SyncActions(window)
    window.sync_actions = sync
    menu = window.menu("sync")

    action = functools.partial(window.add_menu_action, "sync")
    action(
        QCoreApplication.translate("ConflictsView", "&Export bundle…"),
        sync.export,
        "action_export_bundle",
        "Ctrl+E",
    )
    action(
        QCoreApplication.translate("ConflictsView", "&Import bundles…"),
        sync.import_,
        "action_import_bundles",
        "Ctrl+I",
    )
    menu.addSeparator()
    action(
        QCoreApplication.translate("ConflictsView", "&Devices and keys"),
        lambda: window.show_view("devices"),
        "action_devices",
    )
    action(
        QCoreApplication.translate("ConflictsView", "&Conflicts"),
        lambda: window.show_view("conflicts"),
        "action_conflicts",
    )
    action(
        QCoreApplication.translate("DuplicatesView", "Possible &duplicates"),
        lambda: (window.show_view("duplicates"), window.duplicates_view.search()),
        "action_duplicates",
    )
    return sync
