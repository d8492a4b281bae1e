"""The navigation bar, built once per request from URL names (no database query)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

NAV_ITEMS = [
    ("initiatives:list", _("Sáng kiến")),
    ("indicators:index", _("Chỉ số")),
    ("indicators:compare", _("So sánh")),
    ("initiatives:submit", _("Đề xuất sáng kiến")),
]


def navigation(request: HttpRequest) -> dict:
    items = []
    for name, label in NAV_ITEMS:
        try:
            url = reverse(name)
        except NoReverseMatch:  # a feature not installed in this build
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return {"nav_items": items}
