"""Reading an uploaded spreadsheet safely: by content, within size and row bounds.

The file's type comes from its bytes, not its name (an .exe renamed .xlsx is refused); an XLSX
is checked for a zip bomb before it is opened; sheets are streamed, formula cells read as their
cached values, and a sheet that claims a million empty rows stops after a run of blank ones.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import itertools
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape as xml_escape

import tablib
from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from localities.resolve import unit_label
from localities.text import fold, nfc
from spreadsheets.cells import format_number
from spreadsheets.legacy_text import suggest

MAX_ROWS = 200_000
#: A run of this many blank rows ends the sheet (the rest is formatting, not data).
BLANK_RUN = 1_000
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 200


#: A cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Rows of a valid file shown in an import preview (the counts cover the whole file).
PREVIEW_SAMPLE = 20
#: Errors listed in an import preview; the rest are counted.
PREVIEW_ERRORS = 200
#: Changed rows whose differences a preview shows field by field; the rest are counted.
PREVIEW_DIFFS = 20
#: Names of the file listed with the unit each was resolved to; the rest are counted.
PREVIEW_NAMES = 100


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@functools.lru_cache(maxsize=8192)
def _legacy(value: str) -> tuple[str, str] | None:
    # Cells repeat (63 province names, a few index and component names): check each text once.
    return suggest(value)


def legacy_text_error(value: str) -> str | None:
    """Why a cell typed in a legacy Vietnamese font (TCVN3 "Hµ Néi", VNI "Haø Noäi") cannot be
    imported as it is, with the text it probably means; None for ordinary text."""
    found = _legacy(value) if value and not value.isascii() else None
    if found is None:
        return None
    encoding, converted = found
    return _(
        "chữ gõ bằng bảng mã cũ %(encoding)s, có lẽ là “%(converted)s”; hãy chuyển tệp sang "
        "Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi tải lên lại"
    ) % {"encoding": encoding, "converted": converted}


class SpreadsheetError(ValueError):
    """The file cannot be read as a table (type, size, encoding): nothing was imported."""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # 81.98 stored as 81.97999999 in binary: show what the person typed.
        return format(Decimal(repr(value)).normalize(), "f") if value == value else ""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return nfc(str(value)).strip()


def _table(rows, name: str) -> tablib.Dataset:
    rows_iter = iter(rows)
    header = None
    for row in rows_iter:
        if any(_cell(v) for v in row):
            header = [_cell(v) for v in row]
            break
    if header is None:
        raise SpreadsheetError(_("Tệp %(name)s không có dữ liệu.") % {"name": name})
    while header and not header[-1]:
        header.pop()
    width = len(header)
    dataset = tablib.Dataset(headers=header)
    blank_run = 0
    for row in rows_iter:
        values = [_cell(v) for v in list(row)[:width]]
        if not any(values):
            blank_run += 1
            if blank_run >= BLANK_RUN:
                break
            continue
        blank_run = 0
        dataset.append((values + [""] * width)[:width])
        if len(dataset) > MAX_ROWS:
            raise SpreadsheetError(
                _("Tệp %(name)s có hơn %(max)s dòng dữ liệu: hãy chia nhỏ tệp.")
                % {"name": name, "max": f"{MAX_ROWS:,}".replace(",", ".")}
            )
    return dataset


def _xlsx(raw: bytes, name: str) -> tablib.Dataset:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError(_("Tệp %(name)s bị hỏng, không mở được.") % {"name": name}) from exc
    members = archive.infolist()
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise SpreadsheetError(
            _("Tệp %(name)s là tệp nén nhưng không phải bảng tính Excel (XLSX).") % {"name": name}
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED or any(
        m.compress_size and m.file_size / m.compress_size > MAX_RATIO and m.file_size > 10_000_000
        for m in members
    ):
        raise SpreadsheetError(
            _("Tệp %(name)s giải nén ra quá lớn (nghi là “bom nén”): không đọc.") % {"name": name}
        )
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        return _table(workbook.worksheets[0].iter_rows(values_only=True), name)
    finally:
        workbook.close()


def _xls(raw: bytes, name: str) -> tablib.Dataset:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=raw, on_demand=True)
    except xlrd.XLRDError as exc:
        raise SpreadsheetError(
            _("Tệp %(name)s (XLS) bị hỏng, không mở được.") % {"name": name}
        ) from exc
    sheet = book.sheet_by_index(0)
    if sheet.nrows > MAX_ROWS + BLANK_RUN:
        raise SpreadsheetError(
            _("Tệp %(name)s có hơn %(max)s dòng: hãy chia nhỏ tệp.")
            % {"name": name, "max": MAX_ROWS}
        )
    return _table((sheet.row_values(i) for i in range(sheet.nrows)), name)


def _csv(raw: bytes, name: str) -> tablib.Dataset:
    try:
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            text = raw.decode("utf-16")
        else:
            text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            _(
                "Tệp %(name)s không phải CSV mã UTF-8 (có thể là Windows-1258 hoặc TCVN3): hãy mở "
                "bằng Excel và lưu lại với kiểu “CSV UTF-8”."
            )
            % {"name": name}
        ) from exc
    if "\x00" in text:
        raise SpreadsheetError(
            _("Tệp %(name)s không phải bảng tính hay CSV (nội dung nhị phân).") % {"name": name}
        )
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _table(csv.reader(io.StringIO(text), dialect), name)


def read_table(raw: bytes, name: str) -> tablib.Dataset:
    """The first sheet of an XLSX or XLS file, or a CSV file, as a Dataset of text cells."""
    limit = settings.IMPORT_MAX_FILE_SIZE
    if len(raw) > limit:
        raise SpreadsheetError(
            _("Tệp %(name)s nặng %(size)s MB, vượt giới hạn %(limit)s MB.")
            % {"name": name, "size": round(len(raw) / 1048576, 1), "limit": round(limit / 1048576)}
        )
    if raw[:2] == b"\x1f\x8b":  # .csv.gz shipped with the demo data
        raw = gzip.GzipFile(fileobj=io.BytesIO(raw)).read(limit + 1)
        if len(raw) > limit:
            raise SpreadsheetError(_("Tệp %(name)s giải nén ra quá lớn.") % {"name": name})
    if raw.startswith(b"PK\x03\x04"):
        return _xlsx(raw, name)
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _xls(raw, name)
    if raw.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"MZ", b"\x7fELF")):
        raise SpreadsheetError(
            _("Tệp %(name)s không phải bảng tính (XLSX, XLS) hay CSV.") % {"name": name}
        )
    return _csv(raw, name)


class SafeSpreadsheetFormat:
    """django-import-export input format: XLSX, XLS or CSV recognised by content and read by
    :func:`read_table` (size, zip-bomb, row and encoding checks) instead of tablib directly."""

    def __init__(self, encoding: str | None = None, **kwargs) -> None:
        # The admin passes its from_encoding; the encoding is read from the file instead.
        self.encoding = encoding

    def get_title(self) -> str:
        return _("Bảng tính (XLSX, XLS hoặc CSV)")

    def create_dataset(self, in_stream, **kwargs) -> tablib.Dataset:
        raw = in_stream if isinstance(in_stream, bytes) else in_stream.encode("utf-8")
        return read_table(raw, _("tải lên"))

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def get_extension(self) -> str:
        return "xlsx"

    def get_content_type(self) -> str:
        return "application/octet-stream"

    @classmethod
    def is_available(cls) -> bool:
        return True

    def can_import(self) -> bool:
        return True

    def can_export(self) -> bool:
        return False


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    return neutralise(str(value))


class _Echo:
    """A file-like object whose ``write`` returns what it was given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(headers: Sequence, rows: Iterable[Sequence]) -> Iterator[str]:
    """CSV with a BOM (Excel shows the diacritics only then), produced row by row (200 rows a
    chunk); text that a spreadsheet would run as a formula gets a leading apostrophe, numbers
    stay numbers."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([_csv_cell(h) for h in headers])
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow([_csv_cell(v) for v in row]))
        if len(batch) == 200:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def csv_text(headers: Sequence, rows: Iterable[Sequence]) -> str:
    """The whole of :func:`csv_chunks` as one string."""
    return "".join(csv_chunks(headers, rows))


#: The fixed parts of a one-sheet workbook (Office Open XML, SpreadsheetML).
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        '<Relationship Id="rId2" Target="styles.xml" Type="http://schemas.openxmlformats.org'
        '/officeDocument/2006/relationships/styles"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: Characters XML 1.0 cannot hold (a spreadsheet would refuse the file): dropped from text.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Rows of the sheet compressed between two chunks handed to the response.
XLSX_ROWS_PER_CHUNK = 200


class _Sink:
    """What ``zipfile`` writes into: no ``tell``/``seek``, so it writes a streamable archive
    (each entry's sizes after its data); the bytes are taken out as they come."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def _xlsx_cell(value) -> str:
    if value is None:
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal) and math.isfinite(value):
        return f"<c><v>{value}</v></c>"
    text = xml_escape(_XML_ILLEGAL.sub("", str(value)))
    return f'<c t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def xlsx_chunks(title: str, headers: Sequence, rows: Iterable[Sequence]) -> Iterator[bytes]:
    """A one-sheet workbook, produced as the rows are read: the archive is written with the
    standard library's ``zipfile`` into a stream (sizes after each entry's data), the sheet
    one row at a time, handed out every ``XLSX_ROWS_PER_CHUNK`` rows; the first bytes come
    before the first row is read, and memory holds one chunk. Every text cell is stored as
    text (an inline string), so "=HYPERLINK(…)" in a name is shown as typed, never run;
    numbers stay numbers."""
    sink = _Sink()
    sheet_name = xml_escape(_XML_ILLEGAL.sub("", title)[:31] or "Sheet1", {'"': "&quot;"})
    parts = {
        **_XLSX_PARTS,
        "xl/workbook.xml": (
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
    }
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, _XML_DECLARATION + xml)
        yield sink.take()
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                (
                    _XML_DECLARATION
                    + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                    'main"><sheetData>'
                ).encode()
            )
            for number, row in enumerate(itertools.chain([headers], rows), start=1):
                cells = "".join(_xlsx_cell(value) for value in row)
                sheet.write(f"<row>{cells}</row>".encode())
                if number % XLSX_ROWS_PER_CHUNK == 0:
                    chunk = sink.take()
                    if chunk:
                        yield chunk
            sheet.write(b"</sheetData></worksheet>")
    yield sink.take()


