"""Search normalisation shared by the stored search column and the query, and the search itself.

Both sides go through :func:`normalise`: diacritics, tone-mark placement, case and Unicode form
are folded away, and the abbreviations and numerals officials write are spelled out, so
``TTHC`` meets "thủ tục hành chính", ``thứ 7`` meets "thứ bảy" and ``TP.HCM`` meets "Hồ Chí
Minh". A query matches a record holding every one of its words, as whole words, in any order
(``trung tam quang ninh`` finds "Trung tâm phục vụ hành chính công tỉnh Quảng Ninh"); results
are ranked: the words as a phrase first, then the earlier they come (the title comes first in
the column). A word found in no published record is corrected to the nearest word that is
(trigram similarity, as PostgreSQL's pg_trgm measures it), and the page says "did you mean".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import connection, transaction
from django.db.models import BooleanField, Case, IntegerField, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex

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
    # Places as people write them.
    "hcm": "ho chi minh",
    "tphcm": "thanh pho ho chi minh",
    "brvt": "ba ria vung tau",
}
#: Abbreviations of two words (after folding: "TP.HCM" is "tp hcm", "BR-VT" "br vt",
#: "TT-Huế" "tt hue"), spelled out before the single words. Thừa Thiên Huế has been Thành phố
#: Huế since 2025 and the unit lists name it so: both spellings become "hue".
PHRASES: dict[str, str] = {
    "tp hcm": "thanh pho ho chi minh",
    "br vt": "ba ria vung tau",
    "tt hue": "hue",
    "thua thien hue": "hue",
}
_PHRASE = re.compile(r"\b(" + "|".join(re.escape(p) for p in PHRASES) + r")\b")
WEEKDAYS = {"2": "hai", "3": "ba", "4": "tu", "5": "nam", "6": "sau", "7": "bay"}
_WEEKDAY = re.compile(r"\bthu ([2-7])\b")
_CHU_NHAT = re.compile(r"\bcn\b")

#: A correction is offered only from a word at least this similar (pg_trgm ``similarity``).
SIMILARITY = 0.4
#: Words shorter than this are never corrected (too many near neighbours).
MIN_CORRECTED_LENGTH = 3
#: Rows read on PostgreSQL to collect the candidate words of one misspelt word.
CANDIDATE_ROWS = 200


def normalise(text: str) -> str:
    folded = fold(text)
    if not folded:
        return ""
    folded = _PHRASE.sub(lambda m: PHRASES[m.group(1)], folded)
    words = [ABBREVIATIONS.get(word, word) for word in folded.split(" ")]
    joined = " ".join(words)
    joined = _WEEKDAY.sub(lambda m: f"thu {WEEKDAYS[m.group(1)]}", joined)
    return _CHU_NHAT.sub("chu nhat", joined)


def search_column(*parts: str) -> str:
    """The stored column: normalised words padded with spaces, so a word test is a plain
    ``LIKE '% word %'`` on both databases (and uses the trigram index on PostgreSQL)."""
    body = " ".join(p for p in (normalise(part) for part in parts if part) if p)
    return f" {body} " if body else ""


def query_phrase(query: str) -> str:
    """The normalised query padded with spaces; empty when the query has no words."""
    words = normalise(query)
    return f" {words} " if words else ""


def query_words(query: str) -> list[str]:
    """The distinct normalised words of a query, in order."""
    return list(dict.fromkeys(normalise(query).split()))


_QuerySet = TypeVar("_QuerySet", bound=QuerySet)


def matching(queryset: _QuerySet, phrase: str) -> _QuerySet:
    """Records holding every word of ``phrase`` (from :func:`query_phrase`), in any order."""
    for word in dict.fromkeys(phrase.split()):
        queryset = queryset.filter(search_text__contains=f" {word} ")
    return queryset


def ranked(queryset: QuerySet, phrase: str) -> QuerySet:
    """Annotate the relevance of each match: ``search_phrase`` 0 when the words stand together
    as typed, 1 otherwise; ``search_position`` the sum of where each word first appears (the
    title comes first in the column, so title matches rank higher). Same on both databases."""
    words = list(dict.fromkeys(phrase.split()))
    if not words:
        return queryset
    position = sum(
        (StrIndex("search_text", Value(f" {w} ")) for w in words[1:]),
        StrIndex("search_text", Value(f" {words[0]} ")),
    )
    return queryset.annotate(
        search_phrase=Case(
            When(search_text__contains=f" {' '.join(words)} ", then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        search_position=position,
    )


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: two spaces before, one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's ``similarity`` of two words: shared trigrams over all trigrams."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta | tb else 0.0


def _candidate_texts(published: QuerySet, word: str) -> list[str]:
    """Search columns that may hold a word near ``word``. PostgreSQL: the rows whose words are
    similar to it (pg_trgm word similarity ``<%``, served by the trigram index); SQLite: every
    published row (the embedded database holds a few thousand)."""
    texts = published.order_by().values_list("search_text", flat=True)
    if connection.vendor != "postgresql":
        return list(texts.iterator(chunk_size=2000))
    similar = RawSQL("%s <%% search_text", [word], output_field=BooleanField())
    with transaction.atomic():
        with connection.cursor() as cursor:
            # For this transaction only: a little looser than the default 0.6, so a doubled or
            # dropped letter in a short word ("bayy") still reaches its word.
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', '0.5', true)")
        return list(texts.filter(similar)[:CANDIDATE_ROWS])


def nearest_word(published: QuerySet, word: str) -> str | None:
    best: tuple[float, str] | None = None
    for text in _candidate_texts(published, word):
        for candidate in set(text.split()):
            if candidate == word or abs(len(candidate) - len(word)) > 2:
                continue
            score = similarity(word, candidate)
            # Highest similarity; on a tie the alphabetically first, the same on both databases.
            if score >= SIMILARITY and (
                best is None or score > best[0] or (score == best[0] and candidate < best[1])
            ):
                best = (score, candidate)
    return best[1] if best else None


def correction(published: QuerySet, query: str) -> str | None:
    """The query with each word that no published record holds replaced by the nearest word
    that one does; None when no word needs or finds a correction."""
    words = normalise(query).split()
    changed = False
    corrected = []
    for word in words:
        if len(word) >= MIN_CORRECTED_LENGTH and not (
            published.filter(search_text__contains=f" {word} ").exists()
        ):
            replacement = nearest_word(published, word)
            if replacement:
                corrected.append(replacement)
                changed = True
                continue
        corrected.append(word)
    return " ".join(corrected) if changed else None


@dataclass
class PlacePage:
    """A province whose name the query holds: its page, and today's province it became."""

    name: str
    url: str
    former: bool
    successor_name: str = ""
    successor_url: str = ""
    keys: list[str] = field(default_factory=list)


