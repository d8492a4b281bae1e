"""The admin's spreadsheet import and export, shared by scores, initiatives and unit aliases.

Built on django-import-export: the file is read by content with the safety checks of
:mod:`spreadsheets.reading`; the preview shows counts by outcome, every error first (row,
column, value, reason) and a sample of rows, never 30,000 rendered rows; confirm is offered
only for a file without errors; a confirmed import is recorded in :class:`ImportRecord`.
Exports follow the change list's filters and are formula-safe.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ImportForm, SelectableFieldsExportForm

from spreadsheets.models import ImportRecord
from spreadsheets.reading import (
    PREVIEW_ERRORS,
    SafeCSVExport,
    SafeSpreadsheetFormat,
    SafeXLSXExport,
    SpreadsheetError,
)
from spreadsheets.resources import result_errors

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def preview_of(result) -> dict:
    """What the import page shows of a result: counts, the first errors, a sample."""
    errors, total_errors = result_errors(result, limit=PREVIEW_ERRORS)
    totals = result.totals
    return {
        "rows": result.total_rows,
        "new": totals.get("new", 0),
        "changed": totals.get("update", 0),
        "unchanged": totals.get("skip", 0),
        "errors": errors,
        "error_count": total_errors,
        "hidden_errors": max(0, total_errors - PREVIEW_ERRORS),
        "sample_headers": getattr(result, "sample_headers", []),
        "sample": getattr(result, "sample", []),
        "diffs": getattr(result, "diffs", []),
        "hidden_diffs": max(
            0, getattr(result, "diff_count", 0) - len(getattr(result, "diffs", []))
        ),
        "resolved": getattr(result, "resolved", []),
        "hidden_resolved": max(
            0, getattr(result, "resolved_count", 0) - len(getattr(result, "resolved", []))
        ),
    }


class PortalImportForm(ImportForm):
    """The upload form, refusing a file over the size limit before anything reads it."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.IMPORT_MAX_FILE_SIZE
        if upload.size > limit:
            raise ValidationError(
                _("Tệp %(name)s nặng %(size)s MB, vượt giới hạn %(limit)s MB.")
                % {
                    "name": upload.name,
                    "size": round(upload.size / 1048576, 1),
                    "limit": round(limit / 1048576),
                }
            )
        return upload


class PortalExportForm(SelectableFieldsExportForm):
    """The export form without the non-standard HTML attributes its JavaScript used to show
    one resource's columns at a time (these admins have one resource each)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("resource-id", None)


class SpreadsheetImportExportAdmin(ImportExportModelAdmin):
    """Base of every admin that imports spreadsheets; set ``import_kind`` and implement
    ``import_template()`` (the XLSX to download)."""

    import_kind: str = ""
    import_template_name = "admin/portal_import.html"
    export_template_name = "admin/portal_export.html"
    export_form_class = PortalExportForm
    import_form_class = PortalImportForm
    template_file_name = "mau-nhap"

    # --- formats -----------------------------------------------------------------------------

    def get_import_formats(self):
        # One entry: the file's type is read from its content, with the safety checks.
        return [SafeSpreadsheetFormat]

    def get_export_formats(self):
        return [SafeXLSXExport, SafeCSVExport]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    # --- preview and record ------------------------------------------------------------------

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None:
            context["title"] = _("Nhập dữ liệu từ bảng tính: %(model)s") % {
                "model": self.model._meta.verbose_name_plural
            }
            context["template_url"] = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_import_template",
                current_app=self.admin_site.name,
            )
            if context.get("result") is not None:
                context["preview"] = preview_of(context["result"])
        return response

    def process_result(self, result, request):
        # A confirmed import (never the preview) is recorded: who, when, file, counts.
        ImportRecord.objects.create(
            kind=self.import_kind,
            file_name=(request.POST.get("original_file_name") or "")[:255],
            user=request.user,
            new=result.totals.get("new", 0),
            changed=result.totals.get("update", 0),
            unchanged=result.totals.get("skip", 0),
            changes=getattr(result, "change_log", {}),
        )
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        messages.success(
            request,
            _(
                "Đã nhập xong: %(new)s dòng mới, %(changed)s dòng thay đổi, %(unchanged)s dòng "
                "không đổi."
            )
            % {
                "new": result.totals.get("new", 0),
                "changed": result.totals.get("update", 0),
                "unchanged": result.totals.get("skip", 0),
            },
        )

    # --- template ----------------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "mau-nhap/",
                self.admin_site.admin_view(self.template_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template(self) -> bytes:
        raise NotImplementedError

    def template_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        # The template is for the offices that fill it: Vietnamese whatever the admin's language.
        with translation.override("vi"):
            content = self.import_template()
        response = HttpResponse(content, content_type=XLSX_TYPE)
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.template_file_name}-{stamp}.xlsx"'
        )
        return response
