"""The admin of the spreadsheet app: the record of every import, and the other names of units,
which an administrator maintains by spreadsheet as well as by hand."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from localities.models import UnitAlias
from spreadsheets.aliases import UnitAliasResource, alias_template
from spreadsheets.import_admin import SpreadsheetImportExportAdmin
from spreadsheets.models import ImportRecord


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
