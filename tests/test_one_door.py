"""One door to the database, and small pieces: checked on the source.

- SQL is written only in fieldapp/store (the MBTiles reader, which reads a tile archive's
  own file format, is the one named exception);
- nothing outside the store imports sqlite3 or touches a Store's raw connection;
- no module over 600 lines, no class over 400, no function over 80 unless a comment on
  the line above its `def` says why (`# long: ...`).

A failure names the file, the line and what to do.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "fieldapp"
STORE = PACKAGE / "store"
SQL_EXEMPT = {PACKAGE / "maps" / "mbtiles.py"}  # reads MBTiles, a tile archive format

# The start of an SQL statement, as this code base writes them (upper-case keywords).
SQL = re.compile(
    r"^\s*(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM"
    r"|CREATE\s+(UNIQUE\s+|TEMP\s+|VIRTUAL\s+)*(TABLE|INDEX|TRIGGER|VIEW)|DROP\s+(TABLE|INDEX"
    r"|TRIGGER|VIEW)|PRAGMA\s+\w|ATTACH\s+DATABASE|DETACH\s+DATABASE|BEGIN(\s+IMMEDIATE)?$"
    r"|COMMIT$|ROLLBACK$)",
    re.DOTALL,
)
MAX_MODULE, MAX_CLASS, MAX_FUNCTION = 600, 400, 80


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def outside_store() -> list[Path]:
    return [p for p in sources() if STORE not in p.parents and p not in SQL_EXEMPT]


def strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string literal, f-strings joined with their holes as '?'."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "?" for v in node.values)
            found.append((node.lineno, str(text)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
    return found


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{line}"


def test_sql_is_written_only_in_the_store() -> None:
    found = [
        f"{where(path, line)}: {text.strip()[:60]!r}"
        for path in outside_store()
        for line, text in strings(ast.parse(path.read_text(encoding="utf-8")))
        if SQL.match(text)
    ]
    assert not found, "SQL outside fieldapp/store (move it into a store module):\n" + "\n".join(
        found
    )


def test_the_guard_sees_sql_where_it_is() -> None:
    """The pattern is not blind: the store's own modules are full of SQL it recognises."""
    hits = {
        path.name
        for path in STORE.glob("*.py")
        for _line, text in strings(ast.parse(path.read_text(encoding="utf-8")))
        if SQL.match(text)
    }
    assert {"records.py", "reads.py", "bulk.py", "scratch.py", "outgoing.py"} <= hits
    assert not SQL.match("Select the records you want to keep")  # English is not SQL


def test_no_raw_connection_outside_the_store() -> None:
    found = []
    for path in outside_store():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name == "sqlite3" for a in node.names):
                found.append(f"{where(path, node.lineno)}: imports sqlite3")
            elif isinstance(node, ast.ImportFrom) and node.module == "sqlite3":
                found.append(f"{where(path, node.lineno)}: imports from sqlite3")
            elif isinstance(node, ast.Attribute) and node.attr in ("conn", "_conn"):
                found.append(f"{where(path, node.lineno)}: uses .{node.attr}")
    assert not found, "a way into the database around the store:\n" + "\n".join(found)


def _long_without_reason(path: Path, lines: list[str], node: ast.AST, limit: int) -> str | None:
    length = node.end_lineno - node.lineno + 1  # type: ignore[attr-defined]
    if length <= limit:
        return None
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    above = lines[first - 2].strip() if first >= 2 else ""
    if above.startswith("# long:"):
        return None
    return f"{where(path, node.lineno)}: {node.name} is {length} lines (limit {limit})"  # type: ignore[attr-defined]


def test_modules_classes_and_functions_stay_small() -> None:
    found = []
    for path in sources():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if len(lines) > MAX_MODULE:
            found.append(f"{where(path, 1)}: module is {len(lines)} lines (limit {MAX_MODULE})")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                problem = _long_without_reason(path, lines, node, MAX_CLASS)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                problem = _long_without_reason(path, lines, node, MAX_FUNCTION)
            else:
                continue
            if problem:
                found.append(problem)
    assert not found, (
        "too large: split it, or write why on the line above the def (`# long: ...`):\n"
        + "\n".join(found)
    )
