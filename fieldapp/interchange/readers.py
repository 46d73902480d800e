"""Reading the files analysts bring (CSV in the encodings they are saved in, XLSX) into rows
of cells, refusing what cannot be read with certainty before anything is imported.

Why refuse rather than guess: a CSV decoded in the wrong encoding imports garbled names
that then travel in bundles to every coordinator; a file that is not what its name says
(an .xlsx that is no zip, a .csv that is binary) is a mistake the user can fix in a second
once told. Limits are those of bundles (fieldapp.sync.format.Limits: bytes per file, total
bytes unpacked, the compression ratio a zip bomb gives itself away by) plus the row,
column and cell limits of a spreadsheet (Excel's own), so a huge sheet is refused before
it fills memory.

A formula in an XLSX cell is read as its text ("=SUM(A1:A3)"): openpyxl is opened with
data_only=False and nothing is ever evaluated.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fieldapp.errors import FieldappError
from fieldapp.interchange import hxl
from fieldapp.messages import Message
from fieldapp.sync.format import DEFAULT_LIMITS

MAX_BYTES = DEFAULT_LIMITS.max_file_bytes  # a CSV, or one member of an XLSX, unpacked
MAX_TOTAL_BYTES = DEFAULT_LIMITS.max_total_bytes  # an XLSX, every member unpacked
MAX_RATIO = DEFAULT_LIMITS.max_ratio  # uncompressed / compressed, above RATIO_FLOOR
RATIO_FLOOR = DEFAULT_LIMITS.ratio_floor
MAX_ROWS = 1_048_576  # a spreadsheet's rows (Excel's sheet limit); ~1.5 million at 1 GiB
MAX_COLUMNS = 16_384  # Excel's columns
MAX_CELL = 32_767  # characters in one cell (Excel's limit)
HEADER_SCAN = 25  # the first rows looked at for the header and an HXL hashtag row
PEEK_ROWS = HEADER_SCAN + 25  # a peek: the header, hashtags and a sample of the rows

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = ",;\t"
_ZIP_MAGIC = b"PK\x03\x04"
_ARABIC = re.compile("[\u0600-\u06ff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Table:
    """A file's cells: its header, its hashtag row if any, its data rows numbered as a
    spreadsheet shows them (the header is row 1)."""

    path: Path
    format: str  # "csv" | "xlsx"
    sheet: str | None
    sheets: tuple[str, ...]
    headers: tuple[str, ...]
    tags: tuple[str, ...] | None
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # (row number, cells)
    sha256: str
    encoding: str | None = None  # the CSV's
    delimiter: str | None = None
    header_rows: tuple[tuple[object, ...], ...] = ()  # header (and tag) rows, as read
    # False for `peek`'s table: `rows` are the first ones, `estimate` counts them all
    complete: bool = True
    estimate: int = 0

    def row_count(self) -> int:
        """The data rows: counted, or (a peek) estimated from the file's lines."""
        return len(self.rows) if self.complete else self.estimate


def read(path: Path, sheet: str | None = None) -> Table:
    """The table in `path` (CSV or XLSX, by its name, checked against its content)."""
    path = Path(path)
    try:
        return _read(path, sheet)
    except OSError as exc:  # no permission, a file locked by another program, a bad disk
        raise FieldappError(
            Message("import.cannot_read", path=path.name, text=exc.strerror or str(exc))
        ) from None


def peek(path: Path, sheet: str | None = None) -> Table:
    """The table in `path` as far as PEEK_ROWS rows, and an estimate of its data rows
    (`complete` False): for a large import whose second process reads the file whole
    (ops.import_pipeline), so that it is parsed once, not twice. The file is hashed
    whole, and refused as `read` refuses it in what was read; a problem further on is
    refused by the reader that gets there. An XLSX without a dimension is read whole."""
    path = Path(path)
    try:
        return _read(path, sheet, PEEK_ROWS)
    except OSError as exc:
        raise FieldappError(
            Message("import.cannot_read", path=path.name, text=exc.strerror or str(exc))
        ) from None


def _read(path: Path, sheet: str | None, peek: int | None = None) -> Table:
    if not path.is_file():
        raise FieldappError(Message("import.no_file", path=str(path)))
    suffix = path.suffix.casefold()
    size = path.stat().st_size
    if suffix in CSV_SUFFIXES:
        if size > MAX_BYTES:
            raise FieldappError(
                Message("import.too_big", path=path.name, size=f"{size:,}", limit=f"{MAX_BYTES:,}")
            )
        return _read_csv(path, peek)
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, sheet, peek)
    raise FieldappError(Message("import.unknown_format", path=path.name))


