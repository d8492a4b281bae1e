"""The province profile: a province's indicator series (and, from the catalogue, its
initiatives). Current provinces live at /tinh/<code>/, former ones at /tinh-cu/<code>/,
because codes were reused across the 2025 reorganisation."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from indicators import maps, queries
from initiatives.cache import cached
from initiatives.models import Initiative, ReformArea
from localities.display import url_key
from localities.models import AdministrativeUnit

AreaLink = Initiative.areas.through


def _current_province(code: str) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.provinces().current().filter(code=code).first()
    if unit is None:
        raise Http404
    return unit


def _former_province(code: str) -> AdministrativeUnit:
    unit = (
        AdministrativeUnit.objects.provinces()
        .former()
        .filter(code=code)
        .select_related("successor")
        .order_by("-valid_to")
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def _province_context(unit: AdministrativeUnit) -> dict:
    context: dict[str, Any] = {"unit": unit, "locator": maps.locator(unit)}
    # Names of other periods: "Tỉnh Quảng Ninh đến 31/08/2026" (one query).
    prefetch_related_objects([unit], "name_periods")
    context["former_names"] = unit.former_names()
    context["upcoming_names"] = unit.upcoming_names()
    units = queries.series_units(unit)
    if unit.is_current:
        context["predecessors"] = [u for u in units if u.pk != unit.pk]
    elif unit.successor_id:
        context["successor"] = unit.successor
        context["merged_with"] = list(
            AdministrativeUnit.objects.provinces()
            .filter(successor_id=unit.successor_id)
            .exclude(pk=unit.pk)
            .order_by("short_name")
        )
    context.update(queries.province_series(units))
    return context


#: Initiatives listed on the profile; the rest are reached through the catalogue link.
LATEST_INITIATIVES = 20


def initiatives_context(unit: AdministrativeUnit) -> dict:
    """A summary of the province's approved initiatives, whatever their number: the total,
    counts by reform area and by start year (one grouped query each), and the latest 20
    (keys in the order of the index initiative_sort_updated, then those rows)."""
    published = Initiative.objects.published().for_province(unit)
    by_year = list(
        published.order_by().values("start_year").annotate(n=Count("*")).order_by("start_year")
    )
    total = sum(row["n"] for row in by_year)
    if not total:
        return {"initiative_total": 0}
    areas = {a.pk: a for a in ReformArea.objects.all()}
    by_area = [
        {"area": areas[row["reformarea_id"]], "count": row["n"]}
        for row in AreaLink.objects.filter(initiative__in=published.order_by().values("pk"))
        .values("reformarea_id")
        .annotate(n=Count("*"))
        .order_by()
    ]
    by_area.sort(key=lambda e: e["area"].order)
    keys = list(
        published.order_by("-updated_at", "-pk").values_list("pk", flat=True)[:LATEST_INITIATIVES]
    )
    rows = {
        i.pk: i
        for i in Initiative.objects.filter(pk__in=keys)
        .select_related("locality")
        .only("title", "slug", "start_year", "locality__name", "place_as_written")
    }
    return {
        "initiative_total": total,
        "latest_initiatives": [rows[k] for k in keys],
        "initiatives_by_area": by_area,
        "initiatives_started": {r["start_year"]: r["n"] for r in by_year if r["start_year"]},
        "initiatives_without_year": next((r["n"] for r in by_year if not r["start_year"]), 0),
    }


#: Sections the profile combines: callables unit -> dict merged into the context.
PROFILE_SECTIONS: list = [initiatives_context]


def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _render(request, _current_province(code))


def former_province_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _render(request, _former_province(code))


def _profile(unit: AdministrativeUnit) -> dict:
    context = _province_context(unit)
    for section in PROFILE_SECTIONS:
        context.update(section(unit))
    return context


def _render(request: HttpRequest, unit: AdministrativeUnit) -> HttpResponse:
    # The same for everyone: cached until the next write to initiatives, indicators or units
    # (initiatives.cache).
    context = cached("province-profile", unit.pk, lambda: _profile(unit))
    context["filter_value"] = url_key(unit)
    started = context.get("initiatives_started", {})
    for series in context["series"]:
        # Initiatives started per year, drawn as bars beside the index line (same years).
        series["chart"]["bars"] = (
            {
                "label": _("Sáng kiến bắt đầu trong năm"),
                "values": [started.get(year, 0) for year in series["chart"]["years"]],
            }
            if started
            else None
        )
    return render(request, "reform_portal/province_detail.html", context)
