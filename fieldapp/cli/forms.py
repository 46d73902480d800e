"""`fieldapp xlsform`: the incident and displacement forms as XLSForms for KoboToolbox and
ODK Collect (docs/xlsform.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from fieldapp.ops import forms


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "xlsform",
        help="write the forms as XLSForms for KoboToolbox / ODK Collect",
        description="Write fieldapp's incident and displacement forms as XLSForm workbooks "
        "(survey, choices and settings sheets; labels in English and Arabic) to upload to "
        "KoboToolbox or ODK Central. Question names are fieldapp's field names, so the "
        "submissions' export imports with `fieldapp import` and no mapping. With --form, "
        "one workbook at --out; without, both forms, named after --out: FILE-incident.xlsx "
        "and FILE-displacement.xlsx.",
    )
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="the workbook to write")
    p.add_argument(
        "--form", choices=forms.FORMS, help="only this form, written at --out (default: both)"
    )
    p.set_defaults(func=cmd_xlsform)


def cmd_xlsform(args: argparse.Namespace) -> int:
    written = forms.publish_xlsform(Path(args.out), args.form)
    for kind, path in written.items():
        print(f"{path} ({kind} form)")
    return 0
