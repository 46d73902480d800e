"""Text from outside shown safely: one line, no terminal control, no reordering.

A bundle's signer name comes from a certificate anyone can make; device names, file names
and record values come from other people's devices. Printed as they are, an ANSI escape
recolours or moves the cursor, a newline forges a line of fieldapp's own ("Trusted here:
yes" under a refusal), a bidirectional override (U+202E) shows text backwards. `safe_text`
is what every message parameter (fieldapp/messages.py) and every cell of a printed table
(fieldapp/cli/common.py) goes through: such characters are shown escaped, visibly
(`\\n`, `\\x1b`, `\\u202e`), never interpreted. Ordinary text, Arabic included, passes
unchanged (and at no cost: one regular-expression search).
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# C0 and C1 controls and DEL (ESC starts every ANSI sequence), the bidirectional embeddings,
# overrides and isolates, the line and paragraph separators, and the byte-order mark /
# zero-width no-break space.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe_text(value: object) -> str:
    """`value` as one line of text that cannot steer a terminal or reorder what follows."""
    text = value if isinstance(value, str) else str(value)
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)


def is_safe(text: str) -> bool:
    """Whether `text` would be shown unchanged."""
    return _UNSAFE.search(text) is None
