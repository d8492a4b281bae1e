"""The catalogue's map: published initiatives per current province, each a link to the
catalogue filtered on that province."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from indicators import maps
from initiatives.models import Initiative
from localities.models import AdministrativeUnit


def initiative_map(request: HttpRequest) -> HttpResponse:
    """Two queries: the 34 provinces, and one grouped count of the published initiatives."""
    units = list(AdministrativeUnit.objects.provinces().current().order_by("code"))
    counts = {
        row["current_province__code"]: row["n"]
        for row in Initiative.objects.published()
        .filter(current_province__isnull=False)
        .values("current_province__code")
        .annotate(n=Count("pk"))
        .order_by()
    }
    catalogue = reverse("initiatives:list")
    result = maps.count_map(
        units,
        counts,
        lambda unit: f"{catalogue}?{urlencode({'tinh': unit.code})}",
        _("%(n)s sáng kiến"),
    )
    label = _("Bản đồ sáng kiến theo tỉnh, thành phố")
    return render(
        request,
        "initiatives/initiative_map.html",
        {
            "map": result,
            "total": sum(counts.values()),
            "svg": maps.render(result.layer_key, result.areas, legend=result.legend, label=label),
        },
    )
