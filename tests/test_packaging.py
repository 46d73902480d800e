"""A built wheel installed into a fresh virtual environment finds its migrations and resources.

The checkout is never on the path here: the wheel is built from a copy of the sources, the
installed package runs with its working directory in an empty temporary folder, and the
third-party dependencies come from the project's .venv through PYTHONPATH (the test is about
fieldapp's own files, not about downloading PySide6 again). About 10 s.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import PASSPHRASE, raw_connection

from fieldapp import __version__

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "fieldapp", "migrations", "resources")


def _run(cmd: list[object], **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, check=False, **kwargs
    )
    assert result.returncode == 0, f"{cmd}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(wheel, copied source tree, python of a fresh venv with the wheel installed)."""
    work = tmp_path_factory.mktemp("packaging")
    src = work / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.db", "*.db-*")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy(path, src / name)
    dist = work / "dist"
    _run(
        [sys.executable, "-m", "pip", "wheel", src, "--no-deps", "-q", "-w", dist],
        cwd=work,
        timeout=300,
    )
    [wheel] = dist.glob("fieldapp-*.whl")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], timeout=120)
    python = venv / "bin" / "python"
    _run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
         "-q", wheel],
        timeout=300,
    )  # fmt: skip
    return wheel, src, python


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "FIELDAPP_"))}
    env.update(
        PYTHONPATH=sysconfig.get_paths()["purelib"],  # the dependencies, not fieldapp
        FIELDAPP_PASSPHRASE=PASSPHRASE,
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def test_the_wheel_carries_every_migration_and_resource(built) -> None:
    wheel, src, _python = built
    names = set(zipfile.ZipFile(wheel).namelist())
    migrations = sorted(p.name for p in (src / "migrations").glob("*.sql"))
    assert migrations and migrations[0] == "0001_initial.sql"
    for name in migrations:
        assert f"fieldapp/migrations/{name}" in names
    resources = [p for p in (src / "resources").rglob("*") if p.is_file()]
    assert resources
    missing = [
        str(p.relative_to(src))
        for p in resources
        if f"fieldapp/resources/{p.relative_to(src / 'resources').as_posix()}" not in names
    ]
    assert missing == []
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/"))]
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "fieldapp = fieldapp.cli.main:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_package_runs_outside_the_checkout(built, tmp_path: Path) -> None:
    _wheel, src, python = built
    env = _env(tmp_path)
    where = _run(
        [python, "-c",
         "import json, fieldapp, fieldapp.paths as p; print(json.dumps([fieldapp.__file__,"
         " str(p.migrations_dir()), str(p.resources_dir()), str(p.resource('icons'))]))"],
        cwd=tmp_path, env=env, timeout=60,
    )  # fmt: skip
    module, migrations, resources, icons = json.loads(where.stdout)
    venv = python.parent.parent
    for path in (module, migrations, resources, icons):
        assert Path(path).is_relative_to(venv), path
        assert not Path(path).is_relative_to(ROOT), path
    assert Path(icons).is_dir()

    db = tmp_path / "installed.db"
    init = _run(
        [python, "-m", "fieldapp", "--db", db, "init", "--name", "Amal", "--org", "IRN"],
        cwd=tmp_path, env=env, timeout=120,
    )  # fmt: skip
    assert "Key fingerprint:" in init.stdout
    demo = _run([python, "-m", "fieldapp", "--db", db, "demo"], cwd=tmp_path, env=env, timeout=120)
    assert demo.stdout.startswith("Loaded ")
    listed = _run(
        [python, "-m", "fieldapp", "--db", db, "list", "incidents", "--format", "json"],
        cwd=tmp_path, env=env, timeout=60,
    )  # fmt: skip
    assert len(json.loads(listed.stdout)) > 40

    conn = raw_connection(db)
    applied = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY 1")]
    conn.close()
    assert applied == list(range(1, len(list((src / "migrations").glob("*.sql"))) + 1))


def test_the_console_script_is_installed(built, tmp_path: Path) -> None:
    _wheel, _src, python = built
    script = python.parent / "fieldapp"
    assert script.exists()
    result = _run([script, "--version"], cwd=tmp_path, env=_env(tmp_path), timeout=60)
    assert result.stdout.strip() == f"fieldapp {__version__}"
