"""The province profile: a province's indicator series (and, from the catalogue, its
initiatives). Current provinces live at /tinh/<code>/, former ones at /tinh-cu/<code>/,
because codes were reused across the 2025 reorganisation."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from indicators import maps, queries
from indicators.charts import break_indexes, line_chart
from indicators.models import Score
from initiatives.models import Initiative
from localities.display import series_label, url_key
from localities.models import AdministrativeUnit


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


def _existed(unit: AdministrativeUnit, year: int) -> bool:
    return (unit.valid_from is None or unit.valid_from.year <= year) and (
        unit.valid_to is None or unit.valid_to.year >= year
    )


def indicator_context(unit: AdministrativeUnit, units: list[AdministrativeUnit]) -> dict:
    """Indicator part of the profile; a fixed number of queries whatever the years."""
    scores = queries.province_scores(units)
    totals: dict[int, dict] = {}
    latest_edition_of_index: dict[int, object] = {}
    component_scores: dict[tuple[int, int], list[Score]] = defaultdict(list)
    for score in scores:
        index = score.edition.index
        if score.component_id is None:
            entry = totals.setdefault(
                index.pk, {"index": index, "years": set(), "cells": {}, "units": []}
            )
            entry["years"].add(score.edition.year)
            entry["cells"][(score.edition.year, score.province_id)] = score
            if score.province_id not in [u.pk for u in entry["units"]]:
                entry["units"].append(next(u for u in units if u.pk == score.province_id))
            current = latest_edition_of_index.get(index.pk)
            if current is None or score.edition.year > current.year:
                latest_edition_of_index[index.pk] = score.edition
        else:
            component_scores[(score.edition_id, score.province_id)].append(score)

    reference = queries.national_reference(list(latest_edition_of_index.values()))
    # Every edition of these indices, so a year without this province's score says why.
    editions = queries.index_editions(list(totals))
    covered = queries.coverage([e for by_year in editions.values() for e in by_year.values()])
    series = []
    for entry in totals.values():
        index = entry["index"]
        by_year = editions.get(index.pk, {})
        first = min(entry["years"])
        years = sorted({*entry["years"], *(y for y in by_year if y >= first)})
        entry_units = sorted(entry["units"], key=lambda u: units.index(u))
        breaks = break_indexes(years, by_year)

        def cell(year, unit, by_year=by_year, entry=entry):
            score = entry["cells"].get((year, unit.pk))
            if score is not None or not _existed(unit, year) or year not in by_year:
                return score
            return queries.missing(covered.get(by_year[year].pk))

        rows = [
            {"year": y, "cells": [cell(y, u) for u in entry_units], "break_before": i in breaks}
            for i, y in enumerate(years)
        ]
        chart = line_chart(
            index.short_name,
            years,
            [
                (
                    series_label(u),
                    {y: entry["cells"][(y, u.pk)] for y in years if (y, u.pk) in entry["cells"]},
                )
                for u in entry_units
            ],
            by_year,
        )
        latest = latest_edition_of_index[index.pk]
        breakdown = []
        for u in entry_units:
            own = sorted(
                component_scores.get((latest.pk, u.pk), []), key=lambda s: s.component.order
            )
            total = entry["cells"].get((latest.year, u.pk))
            if total is None and not own:
                continue
            lines = []
            for s in ([total] if total else []) + [c for c in own if c.component.parent_id is None]:
                # No national median or best from an edition the portal holds only part of.
                partial = covered[latest.pk].partial
                ref = {} if partial else reference.get((latest.pk, s.component_id), {})
                lines.append(
                    {
                        "score": s,
                        "name": s.component.name if s.component_id else _("Điểm tổng"),
                        **ref,
                    }
                )
            breakdown.append({"unit": u, "label": series_label(u), "lines": lines})
        series.append(
            {
                "index": index,
                "labels": [series_label(u) for u in entry_units],
                "rows": rows,
                "chart": chart,
                "chart_id": f"chart-{index.code}",
                "data_id": f"data-{index.code}",
                "latest": latest,
                "breakdown": breakdown,
                "breaks": [years[i] for i in breaks],
            }
        )
    series.sort(key=lambda s: s["index"].order)
    return {"series_units": units, "series": series}


def _province_context(unit: AdministrativeUnit) -> dict:
    context = {"unit": unit, "locator": maps.locator(unit)}
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
    context.update(indicator_context(unit, units))
    return context


def initiatives_context(unit: AdministrativeUnit) -> dict:
    """The province's approved initiatives, by reform area and by start year: two queries."""
    items = list(
        Initiative.objects.published()
        .for_province(unit)
        .select_related("locality")
        .prefetch_related("areas")
        .order_by("start_year", "title")
    )
    by_area: dict[str, dict] = {}
    for item in items:
        for area in item.areas.all():
            entry = by_area.setdefault(area.code, {"area": area, "items": []})
            entry["items"].append(item)
    started: dict[int, int] = defaultdict(int)
    for item in items:
        if item.start_year:
            started[item.start_year] += 1
    return {
        "initiatives": items,
        "initiatives_by_area": sorted(by_area.values(), key=lambda e: e["area"].order),
        "initiatives_started": dict(sorted(started.items())),
        "initiatives_without_year": sum(1 for item in items if not item.start_year),
    }


#: Sections the profile combines: callables unit -> dict merged into the context.
PROFILE_SECTIONS: list = [initiatives_context]


def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _render(request, _current_province(code))


def former_province_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _render(request, _former_province(code))


def _render(request: HttpRequest, unit: AdministrativeUnit) -> HttpResponse:
    context = _province_context(unit)
    for section in PROFILE_SECTIONS:
        context.update(section(unit))
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
