"""Arabic (and any right-to-left) text made ready for reportlab, which draws glyphs in the
order it is given them.

reportlab 5 can shape Arabic through HarfBuzz but cannot order right-to-left text, so the
work happens here, in the order the Unicode bidirectional algorithm prescribes:

1. shape: arabic-reshaper turns letters into their joined presentation forms;
2. resolve embedding levels once for the whole paragraph (python-bidi's Rust engine, which
   implements the bracket-pair rule N0; the pure-Python engine is the fallback);
3. break the paragraph into lines that fit the width (measured with the real font);
4. reorder each line on its own (rule L2), so that a wrapped paragraph reads correctly
   line by line instead of line 2 appearing above line 1;
5. mirror brackets and other mirrored characters at right-to-left levels (rule L4), which
   python-bidi 0.5+ no longer does: without it "(تقرير)" shows as ")تقرير(".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import arabic_reshaper
from bidi import algorithm as _pybidi
from bidi import get_display as _rust_display
from bidi.mirror import MIRRORED

# Characters that make a string need the bidi treatment: Hebrew, Arabic, Syriac, Thaana,
# N'Ko, Arabic supplements and presentation forms, and explicit RTL marks.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f\u202b\u202e\u2067]")
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
_TOKENS = re.compile(r"\S+|\s+")
_DASHES = ("-", "–", "—")

Measure = Callable[[str], float]


def needs_bidi(text: str) -> bool:
    """Whether a string contains right-to-left characters (otherwise it is drawn as is)."""
    return bool(_RTL.search(text))


def shape(text: str) -> str:
    """Joined Arabic letter forms (lam-alef ligatures included); other text unchanged."""
    return arabic_reshaper.reshape(text) if needs_bidi(text) else text


def base_direction(text: str, default: str = "L") -> str:
    """ "L" or "R": the direction of the first strong character (rules P2-P3)."""
    for ch in text:
        cls = unicodedata.bidirectional(ch)
        if cls == "L":
            return "L"
        if cls in ("R", "AL"):
            return "R"
    return default


def _levels_rust(text: str, base: str) -> list[int] | None:
    """Resolved levels per character from python-bidi's Rust engine (its debug output).

    The engine reports levels per UTF-8 byte; we keep the level of each character's first
    byte. None when the output is not what we expect (a future python-bidi), so the caller
    falls back to the pure-Python engine.
    """
    try:
        debug = _rust_display(text, base_dir=base, debug=True)
    except Exception:  # pragma: no cover - a python-bidi without debug support
        return None
    if not isinstance(debug, str):
        return None
    start = debug.find("levels: [")
    end = debug.find("]", start)
    if start < 0 or end < 0:
        return None
    by_byte = [int(m) for m in _LEVEL.findall(debug[start:end])]
    if len(by_byte) != len(text.encode("utf-8")):
        return None
    levels, offset = [], 0
    for ch in text:
        levels.append(by_byte[offset])
        offset += len(ch.encode("utf-8"))
    return levels


def _levels_python(text: str, base: str) -> list[int]:
    """Resolved levels from python-bidi's pure-Python engine (no bracket-pair rule)."""
    storage = _pybidi.get_empty_storage()
    level = 1 if base == "R" else 0
    storage["base_level"] = level
    storage["base_dir"] = base
    _pybidi.get_embedding_levels(text, storage)
    _pybidi.explicit_embed_and_overrides(storage)
    _pybidi.resolve_weak_types(storage)
    _pybidi.resolve_neutral_types(storage, False)
    _pybidi.resolve_implicit_levels(storage, False)
    return [c["level"] for c in storage["chars"]]


def levels(text: str, base: str) -> list[int]:
    """The resolved embedding level of every character of one paragraph (no newlines)."""
    if not text:
        return []
    result = _levels_rust(text, base)
    if result is None:
        result = _levels_python(text, base)
    return result


