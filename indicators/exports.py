"""CSV and XLSX downloads of exactly the table a page shows, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

from localities.spreadsheets import neutralise


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return value
    return neutralise(str(value)) if not isinstance(value, int | float) else value


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 with diacritics correctly only with a BOM
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([_plain(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=filename[:31])

    def cell(value):
        if isinstance(value, Decimal):
            return float(value)
        if value is None:
            return None
        if isinstance(value, int | float):
            return value
        # Text is stored as a string cell: never parsed as a formula, shown exactly as is.
        text_cell = WriteOnlyCell(sheet, value=str(value))
        text_cell.data_type = "s"
        return text_cell

    sheet.append([cell(h) for h in headers])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def table_response(fmt: str, filename: str, headers, rows) -> HttpResponse | None:
    if fmt == "csv":
        return csv_response(filename, headers, rows)
    if fmt == "xlsx":
        return xlsx_response(filename, headers, rows)
    return None
