"""Rendering units inside sentences: "xã Đông Tiến, thành phố Thanh Hóa, tỉnh Thanh Hóa"."""

from __future__ import annotations

from django.utils.translation import gettext as _

from localities.models import AdministrativeUnit

#: Official name prefixes, longest first, as written at the start of ``name``.
_TYPE_PREFIXES = (
    "Thành phố",
    "Thị trấn",
    "Đặc khu",
    "Thị xã",
    "Phường",
    "Huyện",
    "Quận",
    "Tỉnh",
    "Xã",
)


def in_sentence(unit: AdministrativeUnit) -> str:
    """The name with its type prefix in lower case: "Thị trấn Long Hải" → "thị trấn Long Hải"."""
    for prefix in _TYPE_PREFIXES:
        if unit.name.casefold().startswith(prefix.casefold() + " "):
            return prefix.lower() + unit.name[len(prefix) :]
    return unit.name


def ancestors(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The unit and its parents, nearest first. Select the parents first (``with_ancestors()``),
    or each level costs a query."""
    chain: list[AdministrativeUnit] = []
    current: AdministrativeUnit | None = unit
    while current is not None and len(chain) < 3:
        chain.append(current)
        current = current.parent
    return chain


def hierarchy_label(unit: AdministrativeUnit) -> str:
    """ "xã Đông Tiến, thành phố Thanh Hóa, tỉnh Thanh Hóa": for use inside a sentence."""
    return ", ".join(in_sentence(level) for level in ancestors(unit))


def province_of(unit: AdministrativeUnit) -> AdministrativeUnit | None:
    """The province-level unit the unit belongs to (itself for a province); None when a unit
    entered by hand has no province above it."""
    return next((u for u in ancestors(unit) if u.level == AdministrativeUnit.Level.PROVINCE), None)


def url_key(unit: AdministrativeUnit) -> str:
    """How a province is written in URLs and filters: "38" today's, "38-cu" the former one
    (codes were reused by different provinces in 2025, so the code alone cannot say which)."""
    return unit.code if unit.is_current else f"{unit.code}-cu"


def last_full_year(unit: AdministrativeUnit) -> int | None:
    """The last calendar year a former unit was in force all year (2024 for the units that
    ended on 30/06/2025), the year in which its name is unambiguous; None for a current one."""
    end = unit.valid_to
    if end is None:
        return None
    return end.year if (end.month, end.day) == (12, 31) else end.year - 1


def period_suffix(unit: AdministrativeUnit) -> str:
    """ " (đến 2025)" for a unit no longer in force, "" for a current one."""
    if unit.is_current:
        return ""
    assert unit.valid_to is not None  # not current
    return " " + _("(đến %(year)s)") % {"year": unit.valid_to.year}


def series_label(unit: AdministrativeUnit) -> str:
    """ "Lào Cai (đến 2025)": tells a former province's series from today's namesake."""
    return unit.label + period_suffix(unit)
