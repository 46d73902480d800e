"""The window's translations read without Qt, from the compiled catalogue (.qm).

Files fieldapp publishes for other tools (the XLSForm) carry the same Arabic words the
window shows: field labels (context "fields") and vocabulary (context "vocab"). The .qm is
what ships in the installer (the .ts sources do not), and its layout is simple: a 16-byte
magic, then tagged sections; the messages section is a run of records, each a list of
(tag, value) ending with tag 1: 3 = translation (UTF-16BE), 6 = source text and 7 =
context (UTF-8), 8 = comment, 5 = an obsolete 4-byte field.
"""

from __future__ import annotations

import functools
import struct

from fieldapp.paths import resource

_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
_MESSAGES = 0x69
_END, _TRANSLATION, _OBSOLETE1, _SOURCE, _CONTEXT, _COMMENT = 1, 3, 5, 6, 7, 8
_NULL = 0xFFFFFFFF


def _messages_section(data: bytes) -> bytes:
    if not data.startswith(_MAGIC):
        return b""
    pos = len(_MAGIC)
    while pos + 5 <= len(data):
        tag, length = data[pos], struct.unpack_from(">I", data, pos + 1)[0]
        if tag == _MESSAGES:
            return data[pos + 5 : pos + 5 + length]
        pos += 5 + length
    return b""


def parse(data: bytes) -> dict[tuple[str, str], str]:
    """(context, source) -> translation of every translated message in a .qm file's bytes;
    anything unreadable ends the reading (what was read so far is kept)."""
    section = _messages_section(data)
    out: dict[tuple[str, str], str] = {}
    record: dict[int, bytes | str | None] = {}
    pos = 0
    try:
        while pos < len(section):
            tag = section[pos]
            pos += 1
            if tag == _END:
                source, context, text = record.get(_SOURCE), record.get(_CONTEXT), record.get(3)
                if isinstance(source, bytes) and isinstance(context, bytes) and text:
                    out[(context.decode("utf-8"), source.decode("utf-8"))] = str(text)
                record = {}
            elif tag == _OBSOLETE1:
                pos += 4
            elif tag in (_TRANSLATION, _SOURCE, _CONTEXT, _COMMENT):
                length = struct.unpack_from(">I", section, pos)[0]
                pos += 4
                if length == _NULL:
                    record[tag] = None
                    continue
                value = section[pos : pos + length]
                pos += length
                record[tag] = value.decode("utf-16-be") if tag == _TRANSLATION else value
            else:
                break
    except (struct.error, UnicodeDecodeError):
        pass
    return out


@functools.cache
def translations(lang: str) -> dict[tuple[str, str], str]:
    """The shipped catalogue of `lang` (empty when there is none)."""
    try:
        data = resource("translations", f"fieldapp_{lang}.qm").read_bytes()
    except OSError:
        return {}
    return parse(data)


def translate(lang: str, context: str, source: str) -> str | None:
    """The window's translation of `source` in `context`, None when it has none."""
    return translations(lang).get((context, source))
