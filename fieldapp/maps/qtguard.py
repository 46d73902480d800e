"""A stop-gap for a PySide6 6.12.0 reference-count bug on Python 3.11.

Measured here: with PySide6 6.12.0 and CPython 3.11, every call of a Qt method that returns
None (a void method) or a bool drops one reference to None / True / False that it never
took. Python 3.12+ makes those objects immortal, so nothing happens there; on 3.11 the
count reaches zero after some thousands of calls (True has ~5,000 references in a fresh
process) and the interpreter aborts with "Fatal Python error: none_dealloc" or
"bool_dealloc". PySide6 6.11.3 does not have the bug.

The real fix is a PySide6 version without the bug (or Python 3.12+); until then, when the
leak is detected, this module raises the reference counts of None, True and False by a
billion, which is what Python 3.12 does for them anyway (PEP 683, immortal objects): they
are static objects that are never freed, so an extra count costs nothing and can never be
given back by mistake (a list holding references would release them at exit and crash
there instead).
"""

from __future__ import annotations

import ctypes
import sys

EXTRA_REFERENCES = 1 << 30
_done = False


def leaks() -> bool:
    """Whether void/bool Qt calls lose references in this process."""
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QObject

    probe = QObject()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(20):
        probe.setObjectName("probe")  # void
        probe.blockSignals(False)  # returns a bool
    return sys.getrefcount(None) < none_before - 10 or sys.getrefcount(True) < true_before - 10


def install() -> bool:
    """Add the extra counts once, if the bug is present. Returns whether they are there."""
    global _done
    if _done:
        return True
    if sys.implementation.name != "cpython" or not leaks():
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object
        count = ctypes.c_ssize_t.from_address(id(obj))
        count.value += EXTRA_REFERENCES
    _done = True
    return True


install()
