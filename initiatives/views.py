"""Public catalogue pages: the filtered list (with export) and an initiative's detail."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from indicators.exports import table_response
from initiatives import detail as detail_data
from initiatives.filters import (
    FACETS,
    SORTS,
    InitiativeFilter,
    chosen_values,
    facet_counts,
    facet_groups,
)
from initiatives.forms import CatalogueForm
from initiatives.models import Initiative

PAGE_SIZE = 20


def export_columns() -> list[tuple[str, object]]:
    """The columns of the result table, used by the page and by both downloads."""
    return [
        (_("Tên sáng kiến"), lambda i: i.title),
        (_("Đơn vị thực hiện"), lambda i: i.implementing_unit),
        (_("Địa bàn"), lambda i: i.place_as_written or i.locality.name),
        (_("Tỉnh hiện nay"), lambda i: i.current_province.short_name if i.current_province else ""),
        (_("Cấp"), lambda i: i.get_level_display()),
        (_("Lĩnh vực"), lambda i: "; ".join(a.name for a in i.areas.all())),
        (_("Chỉ số hướng tới"), lambda i: "; ".join(str(t) for t in i.targets.all())),
        (_("Giai đoạn"), lambda i: i.get_stage_display()),
        (_("Năm bắt đầu"), lambda i: i.start_year),
    ]


def initiative_list(request: HttpRequest) -> HttpResponse:
    base = Initiative.objects.published()
    filterset = InitiativeFilter(request.GET or None, queryset=base)
    results = filterset.qs if filterset.is_bound else base
    sort = request.GET.get("sap_xep", "moi-nhat")
    if sort not in SORTS:
        sort = "moi-nhat"
    results = results.order_by(*SORTS[sort][1])
    columns = export_columns()

    fmt = request.GET.get("format", "")
    if fmt:
        items = list(results.for_list())
        response = table_response(
            fmt,
            "sang-kien",
            [label for label, _get in columns],
            [[get(item) for _label, get in columns] for item in items],
        )
        if response is None:
            raise Http404
        return response

    paginator = Paginator(results.for_list(), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    rows = [{"item": item, "cells": [get(item) for _label, get in columns]} for item in page_obj]
    active = any(value for name in (*FACETS, "q") for value in request.GET.getlist(name))
    # Invalid values (an unknown level, a malformed province code) are ignored by the filter;
    # the page says so instead of pretending they applied.
    filter_errors = [
        (filterset.form.fields[name].label, errors)
        for name, errors in (filterset.errors.items() if filterset.is_bound else [])
    ]
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "filter": filterset,
            "form": CatalogueForm(q=request.GET.get("q", ""), sort=sort),
            # The search said to apply: not one that was ignored as invalid (too long).
            "q_applied": filterset.form.cleaned_data.get("q", "") if filterset.is_bound else "",
            "facet_groups": facet_groups(facet_counts(base, filterset), chosen_values(filterset)),
            "filter_errors": filter_errors,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number),
            "rows": rows,
            "columns": [label for label, _get in columns],
            "count": paginator.count,
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
