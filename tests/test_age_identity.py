"""The coordinator's age identity, exported for the reference `age` tool
(`fieldapp keys export-age-identity`, fieldapp/ops/age_identity.py), and sealed bundles
named `.age`.

`age -d -i identity.age` asks the identity file's passphrase on its terminal (/dev/tty),
never on stdin: the tests give it one, a pseudo-terminal (pty.fork), and type into it.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import stat
import sys
import time
from pathlib import Path

import pyrage
import pytest
from conftest import PASSPHRASE, run_cli
from test_sync_helpers import INCIDENT as INCIDENT_VALUES
from test_sync_helpers import device_factory

from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import FieldappError, WrongPassphrase
from fieldapp.ops import age_identity as ops_age
from fieldapp.store import Store
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle
from fieldapp.sync.seal import age_identity, bundle_path, ensure_age_identity

AGE = shutil.which("age")
FILE_PASSPHRASE = "a passphrase for the file only"
needs_age = pytest.mark.skipif(AGE is None, reason="the reference `age` tool is not installed")


@pytest.fixture
def field(tmp_path: Path) -> Path:
    path = device_factory().new(tmp_path, "Amal")
    with Store.open(path) as store:
        for day in (14, 15, 16):
            store.add(INCIDENT, {**INCIDENT_VALUES, "event_date": f"2019-05-{day}"})
    return path


@pytest.fixture
def coordinator(tmp_path: Path) -> Path:
    return device_factory().new(tmp_path, "Coordinator", "OCHA Gaziantep")


@pytest.fixture
def recipient(coordinator: Path) -> str:
    with Store.open(coordinator) as store:
        return ensure_age_identity(store, PASSPHRASE)


def age_on_a_terminal(
    argv: list[str], typed: str, stdout: Path | None = None, timeout: float = 60.0
) -> tuple[int, str]:
    """Run `age` with a pseudo-terminal as its controlling terminal, type `typed` and
    Enter when it asks for a passphrase; its stdout goes to `stdout` (a shell's `>`) or to
    the terminal. (exit status, what the terminal showed)."""
    assert AGE is not None
    pid, fd = pty.fork()
    if pid == 0:  # the child: only exec, or leave at once
        try:
            if stdout is not None:
                out = os.open(stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(out, 1)
            os.execv(AGE, [AGE, *argv])
        finally:
            os._exit(127)
    shown, asked = b"", False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                data = os.read(fd, 4096)
            except OSError:  # the child closed the terminal (EIO on Linux)
                break
            if not data:
                break
            shown += data
            if not asked and b"passphrase" in shown.lower():
                os.write(fd, typed.encode() + b"\n")
                asked = True
        else:
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")


def export_identity(coordinator: Path, out: Path, *extra: str, env: str | None = None):
    os.environ["FIELDAPP_IDENTITY_PASSPHRASE"] = env or FILE_PASSPHRASE
    try:
        return run_cli("--db", coordinator, "keys", "export-age-identity", "--out", out, *extra)
    finally:
        del os.environ["FIELDAPP_IDENTITY_PASSPHRASE"]


# -- the reference tool opens a sealed bundle with the exported identity ------------------


@needs_age
def test_age_opens_a_sealed_bundle_with_the_exported_identity(
    field: Path, coordinator: Path, recipient: str, tmp_path: Path
):
    assert "keys export-age-identity" in run_cli("--db", coordinator, "keys", "show").out
    identity_file = tmp_path / "identity.age"
    done = export_identity(coordinator, identity_file)
    assert done.code == 0, done.err
    assert recipient in done.out and "the passphrase you chose" in done.out
    data = identity_file.read_bytes()
    assert data.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    assert b"AGE-SECRET-KEY" not in data  # never in clear
    assert stat.S_IMODE(identity_file.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".identity.age")]

    # sealed by the command line: asked for a .zip, written as .age
    exported = run_cli(
        "--db", field, "export", "--out", tmp_path / "amal.zip", "--seal-to", recipient
    )
    assert exported.code == 0, exported.err
    sealed = tmp_path / "amal.age"
    assert "amal.age" in exported.out and "not a zip" in exported.out
    assert sealed.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert not (tmp_path / "amal.zip").exists()

    plain = tmp_path / "bundle.zip"  # age -d -i identity.age amal.age > bundle.zip
    code, shown = age_on_a_terminal(["-d", "-i", str(identity_file), str(sealed)],
                                    FILE_PASSPHRASE, stdout=plain)  # fmt: skip
    assert code == 0, shown
    assert "identity.age" in shown  # it asked for the file's passphrase
    with Store.open(coordinator) as store:
        unsealed = pyrage.decrypt(sealed.read_bytes(), [age_identity(store, PASSPHRASE)])
    assert plain.read_bytes() == unsealed  # byte for byte the bundle fieldapp unseals
    checked = run_cli("--db", coordinator, "verify", plain)
    assert checked.code == 0, checked.err
    assert "OK:" in checked.out and "Sealed:       no" in checked.out

    # a wrong passphrase: age fails and writes nothing
    wrong = tmp_path / "wrong.zip"
    code, shown = age_on_a_terminal(
        ["-d", "-i", str(identity_file), "-o", str(wrong), str(sealed)], "not the passphrase"
    )
    assert code != 0 and "incorrect passphrase" in shown
    assert not wrong.exists()


@needs_age
def test_same_passphrase_opens_it_with_the_device_passphrase(
    field: Path, coordinator: Path, recipient: str, tmp_path: Path
):
    identity_file = tmp_path / "same.age"
    done = export_identity(coordinator, identity_file, "--same-passphrase")
    assert done.code == 0, done.err
    assert "this device's passphrase" in done.out
    text = pyrage.passphrase.decrypt(identity_file.read_bytes(), PASSPHRASE).decode()
    assert f"# public key: {recipient}\n" in text
    assert text.rstrip("\n").splitlines()[-1].startswith("AGE-SECRET-KEY-1")
    with pytest.raises(pyrage.DecryptError):
        pyrage.passphrase.decrypt(identity_file.read_bytes(), FILE_PASSPHRASE)
    sealed = tmp_path / "b.age"
    with Store.open(field) as store:
        export_bundle(store, sealed, PASSPHRASE, full=True, seal_to=recipient)
    plain = tmp_path / "b.zip"
    code, shown = age_on_a_terminal(
        ["-d", "-i", str(identity_file), "-o", str(plain), str(sealed)], PASSPHRASE
    )
    assert code == 0, shown
    assert plain.read_bytes()[:4] == b"PK\x03\x04"


# -- refusals: nothing written --------------------------------------------------------------


def test_refusals_write_nothing(coordinator: Path, tmp_path: Path):
    out = tmp_path / "id.age"
    with Store.open(coordinator) as store:
        with pytest.raises(FieldappError) as no_key:
            ops_age.export_age_identity(store, out, PASSPHRASE, FILE_PASSPHRASE)
        assert no_key.value.code == "age_identity.no_sealing_key"
        ensure_age_identity(store, PASSPHRASE)
        with pytest.raises(WrongPassphrase):
            ops_age.export_age_identity(store, out, "not the passphrase", FILE_PASSPHRASE)
        with pytest.raises(FieldappError) as short:
            ops_age.export_age_identity(store, out, PASSPHRASE, "short")
        assert short.value.code == "keys.passphrase_too_short"
        with pytest.raises(FieldappError) as folder:
            ops_age.export_age_identity(store, tmp_path, PASSPHRASE, FILE_PASSPHRASE)
        assert folder.value.code == "file.is_a_folder"
        with pytest.raises(FieldappError) as missing:
            ops_age.export_age_identity(store, tmp_path / "no" / "id.age", PASSPHRASE)
        assert missing.value.code == "file.folder_missing"
    assert sorted(p.name for p in tmp_path.iterdir()) == [coordinator.name]


def test_an_existing_file_is_replaced_only_with_force(
    coordinator: Path, recipient: str, tmp_path: Path
):
    out = tmp_path / "id.age"
    out.write_text("someone's other key\n")
    refused = export_identity(coordinator, out)
    assert refused.code != 0 and "--force" in refused.err
    assert out.read_text() == "someone's other key\n"
    replaced = export_identity(coordinator, out, "--force")
    assert replaced.code == 0, replaced.err
    text = pyrage.passphrase.decrypt(out.read_bytes(), FILE_PASSPHRASE).decode()
    assert recipient in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_without_a_terminal_the_file_passphrase_comes_from_the_environment(
    coordinator: Path, recipient: str, tmp_path: Path
):
    out = tmp_path / "id.age"
    result = run_cli("--db", coordinator, "keys", "export-age-identity", "--out", out)
    assert result.code != 0
    assert "FIELDAPP_IDENTITY_PASSPHRASE" in result.err
    assert not out.exists()


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_file_passphrase_is_typed_twice(
    coordinator: Path, recipient: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    typed = iter(["a file passphrase", "a file passphrasf"] + ["a file passphrase"] * 2)
    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": prompts.append(prompt) or next(typed))
    monkeypatch.setattr(sys, "stdin", _Terminal())
    out = tmp_path / "id.age"
    argv = ("--db", coordinator, "keys", "export-age-identity", "--out", out)
    differ = run_cli(*argv)  # the device passphrase from FIELDAPP_PASSPHRASE, as in scripts
    assert differ.code != 0 and "differ" in differ.err and not out.exists()
    assert prompts == [
        "Passphrase for the identity file (at least 8 characters): ",
        "Repeat it: ",
    ]
    done = run_cli(*argv)
    assert done.code == 0, done.err
    assert recipient in pyrage.passphrase.decrypt(out.read_bytes(), "a file passphrase").decode()


# -- sealed bundles are .age files; an old sealed .zip still opens -------------------------


def test_bundle_names():
    assert bundle_path(Path("b.zip"), sealed=True) == Path("b.age")
    assert bundle_path(Path("b.ZIP"), sealed=True) == Path("b.age")
    assert bundle_path(Path("b.age"), sealed=True) == Path("b.age")
    assert bundle_path(Path("b.age"), sealed=False) == Path("b.zip")
    assert bundle_path(Path("b.zip"), sealed=False) == Path("b.zip")
    assert bundle_path(Path("bundle"), sealed=True) == Path("bundle")  # the user's choice
    assert bundle_path(Path("b.2019.bin"), sealed=True) == Path("b.2019.bin")


def test_a_plain_export_named_age_is_written_as_zip(field: Path, tmp_path: Path):
    result = run_cli("--db", field, "export", "--full", "--out", tmp_path / "plain.age")
    assert result.code == 0, result.err
    assert (tmp_path / "plain.zip").read_bytes()[:4] == b"PK\x03\x04"
    assert not (tmp_path / "plain.age").exists()


def test_an_old_sealed_zip_is_recognised_by_its_content(
    field: Path, coordinator: Path, recipient: str, tmp_path: Path
):
    old = tmp_path / "old-sealed.zip"  # what fieldapp wrote before: sealed, named .zip
    with Store.open(field) as store:
        export_bundle(store, old, PASSPHRASE, full=True, seal_to=recipient)
    checked = run_cli("--db", coordinator, "verify", old)
    assert checked.code == 0, checked.err
    assert "Sealed:       yes (age)" in checked.out
    with Store.open(coordinator) as store:
        summary = merge_bundle(store, old, trust_new=True, passphrase=lambda: PASSPHRASE)
    assert summary.sealed and summary.new == 3


# -- the window: Devices → Export age identity… ---------------------------------------------


def open_window(qtbot, path: Path):
    """As tests/test_ui_sync.py, but deleted by close_window, not left to qtbot."""
    from fieldapp.ui.context import AppContext
    from fieldapp.ui.main_window import MainWindow

    window = MainWindow(AppContext(path), extensions=("fieldapp.ui.sync_views",))
    window.confirm = lambda *a: True
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_devices_view_exports_the_age_identity(qtbot, coordinator: Path, tmp_path: Path,
                                                     file_dialogs):  # fmt: skip
    from PySide6.QtCore import Qt

    from fieldapp.ui.age_identity_dialog import AgeIdentityDialog

    window = open_window(qtbot, coordinator)
    try:
        view = window.devices_view
        assert not view.age_button.isVisibleTo(view)  # no sealing key yet: nothing to export
        view.ask_passphrase = lambda: PASSPHRASE
        recipient = view.create_sealing_key()
        assert view.age_button.isVisibleTo(view)
        qtbot.mouseClick(view.age_button, Qt.MouseButton.LeftButton)
        dialog = view.findChild(AgeIdentityDialog)
        assert dialog is not None and dialog.isVisible()
        out = tmp_path / "coordinator.age"
        file_dialogs.answer(out)
        browse = next(b for b in dialog.findChildren(type(view.age_button)) if "Browse" in b.text())
        qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
        assert dialog.path.text() == str(out)

        qtbot.keyClicks(dialog.device_passphrase, "not the passphrase")
        qtbot.keyClicks(dialog.file_passphrase, FILE_PASSPHRASE)
        qtbot.keyClicks(dialog.repeat, FILE_PASSPHRASE + "!")
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert dialog.job is None and "differ" in dialog.message.text()  # nothing started
        dialog.repeat.clear()
        qtbot.keyClicks(dialog.repeat, FILE_PASSPHRASE)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
        assert "Wrong passphrase" in dialog.message.text() and not out.exists()

        dialog.device_passphrase.clear()
        qtbot.keyClicks(dialog.device_passphrase, PASSPHRASE)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
        assert not dialog.isVisible()
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        text = pyrage.passphrase.decrypt(out.read_bytes(), FILE_PASSPHRASE).decode()
        assert f"# public key: {recipient}\n" in text and "AGE-SECRET-KEY-1" in text
        assert "age -d -i coordinator.age" in dialog.summary()
    finally:
        close_window(window)


def close_window(window) -> None:
    """Close and delete the window now: one left alive (its devices table) would be
    repainted by a later test's language change (test_error_codes' broken translation)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window.context.close()
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_a_sealed_export_into_a_folder_suggests_an_age_name(
    field: Path, recipient: str, tmp_path: Path
):
    with Store.open(field) as store, pytest.raises(FieldappError) as sealed:
        export_bundle(store, tmp_path, PASSPHRASE, full=True, seal_to=recipient)
    with Store.open(field) as store, pytest.raises(FieldappError) as plain:
        export_bundle(store, tmp_path, PASSPHRASE, full=True)
    assert sealed.value.code == plain.value.code == "file.is_a_folder"
    assert str(tmp_path / "bundle.age") in str(sealed.value)
    assert str(tmp_path / "bundle.zip") in str(plain.value)
