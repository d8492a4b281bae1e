from __future__ import annotations

import datetime

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from localities.changes import apply_unit_changes, ensure_first_period
from localities.forms import CleanTextModelForm
from localities.models import AdministrativeUnit, UnitNamePeriod, UnitQuerySet
from localities.text import fold


class PeriodFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [("current", _("Đang có hiệu lực")), ("former", _("Đã hết hiệu lực"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        assert isinstance(queryset, UnitQuerySet)  # the AdministrativeUnit admin's
        if self.value() == "current":
            return queryset.current()
        if self.value() == "former":
            return queryset.former()
        return queryset


def _period_saved(period: UnitNamePeriod, is_new: bool) -> None:
    """What every administrator's period edit does: marked as theirs (the loader keeps it),
    the name held until then kept as the first period, the unit renamed if the day has come."""
    period.edited_by_admin = True
    if is_new:
        period.source = UnitNamePeriod.Source.ADMIN
        ensure_first_period(period.unit, period.valid_from)


class NamePeriodInline(admin.TabularInline):
    model = UnitNamePeriod
    extra = 0
    fields = ["valid_from", "unit_type", "name", "short_name", "resolution", "source"]
    readonly_fields = ["source"]
    verbose_name = _("thay đổi tên hoặc loại đơn vị")
    verbose_name_plural = _(
        "Tên và loại đơn vị theo thời kỳ (thêm một dòng để ghi nhận thay đổi kế tiếp)"
    )


@admin.register(UnitNamePeriod)
class UnitNamePeriodAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "unit",
        "valid_from",
        "unit_type",
        "resolution",
        "source",
        "edited_by_admin",
    ]
    list_filter = ["unit_type", "source", "edited_by_admin", "unit__level"]
    search_fields = ["name", "short_name", "resolution", "unit__code", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["source", "edited_by_admin"]
    fields = [
        "unit",
        "valid_from",
        "unit_type",
        "name",
        "short_name",
        "resolution",
        "source",
        "edited_by_admin",
    ]

    def save_model(self, request, obj, form, change):
        _period_saved(obj, is_new=not change)
        super().save_model(request, obj, form, change)
        apply_unit_changes(units=[obj.unit])

    def delete_model(self, request, obj):
        unit = obj.unit
        super().delete_model(request, obj)
        apply_unit_changes(units=[unit])

    def delete_queryset(self, request, queryset):
        units = list(AdministrativeUnit.objects.filter(name_periods__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        apply_unit_changes(units=units)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = [
        "name",
        "code",
        "level",
        "unit_type",
        "parent",
        "valid_from",
        "valid_to",
        "successor",
        "source",
        "edited_by_admin",
    ]
    list_filter = ["level", "unit_type", PeriodFilter, "source", "edited_by_admin"]
    search_fields = ["name", "short_name", "code", "english_name"]
    list_select_related = ["parent", "successor"]
    autocomplete_fields = ["parent", "successor"]
    readonly_fields = ["source", "edited_by_admin"]
    inlines = [NamePeriodInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "unit_type", "level", "code", "english_name"]}),
        (_("Vị trí và thời gian"), {"fields": ["parent", "valid_from", "valid_to", "successor"]}),
        (_("Nguồn"), {"fields": ["source", "edited_by_admin"]}),
    ]
    list_per_page = 50

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        """Match the name with or without diacritics, whatever the tone placement ("Thanh Hoa",
        "Thanh Hoá"), or the exact code. Keeps the filters already applied to ``queryset``."""
        term = search_term.strip()
        if not term:
            return queryset, False
        condition = Q(name__icontains=term) | Q(english_name__icontains=term) | Q(code=term)
        key = fold(term)
        if key:
            condition |= Q(search_key__contains=key)
        return queryset.filter(condition), False

    def get_readonly_fields(self, request, obj=None):
        # A unit with name periods takes its name and type from the one in force today.
        if obj is not None and obj.name_periods.exists():
            return [*self.readonly_fields, "name", "short_name", "unit_type"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        # An administrator's edit is kept: load_localities never overwrites it.
        obj.edited_by_admin = True
        if not change:
            obj.source = AdministrativeUnit.Source.ADMIN
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not UnitNamePeriod:
            return super().save_formset(request, form, formset, change)
        periods = formset.save(commit=False)
        for period in sorted(periods, key=lambda p: p.valid_from or datetime.date.min):
            _period_saved(period, is_new=period.pk is None)
            period.save()
        for period in formset.deleted_objects:
            period.delete()
        apply_unit_changes(units=[form.instance])