def province_keys() -> list[tuple[str, dict]]:
    """(folded short name, unit facts) of every province, current and former."""
    from localities.models import AdministrativeUnit

    units = AdministrativeUnit.objects.provinces().select_related("successor")
    return [
        (
            fold(u.short_name),
            {
                "code": u.code,
                "name": u.name,
                "former": u.valid_to is not None,
                "successor_code": u.successor.code if u.successor_id else "",
                "successor_name": u.successor.name if u.successor_id else "",
            },
        )
        for u in units.order_by("valid_to", "code")
    ]


def place_pages(query: str, provinces: list[tuple[str, dict]]) -> list[PlacePage]:
    """Province pages for the place names in the query (``Yen Bai`` → Yên Bái before 2025 and
    Lào Cai, the province it is part of today)."""
    from django.urls import reverse

    padded = f" {normalise(query)} "
    pages = []
    for key, unit in provinces:
        if not key or f" {key} " not in padded:
            continue
        page = PlacePage(
            name=unit["name"],
            url=reverse(
                "former_province_detail" if unit["former"] else "province_detail",
                args=[unit["code"]],
            ),
            former=unit["former"],
        )
        if unit["former"] and unit["successor_code"]:
            page.successor_name = unit["successor_name"]
            page.successor_url = reverse("province_detail", args=[unit["successor_code"]])
        pages.append(page)
    return pages
