"""The navigation bar, from URL names; for reviewers, one count query for the queue badge."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import roles
from initiatives import permissions

NAV_ITEMS = [
    ("initiatives:list", _("Sáng kiến")),
    ("indicators:index", _("Chỉ số")),
    ("indicators:compare", _("So sánh")),
    ("province_list", _("Tra cứu tỉnh")),
    ("initiatives:submit", _("Đề xuất sáng kiến")),
]


def navigation(request: HttpRequest) -> dict:
    items: list[dict[str, Any]] = []
    nav: list[tuple[str | tuple[str, str, int], str | Promise]] = list(NAV_ITEMS)
    badge = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if roles.official_commune(user) is not None:
            nav.append(("initiatives:mine", _("Sáng kiến của tôi")))
        if roles.reviewer_province(user) is not None or roles.is_admin(user):
            nav.append(("initiatives:review_queue", _("Thẩm định")))
            badge = permissions.review_queue(user).count()
        province = roles.reviewer_province(user)
        if province is not None:
            year = timezone.localdate().year
            nav.append(
                (
                    ("assessment:pack", province.code, year),
                    _("Tự đánh giá CCHC %(year)s") % {"year": year},
                )
            )
    for name, label in nav:
        try:
            url = reverse(name[0], args=name[1:]) if isinstance(name, tuple) else reverse(name)
        except NoReverseMatch:  # a feature not installed in this build
            continue
        items.append(
            {
                "url": url,
                "label": label,
                "active": request.path.startswith(url),
                "badge": badge if name == "initiatives:review_queue" else None,
            }
        )
    # Only the most specific item is active (/sang-kien/de-xuat/ is not also "Sáng kiến").
    matches = [item for item in items if item["active"]]
    for item in matches:
        item["active"] = item is max(matches, key=lambda m: len(m["url"]))
    return {"nav_items": items}
