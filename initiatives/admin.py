from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from initiatives import permissions
from initiatives.importing import InitiativeResource
from initiatives.models import (
    Attachment,
    Initiative,
    InitiativeTarget,
    Outcome,
    ReformArea,
    Source,
    StatusChange,
)
from initiatives.workbook import initiative_template
from localities.forms import CleanTextModelForm
from localities.models import AdministrativeUnit
from spreadsheets.import_admin import SpreadsheetImportExportAdmin
from spreadsheets.models import ImportRecord


class TargetInline(admin.TabularInline):
    form = CleanTextModelForm
    model = InitiativeTarget
    extra = 0
    autocomplete_fields = ["component"]


class OutcomeInline(admin.TabularInline):
    form = CleanTextModelForm
    model = Outcome
    extra = 0


class SourceInline(admin.TabularInline):
    form = CleanTextModelForm
    model = Source
    extra = 0
    # An address typed without a scheme is https (Django 6.0's default, said explicitly).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class AttachmentInline(admin.TabularInline):
    """Attachments are read here through the portal's gatekept download view (uploaded files
    are never served from MEDIA_URL); they are added with the submission form, whose checks
    read each file's content."""

    model = Attachment
    extra = 0
    readonly_fields = ("download", "size", "uploaded_at")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("tệp"))
    def download(self, attachment: Attachment) -> str:
        url = reverse("initiatives:attachment", args=[attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)


class HistoryInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "actor_name", "comment", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class CurrentProvinceFilter(admin.SimpleListFilter):
    """Today's provinces only (34 choices), not every unit that could be a foreign key."""

    title = _("tỉnh hiện nay")
    parameter_name = "current_province__id__exact"

    def lookups(self, request, model_admin):
        return [
            (str(u.pk), u.short_name)
            for u in AdministrativeUnit.objects.provinces().current().order_by("search_key")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(current_province_id=int(value))
        return queryset


@admin.register(Initiative)
class InitiativeAdmin(SpreadsheetImportExportAdmin):
    resource_classes = [InitiativeResource]
    form = CleanTextModelForm
    import_kind = ImportRecord.Kind.INITIATIVES
    template_file_name = "mau-nhap-sang-kien"
    list_display = [
        "title",
        "level",
        "province",
        "current_province",
        "stage",
        "status",
        "updated_at",
    ]
    list_filter = ["status", "level", "stage", "areas", CurrentProvinceFilter]
    list_select_related = ["province", "current_province"]
    search_fields = ["title", "search_text", "implementing_unit"]
    autocomplete_fields = ["locality", "replicated_from"]
    filter_horizontal = ["areas"]
    # The status changes only through the workflow (with its history row), never by hand here.
    readonly_fields = ["status", "province", "current_province", "created_at", "updated_at"]
    inlines = [TargetInline, OutcomeInline, SourceInline, AttachmentInline, HistoryInline]

    def import_template(self) -> bytes:
        return initiative_template()

    def get_queryset(self, request):
        """The portal's rules (initiatives.permissions.visible_to) here too: the change list,
        the change page and the spreadsheet export of a provincial account hold its province's
        records (never another province's drafts)."""
        return permissions.visible_to(request.user, super().get_queryset(request))


@admin.register(ReformArea)
class ReformAreaAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["order", "name_vi", "code", "par_component"]
    list_display_links = ["name_vi"]
