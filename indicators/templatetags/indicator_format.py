"""Template helpers of the indicator pages: numbers in the page's language, deltas, links."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import ngettext

from localities.display import period_suffix, url_key

register = template.Library()


@register.filter
def score(value: Decimal | None) -> str:
    """81.98 → "81,98" on Vietnamese pages, "81.98" on English ones; None → "—"."""
    if value is None:
        return "—"
    return number_format(value, decimal_pos=2)


@register.filter
def signed(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = number_format(abs(value), decimal_pos=2)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "±0")


@register.filter
def rank_change(value: int | None) -> str:
    """5 → "↑ 5 bậc"; -2 → "↓ 2 bậc"; 0 → "="."""
    if value is None:
        return ""
    if value == 0:
        return "="
    arrow = "↑" if value > 0 else "↓"
    return f"{arrow} " + ngettext("%(n)s bậc", "%(n)s bậc", abs(value)) % {"n": abs(value)}


@register.filter
def province_url(unit) -> str:
    name = "province_detail" if unit.valid_to is None else "former_province_detail"
    return reverse(name, args=[unit.code])


register.filter("period_suffix", period_suffix)
register.filter("url_key", url_key)


@register.simple_tag(takes_context=True)
def sort_link(context, key: str) -> str:
    """Query string that sorts by ``key``, flipping the direction when already sorted by it."""
    request = context["request"]
    params = request.GET.copy()
    current = params.get("sort", "rank")
    direction = params.get("dir", "asc")
    params["sort"] = key
    params["dir"] = "desc" if current == key and direction == "asc" else "asc"
    params.pop("format", None)
    return "?" + params.urlencode()
