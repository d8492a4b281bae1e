"""Vietnamese text folding shared by name resolution and search.

``fold("  Thanh Hoá ")`` and ``fold("THANH HÓA")`` and ``fold("Thanh Hoa")`` all give
``"thanh hoa"``: Unicode form (NFC, NFD, full-width), tone-mark placement, case, "đ" (or the
eth "Ð" that looks like it) and punctuation no longer matter.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from django.utils.translation import get_language

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_WORD_BREAK = re.compile(r"[\s\-–—.,;:/()]+")


def nfc(value: str) -> str:
    """Precomposed form: what the portal stores, whatever the keyboard sent."""
    return unicodedata.normalize("NFC", value)


#: Letters that look like "Đ"/"đ" and arrive in files typed on other keyboards: Latin eth
#: (U+00D0, U+00F0) and African D (U+0189, U+0256).
_D_LOOKALIKES = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ɖ": "d", "Ɖ": "D"})


def strip_diacritics(value: str) -> str:
    """Without marks; compatibility forms (full-width "Ｈà Ｎội", ligatures) as plain letters."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", value))
    without_marks = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return without_marks.translate(_D_LOOKALIKES)


@functools.lru_cache(maxsize=16384)
def fold(value: str) -> str:
    """Lower-case ASCII words separated by single spaces. (Memoised: an import folds the same
    few hundred names on each of its thousands of rows.)"""
    if not value:
        return ""
    ascii_text = strip_diacritics(value).lower()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", ascii_text)).strip()


#: Vietnamese tone marks as combining characters (grave, acute, tilde, hook above, dot below).
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def tone_key(value: str) -> str:
    """Lower-case key that keeps diacritics but not where the tone mark sits.

    "Thanh Hoá" and "Thanh Hóa", "Thuỷ" and "Thủy" give the same key; "Hòa" and "Hóa" do not.
    Each word's tone mark is moved to the end of the word. Used to tell apart names that
    ``fold`` makes equal.
    """
    words = []
    for word in _WORD_BREAK.split(unicodedata.normalize("NFD", value.lower())):
        tones = "".join(ch for ch in word if ch in _TONE_MARKS)
        letters = "".join(
            ch
            for ch in word
            if ch not in _TONE_MARKS and (ch.isalnum() or unicodedata.category(ch) == "Mn")
        )
        if letters:
            words.append(letters + tones)
    return " ".join(words)


def localised(vietnamese: str, english: str) -> str:
    """The text in the page's language: the English one on an English page when there is
    one, else the Vietnamese."""
    if english and (get_language() or "vi").startswith("en"):
        return english
    return vietnamese


#: Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) and zero-width
#: characters (U+200B–U+200D, U+2060, U+FEFF): invisible, and able to show a reviewer a title
#: other than the one stored.
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]")


def clean_text(value: str) -> str:
    """What every form stores: NFC, without bidi overrides and zero-width characters."""
    if not value:
        return value
    return nfc(_INVISIBLE.sub("", value))


def day_text(day) -> str:
    """A date in the page's language, in its one format (reform_portal/formats): 01/07/2025 on a
    Vietnamese page, "1 July 2025" on an English one."""
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT")
