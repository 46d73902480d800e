"""What every command needs: the store, the passphrase, output and a progress line."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from fieldapp.domain.display import safe_text
from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.passphrase import PASSPHRASE_ENV
from fieldapp.paths import default_db_path
from fieldapp.store import Store


def open_store(args: argparse.Namespace, *, create: bool = False) -> Store:
    return open_path(default_db_path(args.db), create=create)


def open_path(path: Path, *, create: bool = False) -> Store:
    """The store at `path`; an encrypted one opens with $FIELDAPP_PASSPHRASE or the
    passphrase typed at the prompt (with neither, the message says what to do)."""
    if not Store.is_encrypted(path):
        return Store.open(path, create=create)
    secret = passphrase(f"Passphrase of {path.name}: ")
    return Store.open(path, create=create, passphrase=secret)


def passphrase(prompt: str = "Passphrase: ", *, confirm: bool = False) -> str:
    """$FIELDAPP_PASSPHRASE for scripts, otherwise ask on the terminal."""
    env = os.environ.get(PASSPHRASE_ENV)
    if env is not None:
        return text_passphrase(env)
    if not sys.stdin.isatty():
        raise FieldappError(Message("cli.passphrase_no_terminal", name=PASSPHRASE_ENV))
    try:
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Repeat the passphrase: ") != first:
            raise FieldappError(Message("cli.passphrases_differ"))
    except EOFError:  # the terminal closed (Ctrl+D) before a line was typed
        raise FieldappError(Message("cli.passphrase_closed")) from None
    return text_passphrase(first)


def text_passphrase(secret: str, name: str = PASSPHRASE_ENV) -> str:
    """The passphrase, refused if it is not text: bytes that are not UTF-8 in the
    environment variable `name` or from the terminal arrive as lone surrogates, which no
    key can use."""
    try:
        secret.encode("utf-8")
    except UnicodeEncodeError:
        raise FieldappError(Message("cli.passphrase_not_text", name=name)) from None
    return secret


class ProgressLine:
    """A progress callback for the terminal: a rewritten line on a TTY, a few lines in logs."""

    def __init__(self, label: str, stream: TextIO | None = None):
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.last = 0.0
        self.last_pct = -10

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        pct = int(done * 100 / total) if total else -1
        finished = bool(total) and done >= total
        if self.tty:
            if finished or now - self.last > 0.1:
                text = (
                    f"{self.label}: {pct}% ({done:,}/{total:,})"
                    if total
                    else f"{self.label}: {done:,}"
                )
                self.stream.write("\r" + text + ("\n" if finished else ""))
                self.stream.flush()
                self.last = now
        elif (
            finished or (total and pct >= self.last_pct + 25) or (not total and now - self.last > 2)
        ):
            text = (
                f"{self.label}: {pct}% ({done:,}/{total:,})" if total else f"{self.label}: {done:,}"
            )
            self.stream.write(text + "\n")
            self.last, self.last_pct = now, pct


def write_records(
    records: Sequence[dict[str, Any]],
    cols: Sequence[str],
    fmt: str,
    table_cols: Sequence[str],
    out: TextIO | None = None,
) -> None:
    out = out or sys.stdout
    if fmt == "json":
        json.dump(list(records), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        _write_csv(records, cols, out)
    else:
        print_table([[_short(c, r.get(c)) for c in table_cols] for r in records], table_cols, out)


def _write_csv(records: Sequence[dict[str, Any]], cols: Sequence[str], out: TextIO) -> None:
    """CSV for people, by the one writer (interchange/people_csv: CRLF, OWASP-protected
    text). A terminal, a pipe or a redirected file gets UTF-8 bytes with the BOM that
    spreadsheets need to read Arabic, whatever the locale's encoding; a text stream (no
    bytes underneath, e.g. a StringIO) gets the same text without the BOM, which marks an
    encoding only."""
    from fieldapp.ops import exports as export_ops

    rows = ([record.get(c) for c in cols] for record in records)
    binary = getattr(out, "buffer", None)
    if binary is None:
        export_ops.write_people_csv(out, cols, rows, bom=False)
        return
    out.flush()
    data = memoryview(export_ops.people_csv_bytes(cols, rows))
    while data:  # a short write (the disk filled up) returns a count, not an error
        data = data[binary.write(data) :]
    binary.flush()


def _short(column: str, value: object) -> str:
    if value is None:
        return ""
    if column == "id":
        return str(value)[:8]
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    if isinstance(value, int):
        return f"{value:,}"
    text = " ".join(str(value).split())
    return text if len(text) <= 34 else text[:33] + "…"


def print_table(
    rows: Iterable[Sequence[str]], headers: Sequence[str], out: TextIO | None = None
) -> None:
    """Columns padded to their widest cell. Every cell and header is made safe first
    (domain/display.safe_text): names, file names and record values come from other
    devices, and a newline, an ANSI escape or a bidirectional override in one must not
    forge a line, recolour the terminal or reorder the columns."""
    out = out or sys.stdout
    headers = [safe_text(h) for h in headers]
    rows = [[safe_text(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out.write(line.rstrip() + "\n")
    for row in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
