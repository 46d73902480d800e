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


def _cache_key_derivation() -> None:
    """Every test database is encrypted, as `fieldapp init` makes them, and every copy of a
    template shares its salt: derive each (passphrase, salt, cost) key once per session
    instead of paying scrypt's 0.4 s on every open. Same inputs, same key: a wrong
    passphrase still fails. The running app keeps no such cache (locking forgets keys)."""
    import functools

    from fieldapp.store import cipher, cipher_convert

    derive = cipher.derive_key

    @functools.cache
    def cached(passphrase: str, salt: bytes, n: int) -> bytes:
        return derive(passphrase, salt)

    def derive_key(passphrase: str, salt: bytes) -> bytes:
        return cached(passphrase, salt, cipher._SCRYPT_N)

    cipher.derive_key = derive_key
    cipher_convert.derive_key = derive_key


_cache_key_derivation()


def key_of(path: Path) -> bytes:
    """The key of an encrypted test database made under PASSPHRASE (cached)."""
    from fieldapp.store import cipher

    return cipher.derive_key(PASSPHRASE, cipher.read_salt(path))


def copy_database(source: Path, dest: Path) -> Path:
    """A copy of a test database whose key this process knows (as after an unlock), so that
    Store.open(dest) needs no passphrase, like the window's stores after the unlock."""
    from fieldapp.store import cipher

    shutil.copy(source, dest)
    if cipher.is_encrypted(dest):
        cipher.remember(dest, key_of(dest))
    return dest


def raw_connection(path: Path, **kwargs):
    """A DB-API connection to a test database, plain or encrypted (for tests that look
    under the store: PRAGMAs, iterdump, a damaged row). An encrypted one is always in
    autocommit mode (`kwargs` are sqlite3.connect's, for a plain one)."""
    import sqlite3

    from fieldapp.store import cipher

    if cipher.is_encrypted(path):
        return cipher.connect(path, key=cipher.known_key(path) or key_of(path))
    return sqlite3.connect(path, **kwargs)


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


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of this test's own, empty to begin with, for Python, Qt and the
    processes the test starts: the tests that check what fieldapp leaves there."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


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
def _template_plain_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made with `fieldapp init --plain` (an older fieldapp's kind: not
    encrypted), device identity and no records."""
    os.environ["FIELDAPP_PASSPHRASE"] = PASSPHRASE
    path = tmp_path_factory.mktemp("template-plain") / "plain.db"
    result = run_cli("--db", path, "init", "--plain", "--name", "Amal", "--org", "IRN")
    assert result.code == 0, result.err
    _checkpoint(path)
    return path


@pytest.fixture(scope="session")
def _template_plain_demo_db(
    _template_plain_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    path = tmp_path_factory.mktemp("template-plain-demo") / "plain-demo.db"
    copy_database(_template_plain_db, path)
    assert run_cli("--db", path, "demo").code == 0
    _checkpoint(path)
    return path


@pytest.fixture
def plain_db_path(_template_plain_db: Path, tmp_path: Path) -> Path:
    """A fresh PLAIN (unencrypted) database: device identity, no records."""
    return copy_database(_template_plain_db, tmp_path / "plain.db")


@pytest.fixture
def plain_demo_db_path(_template_plain_demo_db: Path, tmp_path: Path) -> Path:
    """A fresh PLAIN (unencrypted) database holding the demo data set."""
    return copy_database(_template_plain_demo_db, tmp_path / "plain.db")


@pytest.fixture(scope="session")
def _template_demo_db(_template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = copy_database(_template_db, tmp_path_factory.mktemp("template-demo") / "demo.db")
    result = run_cli("--db", path, "demo")
    assert result.code == 0, result.err
    _checkpoint(path)
    return path


def _checkpoint(path: Path) -> None:
    conn = raw_connection(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@pytest.fixture
def db_path(_template_db: Path, tmp_path: Path) -> Path:
    """A fresh, initialised (device identity, no records) database file for this test."""
    return copy_database(_template_db, tmp_path / "field.db")


@pytest.fixture
def demo_db_path(_template_demo_db: Path, tmp_path: Path) -> Path:
    """A fresh database holding the demo data set."""
    return copy_database(_template_demo_db, tmp_path / "demo.db")


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
    return copy_database(_hq_template["coordinator"], tmp_path / "hq.db")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The session's scratch folder (its HOME, TMPDIR and pytest's tmp_path trees: over a
    gigabyte after a full run) goes when the run passed; a failed run keeps it to look at,
    and says where. FIELDAPP_KEEP_TEST_TMP=1 keeps it always."""
    if os.environ.get("FIELDAPP_KEEP_TEST_TMP"):
        return
    if exitstatus == 0:
        shutil.rmtree(_SESSION_HOME, ignore_errors=True)
    else:
        print(f"\nthe test session's files are kept in {_SESSION_HOME}")
