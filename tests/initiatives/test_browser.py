"""The catalogue in a real browser: search without diacritics, narrow by a facet, open an
initiative, come back and download the filtered table as Excel."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THO_XUAN = "Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC"
LONG_HAI = "Ngày thứ bảy lắng nghe dân nói"


def test_search_facet_detail_and_excel_export(page, reference_units, tmp_path):
    call_command("load_indicator_reference", verbosity=0)
    call_command("load_demo_initiatives", verbosity=0)

    page.goto("/sang-kien/")
    assert page.locator("#results tbody tr").count() == 16
    page.get_by_label("Tìm theo tên, đơn vị, địa bàn").fill("ngay thu bay")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.wait_for_url("**q=ngay+thu+bay**")
    rows = page.locator("#results tbody tr")
    assert rows.count() == 2
    assert sorted(rows.locator("th").all_inner_texts()) == sorted([THO_XUAN, LONG_HAI])
    assert page.get_by_role("status").inner_text().startswith("2 sáng kiến")

    # Today's Thanh Hóa, with its count beside it; the search is kept.
    thanh_hoa = page.locator('input[name="tinh"][value="38"]')
    assert page.locator(f"label[for='{thanh_hoa.get_attribute('id')}']").inner_text() == (
        "Thanh Hóa 1"
    )
    thanh_hoa.check()
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**tinh=38**")
    assert "q=ngay+thu+bay" in page.url
    assert page.get_by_label("Tìm theo tên, đơn vị, địa bàn").input_value() == "ngay thu bay"
    assert rows.count() == 1
    assert page.locator('input[name="tinh"][value="38"]').is_checked()

    page.get_by_role("link", name=THO_XUAN).click()
    page.wait_for_url("**/sang-kien/ngay-thu-7-tinh-nguyen-giup-dan-giai-quyet-tthc/")
    assert page.get_by_role("heading", level=1).inner_text() == THO_XUAN
    assert "huyện Thọ Xuân, tỉnh Thanh Hóa" in page.locator("article").inner_text()

    page.go_back()
    page.wait_for_url("**tinh=38**")
    shown = rows.count()
    assert shown == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    name = download.value.suggested_filename
    assert name.endswith(".xlsx")
    path = tmp_path / name
    download.value.save_as(path)
    sheet = list(load_workbook(path).active.iter_rows(values_only=True))
    header = page.locator("#results thead th").all_inner_texts()
    assert list(sheet[0]) == header
    assert len(sheet) - 1 == shown
    assert sheet[1][0] == THO_XUAN