def xlsx_bytes(title: str, headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    """The workbook of :func:`xlsx_chunks`, in one piece (a page's table, the admin's
    exports)."""
    return b"".join(xlsx_chunks(title, headers, rows))


class SafeCSVExport(base_formats.CSV):
    """The admin's CSV export, through :func:`csv_text`."""

    def export_data(self, dataset, **kwargs):
        return csv_text(dataset.headers or [], dataset)


class SafeXLSXExport(base_formats.XLSX):
    """The admin's XLSX export, through :func:`xlsx_bytes`."""

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(dataset.title or "Dữ liệu", dataset.headers or [], dataset)


class PreviewSampleMixin:
    """For import resources: keeps the first rows of a file, as read, with what the import
    would do to each, on ``result.sample`` (``result.sample_headers``), so a preview of a
    30,000-row file shows counts and a sample instead of every row; the field-by-field
    differences of the first changed rows (``result.diffs``, ``result.diff_count``); and the
    unit each name of the file was resolved to (``result.resolved``)."""

    def import_data(self, dataset, **kwargs):
        # Before ``before_import``, which may rename the columns to the resource's own keys.
        self._sample_headers = list(dataset.headers or [])
        self._sample: list[tuple[int, str, list[str]]] = []
        self._diffs: list[tuple[int, str, list[tuple[str, str, str]]]] = []
        self._diff_count = 0
        self._resolved: dict[tuple[str, int], tuple[str, str]] = {}
        self._resolved_count = 0
        return super().import_data(dataset, **kwargs)

    def import_row(self, row, instance_loader, **kwargs):
        values = ["" if v is None else str(v) for v in row.values()]  # as read, in file order
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.validation_error or row_result.errors:
            return row_result
        number = kwargs.get("row_number", 0) + 1
        if len(self._sample) < PREVIEW_SAMPLE:
            self._sample.append((number, row_result.import_type, values))
        diff = row.get("_diff")
        if diff is not None and row_result.import_type == "update":
            self._diff_count += 1
            if len(self._diffs) < PREVIEW_DIFFS:
                self._diffs.append((number, *describe_diff(*diff)))
        for written, unit in row.get("_resolved", ()):
            key = (written, unit.pk)
            if key not in self._resolved:
                self._resolved_count += 1
                if len(self._resolved) < PREVIEW_NAMES:
                    self._resolved[key] = (written, unit_label(unit))
        return row_result

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        result.sample_headers = self._sample_headers
        result.sample = self._sample
        result.diffs = self._diffs
        result.diff_count = self._diff_count
        result.resolved = sorted(self._resolved.values(), key=lambda pair: fold(pair[0]))
        result.resolved_count = self._resolved_count


def display_value(field, value) -> str:
    """A field's value as the preview shows it: "76,23", "—" for nothing, a choice's label."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, Decimal):
        # At least two decimals, as scores are published: 76.2 read from a file is 76,20
        # beside the 76,23 it replaces.
        text = format_number(value)
        whole, _sep, decimals = text.partition(",")
        return f"{whole},{decimals.ljust(2, '0')}"
    if isinstance(value, Decimal | int | float):
        return format_number(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def describe_diff(instance, changed: dict) -> tuple[str, list[tuple[str, str, str]]]:
    """The record and each changed field as (label, old, new), as the preview shows them."""
    opts = instance._meta
    fields = []
    for name, (old, new) in changed.items():
        field = opts.get_field(name)
        if field.is_relation and old is not None and not isinstance(old, models.Model):
            old = field.related_model._default_manager.filter(pk=old).first()
        fields.append(
            (str(field.verbose_name), display_value(field, old), display_value(field, new))
        )
    return str(instance), fields
