"""Downloads of the result table: the same header and rows, in the same order, as the page;
text that a spreadsheet would run as a formula stays text."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.initiatives.records import UNPUBLISHED

from .helpers import dong_tien, make_initiative, result_titles, results_table

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x")'


def page_table(client, params: dict) -> tuple[list[str], list[list[str]]]:
    response = client.get("/sang-kien/", params)
    assert response.status_code == 200
    return results_table(response.content.decode())


def text(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def without_provenance(rows: list, blank) -> list:
    """The table without the source and licence lines every download ends with."""
    end = next(i for i, row in enumerate(rows) if blank(row))
    trailer = rows[end + 1 :]
    assert trailer and all(sum(not blank([cell]) for cell in row) == 1 for row in trailer)
    return rows[:end]


def xlsx_table(client, params: dict):
    response = client.get("/sang-kien/", {**params, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="sang-kien.xlsx"' in response["Content-Disposition"]
    assert response.streaming  # written as the rows are read, never built in memory
    sheet = load_workbook(io.BytesIO(body_of(response))).active
    rows = list(sheet.iter_rows())
    return sheet, without_provenance(rows, lambda row: all(c.value is None for c in row))


def csv_rows(client, params: dict) -> list[list[str]]:
    response = client.get("/sang-kien/", {**params, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="sang-kien.csv"' in response["Content-Disposition"]
    assert response.streaming  # written as the rows are read, never built in memory
    body = body_of(response).decode("utf-8")
    assert body.startswith("\ufeff")  # BOM: Excel reads the diacritics right
    rows = list(csv.reader(io.StringIO(body[1:])))
    return without_provenance(rows, lambda row: not any(row))


@pytest.mark.parametrize(
    "params",
    [
        {"tinh": "38", "cap": "xa"},
        {"q": "TTHC", "sap_xep": "ten"},
        {"chi_so": "papi", "giai_doan": "da_nhan_rong"},
    ],
)
def test_xlsx_has_the_page_table(client, demo, params):
    header, rows = page_table(client, params)
    assert header[0] == "Tên sáng kiến" and "Tỉnh hiện nay" in header
    assert len(rows) >= 2
    _sheet, cells = xlsx_table(client, params)
    assert [text(c.value) for c in cells[0]] == header
    assert [[text(c.value) for c in row] for row in cells[1:]] == rows


@pytest.mark.parametrize("params", [{"tinh": "38", "cap": "xa"}, {"tinh": "79"}])
def test_csv_has_the_page_table(client, demo, params):
    header, rows = page_table(client, params)
    exported = csv_rows(client, params)
    assert exported[0] == header
    assert [[text(v) for v in row] for row in exported[1:]] == rows


def test_export_is_the_whole_result_not_one_page(client, demo):
    commune = dong_tien()
    for n in range(23):
        make_initiative(title=f"Xuất tệp số {n:02d}", locality=commune)
    params = {"q": "xuat tep", "tinh": "38"}
    on_pages = result_titles(client.get("/sang-kien/", params)) + result_titles(
        client.get("/sang-kien/", {**params, "page": "2"})
    )
    assert len(on_pages) == 23
    _sheet, cells = xlsx_table(client, {**params, "page": "2"})
    assert [c[0].value for c in cells[1:]] == on_pages
    assert [row[0] for row in csv_rows(client, params)[1:]] == on_pages


def test_formula_title_is_exported_as_text(client, demo):
    make_initiative(title=FORMULA, summary="Tiêu đề giống công thức bảng tính.")
    params = {"q": "hyperlink"}
    _header, rows = page_table(client, params)
    assert [row[0] for row in rows] == [FORMULA]  # shown as typed on the page

    _sheet, cells = xlsx_table(client, params)
    title = cells[1][0]
    assert title.data_type == "s"
    assert title.value == FORMULA

    exported = csv_rows(client, params)
    assert exported[1][0] == "'" + FORMULA
    assert exported[1][1:] == rows[0][1:]


def test_unapproved_initiatives_are_never_listed_or_exported(client, demo):
    for status in UNPUBLISHED:
        make_initiative(title=f"Kỳ lân chưa duyệt {status}", status=status)
    make_initiative(title="Kỳ lân đã duyệt")
    params = {"q": "ky lan"}
    assert result_titles(client.get("/sang-kien/", params)) == ["Kỳ lân đã duyệt"]
    assert result_titles(client.get("/sang-kien/")).count("Kỳ lân đã duyệt") == 1
    _sheet, cells = xlsx_table(client, params)
    assert [c[0].value for c in cells[1:]] == ["Kỳ lân đã duyệt"]
    assert [row[0] for row in csv_rows(client, params)[1:]] == ["Kỳ lân đã duyệt"]
    everything = [row[0] for row in csv_rows(client, {})[1:]]
    assert len(everything) == 17
    assert not any(title.startswith("Kỳ lân chưa duyệt") for title in everything)
    # Nor counted in a facet.
    assert "Kỳ lân chưa duyệt" not in client.get("/sang-kien/").content.decode()


def test_empty_export_has_the_header_only(client, demo):
    exported = csv_rows(client, {"q": "khong co sang kien nay"})
    assert len(exported) == 1 and exported[0][0] == "Tên sáng kiến"
    _sheet, cells = xlsx_table(client, {"q": "khong co sang kien nay"})
    assert len(cells) == 1
