"""Catalogue filters and their facet counts.

Each facet counts what the result would hold if that facet's choice changed, with every other
filter applied (standard faceted search), in one aggregate query per facet.
"""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from indicators.models import Component, Index
from initiatives.models import Initiative, ReformArea
from initiatives.search import query_phrase
from localities.models import AdministrativeUnit
from localities.text import fold

SORTS = {
    "moi-nhat": (_("Mới cập nhật"), ("-updated_at", "-pk")),
    "ten": (_("Tên A–Z"), ("search_text", "pk")),
    "nam-bat-dau": (_("Năm bắt đầu (mới trước)"), ("-start_year", "-pk")),
}


class InitiativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Tìm kiếm"), max_length=200)
    tinh = django_filters.CharFilter(
        method="filter_province",
        label=_("Tỉnh, thành phố"),
        validators=[
            RegexValidator(
                r"^[0-9]{2}(-cu)?$",
                _("Mã tỉnh phải gồm hai chữ số, thêm “-cu” cho tỉnh trước 2025 (ví dụ 38, 77-cu)."),
            )
        ],
    )
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
    thanh_phan = django_filters.CharFilter(
        method="filter_component",
        label=_("Thành phần"),
        validators=[
            RegexValidator(
                r"^[a-z0-9-]+:[a-z0-9-]+$",
                _(
                    "Thành phần phải có dạng “mã chỉ số:mã thành phần” "
                    "(ví dụ papi:cong-khai-minh-bach)."
                ),
            )
        ],
    )
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


def chosen_values(filterset: InitiativeFilter) -> dict[str, list[str]]:
    """The facet values in force, as option values: only valid ones (an invalid value is
    ignored by the filter, so it is not shown as chosen either)."""
    if not filterset.is_bound:
        return {name: [] for name in FACETS}
    filterset.form.is_valid()
    cleaned = filterset.form.cleaned_data
    chosen: dict[str, list[str]] = {}
    for name in FACETS:
        value = cleaned.get(name)
        if value in (None, "", []):
            chosen[name] = []
        elif name in ("linh_vuc", "chi_so"):
            chosen[name] = [obj.code for obj in value]
        elif name == "nam":
            chosen[name] = [str(int(value))]
        elif isinstance(value, list | tuple):
            chosen[name] = [str(v) for v in value]
        else:
            chosen[name] = [str(value)]
    return chosen


def facet_counts(base: QuerySet, filterset: InitiativeFilter) -> dict[str, list[dict]]:
    """Options with counts for every facet: one aggregate query each, plus (only when a chosen
    option matches nothing) one look-up of its label."""
    data = filterset.data

    def filtered(name):
        return InitiativeFilter(_without(data, name), queryset=base).qs.order_by()

    selected = chosen_values(filterset)
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
    # Alphabetical the Vietnamese way: Đà Nẵng next to Da, not after Z.
    facets["tinh"] = sorted(current.values(), key=lambda e: fold(e["label"]))
    facets["tinh_cu"] = sorted(former.values(), key=lambda e: fold(e["label"]))

    level_labels = dict(Initiative.Level.choices)
    level_order = list(level_labels)  # province, district, commune
    facets["cap"] = sorted(
        (
            {
                "value": r["level"],
                "label": level_labels.get(r["level"], r["level"]),
                "count": r["n"],
            }
            for r in filtered("cap").values("level").annotate(n=Count("pk", distinct=True))
        ),
        key=lambda e: level_order.index(e["value"]) if e["value"] in level_order else 99,
    )
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
    _keep_chosen_options(facets, selected, filterset)
    for name, options in facets.items():
        chosen = selected.get("tinh" if name == "tinh_cu" else name, [])
        for option in options:
            option["selected"] = option["value"] in chosen
    return facets


def _keep_chosen_options(
    facets: dict[str, list[dict]], selected: dict[str, list[str]], filterset: InitiativeFilter
) -> None:
    """A chosen option that matches nothing with the other filters stays on the page, with
    count 0, so the reader sees what empties the result and can untick it (otherwise the next
    submit of the form would drop it silently)."""

    def missing(name: str, facet: str | None = None) -> list[str]:
        shown = {o["value"] for o in facets[facet or name]}
        return [v for v in selected[name] if v not in shown]

    def add(facet: str, value: str, label: str) -> None:
        facets[facet].append({"value": value, "label": label, "count": 0})

    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    shown_provinces = {o["value"] for o in facets["tinh"] + facets["tinh_cu"]}
    for value in selected["tinh"]:
        if value in shown_provinces:
            continue
        code, _sep, former = value.partition("-")
        units = AdministrativeUnit.objects.provinces().filter(code=code)
        unit = (
            units.filter(valid_to__isnull=False) if former else units.filter(valid_to__isnull=True)
        ).first()
        if unit is not None:
            add("tinh_cu" if former else "tinh", value, unit.short_name)
    labels = {
        "cap": dict(Initiative.Level.choices),
        "giai_doan": dict(Initiative.Stage.choices),
        "linh_vuc": {a.code: a.name for a in cleaned.get("linh_vuc") or []},
        "chi_so": {i.code: i.short_name for i in cleaned.get("chi_so") or []},
    }
    for name, names in labels.items():
        for value in missing(name):
            add(name, value, str(names.get(value, value)))
    for value in missing("nam"):
        add("nam", value, value)
    for value in missing("thanh_phan"):
        index_code, _sep, component_code = value.partition(":")
        component = (
            Component.objects.select_related("index")
            .filter(index__code=index_code, code=component_code)
            .first()
        )
        if component is not None:
            add("thanh_phan", value, f"{component.index.short_name} · {component.name}")


#: The facet boxes of the list page, in order: (facet, form field, title, one choice only,
#: label of the "any" choice that undoes a single choice without JavaScript).
FACET_GROUPS = (
    ("tinh", "tinh", _("Tỉnh, thành phố hiện nay"), True, _("Mọi tỉnh, thành phố")),
    ("tinh_cu", "tinh", _("Tỉnh, thành phố trước 2025"), True, None),
    ("cap", "cap", _("Cấp"), False, None),
    ("linh_vuc", "linh_vuc", _("Lĩnh vực CCHC"), False, None),
    ("chi_so", "chi_so", _("Chỉ số hướng tới"), False, None),
    ("thanh_phan", "thanh_phan", _("Thành phần chỉ số"), True, _("Mọi thành phần")),
    ("giai_doan", "giai_doan", _("Giai đoạn"), False, None),
    ("nam", "nam", _("Năm bắt đầu"), True, _("Mọi năm")),
)


def facet_groups(facets: dict[str, list[dict]], chosen: dict[str, list[str]]) -> list[dict]:
    """What the template renders for each facet box."""
    groups = []
    for key, field, title, single, any_label in FACET_GROUPS:
        options = facets[key]
        groups.append(
            {
                "key": key,
                "field": field,
                "title": title,
                "single": single,
                "options": options,
                # The "any" choice is shown when the facet has something to choose or undo.
                "any_label": any_label if (options or chosen[field]) else None,
                "any_checked": not chosen[field],
            }
        )
    return groups
