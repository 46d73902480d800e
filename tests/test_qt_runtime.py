"""The Qt binding itself: a regression guard for the PySide6 version the project allows.

PySide6 6.12.0 under CPython 3.11 drops a reference to None on every void Qt call (and to
True/False on bool ones); after a few thousand calls the interpreter aborts. pyproject.toml
excludes that release; this test fails if a PySide6 that leaks is installed anyway.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_void_and_bool_qt_calls_keep_reference_counts() -> None:
    probe = QObject()
    none_before, false_before = sys.getrefcount(None), sys.getrefcount(False)
    for _ in range(200):
        probe.setObjectName("probe")  # returns None
        probe.blockSignals(False)  # returns a bool
    assert sys.getrefcount(None) >= none_before - 5
    assert sys.getrefcount(False) >= false_before - 5
