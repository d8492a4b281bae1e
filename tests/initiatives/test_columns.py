"""The columns of an initiative are declared once (initiatives/columns.py): the export, the
import, the template and the form agree with the declaration."""

from __future__ import annotations

import io

import pytest
import tablib
from openpyxl import load_workbook

from initiatives.columns import CHOICE, COLUMNS, DATE, TEXT, YEAR
from initiatives.forms import InitiativeForm
from initiatives.importing import InitiativeResource
from initiatives.models import Initiative
from initiatives.workbook import initiative_template

pytestmark = pytest.mark.django_db
HEADERS = [column.header for column in COLUMNS]


def test_export_template_and_import_read_the_same_columns():
    assert InitiativeResource().get_export_headers() == HEADERS
    # Read-only: only the header row is parsed, not the 14,000-row unit sheet.
    sheet = load_workbook(io.BytesIO(initiative_template()), read_only=True).worksheets[0]
    assert list(next(sheet.iter_rows(max_row=1, values_only=True))) == HEADERS
    assert InitiativeResource.column_labels == {c.key: c.header for c in COLUMNS}


def test_every_declared_field_is_in_the_form():
    fields = {column.field for column in COLUMNS if column.field}
    assert fields <= set(InitiativeForm._meta.fields)


def test_every_declared_field_is_imported_from_its_column():
    examples = {TEXT: "Ghi chép", YEAR: "2019", DATE: "25/12/2023"}
    row = {
        "Tên sáng kiến, mô hình": "Một cửa liên thông thử nghiệm",
        "Tỉnh/Thành phố": "Thanh Hóa",
        "Cấp": "Cấp tỉnh",
    }
    for column in COLUMNS:
        if column.kind == CHOICE and column.header not in row:
            row[column.header] = str(column.choices.labels[-1])
        elif column.field and column.kind in examples:
            row[column.header] = examples[column.kind]
    dataset = tablib.Dataset(list(row.values()), headers=list(row))
    result = InitiativeResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    item = Initiative.objects.get(title="Một cửa liên thông thử nghiệm")
    exported = dict(zip(HEADERS, InitiativeResource().export_resource(item), strict=True))
    for column in COLUMNS:
        if column.field and column.header in row:
            assert str(exported[column.header]) == row[column.header], column.key
