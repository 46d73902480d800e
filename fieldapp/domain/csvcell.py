"""CSV cells that are safe to open in a spreadsheet and read back exactly.

OWASP's advice for CSV injection: a cell that begins with = + - @, a tab or a carriage
return is prefixed with a single quote so the spreadsheet shows it as text (a plain number
such as -35.2 is left alone: it is data, not a formula). To read our own
files back exactly, a cell that already begins with a quote gets one more, and `unprotect`
removes exactly one quote from any cell that starts with one.
"""

from __future__ import annotations

import re

_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")


def protect(text: str) -> str:
    if text and text.startswith(_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def unprotect(text: str) -> str:
    if text.startswith("'"):
        return text[1:]
    return text
