"""The catalogue in a real browser: search without diacritics, narrow by a facet, open an
initiative, come back and download the filtered table as Excel; an initiative submitted,
returned, submitted again and approved."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THO_XUAN = "Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC"
LONG_HAI = "Ngày thứ bảy lắng nghe dân nói"


def test_search_facet_detail_and_excel_export(page, tmp_path):
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
    assert "Văn phòng đăng ký đất đai huyện Thọ Xuân" in page.content()

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


def test_submit_return_resubmit_approve_journey(page, django_user_model):
    from accounts.models import Membership
    from initiatives.models import Initiative
    from localities.models import AdministrativeUnit

    thanh_hoa = AdministrativeUnit.objects.provinces().current().get(code="38")
    commune = AdministrativeUnit.objects.communes().current().filter(parent=thanh_hoa).first()
    official = django_user_model.objects.create_user("canbo", "canbo@example.gov.vn", "mat-khau-1")
    Membership.objects.create(user=official, role="commune_official", unit=commune)
    reviewer = django_user_model.objects.create_user("thamdinh", "td@example.gov.vn", "mat-khau-2")
    Membership.objects.create(user=reviewer, role="provincial_reviewer", unit=thanh_hoa)

    def log_in(username, password):
        page.goto("/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/")

    log_in("canbo", "mat-khau-1")
    page.get_by_role("link", name="Đề xuất sáng kiến").first.click()
    page.wait_for_url("**/sang-kien/de-xuat/")
    page.fill("#id_title", "Ngày không hẹn ở phường")
    page.wait_for_selector("#similar .mark-replicated")  # the live hint found "Ngày không hẹn"
    page.locator("#similar .mark-replicated").first.click()
    page.fill("#id_summary", "Trả kết quả thủ tục ngay trong ngày, không hẹn lại.")
    page.fill("#id_implementing_unit", "UBND phường")
    page.select_option("#id_level", "xa")
    page.get_by_label("Cải cách thủ tục hành chính").check()
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_url("**/sua/")
    page.get_by_role("button", name="Gửi thẩm định").click()
    page.wait_for_url("**/ho-so/*/")
    assert page.locator("#status").inner_text() == "Đã gửi"
    item = Initiative.objects.get(title="Ngày không hẹn ở phường")
    assert item.replicated_from.title == "Ngày không hẹn"

    page.get_by_role("button", name="Đăng xuất").click()
    log_in("thamdinh", "mat-khau-2")
    page.goto("/tham-dinh/")
    page.get_by_role("link", name="Ngày không hẹn ở phường").click()
    page.fill("#comment-return", "Bổ sung kết quả đạt được")
    page.get_by_role("button", name="Trả lại").click()
    assert page.locator("#status").inner_text() == "Trả lại để sửa"

    page.get_by_role("button", name="Đăng xuất").click()
    log_in("canbo", "mat-khau-1")
    page.goto(f"/sang-kien/ho-so/{item.pk}/sua/")
    page.fill("#id_results", "Giải quyết đúng hẹn 100 % hồ sơ")
    page.get_by_role("button", name="Gửi thẩm định").click()
    page.wait_for_url(f"**/ho-so/{item.pk}/")
    assert page.locator("#status").inner_text() == "Đã gửi lại"

    page.get_by_role("button", name="Đăng xuất").click()
    log_in("thamdinh", "mat-khau-2")
    page.goto(f"/sang-kien/ho-so/{item.pk}/")
    page.get_by_role("button", name="Duyệt", exact=True).click()
    assert page.locator("#status").inner_text() == "Đã duyệt"
    assert page.locator("#history li").count() == 4

    page.goto("/sang-kien/?q=ngay+khong+hen+o+phuong")
    assert page.get_by_role("link", name="Ngày không hẹn ở phường").is_visible()
