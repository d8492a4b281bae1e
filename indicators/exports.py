"""CSV and XLSX downloads of exactly the table a page shows, safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _

from spreadsheets.reading import csv_text, xlsx_bytes


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(csv_text(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(filename, headers, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def provenance_rows(sources: Sequence[str] = ()) -> list[list[str]]:
    """The lines under every downloaded table: where its figures come from and on what terms
    they may be reused. Without named sources, the portal itself is the source."""
    lines = list(sources) or [_("Cổng thông tin cải cách hành chính (dữ liệu do cán bộ nhập)")]
    return [
        [],
        *[[_("Nguồn: %(source)s") % {"source": line}] for line in lines],
        [
            _(
                "Giấy phép: số liệu công khai của cơ quan công bố; được dùng lại khi ghi rõ "
                "nguồn như trên."
            )
        ],
    ]


def table_response(
    fmt: str, filename: str, headers, rows, *, sources: Sequence[str] = ()
) -> HttpResponse | None:
    """The table as CSV or XLSX, followed by its source and licence lines."""
    rows = [*rows, *provenance_rows(sources)]
    if fmt == "csv":
        return csv_response(filename, headers, rows)
    if fmt == "xlsx":
        return xlsx_response(filename, headers, rows)
    return None
