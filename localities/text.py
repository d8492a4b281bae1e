"""Vietnamese text folding shared by name resolution and search.

``fold("  Thanh Hoá ")`` and ``fold("THANH HÓA")`` and ``fold("Thanh Hoa")`` all give
``"thanh hoa"``: Unicode form (NFC or NFD), tone-mark placement, case, "đ" and punctuation no
longer matter.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def nfc(value: str) -> str:
    """Precomposed form: what the portal stores, whatever the keyboard sent."""
    return unicodedata.normalize("NFC", value)


def strip_diacritics(value: str) -> str:
    decomposed = unicodedata.normalize("NFD", value)
    without_marks = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return without_marks.replace("đ", "d").replace("Đ", "D")


def fold(value: str) -> str:
    """Lower-case ASCII words separated by single spaces."""
    if not value:
        return ""
    ascii_text = strip_diacritics(value).lower()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", ascii_text)).strip()
