from __future__ import annotations

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from localities.import_admin import SpreadsheetImportExportAdmin
from localities.models import AdministrativeUnit, ImportRecord, UnitAlias, UnitQuerySet
from localities.resources import UnitAliasResource, alias_template
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


@admin.register(UnitAlias)
class UnitAliasAdmin(SpreadsheetImportExportAdmin):
    """Other names of units, used by every name resolution (imports, demo data, forms)."""

    resource_classes = [UnitAliasResource]
    import_kind = ImportRecord.Kind.ALIASES
    template_file_name = "mau-nhap-ten-goi-khac"
    list_display = ["name", "unit", "unit_level", "note"]
    list_filter = ["unit__level"]
    list_select_related = ["unit"]
    search_fields = ["name", "search_key", "unit__name"]
    autocomplete_fields = ["unit"]

    @admin.display(description=_("cấp"), ordering="unit__level")
    def unit_level(self, alias: UnitAlias) -> str:
        return alias.unit.get_level_display()

    def import_template(self) -> bytes:
        return alias_template()


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """Every confirmed import, from the admin or `import_scores`: read-only."""

    list_display = ["created_at", "kind", "file_name", "user", "new", "changed", "unchanged"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
