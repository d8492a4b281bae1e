"""Query parameters of the API's lists (django-filter): invalid values are refused with a
message in Vietnamese, never ignored."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from indicators.models import Index, Score
from initiatives import filters as initiative_filters
from initiatives.models import ReformArea
from localities.models import UnitQuerySet

PROVINCE_KEY = RegexValidator(
    r"^[0-9]{2}(-cu)?$",
    _("Mã tỉnh phải gồm hai chữ số, thêm “-cu” cho tỉnh trước 2025 (ví dụ 38, 77-cu)."),
)


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    """A year: a whole number from 1900 to 2200, refused otherwise (never rounded)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2200)
        super().__init__(*args, **kwargs)


#: The ``component`` value that selects the index total.
TOTAL = "total"


def province_q(prefix: str, key: str) -> Q:
    """``38`` is today's province 38, ``38-cu`` the former one."""
    code, _sep, former = key.partition("-")
    return Q(**{f"{prefix}code": code, f"{prefix}valid_to__isnull": former != "cu"})


class EditionFilter(django_filters.FilterSet):
    index = django_filters.CharFilter(field_name="index__code", label=_("Mã chỉ số (pci, papi…)"))
    year = YearFilter(field_name="year", label=_("Năm đánh giá"))


class ScoreFilter(django_filters.FilterSet):
    index = django_filters.CharFilter(
        field_name="edition__index__code", label=_("Mã chỉ số (pci, papi, par-index, sipas)")
    )
    year = YearFilter(field_name="edition__year", label=_("Năm đánh giá"))
    province = django_filters.CharFilter(
        method="filter_province",
        label=_("Tỉnh: 38 (hiện nay) hoặc 38-cu (trước 01/7/2025)"),
        validators=[PROVINCE_KEY],
    )
    component = django_filters.CharFilter(
        method="filter_component",
        label=_("Mã thành phần, hoặc “total” cho điểm tổng của chỉ số"),
    )
    status = django_filters.ChoiceFilter(choices=Score.Status.choices, label=_("Trạng thái"))

    def filter_province(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(province_q("province__", value))

    def filter_component(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == TOTAL:
            return queryset.filter(component__isnull=True)
        return queryset.filter(component__code=value)


class ProvinceFilter(django_filters.FilterSet):
    period = django_filters.ChoiceFilter(
        method="filter_period",
        choices=[("current", _("hiện nay (34)")), ("former", _("trước 01/7/2025"))],
        label=_("Thời kỳ"),
    )
    year = YearFilter(method="filter_year", label=_("Có hiệu lực trong năm"))

    def filter_period(self, queryset: UnitQuerySet, name: str, value: str) -> QuerySet:
        return queryset.current() if value == "current" else queryset.former()

    def filter_year(self, queryset: UnitQuerySet, name: str, value: int) -> QuerySet:
        return queryset.valid_in(value)


@extend_schema_field(OpenApiTypes.STR)
class CodesFilter(django_filters.ModelMultipleChoiceFilter):
    """Several codes (``?linh_vuc=a&linh_vuc=b``); an unknown code is refused."""


class InitiativeFilter(initiative_filters.InitiativeFilter):
    """The catalogue's filters, with their codes described in the schema."""

    linh_vuc = CodesFilter(
        field_name="areas__code",
        to_field_name="code",
        queryset=ReformArea.objects.all(),
        label=_("Lĩnh vực"),
    )
    chi_so = CodesFilter(
        field_name="targets__index__code",
        to_field_name="code",
        queryset=Index.objects.all(),
        label=_("Chỉ số hướng tới"),
    )
