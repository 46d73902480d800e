"""`fieldapp import FILE`: records from a CSV, an XLSX, an HXL-tagged table, an ACLED export,
a Kobo/ODK submission export or fieldapp's own table export, through fieldapp.ops.imports
(the same steps as the window's import wizard).

Exit codes: 0 imported (or a dry run where every row would be); 2 some rows are invalid
(the dry run lists them; an all-or-nothing import writes nothing), or a usage error; 1 any
other refusal (an unreadable file, an unknown mapping).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from fieldapp.cli.common import ProgressLine, open_store, print_table
from fieldapp.domain.fields import DATE_FIELD, KINDS
from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.ops import imports
from fieldapp.progress import Task


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import records from a CSV or XLSX file (HXL, ACLED, Kobo/ODK, fieldapp exports)",
        description="Import records from FILE. Columns are mapped from the headers (field "
        "names or labels), an HXL hashtag row, or a known layout (ACLED, Kobo/ODK exports of "
        "fieldapp's XLSForm, fieldapp's own exports); --map and --mapping adjust that. "
        "Importing the same file again creates nothing new.",
    )
    p.add_argument("file", metavar="FILE", help="a .csv, .tsv, .txt or .xlsx file")
    p.add_argument("--sheet", metavar="NAME", help="the XLSX sheet to read (default: the first)")
    p.add_argument("--kind", choices=KINDS, help="the kind of record the rows are")
    p.add_argument("--mapping", metavar="NAME", help="a mapping saved with --save-mapping")
    p.add_argument(
        "--map",
        metavar="COLUMN=FIELD",
        action="append",
        default=[],
        help="map a column to a field (repeatable; COLUMN= ignores the column)",
    )
    p.add_argument("--save-mapping", metavar="NAME", help="save the mapping used under NAME")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would be imported, row by row; write nothing",
    )
    p.add_argument(
        "--valid-only",
        action="store_true",
        help="import the valid rows and write the rejected ones to --rejected FILE "
        "(default: all rows or none)",
    )
    p.add_argument("--rejected", metavar="FILE", help="where --valid-only writes rejected rows")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_import)


def _mapping(store, args: argparse.Namespace, inspection: imports.Inspection) -> imports.Mapping:
    if args.mapping:
        mapping = imports.load_mapping(store, args.mapping)
    else:
        mapping = imports.suggest_mapping(store, inspection, kind=args.kind)
    if args.kind and mapping.kind != args.kind:
        mapping = replace(mapping, kind=args.kind)
    if args.map:
        columns = dict(mapping.columns)
        for given in args.map:
            column, sep, name = given.rpartition("=")
            if not sep or not column:
                raise FieldappError(Message("import.bad_map", value=repr(given)))
            columns[column] = name.strip()
        mapping = replace(mapping, columns={c: n for c, n in columns.items() if n})
    return mapping


def cmd_import(args: argparse.Namespace) -> int:
    if args.valid_only and not args.rejected:
        raise imports.ImportRefused(Message("import.rejected_needs_file"))
    path = Path(args.file)
    with open_store(args) as store:
        # a dry run checks every row here; an import may leave the reading to a second
        # process (ops.import_pipeline), so it looks at the first rows only
        inspection = imports.inspect(path, args.sheet, peek=not args.dry_run)
        _note_other_sheets(args, inspection)
        mapping = _mapping(store, args, inspection)
        imports.check_mapping(mapping, inspection.headers)
        if args.save_mapping:
            imports.save_mapping(store, args.save_mapping, mapping)
        if args.dry_run:
            task = Task(ProgressLine("Checking"))
            found = imports.preview(store, path, mapping, args.sheet, task=task)
            _print_preview(found, args.format)
            return 2 if found.counts()[imports.INVALID] else 0
        task = Task(ProgressLine("Importing"))
        done = imports.run(
            store,
            path,
            mapping,
            args.sheet,
            mode="valid" if args.valid_only else "all",
            rejected_to=Path(args.rejected) if args.rejected else None,
            task=task,
            table=inspection.table,
        )
    _print_imported(done, args.format)
    return 0


def _note_other_sheets(args: argparse.Namespace, inspection: imports.Inspection) -> None:
    """A workbook's other sheets are not read without --sheet: say so, so that a
    fieldapp export's displacement sheet is not left behind unnoticed."""
    others = [s for s in inspection.sheets if s != inspection.sheet]
    if args.sheet is None and others:
        print(
            f"note: reading the sheet {inspection.sheet!r}; the workbook also has "
            f"{', '.join(repr(s) for s in others)} (import one with --sheet NAME)",
            file=sys.stderr,
        )


def _print_preview(found: imports.Preview, fmt: str) -> None:
    if fmt == "json":
        rows = [
            {
                "row": r.row,
                "status": r.status,
                "kind": r.kind,
                "values": r.values,
                "messages": list(r.messages),
                "source_id": r.source_id,
                "possible_duplicates": list(r.possible_duplicates),
            }
            for r in found.rows
        ]
        seen = found.inspection
        file = {
            "path": str(seen.path),
            "sheet": seen.sheet,
            "sheets": list(seen.sheets),
            "headers": list(seen.headers),
            "tags": None if seen.tags is None else list(seen.tags),
            "layout": seen.layout,
            "rows": seen.rows,
        }
        json.dump(
            {
                "file": file,
                "mapping": _mapping_json(found.mapping),
                "counts": found.counts(),
                "rows": rows,
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
        return
    table = [
        [
            str(r.row),
            r.status,
            str(r.values.get(DATE_FIELD[r.kind]) or ""),
            str(r.values.get("location") or ""),
            "; ".join(r.messages),
            ", ".join(d[:8] for d in r.possible_duplicates),
        ]
        for r in found.rows
    ]
    print_table(table, ["row", "status", "date", "location", "messages", "possible duplicates"])
    counts = found.counts()
    print(
        f"{counts[imports.NEW]:,} new, {counts[imports.ALREADY]:,} already imported, "
        f"{counts[imports.INVALID]:,} invalid"
    )


def _mapping_json(mapping: imports.Mapping) -> dict[str, object]:
    return {
        "kind": mapping.kind,
        "layout": mapping.layout,
        "name": mapping.name,
        "columns": mapping.columns,
    }


def _print_imported(done: imports.Imported, fmt: str) -> None:
    if fmt == "json":
        json.dump(
            {
                "created": list(done.created),
                "already": done.already,
                "rejected": done.rejected,
                "rejected_file": str(done.rejected_file) if done.rejected_file else None,
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
        return
    print(f"Imported {len(done.created):,} records")
    if done.already:
        print(f"{done.already:,} rows were imported before (nothing new created)")
    if done.rejected:
        where = f": {done.rejected_file}" if done.rejected_file else ""
        print(f"{done.rejected:,} rows rejected{where}")
