"""Catalogue filters and their facet counts.

Each facet counts what the result would hold if that facet's choice changed, with every other
filter applied (standard faceted search), in one grouped query per facet on indexed columns.
Multi-valued filters (areas, targeted indicators) are ``EXISTS`` subqueries, so a row is never
repeated and no ``DISTINCT`` is needed. The counts, and the total the paginator uses, are cached
per filter combination until the next write (initiatives.cache).
"""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from indicators.models import Component, Index
from initiatives import cache
from initiatives.models import (
    TITLE_SORT_KEY,
    Initiative,
    InitiativeQuerySet,
    InitiativeTarget,
    ReformArea,
)
from initiatives.search import query_phrase
from localities.models import AdministrativeUnit
from localities.text import fold

AreaLink = Initiative.areas.through

SORTS = {
    "moi-nhat": (_("Mới cập nhật"), ("-updated_at", "-pk")),
    "ten": (_("Tên A–Z"), (TITLE_SORT_KEY, "pk")),
    "nam-bat-dau": (_("Năm bắt đầu (mới trước)"), ("-start_year", "-pk")),
}
#: Offered, and the default, when a search is typed: see initiatives.search.ranked.
RELEVANCE = "lien-quan"
RELEVANCE_LABEL = _("Phù hợp nhất")
RELEVANCE_ORDER = ("search_phrase", "search_position", "-updated_at", "-pk")


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
        field_name="level", choices=Initiative.Level.choices, label=_("Cấp"), distinct=False
    )
    linh_vuc = django_filters.ModelMultipleChoiceFilter(
        method="filter_areas",
        to_field_name="code",
        queryset=ReformArea.objects.all(),
        label=_("Lĩnh vực"),
    )
    chi_so = django_filters.ModelMultipleChoiceFilter(
        method="filter_indices",
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
        field_name="stage", choices=Initiative.Stage.choices, label=_("Giai đoạn"), distinct=False
    )
    nam = django_filters.NumberFilter(field_name="start_year", label=_("Năm bắt đầu"))

    class Meta:
        model = Initiative
        fields: list[str] = []

    def filter_q(self, queryset: InitiativeQuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(query_phrase(value))

    def filter_province(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        code, _sep, former = value.partition("-")
        if former == "cu":
            return queryset.filter(province__code=code, province__valid_to__isnull=False)
        return queryset.filter(current_province__code=code)

    def filter_areas(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(
            Exists(
                AreaLink.objects.filter(
                    initiative_id=OuterRef("pk"), reformarea_id__in=[a.pk for a in value]
                )
            )
        )

    def filter_indices(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(
            Exists(
                InitiativeTarget.objects.filter(
                    initiative_id=OuterRef("pk"), index_id__in=[i.pk for i in value]
                )
            )
        )

    def filter_component(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        index_code, _sep, component_code = value.partition(":")
        return queryset.filter(
            Exists(
                InitiativeTarget.objects.filter(
                    initiative_id=OuterRef("pk"),
                    index__code=index_code,
                    component__code=component_code,
                )
            )
        )


FACETS = ("tinh", "cap", "linh_vuc", "chi_so", "thanh_phan", "giai_doan", "nam")


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


def applied(filterset: InitiativeFilter) -> dict[str, list[str]]:
    """The filters in force (valid ones, the search as typed), the cache key of the counts."""
    chosen = chosen_values(filterset)
    q = filterset.form.cleaned_data.get("q", "") if filterset.is_bound else ""
    return {**chosen, "q": [query_phrase(q or "")]}


def _provinces() -> dict[int, tuple[str, str, bool]]:
    """Every province by id: (code, short name, former?). Cached until the next write."""
    return cache.cached(
        "provinces",
        "",
        lambda: {
            u.pk: (u.code, u.short_name, u.valid_to is not None)
            for u in AdministrativeUnit.objects.provinces().only("code", "short_name", "valid_to")
        },
        per_language=False,
    )


def _label(row: dict, prefix: str) -> str:
    english = (get_language() or "vi").startswith("en")
    return (row[f"{prefix}name_en"] if english else "") or row[f"{prefix}name_vi"]


def facet_counts(base: QuerySet, filterset: InitiativeFilter) -> dict[str, list[dict]]:
    """Options with counts for every facet, cached per filter combination until the next write;
    see :func:`count_facets`."""
    selected = chosen_values(filterset)
    facets = cache.cached(
        "facets", applied(filterset), lambda: count_facets(base, filterset, selected)
    )
    for name, options in facets.items():
        chosen = selected.get("tinh" if name == "tinh_cu" else name, [])
        for option in options:
            option["selected"] = option["value"] in chosen
    return facets


def facet_total(facets: dict[str, list[dict]], selected: dict[str, list[str]]) -> int:
    """The number of results, read from the level facet: every initiative has one level, and
    that facet counts with every other filter applied."""
    chosen = selected.get("cap") or []
    return sum(o["count"] for o in facets["cap"] if not chosen or o["value"] in chosen)


def count_facets(
    base: QuerySet, filterset: InitiativeFilter, selected: dict[str, list[str]]
) -> dict[str, list[dict]]:
    """One grouped query per facet, plus (only when a chosen option matches nothing) one
    look-up of its label."""
    cleaned = {}
    if filterset.is_bound:
        filterset.form.is_valid()  # an invalid value is left out; the valid ones apply
        cleaned = filterset.form.cleaned_data

    def filtered(name):
        # Every filter in force but this facet's, from the values already validated (no
        # second validation, so no look-up of the chosen areas or indices per facet).
        queryset = base
        for other, filter_ in filterset.filters.items():
            value = cleaned.get(other)
            if other != name and value not in (None, "", [], ()):
                queryset = filter_.filter(queryset, value)
        return queryset.order_by()

    facets: dict[str, list[dict]] = {}
    provinces = _provinces()
    current: dict[str, dict] = {}
    former: dict[str, dict] = {}
    for row in (
        filtered("tinh")
        .values("current_province_id", "province_id")
        .annotate(n=Count("*"))
        .order_by()
    ):
        if row["current_province_id"] in provinces:
            code, name, _former = provinces[row["current_province_id"]]
            entry = current.setdefault(code, {"value": code, "label": name, "count": 0})
            entry["count"] += row["n"]
        if row["province_id"] in provinces and provinces[row["province_id"]][2]:
            code, name, _former = provinces[row["province_id"]]
            key = f"{code}-cu"
            entry = former.setdefault(key, {"value": key, "label": name, "count": 0})
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
                "label": str(level_labels.get(r["level"], r["level"])),
                "count": r["n"],
            }
            for r in filtered("cap").values("level").annotate(n=Count("*")).order_by()
        ),
        key=lambda e: level_order.index(e["value"]) if e["value"] in level_order else 99,
    )
    facets["linh_vuc"] = [
        {
            "value": r["reformarea__code"],
            "label": _label(r, "reformarea__"),
            "count": r["n"],
        }
        # (initiative, area) is unique: a plain count.
        for r in AreaLink.objects.filter(initiative_id__in=filtered("linh_vuc").values("pk"))
        .values(
            "reformarea__code",
            "reformarea__name_vi",
            "reformarea__name_en",
            "reformarea__order",
        )
        .annotate(n=Count("*"))
        .order_by("reformarea__order")
    ]
    targets = InitiativeTarget.objects.filter
    facets["chi_so"] = [
        {"value": r["index__code"], "label": r["index__short_name"], "count": r["n"]}
        # An initiative may target an index and one of its components: count it once.
        for r in targets(initiative_id__in=filtered("chi_so").values("pk"))
        .values("index__code", "index__short_name", "index__order")
        .annotate(n=Count("initiative_id", distinct=True))
        .order_by("index__order")
    ]
    facets["thanh_phan"] = [
        {
            "value": f"{r['index__code']}:{r['component__code']}",
            "label": f"{r['index__short_name']} · {_label(r, 'component__')}",
            "count": r["n"],
        }
        # (initiative, component) is unique: a plain count.
        for r in targets(
            initiative_id__in=filtered("thanh_phan").values("pk"), component__isnull=False
        )
        .values(
            "index__short_name",
            "index__code",
            "index__order",
            "component__code",
            "component__name_vi",
            "component__name_en",
            "component__order",
        )
        .annotate(n=Count("*"))
        .order_by("index__order", "component__order")
    ]
    stage_labels = dict(Initiative.Stage.choices)
    facets["giai_doan"] = [
        {
            "value": r["stage"],
            "label": str(stage_labels.get(r["stage"], r["stage"])),
            "count": r["n"],
        }
        for r in filtered("giai_doan").values("stage").annotate(n=Count("*")).order_by("stage")
    ]
    facets["nam"] = [
        {"value": str(r["start_year"]), "label": str(r["start_year"]), "count": r["n"]}
        for r in filtered("nam")
        .filter(start_year__isnull=False)
        .values("start_year")
        .annotate(n=Count("*"))
        .order_by("-start_year")
    ]
    _keep_chosen_options(facets, selected, filterset)
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
