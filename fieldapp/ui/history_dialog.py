"""A record's history: every revision, oldest first, who made it, when, and what changed.

Revisions are the audit trail, so this is where a coordinator answers "who changed the
death toll, and from what?". Each revision is compared with its parent(s); selecting one
shows its values with the changed fields first, marked old → new, and the unchanged ones
after them, dimmed. Times are stored in UTC (devices in different time zones must agree);
the local time is shown beside it because that is the clock the user remembers.

It is also the safety net: "Restore this version" brings back a deleted record (or an
older version of a live one) as a new revision, which travels in bundles like any edit.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.fields import FIELDS, INCIDENT, field
from fieldapp.domain.revisions import pick_winner
from fieldapp.errors import FieldappError
from fieldapp.ops import records as ops_records
from fieldapp.ops import signatures
from fieldapp.store import Store
from fieldapp.store.database import StoredRevision
from fieldapp.ui import dialogs, i18n, labels
from fieldapp.ui.context import AppContext
from fieldapp.ui.sync_tables import select_row

Index = QModelIndex | QPersistentModelIndex
_T = "HistoryDialog"
HEADERS = (
    QT_TRANSLATE_NOOP("HistoryDialog", "Time (UTC)"),
    QT_TRANSLATE_NOOP("HistoryDialog", "Local time"),
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
    signature: str = signatures.UNSIGNED  # one of fieldapp.identity.authorship.STATES


def format_time(timestamp: str) -> str:
    """2019-05-14T10:22:03.123Z -> 2019-05-14 10:22:03 (the column says UTC)."""
    return timestamp.replace("T", " ").rstrip("Z").split(".")[0]


def local_time(timestamp: str) -> str:
    """The same moment on this computer's clock (2019-05-14 13:22:03 in Damascus), or ""
    for a timestamp that does not parse (it is still shown in UTC)."""
    moment = QDateTime.fromString(timestamp, Qt.DateFormat.ISODateWithMs)
    if not moment.isValid():
        moment = QDateTime.fromString(timestamp, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return ""
    return moment.toLocalTime().toString("yyyy-MM-dd HH:mm:ss")


def history_entries(store: Store, record_id: str) -> list[Entry]:
    """The revisions of a record, oldest first, each compared with its parents."""
    revisions = store.history(record_id)
    by_id = {r.id: r for r in revisions}
    heads = {h.id for h in store.heads(record_id)}
    authors: dict[str, str] = {}
    signed = signatures.states(store, revisions)
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
        entries.append(
            Entry(
                rev, authors[rev.device], action, changed, previous, rev.id in heads, signed[rev.id]
            )
        )
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
                return labels.date(local_time(entry.revision.timestamp))
            if column == 2:
                return i18n.isolate(entry.author)
            if column == 3:
                if entry.head:
                    return QCoreApplication.translate("HistoryDialog", "{change} (current)").format(
                        change=entry.action
                    )
                return entry.action
            separator = QCoreApplication.translate("labels", ", ")  # the Arabic comma in Arabic
            return separator.join(labels.field_label(field(kind, n)) for n in entry.changed)
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


def signature_note(entry: Entry) -> str:
    """What the revision's signature proves (fieldapp.identity.authorship)."""
    state = entry.signature
    if state == signatures.SIGNED:
        text = QCoreApplication.translate(
            "HistoryDialog", "Signed by {author}: the signature checks against their key."
        )
    elif state == signatures.BAD:
        text = QCoreApplication.translate(
            "HistoryDialog",
            "The signature does NOT check: this revision was changed after {author} wrote it.",
        )
    elif state == signatures.NO_KEY:
        text = QCoreApplication.translate(
            "HistoryDialog", "Signed, but this database holds no key of {author} to check it."
        )
    else:
        text = QCoreApplication.translate(
            "HistoryDialog",
            "Not signed: written before fieldapp signed revisions (or not yet exported).",
        )
    return text.format(author=i18n.isolate(entry.author))


