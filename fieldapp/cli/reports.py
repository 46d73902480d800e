"""`fieldapp report`: a signed PDF report; `verify_pdf`: what `fieldapp verify FILE.pdf` runs.

Exit codes of verify_pdf: 0 valid and trusted, 3 altered (changed or added to after
signing, or a signature that does not verify), 4 unsigned, 5 intact but the signer is not
trusted by the database, 1 the file cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from fieldapp.cli.common import ProgressLine, open_store, passphrase
from fieldapp.cli.records import add_filter_options, filter_from_args
from fieldapp.errors import DatabaseError, FieldappError
from fieldapp.identity.keys import format_fingerprint
from fieldapp.messages import Message
from fieldapp.ops import reports as report_ops
from fieldapp.paths import default_db_path
from fieldapp.progress import Task
from fieldapp.reports.labels import LANGUAGES
from fieldapp.store import Filter, Store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="write a PDF report (signed with the device key unless --no-sign)",
        description="Write a PDF report of the incidents and displacement reports that match "
        "the filters: headline figures, totals by area and event type, a chart over time, the "
        "map, the tables and a visible signature block. Signed (PAdES) with this device's key.",
    )
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF file to write")
    add_filter_options(p)
    p.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="report language (ar: right to left)"
    )
    p.add_argument(
        "--no-sign",
        action="store_true",
        help="an unsigned draft, marked DRAFT on every page (no passphrase needed)",
    )
    p.add_argument("--no-map", action="store_true", help="leave the map out (faster)")
    p.set_defaults(func=cmd_report)

    # `fieldapp verify` belongs to the bundles commands (cli/sync.py), which hand .pdf files
    # to verify_pdf. Without them (a build without sync), offer PDF verification here.
    if "verify" not in sub.choices:
        v = sub.add_parser("verify", help="check a signed PDF report")
        v.add_argument("file", help="the PDF to check")
        v.set_defaults(func=verify_pdf)


def _map_drawer(db: Path, flt: Filter | None, lang: str) -> Callable[[Path], tuple]:
    """Draws the map when the report asks for it: Qt (QtWebEngine) starts only then, so
    `fieldapp report --no-map` starts no Qt at all."""

    def draw(png: Path) -> tuple:
        from fieldapp.qtkit.render import render_map

        return render_map(db, flt, png, lang)

    return draw


def cmd_report(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise FieldappError(Message("file.out_not_pdf", path=out))
    flt = filter_from_args(args)
    db = default_db_path(args.db)
    with open_store(args) as store:  # clear errors for a missing or uninitialised database
        store.require_device()
        warn_about_scope(store, flt)
        secret = None if args.no_sign else passphrase("Passphrase to sign the report: ")
        result = report_ops.report(
            store,
            out,
            flt,
            args.lang,
            sign=not args.no_sign,
            passphrase=secret,
            draw_map=None if args.no_map else _map_drawer(db, flt, args.lang),
            task=Task(ProgressLine("Building the report")),
        ).report
    if result.map_problem:
        print(f"note: the report has no map: {result.map_problem}", file=sys.stderr)
    what = (
        f"signed by key {format_fingerprint(result.fingerprint)[:19]}…"
        if result.signed
        else "UNSIGNED DRAFT"
    )
    print(
        f"Wrote {result.path}: {result.pages} pages, {result.incidents:,} incidents, "
        f"{result.displacements:,} displacement reports; {what} ({result.seconds:.1f} s)"
    )
    return 0


def warn_about_scope(store: Store, flt: Filter) -> None:
    """Before the passphrase is asked: what the totals may be wrong about (the same words
    as the box on the report's first page), on stderr so that stdout stays the result."""
    lines = report_ops.scope_lines(store, flt, "en")
    if lines:
        print("warning: " + lines[0], file=sys.stderr)
        for line in lines[1:]:
            print("         " + line, file=sys.stderr)


def verify_pdf(args: argparse.Namespace) -> int:
    """Check a signed report against the database's trust list; print what was found.

    `args.file` is the PDF, `args.db` the database (may be None: the default one). Without
    a database the signature is still checked, and the signer counts as untrusted.
    """
    store = None
    note = None
    try:
        store = open_store(args)
    except DatabaseError as exc:
        note = f"trust not checked: {exc}"
    try:
        result = report_ops.verify_report(store, args.file).check
    finally:
        if store is not None:
            store.close()
    out = sys.stdout
    print(f"{result.path}", file=out)
    if not result.signatures:
        print("  no signature: this is an unsigned draft or not a fieldapp report", file=out)
    for sig in result.signatures:
        signed_at = (
            sig.signed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z") if sig.signed_at else "?"
        )
        rows = [
            ("signer", f"{sig.signer} ({sig.organisation})" if sig.organisation else sig.signer),
            ("fingerprint", format_fingerprint(sig.fingerprint) if sig.fingerprint else "?"),
            ("signed at", signed_at),
            ("whole document covered", _yes(sig.covers_whole_file)),
            ("intact", _yes(sig.intact and sig.bottom_line)),
            (
                "trusted by this database",
                _yes(sig.trusted) + (f" (known as {sig.known_as})" if sig.known_as else ""),
            ),
        ]
        for key, value in rows:
            print(f"  {key:>24}: {value}", file=out)
        for problem in sig.problems:
            print(f"  {'problem':>24}: {problem}", file=out)
    if note:
        print(f"  {'note':>24}: {note}", file=out)
    print(result.verdict, file=out)
    return result.exit_code


def _yes(value: bool) -> str:
    return "yes" if value else "NO"
