"""The operations layer: one function per thing a user does (add, edit, delete, restore,
export, verify, merge, resolve, report, map, import, backup…), called alike by the window
and the command line. Each takes a store and a `Task` and returns a result that says what
changed (`Changes`). Nothing here imports Qt.
"""

from fieldapp.ops.changes import EVERYTHING, NOTHING, Changes
from fieldapp.progress import NO_TASK, Task

__all__ = ["EVERYTHING", "NOTHING", "NO_TASK", "Changes", "Task"]
