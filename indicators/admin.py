from typing import Any

from django.contrib import admin
from django.db import models

from indicators.models import SCORE_FIGURE_FIELDS, Component, Edition, Index, Score
from indicators.resources import ScoreResource, score_template
from localities.forms import CleanTextModelForm
from spreadsheets.import_admin import SpreadsheetImportExportAdmin
from spreadsheets.models import ImportRecord

#: An address typed without a scheme is https (Django 6.0's default, said explicitly).
HTTPS_BY_DEFAULT: dict[type[models.Field], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class ReferenceAdmin(admin.ModelAdmin):
    """Indices, editions and components: an administrator's save is kept by
    load_indicator_reference, which then only adds the aliases it ships."""

    form = CleanTextModelForm
    readonly_fields = ["edited_by_admin"]
    formfield_overrides = HTTPS_BY_DEFAULT

    def save_model(self, request, obj, form, change):
        obj.edited_by_admin = True
        super().save_model(request, obj, form, change)


@admin.register(Index)
class IndexAdmin(ReferenceAdmin):
    list_display = ["short_name", "code", "name_vi", "publisher_vi", "unit_vi", "higher_is_better"]
    search_fields = ["code", "short_name", "name_vi", "name_en"]


@admin.register(Edition)
class EditionAdmin(ReferenceAdmin):
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
class ComponentAdmin(ReferenceAdmin):
    list_display = ["name_vi", "code", "index", "parent", "first_year", "last_year"]
    list_filter = ["index"]
    list_select_related = ["index", "parent"]
    search_fields = ["code", "name_vi", "name_en"]
    autocomplete_fields = ["parent"]


@admin.register(Score)
class ScoreAdmin(SpreadsheetImportExportAdmin):
    """Scores are imported through the one ScoreResource (also used by `import_scores`)."""

    resource_classes = [ScoreResource]
    form = CleanTextModelForm
    import_kind = ImportRecord.Kind.SCORES
    template_file_name = "mau-nhap-diem-chi-so"
    list_display = [
        "edition",
        "province",
        "component",
        *SCORE_FIGURE_FIELDS,
    ]
    list_filter = ["edition__index", "edition__year", "status"]
    list_select_related = ["edition__index", "province", "component__index"]
    search_fields = ["province__name", "province__search_key"]
    autocomplete_fields = ["province", "component"]
    raw_id_fields = ["edition"]
    readonly_fields = ["edited_by_admin"]
    formfield_overrides = HTTPS_BY_DEFAULT

    def save_model(self, request, obj, form, change):
        # An administrator's figure is kept: load_published_editions never overwrites it.
        obj.edited_by_admin = True
        super().save_model(request, obj, form, change)

    def import_template(self) -> bytes:
        return score_template()
