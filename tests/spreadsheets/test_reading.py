"""Hostile and quirky files: each refused or read with a clear message, in bounded time."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from django.test import override_settings
from openpyxl import Workbook

from spreadsheets.reading import SpreadsheetError, read_table

DATA = Path(__file__).resolve().parents[1] / "data"


def xlsx(rows, far_cell: int | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if far_cell:
        sheet.cell(row=far_cell, column=1, value=" ")  # formatting far below the data
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_is_read_by_content_with_nfc_text():
    nfd = unicodedata.normalize("NFD", "Hưng Yên")
    table = read_table(
        xlsx([["Tỉnh/Thành phố", "Điểm"], [nfd, 81.98], [None, None], ["Hà Nam", 7]]), "a.csv"
    )
    assert table.headers == ["Tỉnh/Thành phố", "Điểm"]
    assert list(table) == [("Hưng Yên", "81.98"), ("Hà Nam", "7")]


def test_a_sheet_claiming_a_million_rows_stops_at_the_data():
    table = read_table(xlsx([["a", "b"], ["1", "2"]], far_cell=1_048_576), "lon.xlsx")
    assert len(table) == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "không phải bảng tính"),
        (b"MZ\x90\x00" + b"\x00" * 64, "không phải bảng tính"),
        (b"T\xecnh,\xd0i\xeam\nH\xe0 N\xf4i,70\n", "không phải CSV mã UTF-8"),  # Windows-1258
        (b"PK\x03\x04" + b"\x00" * 64, "bị hỏng"),
    ],
)
def test_files_that_are_not_tables_are_refused(raw, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_table(raw, "diem.xlsx")


def test_a_zip_that_is_not_a_workbook_and_a_zip_bomb_are_refused():
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("readme.txt", "không phải Excel")
    with pytest.raises(SpreadsheetError, match="không phải bảng tính Excel"):
        read_table(plain.getvalue(), "a.xlsx")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024 * 1024))
    assert len(bomb.getvalue()) < 1_000_000
    with pytest.raises(SpreadsheetError, match="bom nén"):
        read_table(bomb.getvalue(), "bom.xlsx")


@override_settings(IMPORT_MAX_FILE_SIZE=1000)
def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(SpreadsheetError, match="vượt giới hạn"):
        read_table(b"a,b\n" + b"1,2\n" * 500, "lon.csv")


def test_csv_variants():
    assert list(read_table("\ufeffTỉnh;Điểm\nHà Nội;81,98\n\n\n".encode(), "a.csv")) == [
        ("Hà Nội", "81,98")
    ]
    assert list(read_table("Tỉnh\tĐiểm\nHà Nội\t7\n".encode("utf-16"), "a.csv")) == [
        ("Hà Nội", "7")
    ]


def test_an_old_excel_file_from_a_publisher_is_read():
    table = read_table((DATA / "PCI_2009.xls").read_bytes(), "PCI_2009.xls")
    assert len(table) > 60 and any("Đà Nẵng" in " ".join(row) for row in table)


@pytest.mark.django_db
def test_admin_import_reads_by_content_and_reports_in_vietnamese(client, admin_user, demo_data):
    from indicators.models import Score
    from spreadsheets.models import ImportRecord

    client.force_login(admin_user)
    before = Score.objects.count()
    fake = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 64)
    fake.name = "diem.xlsx"
    html = client.post(
        "/admin/indicators/score/import/", {"import_file": fake, "format": "0", "resource": "0"}
    ).content.decode()
    assert "không phải bảng tính" in html
    good = io.BytesIO(
        xlsx(
            [
                ["Tỉnh/Thành phố", "Chỉ số", "Năm", "Điểm", "Xếp hạng"],
                ["Hưng Yên", "PAR INDEX", 2019, "81,98%", "22/63"],
                ["Atlantis", "PCI", 2016, 60, 3],
            ]
        )
    )
    good.name = "diem.xlsx"
    html = client.post(
        "/admin/indicators/score/import/", {"import_file": good, "format": "0", "resource": "0"}
    ).content.decode()
    assert "Dòng 3, cột “Tỉnh/Thành phố”: giá trị “Atlantis”" in html
    assert "process_import" not in html  # no confirm button while there is an error
    assert Score.objects.count() == before
    fixed = io.BytesIO(
        xlsx(
            [
                ["Tỉnh/Thành phố", "Chỉ số", "Năm", "Điểm", "Xếp hạng"],
                ["Hưng Yên", "PAR INDEX", 2019, "81,98%", "22/63"],
            ]
        )
    )
    fixed.name = "diem.xlsx"
    html = client.post(
        "/admin/indicators/score/import/", {"import_file": fixed, "format": "0", "resource": "0"}
    ).content.decode()
    assert "process_import" in html  # the preview of a clean file offers confirmation
    assert Score.objects.count() == before and not ImportRecord.objects.exists()  # preview only
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    client.post("/admin/indicators/score/process_import/", hidden)
    assert Score.objects.count() == before  # the same value as the seed fact: nothing new
    record = ImportRecord.objects.get()
    assert (record.file_name, record.user, record.new, record.changed, record.unchanged) == (
        "diem.xlsx",
        admin_user,
        0,
        0,
        1,
    )


def test_more_rows_than_the_limit_is_refused(monkeypatch):
    from spreadsheets import reading as spreadsheets

    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 50)
    with pytest.raises(SpreadsheetError, match="hơn 50 dòng dữ liệu"):
        read_table(("a,b\n" + "1,2\n" * 51).encode(), "lon.csv")
    assert len(read_table(("a,b\n" + "1,2\n" * 50).encode(), "vua.csv")) == 50
