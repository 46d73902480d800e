"""The layering rules, checked on the source: arrows point down, Qt stays at the top.

    domain ← store ← services (identity, sync, curation, reports, maps) ← ops ← ui, cli
                                                                       ← qtkit ←

The operations layer (ops) sits between the services and ui/cli: one function per thing a
person does. It imports no Qt, nothing from qtkit, ui or cli, and the command line goes
through it for every operation (plain reads may use the store).

A failure names the module and the import that breaks a rule.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "fieldapp"
LAYER = {
    "domain": 0,
    "store": 1,
    "identity": 2,
    "sync": 2,
    "curation": 2,
    "reports": 2,
    "maps": 2,
    "interchange": 2,
    "qtkit": 3,
    "ops": 3,
    "ui": 4,
    "cli": 4,
}
QT_SIDE = {"qtkit", "ui"}  # cli imports Qt only lazily (the desktop app, a map drawn to PNG)
# Services that must not lean on one another: a report is about records, not bundles.
FORBIDDEN = {("reports", "sync"), ("maps", "sync"), ("maps", "reports"), ("identity", "sync")}
# ops and qtkit are side by side: operations import no Qt, and drawing knows no operations
# (a report receives its map drawer from the window or the command line).
FORBIDDEN |= {("ops", "qtkit"), ("qtkit", "ops")}

# What fieldapp/cli may import besides the operations layer: reads of the store, the
# domain, qtkit for drawing, and the shared modules. Operations with steps or writes go
# through fieldapp.ops, so these store modules are not for the command line:
CLI_PACKAGES = {"ops", "store", "domain", "qtkit", "cli", "ui"}  # ui: main opens the window
CLI_SHARED = {
    "fieldapp", "fieldapp.errors", "fieldapp.messages", "fieldapp.passphrase", "fieldapp.paths",
    "fieldapp.progress",
}  # fmt: skip
CLI_NOT_FROM_STORE = {"fieldapp.store.demo", "fieldapp.store.backup", "fieldapp.store.restore"}
# Services' names the command line may use directly, and why each is no operation:
CLI_NAMES = {
    ("fieldapp.identity.keys", "format_fingerprint"): "formats a fingerprint for printing",
    ("fieldapp.reports.labels", "LANGUAGES"): "the choices of --lang",
    ("fieldapp.maps.gazetteer", "default"): "`places`: a search of the place index, no database",
    ("fieldapp.maps.mbtiles", "inspect"): "`tiles`: reads an archive's metadata, no database",
}
# Store methods that write: the command line calls the operation that does it instead.
STORE_WRITES = {
    "add",
    "add_many",
    "edit",
    "delete",
    "restore",
    "resolve",
    "transaction",
    "save_device",
    "set_setting",
    "apply_revisions",
}


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in a file, at any depth (lazy imports count too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "fieldapp" and parts[1] in LAYER else None


def modules() -> list[tuple[str, Path]]:
    return [
        (path.relative_to(PACKAGE).parts[0], path)
        for path in sorted(PACKAGE.rglob("*.py"))
        if len(path.relative_to(PACKAGE).parts) > 1 and path.relative_to(PACKAGE).parts[0] in LAYER
    ]


def violations() -> list[str]:
    found = []
    for package, path in modules():
        where = path.relative_to(PACKAGE.parent)
        for line, module in imports(path):
            target = package_of(module)
            if module.split(".")[0] == "PySide6" and package not in QT_SIDE | {"cli"}:
                found.append(f"{where}:{line}: Qt ({module}) below the Qt side")
            if target and LAYER[target] > LAYER[package]:
                found.append(f"{where}:{line}: {package} imports {module} (upward)")
            if target and (package, target) in FORBIDDEN:
                found.append(f"{where}:{line}: {package} imports {module}")
    return found


def test_no_import_breaks_the_layers():
    assert not violations(), "\n".join(violations())


def test_the_guard_sees_a_bad_import(tmp_path, monkeypatch):
    """The check above can fail: a report importing Qt and sync is caught."""
    fake = tmp_path / "fieldapp"
    (fake / "reports").mkdir(parents=True)
    (fake / "reports" / "bad.py").write_text(
        "def f():\n    from PySide6.QtCore import QObject\n    import fieldapp.sync.merge\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    found = violations()
    assert any("Qt (PySide6.QtCore)" in v for v in found)
    assert any("reports imports fieldapp.sync.merge" in v for v in found)


def cli_violations() -> list[str]:
    """Imports and store writes in fieldapp/cli that bypass the operations layer."""
    found = []
    for path in sorted((PACKAGE / "cli").rglob("*.py")):
        where = path.relative_to(PACKAGE.parent)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [
                    f"{where}:{node.lineno}: cli imports {alias.name}"
                    for alias in node.names
                    if not _cli_may_import(alias.name, None)
                ]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found += [
                    f"{where}:{node.lineno}: cli imports {alias.name} from {node.module}"
                    for alias in node.names
                    if not _cli_may_import(node.module, alias.name)
                ]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in STORE_WRITES
                and isinstance(node.func.value, ast.Name)
                and "store" in node.func.value.id.lower()
            ):
                found.append(
                    f"{where}:{node.lineno}: cli writes through {node.func.value.id}."
                    f"{node.func.attr} (call the operation in fieldapp.ops)"
                )
    return found


def _cli_may_import(module: str, name: str | None) -> bool:
    if module.split(".")[0] != "fieldapp" or module in CLI_SHARED:
        return True
    if module in CLI_NOT_FROM_STORE or (module == "fieldapp.store" and name in {"demo", "backup"}):
        return False
    if package_of(module) in CLI_PACKAGES:
        return True
    return (module, name) in CLI_NAMES


def test_the_cli_goes_through_the_operations_layer():
    assert not cli_violations(), "\n".join(cli_violations())


def test_the_cli_guard_sees_a_bypass(tmp_path, monkeypatch):
    """The checks above can fail: an operation run from the cli without ops is caught,
    and so is an ops module that reaches for Qt, qtkit or the window."""
    fake = tmp_path / "fieldapp"
    (fake / "cli").mkdir(parents=True)
    (fake / "ops").mkdir()
    (fake / "cli" / "bad.py").write_text(
        "from fieldapp.sync.merge import merge_bundle\n"
        "from fieldapp.identity.keys import format_fingerprint, create_identity\n"
        "from fieldapp.store.demo import load_demo\n"
        "import fieldapp.curation.duplicates\n"
        "from fieldapp.ops import records\n"
        "def f(store):\n"
        "    store.add('incident', {})\n"
        "    with store.transaction():\n"
        "        pass\n"
    )
    (fake / "ops" / "bad.py").write_text(
        "from PySide6.QtCore import QObject\n"
        "from fieldapp.qtkit.render import render_map\n"
        "def f():\n"
        "    from fieldapp.ui import jobs\n"
        "    from fieldapp.cli.common import ProgressLine\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    found = cli_violations()
    assert any("merge_bundle from fieldapp.sync.merge" in v for v in found)
    assert any("create_identity from fieldapp.identity.keys" in v for v in found)
    assert not any("format_fingerprint" in v for v in found)
    assert any("load_demo from fieldapp.store.demo" in v for v in found)
    assert any("cli imports fieldapp.curation.duplicates" in v for v in found)
    assert not any("from fieldapp.ops" in v for v in found)
    assert any("store.add" in v for v in found) and any("store.transaction" in v for v in found)
    layered = violations()
    assert any("ops/bad.py:1: Qt (PySide6.QtCore)" in v for v in layered)
    assert any("ops imports fieldapp.qtkit.render" in v for v in layered)
    assert any("ops imports fieldapp.ui" in v and "(upward)" in v for v in layered)
    assert any("ops imports fieldapp.cli.common (upward)" in v for v in layered)


@pytest.mark.parametrize("command", [["report", "--no-map", "--no-sign"], ["list", "incidents"]])
def test_the_cli_starts_no_qt_without_a_map(demo_db_path, tmp_path, command):
    """`fieldapp report --no-map` (and listing) run without loading Qt at all."""
    extra = ["--out", str(tmp_path / "r.pdf")] if command[0] == "report" else []
    script = (
        "import sys\n"
        "from fieldapp.cli.main import main\n"
        f"code = main({['--db', str(demo_db_path), *command, *extra]!r})\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print('QT', loaded)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "QT []" in done.stdout, done.stdout[-500:]


def test_the_operations_load_no_qt():
    """Every operation module imports without loading Qt (the window's jobs and the
    command line share them; `fieldapp merge` must not start a GUI toolkit)."""
    names = sorted(p.stem for p in (PACKAGE / "ops").glob("*.py") if p.stem != "__init__")
    assert {"bundles", "curation", "files", "records", "reports", "setup"} <= set(names)
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module('fieldapp.ops.' + name)\n"
        "print('QT', sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "QT []" in done.stdout, done.stdout[-500:]


def test_the_cli_starts_without_openpyxl():
    """openpyxl takes about 0.25 s to import: only a command that reads or writes a
    workbook loads it, not every `fieldapp` start (the parser imports every command)."""
    script = (
        "import sys\n"
        "from fieldapp.cli.main import build_parser\n"
        "build_parser()\n"
        "print('XL', sorted(m for m in sys.modules if m.startswith('openpyxl'))[:3])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "XL []" in done.stdout, done.stdout[-500:]
