"""File → Export table…: the records of the table's current filter in an analyst's format
(XLSX, CSV, HXL, ACLED, GeoJSON, GeoPackage), written off the UI thread with progress and
Cancel by the same operation as `fieldapp export-data` (fieldapp/ops/exports.py).

The dialog stays open after an export and says where it wrote (one file, or two for a
one-table format holding both kinds), so a second format can follow without choosing the
records again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import FieldappError
from fieldapp.ops import exports as export_ops
from fieldapp.store import Filter, Store
from fieldapp.ui import dialogs, i18n, jobs, labels

_ALL, _INCIDENTS, _DISPLACEMENTS = "all", "incidents", "displacements"


class ExportTableDialog(QDialog):
    """Format, records (the table's filter, or all), file; Export runs the job."""

    def __init__(self, window: Any, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.window_ = window
        self.context = window.context
        self.job: jobs.Job | None = None
        self.exported: export_ops.Exported | None = None
        self.setObjectName("export_table_dialog")
        self.setWindowTitle(self.tr("Export table"))
        self.setMinimumWidth(560)
        self._build()
        view = window.current_records_view()
        if view is not None:  # the table in front: its kind first
            self.kinds.setCurrentIndex(
                self.kinds.findData(_INCIDENTS if view.kind == INCIDENT else _DISPLACEMENTS)
            )
        self._format_changed()

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.format = QComboBox()
        self.format.setObjectName("export_format")
        for code, text in (
            ("xlsx", self.tr("Spreadsheet (XLSX)")),
            ("csv", self.tr("CSV for spreadsheets")),
            ("hxl", self.tr("HXL-tagged CSV")),
            ("acled", self.tr("ACLED-shaped CSV (incidents)")),
            ("geojson", self.tr("GeoJSON (map layers)")),
            ("gpkg", self.tr("GeoPackage (map layers)")),
        ):
            self.format.addItem(text, code)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.hxl = QCheckBox(self.tr("Add the HXL hashtag row under the header"))
        self.hxl.setObjectName("export_hxl")
        self.kinds = QComboBox()
        self.kinds.setObjectName("export_kinds")
        self.kinds.addItem(self.tr("Incidents and displacement reports"), _ALL)
        self.kinds.addItem(self.tr("Incidents"), _INCIDENTS)
        self.kinds.addItem(self.tr("Displacement reports"), _DISPLACEMENTS)
        self.kinds.currentIndexChanged.connect(self.refresh_summary)
        self.filtered = QRadioButton(self.tr("Those the table shows (its current filter)"))
        self.filtered.setObjectName("export_filtered")
        self.everything = QRadioButton(self.tr("Every record (no filter)"))
        self.everything.setObjectName("export_everything")
        self.filtered.setChecked(True)
        self.filtered.toggled.connect(self.refresh_summary)
        self.summary = QLabel()
        self.summary.setObjectName("export_summary")
        self.summary.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setObjectName("export_path")
        self.path.setText(str(Path.home() / "fieldapp-export.xlsx"))
        self.choose = QPushButton(self.tr("Choose…"))
        self.choose.setObjectName("export_choose")
        self.choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose)
        self.status = QLabel()
        self.status.setObjectName("export_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setObjectName("export_run")
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Format"), self.format)
        form.addRow("", self.hxl)
        form.addRow(self.tr("&Records"), self.kinds)
        form.addRow("", self.filtered)
        form.addRow("", self.everything)
        form.addRow("", self.summary)
        file_label = QLabel(self.tr("&File"))
        file_label.setBuddy(self.path)  # a row holding a layout gets no buddy by itself
        form.addRow(file_label, file_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    # -- what will be exported ---------------------------------------------------------------

    def fmt(self) -> str:
        return str(self.format.currentData())

    def chosen_kinds(self) -> tuple[str, ...]:
        return export_ops.KIND_CHOICES[str(self.kinds.currentData())]

    def chosen_filter(self) -> Filter | None:
        return self.context.filter if self.filtered.isChecked() else None

    def _format_changed(self, *_: object) -> None:
        fmt = self.fmt()
        self.hxl.setEnabled(fmt == "xlsx")
        if fmt != "xlsx":
            self.hxl.setChecked(False)
        acled = fmt == "acled"  # ACLED's format holds incidents only
        self.kinds.model().item(0).setEnabled(not acled)  # type: ignore[attr-defined]
        self.kinds.model().item(2).setEnabled(not acled)  # type: ignore[attr-defined]
        if acled:
            self.kinds.setCurrentIndex(self.kinds.findData(_INCIDENTS))
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix(export_ops.SUFFIX[fmt])))
        self.refresh_summary()

    def refresh_summary(self, *_: object) -> None:
        flt = self.chosen_filter()
        try:
            store: Store = self.context.store()
            counts = {kind: store.count(kind, flt) for kind in self.chosen_kinds()}
        except FieldappError as exc:
            self.summary.setText(labels.error_text(exc))
            return
        parts = []
        if INCIDENT in counts:
            parts.append(self.tr("Incidents: {n}").format(n=labels.count(counts[INCIDENT])))
        if DISPLACEMENT in counts:
            parts.append(
                self.tr("Displacement reports: {n}").format(n=labels.count(counts[DISPLACEMENT]))
            )
        self.summary.setText(" · ".join(parts))

    def choose_file(self) -> None:
        fmt = self.fmt()
        suffix = export_ops.SUFFIX[fmt]
        chosen = dialogs.save_file(
            self,
            self.tr("Export to"),
            self.path.text().strip() or str(Path.home() / f"fieldapp-export{suffix}"),
            self.tr("{name} files (*{suffix})").format(name=fmt.upper(), suffix=suffix),
        )
        if chosen:
            path = Path(chosen)
            self.path.setText(str(path if path.suffix else path.with_suffix(suffix)))

    # -- exporting ---------------------------------------------------------------------------

    def export(self) -> None:
        if self.job is not None:
            return
        text = self.path.text().strip()
        if not text:
            self.status.setText(self.tr("Choose the file to write."))
            return
        out = Path(text).expanduser()
        fmt, kinds, flt = self.fmt(), self.chosen_kinds(), self.chosen_filter()
        hxl = self.hxl.isChecked() and fmt == "xlsx"
        lang = i18n.current_language()

        def op(store: Store, task: Any) -> export_ops.Exported:
            return export_ops.export_data(store, fmt, out, kinds, flt, task, lang, hxl=hxl)

        self.status.setText(self.tr("Exporting…"))
        self.export_button.setEnabled(False)
        self.job = jobs.run_op(
            self.context, self, self.tr("Exporting the table"), op, self._done, self._failed
        )

    def reject(self) -> None:
        """Close, Escape and the title bar's close button: while an export runs they
        cancel it (nothing is written) and the dialog closes once it has stopped; its
        callbacks need the dialog alive."""
        if self.job is not None:
            self.job.cancel()
            self.job.done.connect(self.reject)
            return
        super().reject()

    def _done(self, exported: export_ops.Exported) -> None:
        self.job = None
        self.exported = exported
        self.export_button.setEnabled(True)
        files = "\n".join(i18n.isolate(str(p)) for p in exported.files)
        self.status.setText(
            self.tr("Wrote {count} records to:\n{files}").format(
                count=labels.count(exported.total), files=files
            )
        )
        status_bar = getattr(self.window_, "statusBar", None)
        if status_bar is not None:
            status_bar().showMessage(
                self.tr("Exported to {path}").format(path=i18n.isolate(str(exported.files[0]))),
                8000,
            )

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self.export_button.setEnabled(True)
        text = labels.error_text(exc) if isinstance(exc, FieldappError) else str(exc)
        self.status.setText(self.tr("Nothing was exported: {reason}").format(reason=text))


def install(window: Any) -> None:
    """Add File → Export table… to the main window."""

    def open_dialog() -> ExportTableDialog:
        dialog = ExportTableDialog(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.export_table_dialog = dialog
        dialog.open()
        return dialog

    window.export_table_dialog = None
    window.add_menu_action(
        "file",
        QCoreApplication.translate("ExportTableDialog", "Export &table…"),
        open_dialog,
        "action_export_table",
    )
