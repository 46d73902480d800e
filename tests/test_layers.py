"""The layering rules, checked on the source: arrows point down, Qt stays at the top.

    domain ← store ← services (identity, sync, curation, reports, maps) ← qtkit ← ui, cli

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
    "qtkit": 3,
    "ui": 4,
    "cli": 4,
}
QT_SIDE = {"qtkit", "ui"}  # cli imports Qt only lazily (the desktop app, a map drawn to PNG)
# Services that must not lean on one another: a report is about records, not bundles.
FORBIDDEN = {("reports", "sync"), ("maps", "sync"), ("maps", "reports"), ("identity", "sync")}


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
