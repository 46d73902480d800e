"""The one writer of CSV for people: every CSV fieldapp makes to be opened in a spreadsheet
(`fieldapp export-data --format csv|hxl|acled`, `fieldapp list --format csv`).

The dialect is what Excel and LibreOffice open without an import dialog: UTF-8 with a
byte-order mark (without it Excel reads Arabic as Latin-1 mojibake), CRLF line ends,
commas, and quotes only where a cell needs them (a comma, a quote or a line break).

Text cells are protected against CSV injection as OWASP advises (domain/csvcell.protect):
a cell that begins with = + - @, a tab or a carriage return gets a leading apostrophe, so
a spreadsheet shows it as text instead of running it as a formula. A plain number such as
-35.2 is data and is left alone; numbers, dates and counts are written plainly.

The sync bundle's machine CSVs are NOT written here: their exact bytes are part of the
bundle format (fieldapp/sync/format.py) and do not change.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import TextIO

from fieldapp.domain.csvcell import protect

BOM = "\ufeff"
ENCODING = "utf-8"
LINE_END = "\r\n"


def cell(value: object) -> str:
    """A value as the text of its cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return protect("; ".join(str(v) for v in value))
    return protect(str(value))


def write(
    out: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]], *, bom: bool = True
) -> None:
    """Write the table to a text stream (opened with newline="" when it is a file)."""
    if bom:
        out.write(BOM)
    writer = csv.writer(out, lineterminator=LINE_END)
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])


def to_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The whole file's bytes, for diskfull.write_atomically."""
    text = io.StringIO(newline="")
    write(text, header, rows)
    return text.getvalue().encode(ENCODING)
