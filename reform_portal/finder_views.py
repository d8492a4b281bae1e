"""The province finder (/tinh/): today's 34 provinces and the former ones, each former one with
the province it became, filtered on the server by a name typed with or without diacritics."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from localities.models import PRE_2025_LAST_DAY, AdministrativeUnit
from localities.search import places_matching
from localities.text import fold

#: Longer queries cannot name a province; they are cut rather than refused.
MAX_QUERY = 100


def province_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:MAX_QUERY].strip()
    if fold(q):
        units = places_matching(q)
        # A former province found by name brings the one it became ("yen bai" → Lào Cai).
        shown = {u.pk for u in units}
        for unit in list(units):
            successor = unit.successor
            if successor is not None and successor.is_current and successor.pk not in shown:
                units.append(successor)
                shown.add(successor.pk)
    else:
        units = list(AdministrativeUnit.objects.provinces().select_related("successor"))
    current = sorted((u for u in units if u.is_current), key=lambda u: u.search_key)
    former = sorted((u for u in units if not u.is_current), key=lambda u: u.search_key)
    return render(
        request,
        "reform_portal/province_list.html",
        {
            "q": q,
            "searching": bool(fold(q)),
            "current": current,
            # The 63 provinces of 1 January 2008 – 30 June 2025, and those that ended earlier.
            "former_2025": [u for u in former if u.valid_to == PRE_2025_LAST_DAY],
            "former_earlier": [u for u in former if u.valid_to != PRE_2025_LAST_DAY],
        },
    )
