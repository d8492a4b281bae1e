from django.contrib import admin

from localities.models import AdministrativeUnit


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
    list_filter = ["level", "unit_type", "source", "edited_by_admin"]
    search_fields = ["name", "short_name", "code", "search_key"]
    list_select_related = ["parent", "successor"]
    raw_id_fields = ["parent", "successor"]
    readonly_fields = ["source", "edited_by_admin"]

    def save_model(self, request, obj, form, change):
        # An administrator's edit is kept: load_localities never overwrites it.
        obj.edited_by_admin = True
        if not change:
            obj.source = AdministrativeUnit.Source.ADMIN
        super().save_model(request, obj, form, change)
