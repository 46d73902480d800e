"""The operations layer: one function per thing a user does (add, edit, delete, restore,
export, verify, merge, resolve, report, map, import, backup…), called alike by the window
and the command line. Each takes a store and a `Task` and returns a result that says what
changed (`Changes`). Nothing here imports Qt.

The modules follow what people do:

- `records`: add, edit, delete, restore (one or several), a record's history
- `bundles`: export, verify (one or several), merge (files, or bundles already verified),
  the devices bundles come from
- `curation`: conflicts and resolve; possible duplicates found, linked, merged (one pair,
  every exact pair), marked distinct
- `reports`: the signed PDF report (its map drawn by the caller's function), the scope
  warnings shown first, a report's signature checked, the offline map page
- `files`: back up the database file, restore it from a backup, encrypt a plain one
- `setup`: this device's identity and its (encrypted) database, sealing key and
  certificate, trust, the demo data
- `passphrase`: change the passphrase of the database and the device's keys together

The submodules are imported by their callers (`from fieldapp.ops import bundles`), so that
using one operation does not load the libraries of all the others.
"""

from fieldapp.ops.changes import EVERYTHING, NOTHING, Changes
from fieldapp.progress import NO_TASK, Task

__all__ = ["EVERYTHING", "NOTHING", "NO_TASK", "Changes", "Task"]
