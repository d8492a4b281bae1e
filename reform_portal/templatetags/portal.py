"""The site's template filters and tags: ``{% load portal %}``.

Numbers of the indicator pages (``score``, ``signed``, ``rank_change``), a score's cell
(``{% score_cell %}``), links to a province's page, and ``{% query %}`` for a link to another
page with parameters (``{% querystring %}`` starts from the current page's parameters)."""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.template.defaulttags import querystring
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from indicators import formatting
from indicators.models import Score
from localities.display import period_suffix, url_key
from localities.models import AdministrativeUnit

register = template.Library()

register.filter("score", formatting.score)
register.filter("signed", formatting.signed)
register.filter("rank_change", formatting.rank_change)
register.filter("period_suffix", period_suffix)
register.filter("url_key", url_key)


@register.filter
def province_url(unit: AdministrativeUnit) -> str:
    """The page of a province: today's at /tinh/<code>/, a former one at /tinh-cu/<code>/."""
    name = "province_detail" if unit.valid_to is None else "former_province_detail"
    return reverse(name, args=[unit.code])


@register.simple_tag
def score_cell(value: Score | None, rank: bool = False) -> str:
    """The content of a score's cell: "81,98", "Không công bố" (the status's label) or "—".
    With ``rank=True`` the rank follows: "81,98 <span …>· hạng 22/63</span>"."""
    text = formatting.score_text(value)
    if not rank or value is None or not value.rank:
        return text
    place = f"{value.rank}/{value.rank_of}" if value.rank_of else str(value.rank)
    if value.status == Score.Status.NOT_PUBLISHED:
        return format_html("{} · {} {}", text, _("hạng"), place)
    return format_html(
        '{} <span class="text-body-secondary">· {} {}</span>', text, _("hạng"), place
    )


@register.simple_tag
def query(**params) -> SafeString | str:
    """ "?tinh=38-cu" for a link to another page (the catalogue's facets, say), encoded as
    ``{% querystring %}`` encodes, without the parameters of the page it is written on."""
    return querystring(None, QueryDict(mutable=True), **params)
