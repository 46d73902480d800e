"""The Devices view: this device's keys, the known devices and their trust, which bundles
arrived from each and which are missing.

A thin screen over fieldapp.sync.devices (the same functions as `fieldapp devices` and
`fieldapp keys`), moved out of sync_views to keep that module small.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
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
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.errors import FieldappError
from fieldapp.identity.keys import format_fingerprint
from fieldapp.ops import Changes
from fieldapp.ops import bundles as ops_bundles
from fieldapp.ops import setup as ops_setup
from fieldapp.store import Store
from fieldapp.sync.seal import age_recipient
from fieldapp.ui import age_identity_dialog, dialogs, i18n, labels
from fieldapp.ui.context import AppContext
from fieldapp.ui.models import RowsModel
from fieldapp.ui.passphrase import device_key_check
from fieldapp.ui.sync_tables import table

Index = QModelIndex | QPersistentModelIndex
_MISSING = QColor(170, 20, 20)


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
        self.set_rows(ops_bundles.devices(store))

    def _missing_text(self, d: Any) -> str:
        """The bundles not arrived: listed, or counted when too many (far ahead)."""
        if d.far_ahead:
            return self.tr("{n} (far ahead)").format(n=labels.count(d.far_ahead))
        return ops_bundles.ranges(d.missing)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.ForegroundRole and col == 5 and (d.missing or d.far_ahead):
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
            return ops_bundles.ranges(d.received)
        if col == 5:
            return self._missing_text(d)
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
        self.age_button = QPushButton(self.tr("Export age identity…"))
        self.age_button.setToolTip(
            self.tr("The key that opens bundles sealed to you, for the age tool")
        )
        self.age_button.clicked.connect(self.export_age_identity)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Sealing recipient (give it to field workers):")))
        row.addWidget(self.recipient, 1)
        row.addWidget(self.copy_button)
        row.addWidget(self.create_button)
        row.addWidget(self.cert_button)
        row.addWidget(self.age_button)

        self.model = DevicesModel(self)
        self.table = table("table_devices")
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
        context.changed.connect(self._changed)
        self.reload()

    def _changed(self, changes: Changes) -> None:
        if changes.devices or changes.bundles:  # the list, trust, and bundles missing
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
        self.age_button.setVisible(recipient is not None)  # nothing to export before
        self.model.reload(store)
        gaps = [d for d in self.model.rows if d.missing]
        self.missing.setText(
            "\n".join(
                self.tr(
                    "Bundle(s) {missing} from {name} have not arrived; ask for them.",
                    "",
                    len(d.missing),
                ).format(missing=i18n.ltr(ops_bundles.ranges(d.missing)), name=i18n.isolate(d.name))
                for d in gaps
            )
        )
        far = [
            self.tr("{n} earlier bundles from {name} have not arrived (far ahead).").format(
                n=labels.count(d.far_ahead), name=i18n.isolate(d.name)
            )
            for d in self.model.rows
            if d.far_ahead
        ]
        if far:
            self.missing.setText("\n".join(filter(None, [self.missing.text(), *far])))
        self._update_buttons()

    def selected(self) -> ops_bundles.DeviceStatus | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        d = self.selected()
        self.untrust_button.setEnabled(bool(d and d.trusted and not d.is_self))

    def copy_recipient(self) -> None:
        QGuiApplication.clipboard().setText(self.recipient.text())

    def _ask_passphrase(self) -> str | None:
        check = device_key_check(self.context.store())  # a wrong one asks again
        return dialogs.ask_passphrase(self, self.tr("Create the sealing key"), check)

    def create_sealing_key(self) -> str | None:
        secret = self.ask_passphrase()
        if secret is None:
            return None
        try:
            key = ops_setup.sealing_key(self.context.store(), lambda: secret)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Sealing key"), str(exc))
            return None
        if key.changes:
            self.context.announce(key.changes)
        else:
            self.reload()  # made meanwhile elsewhere: show it
        return key.recipient

    def trust_certificate(self) -> ops_setup.TrustResult | None:
        path = dialogs.open_file(
            self, self.tr("A device's certificate"), "", self.tr("Certificates (*.pem *.crt)")
        )
        if not path:
            return None
        try:
            trusted = ops_setup.trust(self.context.store(), Path(path).read_bytes())
        except (FieldappError, OSError) as exc:
            dialogs.show_error(self, self.tr("Trust a device"), str(exc))
            return None
        result = trusted.result
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
        self.context.announce(trusted.changes)
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
        try:
            untrusted = ops_setup.untrust(self.context.store(), d.fingerprint)
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Stop trusting a key"), str(exc))
            return False
        self.context.announce(untrusted.changes)
        return True

    def export_age_identity(self) -> age_identity_dialog.AgeIdentityDialog:
        return age_identity_dialog.show_export(self.context, self)

    def export_certificate(self) -> Path | None:
        path = dialogs.save_file(
            self, self.tr("Save my certificate"), "device.pem", self.tr("Certificates (*.pem)")
        )
        if not path:
            return None
        return ops_setup.export_certificate(self.context.store(), path).path
