"""What a records tab shows while the database has no records of its kind.

An empty table with column headers tells a new user nothing. Instead the tab offers the
two ways to begin (add a record, or load the sample data to look around) and one line
saying what fieldapp is for. As soon as there is a record the table comes back, also when
a filter matches none of them: then the table and its count line ("0 of 53 incidents
match the filter") are what the user needs to see.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.fields import INCIDENT
from fieldapp.ui.records_view import RecordsView


class StartScreen(QWidget):
    """The centred panel: a title, what fieldapp is for, and two buttons."""

    def __init__(
        self,
        kind: str,
        add_record: Callable[[], object],
        load_sample: Callable[[], object],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName(f"start_{kind}")
        if kind == INCIDENT:
            title = QLabel(self.tr("No incidents yet"))
        else:
            title = QLabel(self.tr("No displacement reports yet"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        about = QLabel(
            self.tr(
                "fieldapp records incidents and displacement counts offline, shows them on a "
                "map, and shares them as signed bundles and signed PDF reports."
            )
        )
        about.setWordWrap(True)
        about.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # a fixed width: a word-wrapped label centred by its layout would get one line's
        # height and clip the rest
        about.setFixedWidth(520)
        about.setMinimumHeight(about.heightForWidth(520))
        self.add_button = QPushButton(self.tr("Add a record"))
        self.add_button.setObjectName(f"start_add_{kind}")
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(lambda: add_record())
        self.sample_button = QPushButton(self.tr("Load sample data"))
        self.sample_button.setObjectName(f"start_sample_{kind}")
        self.sample_button.setToolTip(
            self.tr("Sample records from north-west Syria, for trying fieldapp out")
        )
        self.sample_button.clicked.connect(lambda: load_sample())
        for button in (self.add_button, self.sample_button):
            button.setMinimumHeight(button.sizeHint().height() + 8)
            button.setMinimumWidth(button.sizeHint().width() + 24)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        panel = QVBoxLayout()
        panel.addWidget(title)
        panel.addSpacing(8)
        panel.addWidget(about, 0, Qt.AlignmentFlag.AlignHCenter)
        panel.addSpacing(16)
        panel.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(panel)
        layout.addStretch(2)


class RecordsPage(QStackedWidget):
    """A records tab: the table, or the start screen while there are no records at all."""

    def __init__(
        self,
        view: RecordsView,
        add_record: Callable[[], object],
        load_sample: Callable[[], object],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.view = view
        self.start = StartScreen(view.kind, add_record, load_sample)
        self.addWidget(view)
        self.addWidget(self.start)
        view.model.counts_changed.connect(lambda _matching, total: self._show(total))
        self._show(view.model.total)

    def showing_start(self) -> bool:
        return self.currentWidget() is self.start

    def _show(self, total: int) -> None:
        # Deleted records are not "no records yet": the table stays, so that its "Show
        # deleted" can bring them back.
        empty = total == 0 and not self.view.context.store().deleted(self.view.kind)
        self.setCurrentWidget(self.start if empty else self.view)
