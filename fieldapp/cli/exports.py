"""`fieldapp export-data`: the records in the formats analysts open (XLSX, CSV, HXL,
ACLED, GeoJSON, GeoPackage), with the same filters as `fieldapp list`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldapp.cli.common import ProgressLine, open_store
from fieldapp.cli.records import add_filter_options, filter_from_args
from fieldapp.domain.fields import TABLES
from fieldapp.ops import exports as export_ops
from fieldapp.progress import Task
from fieldapp.reports.labels import LANGUAGES

_DESCRIPTION = """\
Write the records that match the filters to FILE. xlsx: one sheet per kind and a "columns"
sheet (typed cells; --hxl adds the HXL hashtag row). csv: UTF-8 with BOM, for
spreadsheets. hxl: that CSV with the HXL hashtag row under the header. acled: incidents in
ACLED's columns. geojson / gpkg: points (and displacement origin->destination lines) in
EPSG:4326. csv, hxl hold one table: with --kind all (the default) they write
FILE-incidents.csv and FILE-displacements.csv. The database is not changed."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export-data",
        help="export records for analysts: xlsx, csv, hxl, acled, geojson, gpkg",
        description=_DESCRIPTION,
    )
    p.add_argument("--format", required=True, choices=export_ops.FORMATS)
    p.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    p.add_argument(
        "--kind",
        choices=tuple(export_ops.KIND_CHOICES),
        default="all",
        help="which records (default all; acled: incidents only)",
    )
    add_filter_options(p)
    p.add_argument(
        "--hxl", action="store_true", help="xlsx: add the HXL hashtag row under the header"
    )
    p.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="xlsx: ar makes sheets right to left"
    )
    p.set_defaults(func=cmd_export_data)


def cmd_export_data(args: argparse.Namespace) -> int:
    flt = filter_from_args(args)
    with open_store(args) as store:
        done = export_ops.export_data(
            store,
            args.format,
            Path(args.out),
            export_ops.KIND_CHOICES[args.kind],
            flt,
            Task(ProgressLine("Exporting")),
            args.lang,
            hxl=args.hxl,
        )
    counts = ", ".join(f"{n:,} {TABLES[kind]}" for kind, n in done.counts.items())
    for path in done.files:
        print(f"Wrote {path}")
    print(f"Exported {counts}")
    for kind, missing in done.without_coordinates.items():
        if missing:
            print(f"note: {missing:,} {TABLES[kind]} without coordinates left out", file=sys.stderr)
    if done.flows_unplaced:
        print(
            f"note: {done.flows_unplaced:,} displacement flows left out (other end not found)",
            file=sys.stderr,
        )
    return 0
