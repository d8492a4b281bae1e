"""Search normalisation shared by the stored search column and the query.

Both sides go through :func:`normalise`: diacritics, tone-mark placement, case and Unicode form
are folded away, and the abbreviations and numerals officials write are spelled out, so
``TTHC`` meets "thủ tục hành chính" and ``thứ 7`` meets "thứ bảy". A query matches when its
normalised words appear as a contiguous phrase of whole words: ``ngay thu bay`` finds "Ngày thứ
7 …" but not a record that merely contains "ngày".
"""

from __future__ import annotations

import re

from localities.text import fold

ABBREVIATIONS: dict[str, str] = {
    "tthc": "thu tuc hanh chinh",
    "cchc": "cai cach hanh chinh",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "dvc": "dich vu cong",
    "dvctt": "dich vu cong truc tuyen",
    "hcc": "hanh chinh cong",
    "cntt": "cong nghe thong tin",
    "tnmt": "tai nguyen va moi truong",
    "khdt": "ke hoach va dau tu",
    "dn": "doanh nghiep",
    "cbcc": "can bo cong chuc",
}
WEEKDAYS = {"2": "hai", "3": "ba", "4": "tu", "5": "nam", "6": "sau", "7": "bay"}
_WEEKDAY = re.compile(r"\bthu ([2-7])\b")
_CHU_NHAT = re.compile(r"\bcn\b")


def normalise(text: str) -> str:
    folded = fold(text)
    if not folded:
        return ""
    words = [ABBREVIATIONS.get(word, word) for word in folded.split(" ")]
    joined = " ".join(words)
    joined = _WEEKDAY.sub(lambda m: f"thu {WEEKDAYS[m.group(1)]}", joined)
    return _CHU_NHAT.sub("chu nhat", joined)


def search_column(*parts: str) -> str:
    """The stored column: normalised words padded with spaces, so a phrase test is a plain
    ``LIKE '% words %'`` on both databases (and uses the trigram index on PostgreSQL)."""
    body = " ".join(p for p in (normalise(part) for part in parts if part) if p)
    return f" {body} " if body else ""


def query_phrase(query: str) -> str:
    """The needle for ``search_text__contains``; empty when the query has no words."""
    words = normalise(query)
    return f" {words} " if words else ""
