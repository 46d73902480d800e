"""A record's history: every revision, oldest first, who made it, when, and what changed.

Revisions are the audit trail, so this is where a coordinator answers "who changed the
death toll, and from what?". Each revision is compared with its parent(s); selecting one
shows its full values with the changed fields marked old → new.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.fields import FIELDS, INCIDENT, field
from fieldapp.store import Store
from fieldapp.store.database import StoredRevision
from fieldapp.ui import i18n, labels

Index = QModelIndex | QPersistentModelIndex
_T = "HistoryDialog"
HEADERS = (
    QT_TRANSLATE_NOOP("HistoryDialog", "Time (UTC)"),
    QT_TRANSLATE_NOOP("HistoryDialog", "Author"),
    QT_TRANSLATE_NOOP("HistoryDialog", "Change"),
    QT_TRANSLATE_NOOP("HistoryDialog", "Fields changed"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_T, text)


@dataclass
class Entry:
    revision: StoredRevision
    author: str
    action: str
    changed: list[str]  # field names
    previous: dict[str, object]
    head: bool


def format_time(timestamp: str) -> str:
    """2019-05-14T10:22:03.123Z -> 2019-05-14 10:22:03 (the column says UTC)."""
    return timestamp.replace("T", " ").rstrip("Z").split(".")[0]


def history_entries(store: Store, record_id: str) -> list[Entry]:
    """The revisions of a record, oldest first, each compared with its parents."""
    revisions = store.history(record_id)
    by_id = {r.id: r for r in revisions}
    heads = {h.id for h in store.heads(record_id)}
    authors: dict[str, str] = {}
    entries: list[Entry] = []
    names = [f.name for f in FIELDS[revisions[0].kind]]
    for rev in revisions:
        if rev.device not in authors:
            authors[rev.device] = store.device_label(rev.device)
        parents = [by_id[p] for p in rev.parents if p in by_id]
        previous = parents[0].data if parents else {}
        changed = [n for n in names if any(p.data.get(n) != rev.data.get(n) for p in parents)]
        if rev.deleted:
            action = QCoreApplication.translate("HistoryDialog", "Deleted")
            changed = []
        elif not rev.parents:
            action = QCoreApplication.translate("HistoryDialog", "Created")
        elif len(rev.parents) > 1:
            action = QCoreApplication.translate(
                "HistoryDialog", "Resolved a conflict (versions: {n})"
            ).format(n=labels.count(len(rev.parents)))
        elif parents and parents[0].deleted:
            action = QCoreApplication.translate("HistoryDialog", "Restored")
        else:
            action = QCoreApplication.translate("HistoryDialog", "Edited")
        entries.append(Entry(rev, authors[rev.device], action, changed, previous, rev.id in heads))
    return entries


class HistoryModel(QAbstractTableModel):
    def __init__(self, entries: list[Entry], parent: QWidget | None = None):
        super().__init__(parent)
        self.entries = entries

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        kind = entry.revision.kind
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return labels.date(format_time(entry.revision.timestamp))
            if column == 1:
                return i18n.isolate(entry.author)
            if column == 2:
                if entry.head:
                    return QCoreApplication.translate("HistoryDialog", "{change} (current)").format(
                        change=entry.action
                    )
                return entry.action
            return ", ".join(labels.field_label(field(kind, n)) for n in entry.changed)
        if role == Qt.ItemDataRole.FontRole and entry.head:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate(
                "HistoryDialog", "Revision {id} · device sequence #{seq}"
            ).format(id=i18n.ltr(entry.revision.id[:16]), seq=labels.count(entry.revision.seq))
        return None


def _value_text(kind: str, name: str, value: object) -> str:
    if value is None or value == [] or value == "":
        return "—"
    f = field(kind, name)
    if f.type == "multi":
        return labels.targets(value)  # type: ignore[arg-type]
    if f.type == "choice" and f.choices:
        return labels.vocab_label(str(dict(f.choices()).get(value, value)))
    if f.type == "int":
        return labels.count(value)
    if f.type == "float" and isinstance(value, (int, float)):
        return labels.number(value)
    if f.type == "date":
        return labels.date(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return i18n.isolate(value)


def revision_html(entry: Entry) -> str:
    """Every field of one revision; changed ones highlighted with the old value."""
    rev = entry.revision
    kind = rev.kind
    head = html.escape(
        QCoreApplication.translate("HistoryDialog", "{action} on {time} UTC by {author}").format(
            action=entry.action,
            time=i18n.isolate(labels.date(format_time(rev.timestamp))),
            author=i18n.isolate(entry.author),
        )
    )
    revision = QCoreApplication.translate("HistoryDialog", "Revision {id}").format(
        id=i18n.ltr(rev.id[:16])
    )
    direction = "rtl" if i18n.is_rtl() else "ltr"
    # the old value is read first: the arrow points the way the text runs
    arrow = "←" if i18n.is_rtl() else "→"
    parts = [
        f'<div dir="{direction}">',
        f"<p><b>{head}</b><br><small>{html.escape(revision)}</small></p>",
    ]
    if rev.deleted:
        gone = QCoreApplication.translate(
            "HistoryDialog", "The record was deleted; its last values were:"
        )
        parts.append(f"<p>{html.escape(gone)}</p>")
    parts.append(f'<table dir="{direction}" cellspacing="0" cellpadding="3" width="100%">')
    # Qt's rich text does not mirror table columns: in a right-to-left window the label
    # cell is written last so that it lands on the right
    rtl = i18n.is_rtl()
    for f in FIELDS[kind]:
        value = html.escape(_value_text(kind, f.name, rev.data.get(f.name))).replace("\n", "<br>")
        label = html.escape(labels.field_label(f))
        if f.name in entry.changed:
            old = html.escape(_value_text(kind, f.name, entry.previous.get(f.name)))
            cells = [f"<td><b>{label}</b></td>", f"<td><s>{old}</s> {arrow} <b>{value}</b></td>"]
            row = '<tr style="background:#fff3cd">'
        else:
            cells = [f'<td style="color:#555">{label}</td>', f"<td>{value}</td>"]
            row = "<tr>"
        parts.append(row + "".join(reversed(cells) if rtl else cells) + "</tr>")
    parts.append("</table></div>")
    return "".join(parts)


class HistoryDialog(QDialog):
    def __init__(self, store: Store, record_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.record_id = record_id
        self.entries = history_entries(store, record_id)
        kind = self.entries[0].revision.kind
        data = self.entries[-1].revision.data
        date = data.get("event_date") or data.get("report_date") or ""
        title = (
            self.tr("History of the incident: {place}, {date}")
            if kind == INCIDENT
            else self.tr("History of the displacement report: {place}, {date}")
        )
        self.setWindowTitle(
            title.format(
                place=i18n.isolate(data.get("location", "")),
                date=i18n.isolate(labels.date(date)),
            )
        )
        heads = sum(e.head for e in self.entries)
        count = len(self.entries)
        summary = (
            self.tr("1 revision of record {id}")
            if count == 1
            else self.tr("{n} revisions of record {id}", "", count)
        ).format(n=labels.count(count), id=i18n.ltr(record_id))
        if heads > 1:
            summary += " · " + self.tr(
                "{n} competing current versions (conflict)", "", heads
            ).format(n=labels.count(heads))
        self.summary = QLabel(summary)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = HistoryModel(self.entries, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([180, 420])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(860, 640)
        self.table.selectionModel().currentRowChanged.connect(self._show)
        self.table.selectRow(len(self.entries) - 1)
        self.table.setFocus()

    def _show(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if current.isValid():
            self.details.setHtml(revision_html(self.entries[current.row()]))
