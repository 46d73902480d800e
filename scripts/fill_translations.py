"""Fill Arabic translations into the catalogue from a small JSON file, then compile.

    python scripts/fill_translations.py my-strings.json [--lang ar]

The JSON maps a source string to its translation, or to a list of six forms for a plural
(numerus) message; an optional top-level "@context" object maps "Context|source" keys for
strings whose text is the same in two contexts but translates differently:

    {"Open database…": "فتح قاعدة بيانات…",
     "{n} records": ["…", "…", "…", "…", "…", "…"]}

Only messages that are in the .ts file (run scripts/update_translations.py first, so new
strings are there) and still unfinished or empty are filled, unless --force is given. Prints
the sources it could not find, so a typo shows.
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from update_translations import lrelease, lupdate, qm_path, ts_path


def fill(ts: Path, table: dict, force: bool = False) -> tuple[int, list[str]]:
    by_context = table.pop("@context", {})
    tree = ET.parse(ts)
    filled = 0
    used: set[str] = set()
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            key = f"{name}|{source}"
            if key in by_context:
                value, used_key = by_context[key], "@" + key
            elif source in table:
                value, used_key = table[source], source
            else:
                continue
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            unfinished = translation.get("type") == "unfinished"
            empty = not (translation.text or "").strip() and not list(translation)
            if not (force or unfinished or empty):
                used.add(used_key)
                continue
            if message.get("numerus") == "yes":
                forms = value if isinstance(value, list) else [value] * 6
                for child in list(translation):
                    translation.remove(child)
                translation.text = "\n            "
                for form in forms:
                    child = ET.SubElement(translation, "numerusform")
                    child.text = form
                    child.tail = "\n            "
            else:
                translation.text = value
            translation.attrib.pop("type", None)
            filled += 1
            used.add(used_key)
    missing = [k for k in table if k not in used]
    missing += ["@" + k for k in by_context if "@" + k not in used]
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return filled, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("table", type=Path)
    parser.add_argument("--lang", default="ar")
    parser.add_argument("--force", action="store_true", help="replace finished translations")
    args = parser.parse_args(argv)
    table = json.loads(args.table.read_text(encoding="utf-8"))
    ts = ts_path(args.lang)
    filled, missing = fill(ts, table, args.force)
    lupdate(args.lang, ts)  # lupdate's own layout again, so --check stays quiet
    lrelease(ts, qm_path(args.lang))
    print(f"{filled} filled in {ts.name}")
    for key in missing:
        print(f"not in the catalogue: {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
