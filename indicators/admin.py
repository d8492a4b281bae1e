from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from indicators.models import Component, Edition, ImportRecord, Index, Score
from indicators.resources import ScoreResource
from indicators.spreadsheets import SafeSpreadsheetFormat, SpreadsheetError


@admin.register(Index)
class IndexAdmin(admin.ModelAdmin):
    list_display = ["short_name", "code", "name_vi", "publisher_vi", "unit_vi", "higher_is_better"]
    search_fields = ["code", "short_name", "name_vi", "name_en"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "index",
        "year",
        "published_on",
        "province_set",
        "breaks_comparability",
    ]
    list_filter = ["index", "province_set", "breaks_comparability"]
    list_select_related = ["index"]
    search_fields = ["source_title", "method_notes"]


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ["name_vi", "code", "index", "parent", "first_year", "last_year"]
    list_filter = ["index"]
    list_select_related = ["index", "parent"]
    search_fields = ["code", "name_vi", "name_en"]
    autocomplete_fields = ["parent"]


@admin.register(Score)
class ScoreAdmin(ImportExportModelAdmin):
    """Scores are imported through the one ScoreResource (also used by `import_scores`)."""

    resource_classes = [ScoreResource]
    list_display = [
        "edition",
        "province",
        "component",
        "status",
        "value",
        "rank",
        "rank_of",
        "tier",
    ]
    list_filter = ["edition__index", "edition__year", "status"]
    list_select_related = ["edition__index", "province", "component__index"]
    search_fields = ["province__name", "province__search_key"]
    autocomplete_fields = ["province", "component"]
    raw_id_fields = ["edition"]

    def process_result(self, result, request):
        # A confirmed import (never the preview) is recorded: who, when, file, counts.
        ImportRecord.objects.create(
            kind=ImportRecord.Kind.SCORES,
            file_name=(request.POST.get("original_file_name") or "")[:255],
            user=request.user,
            new=result.totals.get("new", 0),
            changed=result.totals.get("update", 0),
            unchanged=result.totals.get("skip", 0),
        )
        return super().process_result(result, request)

    def get_import_formats(self):
        # One entry: the file's type is read from its content, with the safety checks.
        return [SafeSpreadsheetFormat]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "file_name", "user", "new", "changed", "unchanged"]
    list_filter = ["kind"]
    list_select_related = ["user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
