"""Where things live: the database, logs, migrations and vendored resources.

One place answers these questions so that a source checkout, an installed wheel and a
frozen (PyInstaller) build all find the same files.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from fieldapp import APP_NAME
from fieldapp.messages import Message

DB_ENV = "FIELDAPP_DB"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled_dir(name: str) -> Path:
    """Find a top-level data folder (`migrations`, `resources`) wherever we run from."""
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates += [Path(frozen_root) / "fieldapp" / name, Path(frozen_root) / name]
    candidates += [_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(Message("install.folder_missing", text=name))


def migrations_dir() -> Path:
    return _bundled_dir("migrations")


def resources_dir() -> Path:
    return _bundled_dir("resources")


def resource(*parts: str) -> Path:
    """Path of a vendored resource, e.g. resource("fonts", "DejaVuSans.ttf")."""
    return resources_dir().joinpath(*parts)


def data_dir() -> Path:
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """Per-user settings files (the window's geometry, recent databases). Read from the
    environment on every call, unlike Qt's own settings path, which Qt caches."""
    path = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path(override: str | os.PathLike[str] | None = None) -> Path:
    """`--db` wins, then $FIELDAPP_DB, then the user data directory."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return data_dir() / "fieldapp.db"
