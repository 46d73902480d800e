"""The XLSX writer: one sheet per record kind, typed cells, and a sheet describing the
columns.

- Typed cells: dates are dates (number format yyyy-mm-dd), timestamps date-times, counts
  and coordinates numbers, lists text joined with "; ". Text is always a text cell (data
  type "s"): openpyxl would otherwise store a string starting with "=" as a formula, which
  the spreadsheet would run. So no formula escaping is needed, or made: text is text.
- XML 1.0 cannot hold most control characters; those in a text are written as OOXML's own
  escape (_x0001_), which Excel and LibreOffice show as the character (openpyxl reads the
  escape back as it is).
- A frozen header row (and HXL hashtag row, with `hxl`), an autofilter over the table,
  column widths from the header and the first rows, right-to-left sheets when `rtl`.
- openpyxl's write-only mode: rows stream into the sheet, and the sheet's XML is kept in
  memory, not in the temporary folder where openpyxl stages it by default: nothing of the
  records may lie in clear there (as for bundles, fieldapp/store/scratch.py), and a
  cancelled or failed export would leave the file behind until the program quits.
  (`_MemoryWriter` and `memory_sheet` use openpyxl's writer classes for that.)
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from fieldapp.interchange.table import Column

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
COLUMNS_SHEET = "columns"
_WIDTH_SAMPLE = 200  # rows looked at for column widths
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|_x[0-9A-Fa-f]{4}_")
_BOLD = Font(bold=True)
_TAG_FONT = Font(italic=True, color="555555")


@dataclass
class Sheet:
    """One table to write: its sheet name, its columns and its rows (typed values)."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]


class _MemoryWriter(ExcelWriter):
    """openpyxl's workbook writer, taking each sheet's XML from memory (see the module
    docstring) instead of a temporary file's name."""

    def write_worksheet(self, ws: Any) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if self.workbook.write_only:  # its writer was made by memory_sheet
            if not ws.closed:
                ws.close()
            writer = ws._writer
        else:
            writer = WorksheetWriter(ws, out=io.BytesIO())
            writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


def memory_sheet(ws: WriteOnlyWorksheet) -> None:
    """Give the sheet a writer into memory, once its columns, panes and view are set
    (write_top writes them)."""
    ws._writer = WorksheetWriter(ws, out=io.BytesIO())
    ws._writer.write_top()


def _escape(match: re.Match[str]) -> str:
    text = match.group(0)
    if text.startswith("_x"):  # a literal _x0041_ would be read as "A": escape its "_"
        return "_x005F" + text
    return f"_x{ord(text):04X}_"


def _cell(ws: WriteOnlyWorksheet, value: object, font: Font | None = None) -> object:
    """The value, or a cell when it needs a type or a style of its own (most values go
    as they are: a cell object per value would double the time of a large export)."""
    if isinstance(value, str):
        if _ILLEGAL.search(value):
            value = _ILLEGAL.sub(_escape, value)
        if font is None and not value.startswith("=") and value not in ERROR_CODES:
            return value  # openpyxl stores it as text
        cell = WriteOnlyCell(ws, value)
        cell.data_type = "s"  # text, even "=1+1" or "#N/A": never a formula or an error
    elif font is None and not isinstance(value, dt.date):
        return value  # a number or None
    elif isinstance(value, dt.datetime):
        cell = WriteOnlyCell(ws, value)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value)
        cell.number_format = DATE_FORMAT
    else:
        cell = WriteOnlyCell(ws, value)
    if font is not None:
        cell.font = font
    return cell


def _width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 19
    if isinstance(value, dt.date):
        return 10
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _widths(columns: Sequence[Column], sample: Sequence[Sequence[object]]) -> list[int]:
    widths = [len(c.name) + 2 for c in columns]
    for row in sample:
        widths = [max(w, _width(v) + 2) for w, v in zip(widths, row, strict=False)]
    return [min(max(w, _MIN_WIDTH), _MAX_WIDTH) for w in widths]


def _write_sheet(wb: Workbook, sheet: Sheet, *, rtl: bool, hxl: bool) -> None:
    ws = wb.create_sheet(sheet.name)
    rows = iter(sheet.rows)
    sample: list[Sequence[object]] = []
    for row in rows:  # the first rows set the widths, which must precede the data
        sample.append(row)
        if len(sample) >= _WIDTH_SAMPLE:
            break
    for index, width in enumerate(_widths(sheet.columns, sample), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    head = 2 if hxl else 1
    ws.freeze_panes = f"A{head + 1}"
    ws.sheet_view.rightToLeft = rtl
    memory_sheet(ws)
    ws.append([_cell(ws, c.name, _BOLD) for c in sheet.columns])
    if hxl:
        ws.append([_cell(ws, c.hxl, _TAG_FONT) for c in sheet.columns])
    count = 0
    for rows_part in (sample, rows):
        for row in rows_part:
            ws.append([_cell(ws, v) for v in row])
            count += 1
    last = get_column_letter(len(sheet.columns))
    ws.auto_filter.ref = f"A1:{last}{max(head + count, head)}"


def _write_columns_sheet(wb: Workbook, sheets: Sequence[Sheet], *, rtl: bool) -> None:
    ws = wb.create_sheet(COLUMNS_SHEET)
    header = ("sheet", "column", "label", "type", "hxl", "description")
    for index, width in enumerate((16, 22, 26, 10, 26, 70), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.sheet_view.rightToLeft = rtl
    memory_sheet(ws)
    ws.append([_cell(ws, h, _BOLD) for h in header])
    count = 0
    for sheet in sheets:
        for c in sheet.columns:
            values = (sheet.name, c.name, c.label, c.type, c.hxl, c.description)
            ws.append([_cell(ws, v) for v in values])
            count += 1
    ws.auto_filter.ref = f"A1:F{count + 1}"


def xlsx_bytes(sheets: Sequence[Sheet], *, rtl: bool = False, hxl: bool = False) -> bytes:
    """The workbook: each sheet in order, then the "columns" sheet."""
    wb = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(wb, sheet, rtl=rtl, hxl=hxl)
    _write_columns_sheet(wb, sheets, rtl=rtl)
    return workbook_bytes(wb)


def workbook_bytes(wb: Workbook) -> bytes:
    """`wb.save()` into bytes, its sheets' XML staged in memory (see the module
    docstring): for any openpyxl workbook fieldapp writes; a write-only one's sheets must
    have been given their writer by `memory_sheet` before their first row."""
    wb.properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # as wb.save does
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        _MemoryWriter(wb, archive).save()
    return buffer.getvalue()
