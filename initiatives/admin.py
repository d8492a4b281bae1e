from django.contrib import admin

from initiatives.models import (
    Attachment,
    Initiative,
    InitiativeTarget,
    Outcome,
    ReformArea,
    Source,
)


class TargetInline(admin.TabularInline):
    model = InitiativeTarget
    extra = 0
    autocomplete_fields = ["component"]


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["original_name", "size", "uploaded_at"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "level",
        "province",
        "current_province",
        "stage",
        "status",
        "updated_at",
    ]
    list_filter = ["status", "level", "stage", "areas", "current_province"]
    list_select_related = ["province", "current_province"]
    search_fields = ["title", "search_text", "implementing_unit"]
    autocomplete_fields = ["locality", "replicated_from"]
    filter_horizontal = ["areas"]
    readonly_fields = ["province", "current_province", "created_at", "updated_at"]
    inlines = [TargetInline, OutcomeInline, SourceInline, AttachmentInline]


@admin.register(ReformArea)
class ReformAreaAdmin(admin.ModelAdmin):
    list_display = ["order", "name_vi", "code", "par_component"]
    list_display_links = ["name_vi"]
