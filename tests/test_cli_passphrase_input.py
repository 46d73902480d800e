"""A passphrase that cannot be read is a message, not a traceback: input closed before a
line (Ctrl+D, stdin at its end), and bytes that are not UTF-8 in the environment. Real
subprocesses (a pseudo-terminal gives the closed input), the database unchanged."""

from __future__ import annotations

import hashlib
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = [
    ["init", "--name", "Amal", "--org", "IRN"],
    ["export", "--out", "out.zip"],
    ["report", "--out", "r.pdf", "--no-map"],
]


def _run(args: list[str], env: dict, cwd: Path, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fieldapp", *args],
        env=env, cwd=cwd, stdin=stdin, capture_output=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_passphrase_that_is_not_utf8_is_refused_in_one_line(db_path, tmp_path, command):
    db = db_path if command[0] != "init" else tmp_path / "new.db"
    before = hashlib.sha256(db.read_bytes()).hexdigest() if db.exists() else None
    env = os.environb.copy()
    env[b"FIELDAPP_PASSPHRASE"] = b"caf\xe9 not utf-8 \xff"
    result = _run(["--db", str(db), *command], env, tmp_path)
    err = result.stderr.decode()
    assert result.returncode != 0 and "Traceback" not in err, err
    assert "not valid text" in err and "FIELDAPP_PASSPHRASE" in err
    after = hashlib.sha256(db.read_bytes()).hexdigest() if db.exists() else None
    assert after == before and not (tmp_path / "out.zip").exists()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_hung_up_terminal_is_refused_in_one_line(db_path, tmp_path, command):
    db = db_path if command[0] != "init" else tmp_path / "new.db"
    env = {k: v for k, v in os.environ.items() if k != "FIELDAPP_PASSPHRASE"}
    controller, terminal = pty.openpty()
    os.close(controller)  # the terminal hangs up: reading the passphrase meets its end
    try:
        result = _run(["--db", str(db), *command], env, tmp_path, stdin=terminal)
    finally:
        os.close(terminal)
    err = result.stderr.decode(errors="replace")
    assert result.returncode != 0 and "Traceback" not in err, err
    assert "fieldapp: error:" in err and (
        "input ended" in err or "a passphrase is needed" in err
    ), err


def test_ctrl_d_at_the_prompt_is_refused_in_one_line(db_path, monkeypatch, cli):
    """getpass reads the controlling terminal, which a subprocess here does not have: the
    end of input it meets (Ctrl+D) is raised in this process instead."""
    import getpass

    def ended(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.delenv("FIELDAPP_PASSPHRASE")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", ended)
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    result = cli("--db", db_path, "list", "incidents")
    assert result.code != 0 and "input ended" in result.err and "Traceback" not in result.err
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
