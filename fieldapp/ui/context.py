"""What every part of the window shares: the database, the current filter, and signals.

Views plugged in by other modules (sync, map, reports) talk to each other only through
this object, so none of them needs to know the others exist.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from fieldapp.ops import Changes
from fieldapp.store import Filter, Store


class AppContext(QObject):
    """The UI thread's store and the application-wide signals.

    `changed(Changes)` is announced after every write (a form save, a delete, a merge, an
    export, the demo load…) with what that write changed, so that each view refreshes
    only when what it shows changed: the incidents table on incident rows, the devices
    view on devices or bundles, and so on (one signal: a view that reloaded on every write
    made a merge of a bundle re-read every table, the map and the reports). Writes go
    through `announce`. `filter_changed` carries the table filter (a store.Filter) that
    the map and reports follow. `map_clicked` carries a clicked point (lat, lon) to an
    open record form. `open_record` asks the window to open a record in the form.
    `place_suggested` carries the gazetteer place nearest to a map click (a dict:
    location, admin1, admin1_pcode, admin2, country, distance_km) for the form to offer.
    """

    changed = Signal(object)
    filter_changed = Signal(object)
    map_clicked = Signal(float, float)
    open_record = Signal(str)
    place_suggested = Signal(object)

    def __init__(self, db_path: str | Path, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.filter = Filter()
        self._store: Store | None = None

    def store(self) -> Store:
        """The UI thread's store; worker threads must open their own (sqlite connections
        belong to the thread that opened them)."""
        if self._store is None:
            self._store = Store.open(self.db_path)
        return self._store

    def announce(self, changes: Changes) -> None:
        """Tell every view what a write changed (nothing is said for NOTHING)."""
        if changes:
            self.changed.emit(changes)

    def set_filter(self, flt: Filter) -> None:
        """Remember the filter (for views created later) and tell everyone."""
        if flt == self.filter:
            return
        self.filter = flt
        self.filter_changed.emit(flt)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
