"""The cross view: per province, an indicator's score and the number of initiatives that
target it. Shown as an association, never as a cause."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.exports import table_response
from indicators.forms import StyledForm
from indicators.models import Component, Edition, Index, Score
from initiatives.models import catalogue_filters, initiative_counts_by_province


class CrossForm(StyledForm):
    target = forms.ChoiceField(label=gettext_lazy("Chỉ số hoặc thành phần"))
    year = forms.TypedChoiceField(label=gettext_lazy("Năm đánh giá"), coerce=int)

    def __init__(self, *args, indices, components, years, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for index in indices:
            choices.append((index.code, f"{index.short_name} · {_('Điểm tổng')}"))
            choices += [
                (f"{index.code}:{c.code}", f"{index.short_name} · {c.name}")
                for c in components
                if c.index_id == index.pk
            ]
        self.fields["target"].choices = choices
        self.fields["year"].choices = [(y, y) for y in years]


def cross_view(request: HttpRequest) -> HttpResponseBase:
    indices = list(Index.objects.order_by("order"))
    components = list(
        Component.objects.filter(scores__isnull=False, parent__isnull=True)
        .distinct()
        .order_by("index__order", "order")
    )
    editions = list(
        Edition.objects.filter(scores__isnull=False).distinct().values_list("index_id", "year")
    )
    years = sorted({year for _index, year in editions}, reverse=True)
    form = CrossForm(request.GET or None, indices=indices, components=components, years=years)
    context: dict = {"form": form, "result": None}
    if form.is_bound and form.is_valid():
        index_code, _sep, component_code = form.cleaned_data["target"].partition(":")
        index = next(i for i in indices if i.code == index_code)
        component = next(
            (c for c in components if c.index_id == index.pk and c.code == component_code), None
        )
        year = form.cleaned_data["year"]
        scores = list(
            Score.objects.filter(
                edition__index=index, edition__year=year, component=component
            ).select_related("province")
        )
        counts = initiative_counts_by_province(index, component)
        catalogue = reverse("initiatives:list")
        rows: list[dict[str, Any]] = sorted(
            (
                {
                    "score": s,
                    "count": counts.get(s.province_id, 0),
                    # The list of exactly the initiatives counted.
                    "url": catalogue
                    + "?"
                    + urlencode(catalogue_filters(s.province, index, component)),
                }
                for s in scores
            ),
            key=lambda r: (-r["count"], r["score"].province.search_key),
        )
        label = f"{index.short_name} {year} · {component.name if component else _('Điểm tổng')}"
        headers = [_("Tỉnh, thành phố"), label, _("Số sáng kiến hướng tới")]
        export_rows = [[r["score"].province.short_name, r["score"].value, r["count"]] for r in rows]
        fmt = request.GET.get("format", "")
        if fmt:
            response = table_response(fmt, "doi-chieu", headers, export_rows)
            if response is None:
                raise Http404
            return response
        context["result"] = {
            "label": label,
            "rows": rows,
            "with_initiatives": sum(1 for r in rows if r["count"]),
            "png_subtitle": _("%(n)s tỉnh, thành phố") % {"n": len(rows)},
            "png_source": f"{index.publisher} {year}; {_('sáng kiến đã duyệt trong cổng')}",
            "chart": {
                "title": label,
                "label": _("Tỉnh, thành phố"),
                "x_label": label,
                "y_label": _("Số sáng kiến hướng tới"),
                "points": [
                    {
                        "x": float(r["score"].value),
                        "y": r["count"],
                        "name": r["score"].province.label,
                    }
                    for r in rows
                    if r["score"].value is not None
                ],
            },
        }
    return render(request, "reform_portal/cross_view.html", context)
