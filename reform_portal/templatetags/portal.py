"""The site's template filters and tags: ``{% load portal %}``.

Numbers of the indicator pages (``score``, ``signed``, ``rank_change``), a score's cell
(``{% score_cell %}``), links to a province's page, and ``{% query %}`` for a link to another
page with parameters (``{% querystring %}`` starts from the current page's parameters)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.http import QueryDict
from django.template.defaulttags import querystring
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from indicators import formatting
from indicators.models import Score
from indicators.queries import Missing
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


@register.filter
def source_host(url: str) -> str:
    """ "https://www.pcivietnam.vn/bang-…" → "pcivietnam.vn": a source link's short text."""
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or url).removeprefix("www.")


@register.simple_tag
def score_cell(value: Score | Missing | None, rank: bool = False) -> str:
    """The content of a score's cell: "81,98", "Không công bố" (the status's label) or "—".
    With ``rank=True`` the rank follows: "81,98 <span …>· hạng 22/63</span>", then the tier
    the publisher printed. Two sources that disagree: both figures, each with its source, and
    no rank. A missing value (``queries.Missing``) says why it is missing."""
    if isinstance(value, Missing):
        return format_html(
            '<span class="score-missing">{}</span> <small class="d-block text-body-secondary">'
            "{}</small>",
            value.text,
            value.reason,
        )
    text = formatting.score_text(value)
    if value is not None and value.status == Score.Status.CONFLICT:
        return format_html(
            '<span class="score-conflict">{} (<a href="{}" title="{}">{}</a>) / {} '
            '(<a href="{}" title="{}">{}</a>) <small class="d-block text-body-secondary">{}'
            "</small></span>",
            formatting.score(value.value),
            value.source_url,
            value.source_note,
            _("nguồn 1"),
            formatting.score(value.alt_value),
            value.alt_source_url,
            value.alt_source_note,
            _("nguồn 2"),
            _("Hai nguồn công bố khác nhau: không xếp hạng."),
        )
    if not rank or value is None or not (value.rank or value.tier):
        return text
    parts = []
    if value.rank:
        place = f"{value.rank}/{value.rank_of}" if value.rank_of else str(value.rank)
        parts.append(f"{_('hạng')} {place}")
    if value.tier:
        parts.append(value.tier)
    detail = " · ".join(parts)
    if value.value is None:
        return format_html("{} · {}", text, detail)
    return format_html('{} <span class="text-body-secondary">· {}</span>', text, detail)


@register.simple_tag
def query(**params) -> SafeString | str:
    """ "?tinh=38-cu" for a link to another page (the catalogue's facets, say), encoded as
    ``{% querystring %}`` encodes, without the parameters of the page it is written on."""
    # The context is read only without a query_dict: an empty one will do.
    return querystring(template.Context(), QueryDict(mutable=True), **params)


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The same page in each language (``/en/…`` or the root), with its parameters: links, so
    the switch works without JavaScript and a shared link keeps its language."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = translation.get_language() or settings.LANGUAGE_CODE
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            # A page outside the prefixed ones (a 404): that language's home page.
            with translation.override(code):
                url = reverse("home")
        links.append({"code": code, "url": url, "current": code == current})
    return links


@register.filter
def item(sequence, position: int):
    """``{{ columns|item:forloop.counter0 }}``: the element at a position ("" past the end)."""
    try:
        return sequence[position]
    except (IndexError, TypeError, KeyError):
        return ""
