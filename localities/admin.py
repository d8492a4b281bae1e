from __future__ import annotations

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from localities.forms import CleanTextModelForm
from localities.models import AdministrativeUnit, UnitQuerySet
from localities.text import fold


class PeriodFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [("current", _("Đang có hiệu lực")), ("former", _("Đã hết hiệu lực"))]

    def queryset(self, request, queryset: UnitQuerySet) -> QuerySet:
        if self.value() == "current":
            return queryset.current()
        if self.value() == "former":
            return queryset.former()
        return queryset


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

    def save_model(self, request, obj, form, change):
        # An administrator's edit is kept: load_localities never overwrites it.
        obj.edited_by_admin = True
        if not change:
            obj.source = AdministrativeUnit.Source.ADMIN
        super().save_model(request, obj, form, change)