def revision_html(entry: Entry) -> str:
    """Every field of one revision: the changed ones first (old → new, highlighted), then
    the unchanged ones, dimmed, so what a revision did is read before what it kept."""
    rev = entry.revision
    kind = rev.kind
    local = local_time(rev.timestamp)
    head = html.escape(
        QCoreApplication.translate(
            "HistoryDialog", "{action} on {time} UTC ({local} local time) by {author}"
        ).format(
            action=entry.action,
            time=i18n.isolate(labels.date(format_time(rev.timestamp))),
            local=i18n.isolate(labels.date(local)),
            author=i18n.isolate(entry.author),
        )
    )
    revision = QCoreApplication.translate("HistoryDialog", "Revision {id}").format(
        id=i18n.ltr(rev.id[:16])
    )
    direction = "rtl" if i18n.is_rtl() else "ltr"
    # the old value is read first: the arrow points the way the text runs
    arrow = "←" if i18n.is_rtl() else "→"
    proof = html.escape(signature_note(entry))
    colour = "#b00020" if entry.signature in (signatures.BAD, signatures.UNSIGNED) else "#1b5e20"
    parts = [
        f'<div dir="{direction}">',
        f"<p><b>{head}</b><br><small>{html.escape(revision)}</small><br>"
        f'<small style="color:{colour}">{proof}</small></p>',
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

    def row(style: str, cells: list[str]) -> str:
        return f"<tr{style}>" + "".join(reversed(cells) if rtl else cells) + "</tr>"

    changed = [f for f in FIELDS[kind] if f.name in entry.changed]
    # a creation or a deletion has nothing "unchanged" to set apart: all values read alike
    compared = bool(rev.parents) and not rev.deleted
    kept = [f for f in FIELDS[kind] if f.name not in entry.changed]
    for f in changed:
        value = html.escape(_value_text(kind, f.name, rev.data.get(f.name))).replace("\n", "<br>")
        label = html.escape(labels.field_label(f))
        old = html.escape(_value_text(kind, f.name, entry.previous.get(f.name)))
        cells = [f"<td><b>{label}</b></td>", f"<td><s>{old}</s> {arrow} <b>{value}</b></td>"]
        parts.append(row(' style="background:#fff3cd"', cells))
    if compared and kept:
        title = html.escape(QCoreApplication.translate("HistoryDialog", "Unchanged"))
        parts.append(
            f'<tr><td colspan="2" style="color:#777; padding-top:8px"><small>{title}</small>'
            "</td></tr>"
        )
    colour = "#8a8a8a" if compared else "#555"
    for f in kept:
        value = html.escape(_value_text(kind, f.name, rev.data.get(f.name))).replace("\n", "<br>")
        label = html.escape(labels.field_label(f))
        if compared:
            cells = [
                f'<td style="color:{colour}">{label}</td>',
                f'<td style="color:{colour}">{value}</td>',
            ]
        else:
            cells = [f'<td style="color:{colour}">{label}</td>', f"<td>{value}</td>"]
        parts.append(row("", cells))
    parts.append("</table></div>")
    return "".join(parts)


class HistoryDialog(QDialog):
    """The revisions of one record, and "Restore this version".

    `restored(record_id)` is emitted after a restore wrote a revision; the window's
    the change is announced too (through `context`, or the parent window's context), so
    the table, the map and the status bar show the record again.
    """

    restored = Signal(str)

    def __init__(
        self,
        store: Store,
        record_id: str,
        parent: QWidget | None = None,
        context: AppContext | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.record_id = record_id
        parent_context = getattr(parent, "context", None)
        self.context = context or (
            parent_context if isinstance(parent_context, AppContext) else None
        )
        self.entries: list[Entry] = []
        self.deleted = False
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = HistoryModel([], self)
        self.table = QTableView()
        self.table.setObjectName("history_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in range(len(HEADERS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([180, 420])
        self.status = QLabel()
        self.status.setObjectName("history_status")
        self.status.setWordWrap(True)
        self.restore_button = QPushButton(self.tr("Restore this version"))
        self.restore_button.setObjectName("restore_version")
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(lambda _checked=False: self.restore_selected())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(900, 640)
        self.table.selectionModel().currentRowChanged.connect(self._show)
        self._load()
        self.table.setFocus()

    def _load(self) -> None:
        """(Re)read the history, select the newest revision."""
        self.entries = history_entries(self.store, self.record_id)
        heads = self.store.heads(self.record_id)
        self.deleted = pick_winner(heads).deleted  # type: ignore[arg-type]
        self.model.beginResetModel()
        self.model.entries = self.entries
        self.model.endResetModel()
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
        count = len(self.entries)
        summary = (
            self.tr("1 revision of record {id}")
            if count == 1
            else self.tr("{n} revisions of record {id}", "", count)
        ).format(n=labels.count(count), id=i18n.ltr(self.record_id))
        if len(heads) > 1:
            summary += " · " + self.tr(
                "{n} competing current versions (conflict)", "", len(heads)
            ).format(n=labels.count(len(heads)))
        if self.deleted:
            summary += "\n" + self.tr(
                "This record is deleted. Select the version to bring back and click "
                "Restore this version."
            )
        self.summary.setText(summary)
        select_row(self.table, len(self.entries) - 1)  # selectRow fails right to left
        self._show(self.table.currentIndex())

    def selected_entry(self) -> Entry | None:
        index = self.table.currentIndex()
        return self.entries[index.row()] if index.isValid() else None

    def can_restore(self, entry: Entry) -> bool:
        """A deleted record: any version that holds values (or its deletion, meaning the
        last version before it). A live one: any older version (a revert)."""
        rev = entry.revision
        if self.deleted:
            return not rev.deleted or entry.head
        return not rev.deleted and not entry.head

    def restore_selected(self) -> bool:
        """Write a revision holding the selected version's values; True if one was written."""
        entry = self.selected_entry()
        if entry is None or not self.can_restore(entry):
            return False
        source = None if entry.revision.deleted else entry.revision.id
        try:
            restored = ops_records.restore(self.store, self.record_id, source)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Restore"), str(exc))
            return False
        if restored.revision is None:
            self.status.setText(self.tr("The record already has these values; nothing changed."))
            return False
        self._load()
        if entry.revision.deleted:
            text = self.tr("Restored: the record is back with its last values before deletion.")
        else:
            text = self.tr("Restored: a new revision holds the values of {time} UTC.").format(
                time=i18n.isolate(labels.date(format_time(entry.revision.timestamp)))
            )
        self.status.setText(text)
        self.restored.emit(self.record_id)
        if self.context is not None:
            self.context.announce(restored.changes)
        return True

    def _show(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if current.isValid():
            entry = self.entries[current.row()]
            self.details.setHtml(revision_html(entry))
            allowed = self.can_restore(entry)
            self.restore_button.setEnabled(allowed)
            if allowed:
                tip = self.tr("Bring these values back as a new revision; the history is kept.")
            elif entry.head:
                tip = self.tr("This is the current version.")
            else:
                tip = self.tr("A deletion holds no values to bring back.")
            self.restore_button.setToolTip(tip)
        else:
            self.restore_button.setEnabled(False)
