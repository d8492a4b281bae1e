"""The admin of the spreadsheet app: the record of every import, and the other names of units,
which an administrator maintains by spreadsheet as well as by hand."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localities.models import UnitAlias
from spreadsheets import undo
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

    @admin.display(description=gettext_lazy("cấp"), ordering="unit__level")
    def unit_level(self, alias: UnitAlias) -> str:
        return alias.unit.get_level_display()

    def import_template(self) -> bytes:
        return alias_template()


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """Every confirmed import, from the admin or `import_scores`: read-only, each with its
    "Hoàn tác" (undo) page: a confirmation, then a POST that restores what the import changed
    (see :mod:`spreadsheets.undo`)."""

    list_display = [
        "created_at",
        "kind",
        "file_name",
        "user",
        "new",
        "changed",
        "unchanged",
        "undo_link",
    ]
    list_filter = ["kind"]
    list_select_related = ["user", "reverted_by", "reverts"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def may_revert(self, request, record: ImportRecord) -> bool:
        """Undo needs the change permission on what the import wrote, and the delete
        permission when it created records."""
        label = (record.changes or {}).get("model")
        if not label:
            return False
        app_label, model_name = label.split(".")
        perms = [f"{app_label}.change_{model_name}"]
        if record.changes.get("created"):
            perms.append(f"{app_label}.delete_{model_name}")
        return request.user.has_perms(perms)

    @admin.display(description=gettext_lazy("hoàn tác"))
    def undo_link(self, record: ImportRecord) -> str:
        if record.kind == ImportRecord.Kind.REVERT:
            return format_html(_("hoàn tác lần nhập {}"), record.reverts_id)
        if record.is_reverted:
            return _("đã hoàn tác")
        if not record.changes.get("model"):
            return "—"
        url = reverse("admin:spreadsheets_importrecord_revert", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, _("Hoàn tác"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/hoan-tac/",
                self.admin_site.admin_view(self.revert_view),
                name="spreadsheets_importrecord_revert",
            ),
            *super().get_urls(),
        ]

    def revert_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = get_object_or_404(ImportRecord, pk=pk)
        if not self.may_revert(request, record):
            raise PermissionDenied
        changelist = reverse("admin:spreadsheets_importrecord_changelist")
        if request.method == "POST":
            try:
                undo.revert(record, request.user)
            except undo.UndoRefused as refused:
                for message in refused.messages[: undo.SHOWN]:
                    messages.error(request, message)
                return redirect(request.path)
            messages.success(
                request,
                _(
                    "Đã hoàn tác lần nhập “%(file)s”: %(restored)s bản ghi được khôi phục, "
                    "%(deleted)s bản ghi do lần nhập tạo ra đã được xoá."
                )
                % {"file": record.file_name, **record.reverted_by.changes},
            )
            return redirect(changelist)
        problems = undo.refusal(record)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Hoàn tác lần nhập dữ liệu"),
            "record": record,
            "summary": undo.summary(record),
            "problems": problems[: undo.SHOWN],
            "hidden_problems": max(0, len(problems) - undo.SHOWN),
            "changelist_url": changelist,
        }
        return TemplateResponse(request, "admin/spreadsheets/importrecord/revert.html", context)
