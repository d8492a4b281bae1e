"""The map of an edition (``/chi-so/<index>/<year>/ban-do/``) and its SVG and PNG downloads."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import maps, queries
from indicators.forms import StyledForm
from indicators.models import Component, Edition, Score
from indicators.views import edition_source


class MapForm(StyledForm):
    """The component chooser: the total, or one of the edition's components."""

    thanh_phan = forms.ChoiceField(
        label=gettext_lazy("Tô màu theo"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Kỳ này không có thành phần “%(value)s”.")},
    )

    def __init__(self, *args, components: list[Component], **kwargs) -> None:
        kwargs.setdefault("auto_id", "id_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["thanh_phan"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Điểm tổng"))] + [(c.code, c.name) for c in components]


def png_bytes(svg: str) -> bytes:
    """The SVG rasterised at twice its size, on white (resvg: no system library needed)."""
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=2, background="#ffffff"))


def ranking_map(request: HttpRequest, code: str, year: int) -> HttpResponse:
    edition = get_object_or_404(
        Edition.objects.select_related("index"), index__code=code, year=year
    )
    components = queries.edition_components(edition)
    form = MapForm(request.GET, components=components)
    component = None
    if form.is_valid() and form.cleaned_data["thanh_phan"]:
        component = next(c for c in components if c.code == form.cleaned_data["thanh_phan"])
    scores = list(Score.objects.filter(edition=edition, component=component))
    units = maps.period_provinces(edition.year)
    edition_map = maps.edition_map(edition, component, units, scores, maps.province_href)
    what = component.name if component else _("Điểm tổng")
    title = _("Bản đồ %(index)s %(year)s") % {"index": edition.index.short_name, "year": year}
    label = f"{title}: {what}"

    fmt = request.GET.get("format", "")
    if fmt:
        if fmt not in ("svg", "png"):
            raise Http404
        frame = maps.Frame(
            title=title,
            subtitle=f"{edition.index.name} · {what}",
            source=_("Nguồn: %(source)s") % {"source": edition_source(edition)},
        )
        svg = maps.render(
            edition_map.layer_key,
            edition_map.areas,
            legend=edition_map.legend,
            label=label,
            frame=frame,
        )
        suffix = f"-{component.code}" if component else ""
        filename = f"{edition.index.code}-{year}{suffix}-ban-do.{fmt}"
        if fmt == "svg":
            response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        else:
            response = HttpResponse(png_bytes(svg), content_type="image/png")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    years = list(
        queries.editions_with_scores().filter(index=edition.index).values_list("year", flat=True)
    )
    return render(
        request,
        "indicators/ranking_map.html",
        {
            "edition": edition,
            "index": edition.index,
            "component": component,
            "what": what,
            "form": form,
            "has_components": bool(components),
            "years": sorted(years),
            "map": edition_map,
            "svg": maps.render(
                edition_map.layer_key,
                edition_map.areas,
                legend=edition_map.legend,
                label=label,
            ),
            "unmapped": [row for row in edition_map.rows if not row.on_map],
        },
    )
