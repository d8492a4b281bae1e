"""Catalogue filters and their facet counts.

Each facet counts what the result would hold if that facet's choice changed, with every other
filter applied (standard faceted search), in one aggregate query per facet.
"""

from __future__ import annotations

import django_filters
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from indicators.models import Component, Index
from initiatives.models import Initiative, ReformArea
from initiatives.search import query_phrase

SORTS = {
    "moi-nhat": (_("Mới cập nhật"), ("-updated_at", "-pk")),
    "ten": (_("Tên A–Z"), ("search_text", "pk")),
    "nam-bat-dau": (_("Năm bắt đầu (mới trước)"), ("-start_year", "-pk")),
}


def province_filter_value(unit) -> str:
    """ "38" for today's province, "38-cu" for a former one (codes were reused in 2025)."""
    return unit.code if unit.valid_to is None else f"{unit.code}-cu"


class InitiativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Tìm kiếm"))
    tinh = django_filters.CharFilter(method="filter_province", label=_("Tỉnh, thành phố"))
    cap = django_filters.MultipleChoiceFilter(
        field_name="level", choices=Initiative.Level.choices, label=_("Cấp")
    )
    linh_vuc = django_filters.ModelMultipleChoiceFilter(
        field_name="areas__code",
        to_field_name="code",
        queryset=ReformArea.objects.all(),
        label=_("Lĩnh vực"),
    )
    chi_so = django_filters.ModelMultipleChoiceFilter(
        field_name="targets__index__code",
        to_field_name="code",
        queryset=Index.objects.all(),
        label=_("Chỉ số hướng tới"),
    )
    thanh_phan = django_filters.CharFilter(method="filter_component", label=_("Thành phần"))
    giai_doan = django_filters.MultipleChoiceFilter(
        field_name="stage", choices=Initiative.Stage.choices, label=_("Giai đoạn")
    )
    nam = django_filters.NumberFilter(field_name="start_year", label=_("Năm bắt đầu"))

    class Meta:
        model = Initiative
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(query_phrase(value))

    def filter_province(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        code, _sep, former = value.partition("-")
        if former == "cu":
            return queryset.filter(province__code=code, province__valid_to__isnull=False)
        return queryset.filter(current_province__code=code)

    def filter_component(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        index_code, _sep, component_code = value.partition(":")
        return queryset.filter(
            targets__index__code=index_code, targets__component__code=component_code
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Multi-valued joins (areas, targets) may repeat rows: keep each initiative once.
        return super().filter_queryset(queryset).distinct()


FACETS = ("tinh", "cap", "linh_vuc", "chi_so", "thanh_phan", "giai_doan", "nam")


def _without(data, name):
    copy = data.copy()
    copy.pop(name, None)
    if name == "tinh":
        copy.pop("tinh", None)
    return copy


def facet_counts(base: QuerySet, data) -> dict[str, list[dict]]:
    """Options with counts for every facet: one aggregate query each."""

    def filtered(name):
        return InitiativeFilter(_without(data, name), queryset=base).qs.order_by()

    selected = {name: data.getlist(name) for name in FACETS}
    facets: dict[str, list[dict]] = {}

    rows = (
        filtered("tinh")
        .values(
            "current_province__code",
            "current_province__short_name",
            "province__code",
            "province__short_name",
            "province__valid_to",
        )
        .annotate(n=Count("pk", distinct=True))
    )
    current: dict[str, dict] = {}
    former: dict[str, dict] = {}
    for row in rows:
        if row["current_province__code"]:
            key = row["current_province__code"]
            entry = current.setdefault(
                key, {"value": key, "label": row["current_province__short_name"], "count": 0}
            )
            entry["count"] += row["n"]
        if row["province__valid_to"] is not None:
            key = f"{row['province__code']}-cu"
            entry = former.setdefault(
                key, {"value": key, "label": row["province__short_name"], "count": 0}
            )
            entry["count"] += row["n"]
    facets["tinh"] = sorted(current.values(), key=lambda e: e["label"])
    facets["tinh_cu"] = sorted(former.values(), key=lambda e: e["label"])

    level_labels = dict(Initiative.Level.choices)
    facets["cap"] = [
        {"value": r["level"], "label": level_labels.get(r["level"], r["level"]), "count": r["n"]}
        for r in filtered("cap")
        .values("level")
        .annotate(n=Count("pk", distinct=True))
        .order_by("level")
    ]
    area_rows = (
        filtered("linh_vuc")
        .filter(areas__isnull=False)
        .values("areas__code", "areas__name_vi", "areas__name_en", "areas__order")
        .annotate(n=Count("pk", distinct=True))
        .order_by("areas__order")
    )
    area_names = {a.code: a.name for a in ReformArea.objects.all()}
    facets["linh_vuc"] = [
        {
            "value": r["areas__code"],
            "label": area_names.get(r["areas__code"], r["areas__name_vi"]),
            "count": r["n"],
        }
        for r in area_rows
    ]
    facets["chi_so"] = [
        {
            "value": r["targets__index__code"],
            "label": r["targets__index__short_name"],
            "count": r["n"],
        }
        for r in filtered("chi_so")
        .filter(targets__isnull=False)
        .values("targets__index__code", "targets__index__short_name", "targets__index__order")
        .annotate(n=Count("pk", distinct=True))
        .order_by("targets__index__order")
    ]
    component_rows = (
        filtered("thanh_phan")
        .filter(targets__component__isnull=False)
        .values(
            "targets__index__short_name",
            "targets__index__code",
            "targets__component__code",
            "targets__component__name_vi",
            "targets__component__name_en",
        )
        .annotate(n=Count("pk", distinct=True))
        .order_by("targets__index__order", "targets__component__order")
    )
    component_names = {
        (c.index.code, c.code): c.name
        for c in Component.objects.select_related("index")
        .filter(initiativetarget__isnull=False)
        .distinct()
    }
    facets["thanh_phan"] = [
        {
            "value": f"{r['targets__index__code']}:{r['targets__component__code']}",
            "label": f"{r['targets__index__short_name']} · "
            + component_names.get(
                (r["targets__index__code"], r["targets__component__code"]),
                r["targets__component__name_vi"],
            ),
            "count": r["n"],
        }
        for r in component_rows
    ]
    stage_labels = dict(Initiative.Stage.choices)
    facets["giai_doan"] = [
        {"value": r["stage"], "label": stage_labels.get(r["stage"], r["stage"]), "count": r["n"]}
        for r in filtered("giai_doan")
        .values("stage")
        .annotate(n=Count("pk", distinct=True))
        .order_by("stage")
    ]
    facets["nam"] = [
        {"value": str(r["start_year"]), "label": str(r["start_year"]), "count": r["n"]}
        for r in filtered("nam")
        .filter(start_year__isnull=False)
        .values("start_year")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-start_year")
    ]
    for name, options in facets.items():
        chosen = selected.get("tinh" if name == "tinh_cu" else name, [])
        for option in options:
            option["selected"] = option["value"] in chosen
    return facets
