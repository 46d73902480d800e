"""Qt's own messages: start-up noise dropped, everything else into our log.

QtWebEngine probes the graphics stack when the map page starts and reports each dead end
as a warning in Qt's "default" category (no OpenGL context, no Vulkan, no GBM, "fallback
to software rendering"): on a laptop without a GPU driver, or in a virtual machine, a user
starting fieldapp from a terminal saw a screen of alarming lines about nothing they can
act on. Chromium's own logging is silenced by flags (fieldapp.ui.app); these come through
Qt's message handler, so the handler drops exactly them (kept at DEBUG in the log) and
passes every other Qt message on to `logging` as a warning or error, where the desktop
app's log configuration shows it. Python exceptions do not pass through here at all.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

log = logging.getLogger("fieldapp.qt")

NOISE = re.compile(
    "|".join(
        (
            r"^QRhiGles2: Failed to create",
            r"^Failed to create RHI for backend",
            r"^This plugin does not support (createPlatformVulkanInstance|propagateSizeHints)",
            r"^QVulkanInstance: Failed to initialize Vulkan",
            r"^GBM is not supported",
            r"^GPUInfo not initialized",
            r"^Failed to connect to the bus",
            r"^Sandboxing disabled by user",
            r"^Release of profile requested but WebEnginePage still not deleted",
        )
    )
)

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def is_noise(message: str) -> bool:
    """A graphics-probe message QtWebEngine prints on every start on some machines."""
    return bool(NOISE.search(message))


def handle(mode: QtMsgType, context: Any, message: str) -> None:
    level = _LEVELS.get(mode, logging.WARNING)
    if is_noise(message) and level < logging.CRITICAL:
        level = logging.DEBUG
    category = getattr(context, "category", None) or "default"
    log.log(level, "Qt (%s): %s", category, message)


def install() -> Callable[[], None]:
    """Route Qt's messages through `handle`; returns a function that puts back the
    previous handler (the tests' message capture, when `run` is called from a test)."""
    previous = qInstallMessageHandler(handle)

    def restore() -> None:
        qInstallMessageHandler(previous)

    return restore
