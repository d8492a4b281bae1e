"""Public catalogue pages: the filtered list (with export) and an initiative's detail."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from indicators.exports import table_response
from indicators.models import Component, Index
from initiatives import cache
from initiatives import detail as detail_data
from initiatives import search as searching
from initiatives.filters import (
    FACETS,
    RELEVANCE,
    RELEVANCE_LABEL,
    RELEVANCE_ORDER,
    SORTS,
    InitiativeFilter,
    chosen_values,
    facet_counts,
    facet_groups,
    facet_total,
)
from initiatives.forms import CatalogueForm
from initiatives.models import Initiative, InitiativeTarget, ReformArea

AreaLink = Initiative.areas.through

PAGE_SIZE = 20
#: Rows read from the database at a time by an export.
EXPORT_CHUNK = 1000


class CountedPaginator(Paginator):
    """A paginator told its count (from the cached facet counts) instead of counting again.
    A page is read in two steps: the 20 keys in the order asked (a narrow query the sort
    index serves, or a ranking over the matching rows only), then those 20 rows with their
    places and prefetches."""

    def __init__(self, object_list, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count

    def _get_page(self, object_list, number, paginator):
        keys = list(object_list.values_list("pk", flat=True))
        rows = {i.pk: i for i in Initiative.objects.filter(pk__in=keys).for_list()} if keys else {}
        return super()._get_page([rows[k] for k in keys if k in rows], number, paginator)


def export_columns() -> list[tuple[str, Callable[[Initiative], object]]]:
    """The columns of the result table, used by the page and by both downloads. Choice labels
    are looked up in dictionaries built once, not through ``get_*_display`` on every row."""
    levels = {value: str(label) for value, label in Initiative.Level.choices}
    stages = {value: str(label) for value, label in Initiative.Stage.choices}
    return [
        (_("Tên sáng kiến"), lambda i: i.title),
        (_("Đơn vị thực hiện"), lambda i: i.implementing_unit),
        (_("Địa bàn"), lambda i: i.place_as_written or i.locality.name),
        (_("Tỉnh hiện nay"), lambda i: i.current_province.short_name if i.current_province else ""),
        (_("Cấp"), lambda i: levels.get(i.level, i.level)),
        (_("Lĩnh vực"), lambda i: "; ".join(a.name for a in i.areas.all())),
        (_("Chỉ số hướng tới"), lambda i: "; ".join(str(t) for t in i.targets.all())),
        (_("Giai đoạn"), lambda i: stages.get(i.stage, i.stage)),
        (_("Năm bắt đầu"), lambda i: i.start_year),
    ]


def export_rows(results) -> Iterator[list]:
    """The cells of :func:`export_columns` for every result, read ``EXPORT_CHUNK`` rows at a
    time as plain values (no model instances): per chunk, one query of the rows, one of their
    areas and one of their targets; the area, index and component names are read once."""
    levels = {value: str(label) for value, label in Initiative.Level.choices}
    stages = {value: str(label) for value, label in Initiative.Stage.choices}
    all_areas = list(ReformArea.objects.all())
    area_names = {a.pk: a.name for a in all_areas}
    area_order = {a.pk: (a.order, a.pk) for a in all_areas}
    index_names = dict(Index.objects.values_list("pk", "short_name"))
    component_names = {c.pk: c.name for c in Component.objects.all()}
    fields = (
        "pk",
        "title",
        "implementing_unit",
        "place_as_written",
        "locality__name",
        "current_province__short_name",
        "level",
        "stage",
        "start_year",
    )
    rows = results.values_list(*fields).iterator(chunk_size=EXPORT_CHUNK)
    while chunk := list(itertools.islice(rows, EXPORT_CHUNK)):
        keys = [row[0] for row in chunk]
        areas: dict[int, list[int]] = defaultdict(list)
        for initiative_id, area_id in AreaLink.objects.filter(initiative_id__in=keys).values_list(
            "initiative_id", "reformarea_id"
        ):
            areas[initiative_id].append(area_id)
        targets: dict[int, list[str]] = defaultdict(list)
        for initiative_id, index_id, component_id in (
            InitiativeTarget.objects.filter(initiative_id__in=keys)
            .order_by("pk")
            .values_list("initiative_id", "index_id", "component_id")
        ):
            targets[initiative_id].append(
                f"{index_names[index_id]}: {component_names[component_id]}"
                if component_id
                else index_names[index_id]
            )
        for pk, title, unit, place, locality, province, level, stage, year in chunk:
            yield [
                title,
                unit,
                place or locality,
                province or "",
                levels.get(level, level),
                "; ".join(area_names[a] for a in sorted(areas[pk], key=area_order.__getitem__)),
                "; ".join(targets[pk]),
                stages.get(stage, stage),
                year,
            ]


def _place_pages(query: str) -> list:
    if not query:
        return []
    provinces = cache.cached("province-keys", "", searching.province_keys, per_language=False)
    return searching.place_pages(query, provinces)


def _ordered(request: HttpRequest, results, phrase: str):
    """The results in the order asked (relevance by default when searching), and the sort."""
    sort = request.GET.get("sap_xep", RELEVANCE if phrase else "moi-nhat")
    if sort == RELEVANCE and phrase:
        return searching.ranked(results, phrase).order_by(*RELEVANCE_ORDER), sort
    if sort not in SORTS:
        sort = "moi-nhat"
    return results.order_by(*SORTS[sort][1]), sort


def _export(request: HttpRequest, filterset, base, fmt: str) -> HttpResponseBase:
    results = filterset.qs if filterset.is_bound else base
    q = filterset.form.cleaned_data.get("q", "") if filterset.is_bound else ""
    results, _sort = _ordered(request, results, searching.query_phrase(q))
    response = table_response(
        fmt, "sang-kien", [label for label, _get in export_columns()], export_rows(results)
    )
    if response is None:
        raise Http404
    return response


def initiative_list(request: HttpRequest) -> HttpResponseBase:
    base = Initiative.objects.published()
    filterset = InitiativeFilter(request.GET or None, queryset=base)
    fmt = request.GET.get("format", "")
    if fmt:
        # The rows as filtered, in the page's order, without the facet counts.
        return _export(request, filterset, base, fmt)
    selected = chosen_values(filterset)
    q_applied = filterset.form.cleaned_data.get("q", "") if filterset.is_bound else ""
    facets = facet_counts(base, filterset)
    count = facet_total(facets, selected)
    suggestion = ""
    if q_applied and not count:
        # Nothing holds every word: correct the words no record holds, and show what the
        # corrected query finds, saying so ("did you mean").
        corrected = cache.cached(
            "correction",
            searching.query_phrase(q_applied),
            lambda: searching.correction(base, q_applied) or "",
            per_language=False,
        )
        if corrected:
            data = request.GET.copy()
            data["q"] = corrected
            retry = InitiativeFilter(data, queryset=base)
            retry_facets = facet_counts(base, retry)
            retry_count = facet_total(retry_facets, chosen_values(retry))
            if retry_count:
                filterset, facets, count = retry, retry_facets, retry_count
                suggestion = q_applied = corrected
    results = filterset.qs if filterset.is_bound else base
    phrase = searching.query_phrase(q_applied)
    results, sort = _ordered(request, results, phrase)
    columns = export_columns()

    paginator = CountedPaginator(results, PAGE_SIZE, count)
    page_obj = paginator.get_page(request.GET.get("page"))
    rows = [{"item": item, "cells": [get(item) for _label, get in columns]} for item in page_obj]
    active = any(value for name in (*FACETS, "q") for value in request.GET.getlist(name))
    # Invalid values (an unknown level, a malformed province code) are ignored by the filter;
    # the page says so instead of pretending they applied.
    filter_errors = [
        (filterset.form.fields[name].label, errors)
        for name, errors in (filterset.errors.items() if filterset.is_bound else [])
    ]
    sorts = [(key, label) for key, (label, _order) in SORTS.items()]
    if phrase:
        sorts.insert(0, (RELEVANCE, RELEVANCE_LABEL))
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "filter": filterset,
            "form": CatalogueForm(q=request.GET.get("q", ""), sort=sort, sorts=sorts),
            # The search said to apply: not one that was ignored as invalid (too long).
            "q_applied": q_applied,
            "suggestion": suggestion,
            "place_pages": _place_pages(q_applied),
            "facet_groups": facet_groups(facets, chosen_values(filterset)),
            "filter_errors": filter_errors,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "rows": rows,
            "columns": [label for label, _get in columns],
            "count": count,
            "active": active,
        },
    )


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(
        Initiative.objects.published()
        .select_related(
            "locality__parent__parent",
            "locality__successor",
            "province__successor",
            "current_province",
            "replicated_from",
        )
        .prefetch_related(
            "areas", "targets__index", "targets__component", "outcomes", "sources", "attachments"
        ),
        slug=slug,
    )
    return render(request, "initiatives/initiative_detail.html", detail_data.context(initiative))
