"""SQLite storage through sqlite-utils: open, migrate, read, write, revisions."""

from fieldapp.store.database import Store
from fieldapp.store.query import Filter

__all__ = ["Filter", "Store"]
