"""The file of rejected rows an import leaves beside the valid ones it wrote: the same
format as the file read (CSV in UTF-8 with its delimiter, or XLSX), its header (and HXL
hashtag) rows, the rejected rows exactly as read, and one more column, "errors", saying
what is wrong with each, so the user corrects that file and imports it again.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path

from fieldapp.interchange.readers import Table

ERRORS_HEADER = "errors"
ERRORS_TAG = "#meta+errors"


def write(table: Table, rejected: Sequence[tuple[int, Sequence[str]]], out: Path) -> Path:
    """Write `rejected` ((row number, messages)) of `table` to `out`, whole or not at all."""
    pending = write_pending(table, rejected, out)
    os.replace(pending, out)
    return Path(out)


def write_pending(table: Table, rejected: Sequence[tuple[int, Sequence[str]]], out: Path) -> Path:
    """The file `write` makes, under a hidden name beside `out` (returned): the import
    renames it to `out` once its records are committed, and removes it if they are not,
    so a cancelled or failed import leaves no file of rejected rows behind."""
    out = Path(out)
    cells = dict(table.rows)
    header = [*table.headers, ERRORS_HEADER]
    tags = [*table.tags, ERRORS_TAG] if table.tags is not None else None
    body = [[*cells[number], "; ".join(messages)] for number, messages in rejected]
    temp = out.with_name(f".{out.name}.part")
    try:
        if out.suffix.casefold() in (".xlsx", ".xlsm") or (
            table.format == "xlsx" and out.suffix.casefold() not in (".csv", ".tsv", ".txt")
        ):
            _write_xlsx(temp, table.sheet or "rejected", header, tags, body)
        else:
            _write_csv(temp, table.delimiter or ",", header, tags, body)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _write_csv(
    path: Path,
    delimiter: str,
    header: list[str],
    tags: list[str] | None,
    body: list[list[object]],
) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        if tags is not None:
            writer.writerow(tags)
        writer.writerows(body)


def _write_xlsx(
    path: Path, sheet: str, header: list[str], tags: list[str] | None, body: list[list[object]]
) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    from fieldapp.interchange import xlsx_out  # openpyxl: only when a workbook is written

    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])
    xlsx_out.memory_sheet(ws)  # the rejected rows are never staged in the temporary folder

    def text_row(values: Sequence[object]) -> list[object]:
        # A formula read as text is written back as text, never as a formula to run.
        row = []
        for value in values:
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
            row.append(cell)
        return row

    ws.append(text_row(header))
    if tags is not None:
        ws.append(text_row(tags))
    for values in body:
        ws.append(text_row(values))
    path.write_bytes(xlsx_out.workbook_bytes(book))
