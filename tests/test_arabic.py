"""The right-to-left helper: shaping, ordering, bracket mirroring and line-by-line wrapping."""

from __future__ import annotations

import unicodedata

import arabic_reshaper
import pytest
from bidi import get_display
from bidi.mirror import MIRRORED
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from fieldapp.reports import arabic, fonts

fonts.register()

SWAP = str.maketrans("()[]{}<>", ")(][}{><")


def shaped_reversed(word: str) -> str:
    """How an Arabic word looks in display order: joined forms, last letter first."""
    return arabic_reshaper.reshape(word)[::-1]


def logical(visual_text: str) -> str:
    """Undo shaping (presentation forms back to letters) for readable assertions."""
    return unicodedata.normalize("NFKC", visual_text)


def test_latin_text_is_untouched():
    text = "Khan Shaykhun (Maarrat An-Numan) 12,500 <b>&"
    assert arabic.visual(text) == text
    assert not arabic.needs_bidi(text)


def test_arabic_is_joined_and_reversed():
    out = arabic.visual("خان شيخون")
    # presentation forms (joined letters), not the isolated code points
    assert all("\ufe70" <= ch <= "\ufeff" or ch == " " for ch in out)
    assert out == shaped_reversed("شيخون") + " " + shaped_reversed("خان")


def test_brackets_in_arabic_are_mirrored():
    text = "قصف على خان شيخون (تقرير ميداني)"
    out = arabic.visual(text)
    # Reading right to left the bracket opens first: on the page "(" is on the left.
    assert out.index("(") < out.index(")")
    inside = out[out.index("(") + 1 : out.index(")")]
    assert inside == shaped_reversed("ميداني") + " " + shaped_reversed("تقرير")
    # python-bidi alone leaves them pointing the wrong way, which is what we fix
    plain = get_display(arabic_reshaper.reshape(text))
    assert plain.index(")") < plain.index("(")
    assert out == plain.translate(SWAP)


def test_latin_in_brackets_inside_arabic():
    # The bracket-pair rule (N0) keeps "(Khan)" together at the Arabic level.
    out = arabic.visual("ذهب إلى (Khan) Shaykhun")
    assert out.startswith("Shaykhun (Khan) ")
    assert out.endswith(shaped_reversed("ذهب"))


def test_arabic_in_brackets_inside_english():
    out = arabic.visual("People gathered in Azaz (أعزاز) against the bombardment")
    assert out == (
        "People gathered in Azaz (" + shaped_reversed("أعزاز") + ") against the bombardment"
    )


def test_numbers_keep_their_order():
    out = arabic.visual("نزح 12,500 شخص من 80,000")
    assert "12,500" in out and "80,000" in out
    assert out.index("80,000") < out.index("12,500")  # the later number is further left
    indic = arabic.visual("نزح ١٢٬٥٠٠ شخص")
    assert "١٢٬٥٠٠" in indic
    assert arabic.visual("(٥٪)") == "(٥٪)"


def test_percent_and_nested_brackets():
    out = arabic.visual("عدد [الجرحى (٥)] فقط")
    assert out.count("[") == out.count("]") == 1
    assert out.index("[") < out.index("(") < out.index(")") < out.index("]")


def test_default_direction_for_neutral_text():
    assert arabic.base_direction("12,500") == "L"
    assert arabic.base_direction("12,500", "R") == "R"
    assert arabic.base_direction("- خان") == "R"
    assert arabic.base_direction("Khan خان") == "L"


def test_wrapped_paragraph_reads_line_by_line():
    text = "قصف على خان شيخون أصاب مدرسة ومنازل وسوقا ومسجدا في الصباح الباكر"
    words = text.split(" ")

    def measure(s: str) -> float:
        return stringWidth(s, fonts.REGULAR, 9)

    width = measure(arabic.visual(text)) / 3
    (para,) = arabic.paragraphs(text, measure, width)
    assert para.rtl
    assert len(para.lines) >= 3
    for line in para.lines:
        assert measure(line) <= width + 0.01
    # Line 1 holds the first words, and each line reads right to left on its own: the
    # first word of each line is at its right end.
    seen = []
    for line in para.lines:
        seen += [logical(w[::-1]) for w in reversed(line.split())]
    assert seen == [logical(w) for w in words]
    assert para.lines[0].split()[-1] == shaped_reversed(words[0])


def test_long_word_is_cut_to_fit():
    def measure(s: str) -> float:
        return stringWidth(s, fonts.REGULAR, 9)

    word = "ب" * 80
    lines = arabic.layout(word, measure, 60).lines
    assert len(lines) > 1
    assert all(measure(line) <= 60 for line in lines)
    assert sum(len(line) for line in lines) == len(arabic_reshaper.reshape(word))


def test_paragraphs_keep_their_own_direction():
    parts = arabic.paragraphs("Cause: bombardment\nوصول عائلات نازحة إلى أطمة")
    assert [p.rtl for p in parts] == [False, True]
    assert parts[0].lines == ("Cause: bombardment",)


def test_python_fallback_agrees_without_bracket_pairs():
    text = arabic_reshaper.reshape("خان شيخون 35 قتيلا و321 جريحا")
    base = arabic.base_direction(text)
    assert arabic._levels_rust(text, base) == arabic._levels_python(text, base)


words = st.sampled_from(
    ["خان", "شيخون", "إدلب", "Idlib", "Khan", "12,500", "٣٥", "(تقرير)", "(report)", "-", "،"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(words, min_size=1, max_size=12), st.sampled_from(["L", "R"]))
def test_order_matches_python_bidi_apart_from_mirroring(parts, default):
    """Our reordering (rule L2) is python-bidi's, plus the mirroring it leaves out (L4)."""
    text = " ".join(parts)
    base = arabic.base_direction(text, default)
    ours = arabic.visual(text, default)
    theirs = get_display(arabic_reshaper.reshape(text), base_dir=base)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        assert a == b or a == MIRRORED.get(b)
    # and every bracket pair now opens on the left, as drawn
    depth = 0
    for ch in ours:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        assert depth >= 0


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\n", "Idlib\n\nإدلب", "\t(إدلب)\t"],
)
def test_odd_inputs_do_not_fail(text):
    lines = arabic.layout(text, lambda s: len(s) * 5.0, 40)
    assert isinstance(lines.lines, tuple)
