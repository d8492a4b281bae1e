"""CSV and XLSX downloads of exactly the table a page shows, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from spreadsheets.reading import csv_text, neutralise, xlsx_bytes


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


def _csv_cell(value):
    # As spreadsheets.reading.csv_text: numbers stay numbers, formulas are neutralised.
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    return neutralise(str(value))


class _Echo:
    """A file-like object whose ``write`` returns what it was given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_stream(headers: Sequence, rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The bytes of :func:`spreadsheets.reading.csv_text`, produced row by row."""
    writer = csv.writer(_Echo())
    yield ("\ufeff" + writer.writerow([_csv_cell(h) for h in headers])).encode()
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow([_csv_cell(v) for v in row]))
        if len(batch) == 200:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def xlsx_file(title: str, headers: Sequence, rows: Iterable[Sequence]):
    """As :func:`spreadsheets.reading.xlsx_bytes` (text stored as text), written row by row
    by openpyxl's write-only mode into a temporary file, returned open at its start."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])

    def cell(value):
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int | float | Decimal):
            return float(value) if isinstance(value, Decimal) else value
        text = WriteOnlyCell(sheet, value=str(value))
        text.data_type = "s"
        return text

    sheet.append([cell(h) for h in headers])
    for row in rows:
        sheet.append([cell(v) for v in row])
    # Returned open: FileResponse reads it and closes it (the file is deleted on close).
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle


def stream_table_response(fmt: str, filename: str, headers, rows):
    """Like :func:`table_response` for a long table given as an iterator: the CSV is streamed
    as the rows are read; the XLSX is written to a temporary file, then sent from it. Memory
    stays bounded by the iterator's chunk."""
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_stream(headers, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if fmt == "xlsx":
        return FileResponse(
            xlsx_file(filename, headers, rows),
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return None
