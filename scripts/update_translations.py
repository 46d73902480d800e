"""Refresh the interface translations: sources -> .ts (lupdate) -> .qm (lrelease).

    python scripts/update_translations.py            # update the .ts files, compile the .qm
    python scripts/update_translations.py --check    # exit 1 if a .ts or .qm is out of date
    python scripts/update_translations.py --release  # only compile .ts -> .qm

`pyside6-lupdate` reads every string marked for translation in fieldapp/ui (self.tr,
QCoreApplication.translate, QT_TRANSLATE_NOOP) and merges it into
resources/translations/fieldapp_LANG.ts: new strings arrive unfinished, strings no longer
in the code are dropped (-no-obsolete), translations of unchanged strings are kept. The
English file holds only the plural forms (-pluralonly): English is the source language.
Then `pyside6-lrelease` compiles each .ts into the .qm the application loads. The .qm files
are committed, so a checkout, a wheel and the installer work without this step; the tests
fail when they are stale.

Source locations are not written into the .ts (-locations none): line numbers would change
the catalogues on every unrelated edit. A translator finds a string's place by its context
(the class name, or "fields", "vocab", "messages") and its text.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
SOURCES = ROOT / "fieldapp" / "ui"
CATALOGUE = "fieldapp"
SOURCE_LANGUAGE = "en"
# language -> lupdate options beyond the common ones
LANGUAGES: dict[str, list[str]] = {"ar": [], "en": ["-pluralonly"]}


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease next to this Python, else on PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 (pip install PySide6) first")
    return found


def source_files(root: Path = SOURCES) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def ts_path(lang: str, folder: Path = TRANSLATIONS) -> Path:
    return folder / f"{CATALOGUE}_{lang}.ts"


def qm_path(lang: str, folder: Path = TRANSLATIONS) -> Path:
    return folder / f"{CATALOGUE}_{lang}.qm"


def lupdate(lang: str, ts: Path, sources: list[Path] | None = None) -> None:
    files = [str(p) for p in (sources or source_files())]
    command = [
        tool("pyside6-lupdate"),
        *files,
        "-no-obsolete",
        "-locations",
        "none",
        "-source-language",
        SOURCE_LANGUAGE,
        "-target-language",
        lang,
        *LANGUAGES[lang],
        "-silent",
        "-ts",
        str(ts),
    ]
    subprocess.run(command, check=True)


def lrelease(ts: Path, qm: Path) -> None:
    """Compile beside the .qm and rename over it: a running fieldapp maps the .qm it
    loaded, and rewriting that file in place killed one (SIGBUS) while it translated."""
    fresh = qm.with_name(f".{qm.name}.{os.getpid()}.tmp")
    command = [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(fresh)]
    try:
        subprocess.run(command, check=True)
        os.replace(fresh, qm)
    finally:
        fresh.unlink(missing_ok=True)


def update() -> None:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        lupdate(lang, ts_path(lang))
        lrelease(ts_path(lang), qm_path(lang))
        print(f"{ts_path(lang).relative_to(ROOT)} -> {qm_path(lang).relative_to(ROOT)}")


def release() -> None:
    for lang in LANGUAGES:
        lrelease(ts_path(lang), qm_path(lang))
        print(f"{qm_path(lang).relative_to(ROOT)}")


def stale() -> list[str]:
    """What `update` would change, without changing anything."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for lang in LANGUAGES:
            ts, qm = ts_path(lang), qm_path(lang)
            if not ts.exists():
                problems.append(f"{ts.name} is missing")
                continue
            fresh_ts = ts_path(lang, folder)
            shutil.copy(ts, fresh_ts)
            lupdate(lang, fresh_ts)
            if not filecmp.cmp(ts, fresh_ts, shallow=False):
                problems.append(f"{ts.name} does not match the source code")
            fresh_qm = qm_path(lang, folder)
            lrelease(ts, fresh_qm)
            if not qm.exists() or not filecmp.cmp(qm, fresh_qm, shallow=False):
                problems.append(f"{qm.name} is not compiled from the current {ts.name}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="report stale files, change none")
    group.add_argument("--release", action="store_true", help="only compile .ts into .qm")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale()
        for problem in problems:
            print(problem)
        if problems:
            print("run: python scripts/update_translations.py (or make translations)")
        return 1 if problems else 0
    if args.release:
        release()
    else:
        update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
