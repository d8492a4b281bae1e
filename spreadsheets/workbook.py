"""XLSX templates to download from the admin's import pages.

Each template has the import's header row (with a note on every header saying what goes
there), one filled example row, drop-down lists where a column takes one of a few values, and
reference sheets of province and unit names with their codes, so that whoever fills the file
in Excel writes names the import will recognise.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from localities.models import AdministrativeUnit

#: Rows of the data sheet that carry the drop-down lists.
VALIDATED_ROWS = 5000
LISTS_SHEET = "Danh mục"


@dataclass(frozen=True)
class TemplateColumn:
    header: str
    note: str = ""
    required: bool = False
    #: Values offered in a drop-down list.
    choices: Sequence[str] = ()
    #: True: only the listed values are accepted by Excel; False: the list is a suggestion
    #: (columns that take several values separated by ";").
    strict: bool = True
    width: int = 22


@dataclass
class ReferenceSheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence] = field(default_factory=list)
    widths: Sequence[int] = ()


def province_sheet() -> ReferenceSheet:
    """Every province-level unit, current and former, with its code and period."""
    units = AdministrativeUnit.objects.provinces().select_related("successor")
    rows = (
        (
            unit.code,
            unit.name,
            unit.short_name,
            unit.period_label,
            unit.successor.name if unit.successor_id else "",
        )
        for unit in units.order_by("valid_to", "code")
    )
    return ReferenceSheet(
        _("Tỉnh, thành phố"),
        [_("Mã tỉnh"), _("Tên đầy đủ"), _("Tên ngắn"), _("Hiệu lực"), _("Nay thuộc")],
        rows,
        (10, 34, 24, 26, 30),
    )


def unit_sheet() -> ReferenceSheet:
    """Every unit of every level with its code, its parents and its period (14,000 rows)."""
    units = AdministrativeUnit.objects.select_related("parent__parent").order_by(
        "valid_to", "level", "code"
    )
    # Labels made once, not on each of the 14,000 rows: three levels and a few periods.
    levels = {value: str(label) for value, label in AdministrativeUnit.Level.choices}
    periods: dict[tuple, str] = {}

    def rows():
        for unit in units.iterator(chunk_size=2000):
            parent = unit.parent
            grandparent = parent.parent if parent is not None else None
            span = (unit.valid_from, unit.valid_to)
            if span not in periods:
                periods[span] = unit.period_label
            yield (
                levels.get(unit.level, unit.level),
                unit.code,
                unit.name,
                parent.name if parent else "",
                grandparent.name if grandparent else "",
                periods[span],
            )

    return ReferenceSheet(
        _("Đơn vị hành chính"),
        [_("Cấp"), _("Mã"), _("Tên"), _("Thuộc"), _("Thuộc tỉnh"), _("Hiệu lực")],
        rows(),
        (12, 10, 34, 34, 30, 30),
    )


def build_template(
    title: str,
    columns: Sequence[TemplateColumn],
    example: Sequence,
    references: Sequence[ReferenceSheet] = (),
) -> bytes:
    """The workbook as bytes: data sheet first (the one the import reads)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    # Write-only: the 14,000-row unit sheet is streamed, not held as cell objects.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    lists = workbook.create_sheet(LISTS_SHEET)
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FFF2CC")

    def text_cell(target, value, *, header: bool = False):
        cell = WriteOnlyCell(target, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # shown as typed, never run as a formula
        if header:
            cell.font = bold
        return cell

    header_cells = []
    for position, column in enumerate(columns, start=1):
        cell = text_cell(sheet, column.header, header=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column.required:
            cell.fill = required_fill
        note = column.note
        if column.required:
            note = (_("Bắt buộc.") + " " + note).strip()
        if note:
            cell.comment = Comment(note, "Cổng CCHC", width=320, height=140)
        header_cells.append(cell)
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append(header_cells)
    sheet.append([text_cell(sheet, value) for value in example])

    # The drop-down lists: one column of the "Danh mục" sheet per list.
    choice_columns = [c for c in columns if c.choices]
    longest = max((len(c.choices) for c in choice_columns), default=0)
    lists.append([text_cell(lists, c.header, header=True) for c in choice_columns])
    for offset in range(longest):
        lists.append(
            [
                text_cell(lists, c.choices[offset]) if offset < len(c.choices) else None
                for c in choice_columns
            ]
        )
    list_column = 0
    for position, column in enumerate(columns, start=1):
        if not column.choices:
            continue
        list_column += 1
        letter = get_column_letter(list_column)
        lists.column_dimensions[letter].width = min(60, max(len(c) for c in column.choices) + 2)
        last = len(column.choices) + 1
        validation = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if column.strict else "information",
            errorTitle=_("Giá trị không có trong danh sách"),
            error=_("Hãy chọn một giá trị trong danh sách của cột “%(column)s”.")
            % {"column": column.header},
        )
        target = get_column_letter(position)
        validation.add(f"{target}2:{target}{VALIDATED_ROWS}")
        sheet.data_validations.append(validation)

    for reference in references:
        extra = workbook.create_sheet(reference.title[:31])
        for position, width in enumerate(reference.widths, start=1):
            extra.column_dimensions[get_column_letter(position)].width = width
        extra.freeze_panes = "A2"
        extra.append([text_cell(extra, h, header=True) for h in reference.headers])
        for row in reference.rows:
            extra.append(list(row))

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
