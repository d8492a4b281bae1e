"""The yearly PAR self-assessment pack of a province (/tu-danh-gia/<code>/<year>/): the page,
its print view, the XLSX and the ZIP, and the one-click request to a commune for missing
evidence. Every view starts with the gatekeeper of assessment.permissions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment.outputs import build_xlsx, build_zip, columns, gap_lines, heading_lines
from assessment.pack import build_pack, gap_labels, missing_evidence
from assessment.permissions import get_initiative_for_assessor, get_province_for_assessor
from initiatives.models import WorkflowError
from initiatives.workspace import notify

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def base_url(request: HttpRequest) -> str:
    """Absolute links: the configured site address, else the one the request came to."""
    return getattr(settings, "SITE_URL", "") or request.build_absolute_uri("/").rstrip("/")


def _filename(pack, ext: str) -> str:
    return f"tu-danh-gia-cchc-{pack.province.code}-{pack.year}.{ext}"


def pack_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    province = get_province_for_assessor(request, code, year)
    pack = build_pack(province, year)
    return render(request, "assessment/pack.html", {"pack": pack, "print_view": False})


def pack_print(request: HttpRequest, code: str, year: int) -> HttpResponse:
    province = get_province_for_assessor(request, code, year)
    pack = build_pack(province, year)
    url = base_url(request)
    return render(
        request,
        "assessment/pack_print.html",
        {
            "pack": pack,
            "headings": heading_lines(pack),
            "columns": [label for label, _get in columns(url)],
            "groups": [
                (group, [[get(e) for _label, get in columns(url)] for e in group.entries])
                for group in pack.groups
            ],
            "gap_rows": gap_lines(pack, url),
        },
    )


def pack_xlsx(request: HttpRequest, code: str, year: int) -> HttpResponse:
    province = get_province_for_assessor(request, code, year)
    pack = build_pack(province, year)
    response = HttpResponse(build_xlsx(pack, base_url(request)), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(pack, "xlsx")}"'
    return response


def pack_zip(request: HttpRequest, code: str, year: int) -> FileResponse:
    province = get_province_for_assessor(request, code, year)
    pack = build_pack(province, year)
    return FileResponse(
        build_zip(pack, base_url(request)),
        as_attachment=True,
        filename=_filename(pack, "zip"),
        content_type="application/zip",
    )


def supplement_comment(year: int, gaps: list[str]) -> str:
    labels = gap_labels()
    return _(
        "Sở Nội vụ đề nghị xã bổ sung cho hồ sơ tự đánh giá CCHC năm %(year)s: %(missing)s. "
        "Vui lòng gửi bổ sung tài liệu kiểm chứng cho Sở Nội vụ."
    ) % {"year": year, "missing": "; ".join(labels[g] for g in gaps)}


@require_POST
def request_supplement(request: HttpRequest, code: str, year: int, pk: int) -> HttpResponse:
    """One click on a gap: the record stays published; the request, with a comment naming
    what is missing, goes in its history (the commune sees it on its record page) and to its
    author by e-mail."""
    province, initiative = get_initiative_for_assessor(request, code, year, pk)
    gaps = missing_evidence(initiative)
    if not gaps:
        messages.info(request, _("Hồ sơ “%(title)s” đã đủ tài liệu.") % {"title": initiative.title})
        return redirect("assessment:pack", code=province.code, year=year)
    try:
        initiative.transition("request_supplement", request.user, supplement_comment(year, gaps))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        notify(initiative, "request_supplement")
        messages.success(
            request,
            _("Đã đề nghị xã bổ sung hồ sơ “%(title)s”.") % {"title": initiative.title},
        )
    return redirect("assessment:pack", code=province.code, year=year)
