"""Spelling-neutral forms of place names, shared by the place index (maps.gazetteer) and
the places register (domain.places): a name is matched however it was transliterated.

Names in the region are written many ways: I‘zāz, A'zaz, Azaz, Ezzaz, أعزاز, اعزاز. Folding
strips marks, drops articles and merges common transliteration variants; the skeleton
keeps consonants only, for a name typed the way it sounds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic: harakat, superscript alef, tatweel; the alef, yeh and teh marbuta variants.
_AR_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و"})
_AR_FOLD |= str.maketrans({"ئ": "ي", "ء": None})
# Transliteration marks for ayn and hamza, and apostrophes: dropped, not spaced.
_LATIN_MARKS = str.maketrans({c: None for c in "ʿʾ‘’ʻ`´'ʼ"})
_ARTICLES = {
    "al", "el", "il", "ul", "ad", "adh", "ag", "an", "ar", "as", "ash", "at", "ath", "az", "ed",
    "en", "er", "es", "esh", "et", "ez", "ech", "ej", "ij", "aj",
}  # fmt: skip
# Order matters: longer patterns first. Applied after lowercasing and dropping marks.
_VARIANTS = (
    ("sch", "sh"),
    ("ch", "sh"),
    ("dj", "j"),
    ("ph", "f"),
    ("q", "k"),
    ("ck", "k"),
    ("x", "ks"),
    ("ou", "u"),
    ("oo", "u"),
    ("aw", "u"),
    ("au", "u"),
    ("ow", "u"),
    ("ee", "i"),
    ("ei", "ay"),
    ("ai", "ay"),
    ("ey", "ay"),
    ("aye", "ay"),
    ("iy", "i"),
    ("e", "i"),
    ("o", "u"),
    ("w", "u"),
)
_DOUBLE = re.compile(r"([a-z])\1+")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """A spelling-neutral form: "Khān Shaykhūn", "Khan Sheikhoun" -> "khan shaykhun"."""
    if is_arabic(text):
        return _fold_arabic(text)
    text = unicodedata.normalize("NFKD", text.translate(_LATIN_MARKS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("ı", "i").replace("ß", "ss")
    words = [w for w in _NON_WORD.split(text) if w]
    kept = [w for w in words if w not in _ARTICLES] or words
    out = []
    for word in kept:
        word = _DOUBLE.sub(r"\1", word)
        for old, new in _VARIANTS:
            word = word.replace(old, new)
        out.append(_DOUBLE.sub(r"\1", word))
    return " ".join(out)


def _fold_arabic(text: str) -> str:
    text = _AR_MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(_AR_FOLD)
    words = [w for w in _NON_WORD.split(text) if w]
    out = []
    for word in words:
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        out.append(word)
    return " ".join(out)


def plain(text: str) -> str:
    """Transliteration marks and ayn/hamza signs dropped, letters and case kept:
    "Ma‘arrat an Nu‘mān" -> "Maarrat an Numan" (what a search box or a filter matches)."""
    text = unicodedata.normalize("NFKD", text.translate(_LATIN_MARKS))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def skeleton(folded: str) -> str:
    """Consonants only, no spaces: "khan shaykhun" -> "khnshkhn". Arabic: no long vowels."""
    if is_arabic(folded):
        return re.sub("[اويه ]", "", folded)
    return _DOUBLE.sub(r"\1", re.sub(r"[aeiouy\s]", "", folded))
