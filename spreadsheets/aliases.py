"""Import and export of unit name aliases (admin): "another name this unit goes by".

A row names the unit by level and code, with a year when the code was used by different units
in different periods (before and after 1 July 2025); the official name, if given, must agree.
Rows are matched by natural key (unit, folded alias), never by database id.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields

from localities.display import last_full_year
from localities.models import AdministrativeUnit, UnitAlias
from localities.text import fold, nfc
from spreadsheets.cells import CellError, parse_year
from spreadsheets.reading import legacy_text_error
from spreadsheets.resources import NaturalKeyResource
from spreadsheets.workbook import (
    TemplateColumn,
    build_template,
    province_sheet,
    unit_sheet,
)

COLUMNS = {
    "name": "Tên gọi khác",
    "level": "Cấp",
    "code": "Mã đơn vị",
    "unit": "Tên đơn vị",
    "year": "Năm",
    "note": "Ghi chú",
}
REQUIRED = ("name", "level", "code")
#: The years a unit's code may be given for: the Democratic Republic's first units onwards.
FIRST_UNIT_YEAR, LAST_UNIT_YEAR = 1945, 2100
LEVEL_WORDS = {
    "1": AdministrativeUnit.Level.PROVINCE,
    "tinh": AdministrativeUnit.Level.PROVINCE,
    "cap tinh": AdministrativeUnit.Level.PROVINCE,
    "province": AdministrativeUnit.Level.PROVINCE,
    "2": AdministrativeUnit.Level.DISTRICT,
    "huyen": AdministrativeUnit.Level.DISTRICT,
    "cap huyen": AdministrativeUnit.Level.DISTRICT,
    "district": AdministrativeUnit.Level.DISTRICT,
    "3": AdministrativeUnit.Level.COMMUNE,
    "xa": AdministrativeUnit.Level.COMMUNE,
    "cap xa": AdministrativeUnit.Level.COMMUNE,
    "commune": AdministrativeUnit.Level.COMMUNE,
}


class UnitAliasResource(NaturalKeyResource):
    column_labels = COLUMNS
    required_columns = REQUIRED

    name = fields.Field(attribute="name", column_name=COLUMNS["name"])
    level = fields.Field(column_name=COLUMNS["level"])
    code = fields.Field(column_name=COLUMNS["code"])
    unit = fields.Field(column_name=COLUMNS["unit"])
    year = fields.Field(column_name=COLUMNS["year"])
    note = fields.Field(attribute="note", column_name=COLUMNS["note"])

    class Meta:
        model = UnitAlias
        fields = ("name", "level", "code", "unit", "year", "note")
        export_order = fields

    # --- export -----------------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("unit")

    def dehydrate_level(self, alias: UnitAlias) -> str:
        return str(alias.unit.get_level_display())

    def dehydrate_code(self, alias: UnitAlias) -> str:
        return alias.unit.code

    def dehydrate_unit(self, alias: UnitAlias) -> str:
        return alias.unit.name

    def dehydrate_year(self, alias: UnitAlias) -> str:
        year = last_full_year(alias.unit)
        return "" if year is None else str(year)

    # --- import -----------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs) -> None:
        by_label = {fold(label): key for key, label in COLUMNS.items()}
        self.map_headers(dataset, lambda header: by_label.get(fold(header)))
        with translation.override("en"):  # the labels in English too ("Provincial level")
            english = {fold(str(label)): value for value, label in AdministrativeUnit.Level.choices}
        self._levels = {**LEVEL_WORDS, **english}
        self._units: dict[tuple[int, str], list[AdministrativeUnit]] = {}
        for unit in AdministrativeUnit.objects.only(
            "id", "level", "code", "name", "short_name", "valid_from", "valid_to", "search_key"
        ):
            self._units.setdefault((unit.level, unit.code), []).append(unit)
        self._existing = {(a.unit_id, a.search_key): a for a in UnitAlias.objects.all()}
        self._seen: dict[tuple[int, str], int] = {}

    def _unit(self, number: int, text: dict) -> AdministrativeUnit:
        level = self._levels.get(fold(text.get("level", "")))
        if level is None:
            raise self.row_error(
                number, "level", text.get("level"), _("cấp phải là Cấp tỉnh, Cấp huyện hoặc Cấp xã")
            )
        code = text.get("code", "")
        if code.endswith(".0") and code[:-2].isdigit():
            code = code[:-2]  # spreadsheets turn 00004 into 4.0
        width = {1: 2, 2: 3, 3: 5}[level]
        code = code.zfill(width) if code.isdigit() else code
        units = self._units.get((level, code), [])
        year_text = text.get("year", "")
        if year_text:
            try:
                year = parse_year(year_text, first=FIRST_UNIT_YEAR, last=LAST_UNIT_YEAR)
            except CellError as exc:
                raise self.row_error(number, "year", year_text, exc) from None
            units = [u for u in units if u.is_valid_in(year)]
        elif len(units) > 1:
            units = [u for u in units if u.is_current] or units
        if not units:
            raise self.row_error(
                number,
                "code",
                code,
                _("không có đơn vị %(level)s nào mang mã này")
                % {"level": AdministrativeUnit.Level(level).label.lower()},
            )
        if len(units) > 1:
            raise self.row_error(
                number,
                "code",
                code,
                _("mã này thuộc nhiều đơn vị ở các thời kỳ khác nhau (%(names)s): ghi thêm năm")
                % {"names": ", ".join(f"{u.name} {u.period_label}" for u in units)},
            )
        unit = units[0]
        official = text.get("unit", "")
        if official and fold(official) not in {fold(unit.name), unit.search_key}:
            raise self.row_error(
                number,
                "unit",
                official,
                _("không khớp với mã %(code)s (%(name)s)") % {"code": code, "name": unit.name},
            )
        return unit

    def before_import_row(self, row, **kwargs) -> None:
        number = kwargs.get("row_number", 0) + 1
        text = {k: nfc(str(v)).strip() if v is not None else "" for k, v in row.items()}
        for column in ("name", "unit", "note"):
            reason = legacy_text_error(text.get(column, ""))
            if reason:
                raise self.row_error(number, column, text[column], reason)
        name = text.get("name", "")
        if not fold(name):
            raise self.row_error(number, "name", name, _("tên gọi khác không được để trống"))
        if len(name) > 150:
            raise self.row_error(number, "name", name[:60] + "…", _("dài quá 150 ký tự"))
        unit = self._unit(number, text)
        key = (unit.pk, fold(name))
        if key in self._seen:
            raise ValidationError(
                _("Dòng %(row)s trùng với dòng %(first)s: cùng tên “%(name)s” cho %(unit)s.")
                % {"row": number, "first": self._seen[key], "name": name, "unit": unit.name}
            )
        self._seen[key] = number
        row["_unit"] = unit
        row["_key"] = key
        row["_resolved"] = [(text.get("unit") or text.get("code", ""), unit)]
        # An empty cell, or a column the file lacks, leaves the note as it is.
        row["_values"] = {"name": name}
        if text.get("note"):
            row["_values"]["note"] = text["note"][:255]

    def get_instance(self, instance_loader, row):
        instance = self._existing.get(row["_key"])
        if instance is not None:
            instance.unit = row["_unit"]
        return instance

    def init_instance(self, row=None):
        return UnitAlias(unit=row["_unit"])


def alias_template() -> bytes:
    columns = [
        TemplateColumn(
            COLUMNS["name"],
            _("Tên như các tệp gửi đến hay viết, ví dụ “TP Thanh Hoá cũ”."),
            True,
            width=30,
        ),
        TemplateColumn(
            COLUMNS["level"],
            _("Cấp của đơn vị được gọi bằng tên này."),
            True,
            choices=[str(label) for label in AdministrativeUnit.Level.labels],
            width=12,
        ),
        TemplateColumn(
            COLUMNS["code"],
            _("Mã của đơn vị (tỉnh 2 chữ số, huyện 3, xã 5): xem trang “Đơn vị hành chính”."),
            True,
            width=12,
        ),
        TemplateColumn(COLUMNS["unit"], _("Không bắt buộc; nếu có, phải khớp với mã."), width=30),
        TemplateColumn(
            COLUMNS["year"],
            _(
                "Cần khi mã đã dùng cho đơn vị khác trước 01/7/2025: một năm đơn vị còn hiệu "
                "lực. Để trống là đơn vị hiện nay."
            ),
            width=8,
        ),
        TemplateColumn(COLUMNS["note"], width=30),
    ]
    example = ["P. Hàm Rồng, TP Thanh Hoá", "Cấp xã", "14755", "Phường Hàm Rồng", "2024", ""]
    return build_template(_("Tên gọi khác"), columns, example, [province_sheet(), unit_sheet()])
