"""CSV and XLSX downloads of exactly the table a page shows, safe to open in a spreadsheet,
each followed by its source and licence lines. A long table (an iterator over a query) is
streamed as its rows are read, CSV and XLSX alike: the first bytes leave at once and memory
stays bounded, whatever the table's length."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from spreadsheets.reading import csv_chunks, csv_text, xlsx_bytes, xlsx_chunks


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
    fmt: str, filename: str, headers: Sequence, rows: Iterable[Sequence], *, sources=()
) -> HttpResponseBase | None:
    """The table as CSV or XLSX (None for another format), followed by its source and
    licence lines. A page's table (a list) is sent in one piece; an iterator over a long
    query (the catalogue) is streamed."""
    streamed = not isinstance(rows, list | tuple)
    # The lines are built now, in the request's language, not when the body is read.
    rows = itertools.chain(rows, provenance_rows(sources))
    content_type = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }.get(fmt)
    if content_type and not streamed:
        body = (
            csv_text(headers, rows).encode()
            if fmt == "csv"
            else xlsx_bytes(filename, headers, rows)
        )
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
        return response
    if fmt in ("csv", "xlsx"):
        chunks = (
            (chunk.encode() for chunk in csv_chunks(headers, rows))
            if fmt == "csv"
            else xlsx_chunks(filename, headers, rows)
        )
        stream = StreamingHttpResponse(chunks, content_type=content_type)
        stream["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
        return stream
    return None
