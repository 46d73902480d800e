"""Shared fixtures: real database files, a fresh one per test, and the CLI run in-process."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

# Nothing a test does may touch the real home folder: Qt caches its settings paths when
# first used, so point every XDG folder at a session scratch folder before Qt starts.
_SESSION_HOME = tempfile.mkdtemp(prefix="fieldapp-tests-")
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = os.path.join(_SESSION_HOME, _var.lower())
# And a temporary folder of the session's own (inherited by the processes a test starts):
# tests that check nothing is left behind in it (scratch copies, partial files) then see
# only this session's files, not those of another test run on the same machine.
# Like /tmp, others may pass through and keep their files there: the installer tests run the
# installed app as an ordinary user (uid 65534) from folders made in it.
os.environ["TMPDIR"] = os.path.join(_SESSION_HOME, "tmp")
os.makedirs(os.environ["TMPDIR"])
os.chmod(_SESSION_HOME, 0o755)
os.chmod(os.environ["TMPDIR"], 0o1777)
tempfile.tempdir = None  # gettempdir() reads TMPDIR again

# Qt offscreen, on a laptop's 1366×768 screen (the offscreen default is 800×600, which no
# field laptop has); QtWebEngine refuses to start as root without --no-sandbox.
_SCREEN = Path(__file__).with_name("screen-1366x768.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

# The map's tile URL scheme must be declared before pytest-qt creates the QApplication.
from fieldapp.qtkit.web import register_schemes  # noqa: E402

register_schemes()

PASSPHRASE = "test passphrase 1"


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(*argv: str) -> Result:
    """Run `fieldapp ARGV...` in this process and capture what it prints."""
    from fieldapp.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 1
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test touches the real user data folder; the passphrase comes from the env."""
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("FIELDAPP_DB", raising=False)


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One initialised database per session (key derivation is deliberately slow)."""
    os.environ["FIELDAPP_PASSPHRASE"] = PASSPHRASE
    path = tmp_path_factory.mktemp("template") / "device.db"
    result = run_cli("--db", path, "init", "--name", "Amal", "--org", "Idlib Response Network")
    assert result.code == 0, result.err
    _checkpoint(path)
    return path


@pytest.fixture(scope="session")
def _template_demo_db(_template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template-demo") / "demo.db"
    shutil.copy(_template_db, path)
    result = run_cli("--db", path, "demo")
    assert result.code == 0, result.err
    _checkpoint(path)
    return path


def _checkpoint(path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@pytest.fixture
def db_path(_template_db: Path, tmp_path: Path) -> Path:
    """A fresh, initialised (device identity, no records) database file for this test."""
    path = tmp_path / "field.db"
    shutil.copy(_template_db, path)
    return path


@pytest.fixture
def demo_db_path(_template_demo_db: Path, tmp_path: Path) -> Path:
    """A fresh database holding the demo data set."""
    path = tmp_path / "demo.db"
    shutil.copy(_template_demo_db, path)
    return path


@pytest.fixture
def store(db_path: Path):
    from fieldapp.store import Store

    with Store.open(db_path) as s:
        yield s


@pytest.fixture
def demo_store(demo_db_path: Path):
    from fieldapp.store import Store

    with Store.open(demo_db_path) as s:
        yield s


@pytest.fixture
def cli():
    return run_cli


class FileDialogs:
    """Answers for the application's file choosers (fieldapp.ui.dialogs), in order.

    `answer(x)` queues what the next chooser returns (a list for `open_files`, a path or None
    for the others); `asked` records (function, title) for every chooser that was opened, so
    a test can check that clicking a button really opened one.
    """

    def __init__(self) -> None:
        self.answers: list[object] = []
        self.asked: list[tuple[str, str]] = []

    def answer(self, *values: object) -> None:
        self.answers.extend(values)

    def _next(self, name: str, title: str, empty: object) -> object:
        self.asked.append((name, title))
        if not self.answers:
            return empty
        value = self.answers.pop(0)
        if name == "open_files":
            return [str(v) for v in value]  # type: ignore[union-attr]
        return None if value is None else str(value)


@pytest.fixture
def file_dialogs(monkeypatch: pytest.MonkeyPatch) -> FileDialogs:
    """Replace the one file-dialog seam (fieldapp.ui.dialogs) for this test."""
    from fieldapp.ui import dialogs

    fake = FileDialogs()
    monkeypatch.setattr(dialogs, "open_files", lambda p, t, f, x: fake._next("open_files", t, []))
    monkeypatch.setattr(dialogs, "open_file", lambda p, t, f, x: fake._next("open_file", t, None))
    monkeypatch.setattr(dialogs, "save_file", lambda p, t, s, x: fake._next("save_file", t, None))
    monkeypatch.setattr(
        dialogs, "choose_folder", lambda p, t, f: fake._next("choose_folder", t, None)
    )
    return fake


@pytest.fixture(scope="session")
def _hq_template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from hq_data import build

    return build(tmp_path_factory.mktemp("hq"))


@pytest.fixture
def hq_db_path(_hq_template: dict[str, Path], tmp_path: Path) -> Path:
    """A coordinator's database after two field workers' bundles (tests/hq_data.py): exact
    duplicates, one open conflict, two trusted devices, a sealing key."""
    path = tmp_path / "hq.db"
    shutil.copy(_hq_template["coordinator"], path)
    return path