# -- CSV --------------------------------------------------------------------------------------


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, UTF-16 with BOM, or Arabic Windows
    (cp1256) when UTF-8 fails and cp1256 gives clean Arabic text; otherwise refused."""
    if data.startswith(_ZIP_MAGIC):
        raise FieldappError(Message("import.csv_is_zip", path=name))
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise FieldappError(Message("import.unknown_encoding", path=name)) from None
    if b"\x00" in data:
        head = data[:4096]
        if max(head[0::2].count(0), head[1::2].count(0)) * 4 > len(head):
            # every other byte zero: UTF-16 text saved without its BOM
            raise FieldappError(Message("import.unknown_encoding", path=name))
        raise FieldappError(Message("import.csv_is_binary", path=name))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    else:
        if len(_CONTROL.findall(text[:65536])) * 100 > min(len(text), 65536):
            raise FieldappError(Message("import.csv_is_binary", path=name))
        return text, "utf-8"  # a stray control character is refused in its row, as typed
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        raise FieldappError(Message("import.unknown_encoding", path=name)) from None
    clean = not _CONTROL.search(text.replace("\r", "").replace("\n", "").replace("\t", ""))
    if clean and _ARABIC.search(text) and not _odd_letters(text):
        return text, "cp1256"
    raise FieldappError(Message("import.unknown_encoding", path=name))


def _odd_letters(text: str) -> bool:
    """Latin letters with accents in an Arabic text: what cp1256 makes of bytes written in
    another encoding (Latin-1, UTF-8 cut short), not what an Arabic spreadsheet holds."""
    return any(
        ord(ch) > 0x7F and not _ARABIC.match(ch) and unicodedata.category(ch).startswith("L")
        for ch in text
    )


def sniff_delimiter(text: str) -> str:
    """, ; or tab: what csv.Sniffer finds in the first lines, else the most frequent of the
    three in the header line (a comma when none)."""
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _read_csv(path: Path, peek: int | None = None) -> Table:
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    text, encoding = decode(data, path.name)
    del data
    first, _, rest = text.partition("\n")
    if first.strip().casefold() in ("sep=,", "sep=;", "sep=\t", "sep=|"):
        # Excel's line naming the delimiter: not a row of the table
        delimiter, text = first.strip()[4], rest
    else:
        delimiter = sniff_delimiter(text)
    try:
        rows = _limited(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), path)
        records = list(rows if peek is None else itertools.islice(rows, peek))
    except csv.Error as exc:
        raise FieldappError(
            Message("import.csv_unreadable", path=path.name, text=str(exc))
        ) from None
    table = _table(path, "csv", None, (), records, sha, encoding, delimiter)
    if peek is None or len(records) < peek:
        return table  # read whole
    # lines, less those read before the data (a quoted line break makes one too many)
    lines = text.count("\n") + (not text.endswith("\n"))
    return _peeked(table, lines - len(table.header_rows))


def _peeked(table: Table, estimate: int) -> Table:
    """`table` as a peek: its first rows, and at least as many rows as it shows."""
    return dataclasses.replace(table, complete=False, estimate=max(estimate, len(table.rows)))


def _length(cell: object) -> int:
    return len(cell) if isinstance(cell, str) else 0


def _limited(
    rows: Iterable[Sequence[object]], path: Path, *, text: bool = True
) -> Iterable[tuple[object, ...]]:
    """The rows, refused as soon as one limit is passed (before the rest is read). `text`:
    every cell is a str (a CSV's), measured by len itself."""
    measure = len if text else _length
    for index, row in enumerate(rows):
        if index >= MAX_ROWS:
            raise FieldappError(
                Message("import.too_many_rows", path=path.name, limit=f"{MAX_ROWS:,}")
            )
        if len(row) > MAX_COLUMNS:
            raise FieldappError(
                Message(
                    "import.too_many_columns",
                    path=path.name,
                    number=f"{len(row):,}",
                    limit=f"{MAX_COLUMNS:,}",
                )
            )
        if max(map(measure, row), default=0) > MAX_CELL:
            longest = max(map(_length, row))
            raise FieldappError(
                Message(
                    "import.cell_too_long",
                    path=path.name,
                    line=index + 1,
                    number=f"{longest:,}",
                    limit=f"{MAX_CELL:,}",
                )
            )
        yield tuple(row)


# -- XLSX -------------------------------------------------------------------------------------


def check_zip(path: Path) -> None:
    """An XLSX is a zip: refuse one that is not, and one whose members would unpack beyond
    the bundle limits (checked on the zip's directory, before openpyxl inflates a byte)."""
    if not zipfile.is_zipfile(path):
        raise FieldappError(Message("import.not_xlsx", path=path.name))
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise FieldappError(Message("import.not_xlsx", path=path.name)) from None
    total = 0
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_BYTES or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise FieldappError(
                Message(
                    "import.zip_bomb",
                    path=path.name,
                    entry=info.filename,
                    size=f"{info.file_size:,}",
                )
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise FieldappError(
            Message(
                "import.too_big", path=path.name, size=f"{total:,}", limit=f"{MAX_TOTAL_BYTES:,}"
            )
        )


def _read_xlsx(path: Path, sheet: str | None, peek: int | None = None) -> Table:
    check_zip(path)
    import openpyxl  # only when an XLSX is read

    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a zip that is no workbook
        raise FieldappError(Message("import.not_xlsx", path=path.name)) from None
    try:
        sheets = tuple(book.sheetnames)
        if not sheets:
            raise FieldappError(Message("import.empty", path=path.name))
        chosen = sheets[0] if sheet is None else sheet
        if chosen not in sheets:
            raise FieldappError(
                Message("import.no_sheet", path=path.name, name=chosen, text=", ".join(sheets))
            )
        worksheet = book[chosen]
        height = getattr(worksheet, "max_row", None) if peek is not None else None
        cells = (tuple(_xlsx_cell(v) for v in row) for row in worksheet.iter_rows(values_only=True))
        try:
            rows = _limited(cells, path, text=False)
            records = list(rows if not height else itertools.islice(rows, peek))
        except FieldappError:
            raise
        except Exception:  # a damaged sheet inside a valid zip
            raise FieldappError(Message("import.not_xlsx", path=path.name)) from None
    finally:
        book.close()
    table = _table(path, "xlsx", chosen, sheets, records, digest.hexdigest(), None, None)
    if not height or len(records) < peek:  # type: ignore[operator]
        return table
    return _peeked(table, height - len(table.header_rows))


def _xlsx_cell(value: object) -> object:
    """A cell as imported: text, a number, an ISO date; a formula as its text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, str)):
        return value
    text = getattr(value, "text", None)  # ArrayFormula, DataTableFormula: their formula
    return str(text if text is not None else value)


# -- the header ---------------------------------------------------------------------------------


def _blank(row: Sequence[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def _filled(row: Sequence[object]) -> int:
    return sum(1 for cell in row if not _blank((cell,)))


def _tag_row(rows: Sequence[Sequence[object]]) -> int | None:
    """Which of the first rows is an HXL hashtag row (interchange.hxl)."""
    return hxl.tag_row_index([[str(c) for c in row] for row in rows])


def _table(
    path: Path,
    fmt: str,
    sheet: str | None,
    sheets: tuple[str, ...],
    records: list[tuple[object, ...]],
    sha: str,
    encoding: str | None,
    delimiter: str | None,
) -> Table:
    numbered = [(i + 1, row) for i, row in enumerate(records) if not _blank(row)]
    if not numbered:
        raise FieldappError(Message("import.empty", path=path.name))
    head = [row for _n, row in numbered[:HEADER_SCAN]]
    tag_index = _tag_row(head)
    tags: tuple[str, ...] | None = None
    if tag_index is not None:
        tags = tuple(str(c).strip() for c in head[tag_index])
        header_at = tag_index - 1 if tag_index > 0 else tag_index
        skip = tag_index + 1
    else:
        # A title above the table ("Incidents, May 2019" alone in A1): the header is the
        # first row naming two columns or more.
        header_at = next((i for i, row in enumerate(head) if _filled(row) >= 2), 0)
        skip = header_at + 1
    header = numbered[header_at][1]
    width = max(len(header), len(tags or ()))
    headers = tuple(str(c).strip() for c in header) + ("",) * (width - len(header))
    if tags is not None:
        tags = tags + ("",) * (width - len(tags))
    rows = tuple(
        (number, tuple(row) + ("",) * (width - len(row))) for number, row in numbered[skip:]
    )
    return Table(
        path,
        fmt,
        sheet,
        sheets,
        headers,
        tags,
        rows,
        sha,
        encoding,
        delimiter,
        tuple(row for _n, row in numbered[:skip]),
    )
