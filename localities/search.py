"""Finding a province by a place name typed without diacritics: ``yen bai`` → Yên Bái (until
2025) and Lào Cai, which it became."""

from __future__ import annotations

from localities.models import AdministrativeUnit
from localities.text import fold


def _matches(unit: AdministrativeUnit, words: list[str]) -> bool:
    keys = (unit.search_key, fold(unit.english_name), fold(unit.name))
    return all(any(word in key for key in keys) for word in words)


def places_matching(text: str) -> list[AdministrativeUnit]:
    """Provinces, current and former, whose name (Vietnamese or English, folded) holds every
    word of ``text``; each former one with its ``successor`` loaded. Current ones first, then
    by name. One query; empty for an empty text."""
    words = fold(text).split()
    if not words:
        return []
    provinces = AdministrativeUnit.objects.provinces().select_related("successor")
    found = [unit for unit in provinces if _matches(unit, words)]
    return sorted(found, key=lambda u: (not u.is_current, u.search_key, u.valid_to))
