"""Indicator pages: the four indices, an edition's ranking, and the compare view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from indicators import queries
from indicators.charts import break_indexes, line_chart
from indicators.exports import table_response
from indicators.formatting import rank_change, score_text, signed
from indicators.forms import StyledForm
from indicators.models import Component, Edition, Index, Score
from localities.display import series_label, url_key


def index_list(request: HttpRequest) -> HttpResponse:
    return render(request, "indicators/index_list.html", {"overview": queries.index_overview()})


def index_latest(request: HttpRequest, code: str) -> HttpResponse:
    edition = queries.editions_with_scores().filter(index__code=code).first()
    if edition is None:
        raise Http404
    return redirect("indicators:ranking", code=code, year=edition.year)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    sortable: bool = True


def _ranking_columns(
    components: list[Component], with_delta: bool, with_tier: bool, with_source: bool = False
) -> list[Column]:
    columns = [
        Column("rank", _("Hạng"), numeric=True),
        Column("province", _("Tỉnh, thành phố")),
        Column("score", _("Điểm"), numeric=True),
    ]
    if with_delta:
        columns += [
            Column("rank_delta", _("Thay đổi hạng"), numeric=True),
            Column("score_delta", _("Thay đổi điểm"), numeric=True),
        ]
    if with_tier:
        columns.append(Column("tier", _("Xếp loại"), sortable=False))
    columns += [Column(f"c{c.pk}", c.name, numeric=True) for c in components]
    if with_source:
        columns.append(Column("source", _("Nguồn của điểm"), sortable=False))
    return columns


def _cell(row: queries.RankingRow, column: Column, year: int) -> tuple[str, object]:
    """(text shown on the page, value exported) of one cell."""
    if column.key == "rank":
        return (str(row.rank) if row.rank else "—"), row.rank
    if column.key == "province":
        # The name of the edition's year: "Thừa Thiên Huế" in 2016, "Huế" from 2025.
        name = row.province.short_name_in(year)
        return name, name
    if column.key == "score":
        return score_text(row.score), _exported(row.score)
    if column.key == "rank_delta":
        return rank_change(row.rank_delta), row.rank_delta
    if column.key == "score_delta":
        return signed(row.score_delta), row.score_delta
    if column.key == "tier":
        return row.score.tier, row.score.tier
    if column.key == "source":
        urls = [u for u in (row.score.source_url, row.score.alt_source_url) if u]
        return row.score.source_note, " ; ".join(urls)
    component_score = row.components.get(int(column.key[1:]))
    return score_text(component_score), _exported(component_score)


def edition_source(edition: Edition) -> str:
    """ "VCCI, bảng xếp hạng PCI 2020 … — https://pcivietnam.vn/…" for a download."""
    title = edition.source_title or edition.index.publisher
    return f"{title} — {edition.source_url}" if edition.source_url else title


def _exported(value: Score | None):
    """A score in a download: its value, or the label of its status when not published."""
    if value is None:
        return None
    if value.status == Score.Status.CONFLICT:
        return score_text(value)
    if value.value is None:
        return value.get_status_display()
    return value.value


def ranking(request: HttpRequest, code: str, year: int) -> HttpResponseBase:
    edition = get_object_or_404(
        Edition.objects.select_related("index"), index__code=code, year=year
    )
    previous = queries.previous_edition(edition)
    method_break = previous is not None and edition.breaks_from(previous)
    if method_break:
        previous = None  # across a method break: no change is shown
    coverage = queries.coverage([edition])[edition.pk]
    all_components = queries.edition_components(edition)
    show_components = request.GET.get("cols") == "components"
    components = all_components if show_components else []
    rows = queries.ranking(edition, previous, components)
    sort = request.GET.get("sort", "rank")
    descending = request.GET.get("dir") == "desc"
    rows = queries.sort_rows(rows, sort, descending)
    comparable = previous is not None
    columns = _ranking_columns(
        components,
        with_delta=comparable,
        with_tier=any(r.score.tier for r in rows),
        with_source=any(r.score.source_url for r in rows),
    )
    prefetch_related_objects([row.province for row in rows], "name_periods")
    table = [[_cell(row, column, edition.year) for column in columns] for row in rows]

    fmt = request.GET.get("format", "")
    if fmt:
        response = table_response(
            fmt,
            f"{edition.index.code}-{edition.year}",
            [c.label for c in columns],
            [[value for _text, value in cells] for cells in table],
            sources=[edition_source(edition)],
        )
        if response is None:
            raise Http404
        return response

    years = list(
        queries.editions_with_scores().filter(index=edition.index).values_list("year", flat=True)
    )
    return render(
        request,
        "indicators/ranking.html",
        {
            "edition": edition,
            "index": edition.index,
            "previous": previous,
            "comparable": comparable,
            "columns": columns,
            "rows": [
                {"row": row, "cells": list(zip(columns, cells, strict=True))}
                for row, cells in zip(rows, table, strict=True)
            ],
            "show_components": show_components,
            "component_count": len(all_components),
            "form": RankingForm(
                initial={"cols": show_components}, component_count=len(all_components)
            ),
            "sort": sort,
            "descending": descending,
            "years": sorted(years),
            "not_published": sum(1 for r in rows if r.score.status == Score.Status.NOT_PUBLISHED),
            "conflicts": sum(1 for r in rows if r.score.status == Score.Status.CONFLICT),
            "coverage": coverage,
            "method_break": method_break or edition.breaks_comparability,
            "without_rank": sum(1 for r in rows if r.rank is None),
        },
    )


# --- compare ------------------------------------------------------------------------------


class RankingForm(StyledForm):
    """The ranking's one option: show every component's column."""

    cols = forms.BooleanField(
        required=False, widget=forms.CheckboxInput(attrs={"value": "components"})
    )

    def __init__(self, *args, component_count: int, **kwargs) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.fields["cols"].label = ngettext(
            "Hiện %(counter)s thành phần", "Hiện %(counter)s thành phần", component_count
        ) % {"counter": component_count}


class CompareForm(StyledForm):
    index = forms.ChoiceField(label=gettext_lazy("Bộ chỉ số"))
    component = forms.ChoiceField(label=gettext_lazy("Thành phần"), required=False)
    p = forms.MultipleChoiceField(
        label=gettext_lazy("Tỉnh, thành phố (2 đến 6)"),
        help_text=gettext_lazy("Giữ Ctrl (hoặc Cmd) để chọn nhiều tỉnh."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"required": gettext_lazy("Chọn từ 2 đến 6 tỉnh, thành phố.")},
    )
    start = forms.IntegerField(
        label=gettext_lazy("Từ năm"), required=False, min_value=1990, max_value=2100
    )
    end = forms.IntegerField(
        label=gettext_lazy("Đến năm"), required=False, min_value=1990, max_value=2100
    )

    def __init__(self, *args, indices, components, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["index"].choices = [(i.code, i.short_name) for i in indices]
        self.fields["component"].choices = [("", _("Điểm tổng"))] + [
            (f"{c.index.code}:{c.code}", f"{c.index.short_name} · {c.name}") for c in components
        ]
        self.fields["p"].choices = [
            (
                url_key(u),
                series_label(u),
            )
            for u in provinces
        ]

    def clean_p(self):
        chosen = self.cleaned_data["p"]
        if not 2 <= len(chosen) <= 6:
            raise forms.ValidationError(
                _("Chọn từ 2 đến 6 tỉnh, thành phố (đang chọn %(n)s).") % {"n": len(chosen)}
            )
        return chosen

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("Năm kết thúc phải sau năm bắt đầu."))
        component = data.get("component")
        if component and data.get("index") and not component.startswith(data["index"] + ":"):
            self.add_error("component", _("Thành phần này không thuộc chỉ số đã chọn."))
        return data


def compare(request: HttpRequest) -> HttpResponseBase:
    indices = list(Index.objects.order_by("order"))
    components = queries.components_with_scores()
    provinces = queries.provinces_with_scores()
    form = CompareForm(
        request.GET or None, indices=indices, components=components, provinces=provinces
    )
    context: dict[str, Any] = {"form": form, "result": None}
    if form.is_bound and form.is_valid():
        result = _compare_result(form.cleaned_data, indices, components, provinces)
        context["result"] = result
        fmt = request.GET.get("format", "")
        if fmt:
            response = table_response(
                fmt,
                "so-sanh",
                result["headers"],
                result["export_rows"],
                sources=list(dict.fromkeys(edition_source(e) for e in result["sources"])),
            )
            if response is None:
                raise Http404
            return response
    return render(request, "indicators/compare.html", context)


def _year_span(years: list[int]) -> str:
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _existed(unit, year: int) -> bool:
    return (unit.valid_from is None or unit.valid_from.year <= year) and (
        unit.valid_to is None or unit.valid_to.year >= year
    )


def _compare_result(data, indices, components, provinces) -> dict:
    index = next(i for i in indices if i.code == data["index"])
    component = None
    if data.get("component"):
        component = next(c for c in components if f"{c.index.code}:{c.code}" == data["component"])
    by_key = {url_key(u): u for u in provinces}
    units = [by_key[key] for key in data["p"]]
    scores = Score.objects.filter(
        edition__index=index, component=component, province__in=units
    ).select_related("edition")
    if data.get("start"):
        scores = scores.filter(edition__year__gte=data["start"])
    if data.get("end"):
        scores = scores.filter(edition__year__lte=data["end"])
    cells: dict[tuple[int, int], Score] = {}
    years: set[int] = set()
    method_years: set[int] = set()
    sources: dict[int, Edition] = {}
    for s in scores:
        cells[(s.edition.year, s.province_id)] = s
        years.add(s.edition.year)
        sources[s.edition.year] = s.edition
        if s.edition.breaks_comparability:
            method_years.add(s.edition.year)
    ordered_years = sorted(years)
    labels = [series_label(u) for u in units]
    breaks = break_indexes(ordered_years, sources)
    covered = queries.coverage(list(sources.values()))
    rows: list[dict[str, Any]] = []
    for i, year in enumerate(ordered_years):
        row_cells = []
        for unit in units:
            cell: Score | queries.Missing | None = cells.get((year, unit.pk))
            if cell is None and _existed(unit, year):
                cell = queries.missing(covered.get(sources[year].pk))
            row_cells.append(cell)
        rows.append({"year": year, "cells": row_cells, "break_before": i in breaks})

    what = component.name if component else _("Điểm tổng")
    chart = line_chart(
        f"{index.short_name} · {what}",
        ordered_years,
        [
            (label, {y: cells[(y, u.pk)] for y in ordered_years if (y, u.pk) in cells})
            for label, u in zip(labels, units, strict=True)
        ],
        sources,
    )
    return {
        "index": index,
        "component": component,
        "what": what,
        "units": units,
        "labels": labels,
        "rows": rows,
        "chart": chart,
        # What a downloaded PNG says under its title: the years, the provinces, the source.
        "png_subtitle": " · ".join(filter(None, [_year_span(ordered_years), ", ".join(labels)])),
        "png_source": "; ".join(dict.fromkeys(edition_source(e) for e in sources.values())),
        "breaks": sorted({*method_years, *(ordered_years[i] for i in breaks)}),
        "sources": [sources[y] for y in ordered_years],
        "headers": [_("Năm"), *labels],
        "export_rows": [
            [
                r["year"],
                *[c.text if isinstance(c, queries.Missing) else _exported(c) for c in r["cells"]],
            ]
            for r in rows
        ],
    }
