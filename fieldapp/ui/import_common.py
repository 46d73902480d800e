"""What the pages of the import wizard share: the words for record kinds, row statuses and
layouts, and a line of text coloured as a warning or a success.

The pages (import_file_page, import_mapping_page, import_preview_page, import_run_page)
import this module, not import_wizard, which imports them.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.ui import i18n

KINDS = (INCIDENT, DISPLACEMENT)
NEW, ALREADY, INVALID = "new", "already imported", "invalid"
STATUSES = {
    NEW: QT_TRANSLATE_NOOP("ImportWizard", "new"),
    ALREADY: QT_TRANSLATE_NOOP("ImportWizard", "already imported"),
    INVALID: QT_TRANSLATE_NOOP("ImportWizard", "invalid"),
}
LAYOUTS = {
    "acled": QT_TRANSLATE_NOOP("ImportWizard", "ACLED export recognised"),
    "kobo": QT_TRANSLATE_NOOP("ImportWizard", "KoboToolbox export recognised"),
    "hxl": QT_TRANSLATE_NOOP("ImportWizard", "HXL hashtags recognised"),
    "fieldapp": QT_TRANSLATE_NOOP("ImportWizard", "fieldapp export recognised"),
}
BAD_STYLE = "color: #aa1414;"
GOOD_STYLE = "color: #006e28;"
WARN_STYLE = "color: #8c5a00;"


def kind_title(kind: str) -> str:
    """ "Incidents" / "Displacement reports", for the record-kind choice."""
    if kind == INCIDENT:
        return QCoreApplication.translate("ImportWizard", "Incidents")
    if kind == DISPLACEMENT:
        return QCoreApplication.translate("ImportWizard", "Displacement reports")
    return i18n.isolate(kind)


def status_title(status: str) -> str:
    return (
        QCoreApplication.translate("ImportWizard", STATUSES[status])
        if status in STATUSES
        else status
    )


def layout_title(layout: str | None) -> str:
    """What the file was recognised as ("" for plain columns)."""
    if not layout or layout not in LAYOUTS:
        return ""
    return QCoreApplication.translate("ImportWizard", LAYOUTS[layout])


def note(style: str = "") -> QLabel:
    """A wrapped line of text that can be selected (to copy an error into a message)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label