def reorder(chars: str, lvls: list[int], base_level: int) -> str:
    """Rules L1 (trailing white space to the paragraph level), L2 (reverse runs from the
    highest level down to the lowest odd one) and L4 (mirror at odd levels) for one line."""
    if not chars:
        return ""
    lv = list(lvls)
    # L1: trailing white space takes the paragraph level.
    i = len(chars) - 1
    while i >= 0 and unicodedata.bidirectional(chars[i]) in ("WS", "S", "B", "BN"):
        lv[i] = base_level
        i -= 1
    items = [
        (MIRRORED.get(ch, ch) if level % 2 else ch, level)
        for ch, level in zip(chars, lv, strict=True)
    ]
    highest = max(lv)
    lowest_odd = min((x for x in lv if x % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        out: list[tuple[str, int]] = []
        run: list[tuple[str, int]] = []
        for item in items:
            if item[1] >= level:
                run.append(item)
            else:
                if run:
                    out.extend(reversed(run))
                    run = []
                out.append(item)
        out.extend(reversed(run))
        items = out
    return "".join(ch for ch, _ in items)


@dataclass(frozen=True)
class Lines:
    """A paragraph ready to draw: visual-order lines and the paragraph direction."""

    lines: tuple[str, ...]
    rtl: bool


def _break(text: str, measure: Measure | None, width: float | None) -> list[tuple[int, int]]:
    """(start, end) offsets of the lines of one paragraph: greedy, at white space, words
    wider than the line cut where they must be. Spaces at a break are dropped."""
    if measure is None or width is None or width <= 0 or measure(text) <= width:
        return [(0, len(text))]
    lines: list[tuple[int, int]] = []
    start = end = last = -1  # last: where the line's last word starts
    for m in _TOKENS.finditer(text):
        if m.group().isspace():
            continue
        if start < 0:
            start, end = m.start(), m.end()
        elif measure(text[start : m.end()]) <= width:
            end = m.end()
        elif last > start and text[last:end] in _DASHES and measure(text[last : m.end()]) <= width:
            # "Khan Shaykhun -" / "خان شيخون": a spaced dash opens the next line instead of
            # ending this one, where text extraction takes it for a hyphen and drops it
            lines.append((start, len(text[:last].rstrip())))
            start, end = last, m.end()
        else:
            lines.append((start, end))
            start, end = m.start(), m.end()
        last = m.start()
        while end - start > 1 and measure(text[start:end]) > width:
            lo, hi = start + 1, end - 1  # the longest piece that fits (at least one char)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if measure(text[start:mid]) <= width:
                    lo = mid
                else:
                    hi = mid - 1
            lines.append((start, lo))
            start = lo
    if start >= 0:
        lines.append((start, end))
    return lines or [(0, 0)]


def paragraphs(
    text: str,
    measure: Measure | None = None,
    width: float | None = None,
    default_direction: str = "L",
) -> list[Lines]:
    """Shape, wrap and order `text` for drawing left to right, line by line; one Lines per
    paragraph (newline-separated), each with its own direction.

    `measure(s)` gives the drawn width of a string (pdfmetrics.stringWidth with the real
    font and size); without it nothing is wrapped. `default_direction` is used when a
    paragraph has no strong character (numbers only): "R" in an Arabic report.
    """
    out: list[Lines] = []
    for para in text.replace("\r\n", "\n").replace("\t", " ").split("\n"):
        base = base_direction(para, default_direction)
        if not needs_bidi(para) and base == "L":
            out.append(Lines(tuple(para[a:b] for a, b in _break(para, measure, width)), False))
            continue
        shaped = shape(para)
        lv = levels(shaped, base)
        base_level = 1 if base == "R" else 0
        lines = tuple(
            reorder(shaped[a:b], lv[a:b], base_level) for a, b in _break(shaped, measure, width)
        )
        out.append(Lines(lines, base == "R"))
    return out


def layout(
    text: str,
    measure: Measure | None = None,
    width: float | None = None,
    default_direction: str = "L",
) -> Lines:
    """All the lines of `text` (see paragraphs()); rtl when any paragraph is."""
    parts = paragraphs(text, measure, width, default_direction)
    return Lines(tuple(line for p in parts for line in p.lines), any(p.rtl for p in parts))


@lru_cache(maxsize=4096)
def visual(text: str, default_direction: str = "L") -> str:
    """One line of text in display order (no wrapping): labels, table headers, numbers."""
    return "\n".join(layout(text, default_direction=default_direction).lines)
