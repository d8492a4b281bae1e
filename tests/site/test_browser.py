"""A first journey in a real browser: home page, language switch, admin login."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_language_switch_and_admin_login(page, django_user_model):
    django_user_model.objects.create_superuser("quantri", "q@example.gov.vn", "mat-khau-quan-tri")

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("link", name="Đăng nhập").is_visible()

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Log in").is_visible()
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"

    page.goto("/admin/")
    page.fill("#id_username", "quantri")
    page.fill("#id_password", "mat-khau-quan-tri")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("link", name="Đơn vị hành chính").first.is_visible()


def load_demo(reference_units) -> None:
    from django.core.management import call_command

    call_command("load_indicator_demo", verbosity=0)
    call_command("load_demo_initiatives", verbosity=0)


def test_ranking_profile_compare_journey(page, reference_units):
    load_demo(reference_units)
    page.goto("/chi-so/pci/2016/")
    first = page.locator("#ranking-table tbody tr").first
    assert first.locator("td").nth(1).inner_text() == "70,00"
    first.get_by_role("link", name="Đà Nẵng").click()
    page.wait_for_url("**/tinh-cu/48/")
    row_2016 = page.locator("#table-pci tbody tr", has_text="2016")
    assert "70,00" in row_2016.inner_text()
    assert page.locator("#chart-pci").is_visible()

    page.goto("/so-sanh/")
    page.select_option("#id_index", "papi")
    page.select_option("#id_p", ["38-cu", "40-cu", "42-cu"])
    page.fill("#id_start", "2011")
    page.fill("#id_end", "2016")
    page.get_by_role("button", name="So sánh").click()
    page.wait_for_selector("#compare-table")
    assert "p=38-cu" in page.url and "start=2011" in page.url
    headers = page.locator("#compare-table thead th").all_inner_texts()
    column = headers.index("Thanh Hóa (đến 2025)")
    cells = page.locator("#compare-table tbody tr").first.locator("th, td").all_inner_texts()
    assert cells[0] == "2011" and cells[column] == "37,23"  # Thanh Hóa, PAPI 2011
    assert page.locator("[data-png-for=compare-chart]").is_visible()  # the chart script ran
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải biểu đồ (PNG)").click()
    assert download.value.suggested_filename == "so-sanh.png"


def test_catalogue_search_filter_detail_export_journey(page, reference_units, tmp_path):
    from openpyxl import load_workbook

    load_demo(reference_units)
    page.goto("/sang-kien/")
    page.fill("#q", "ngay thu bay")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.wait_for_url("**q=ngay+thu+bay**")
    assert page.locator("#results tbody tr").count() == 2
    page.get_by_label("Thanh Hóa").first.check()
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**tinh=38**")
    assert page.locator("#results tbody tr").count() == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx"
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[1][0] == "Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC" and len(rows) == 2 + 3
    page.get_by_role("link", name="Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC").click()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC"
    )
    assert "Văn phòng đăng ký đất đai huyện Thọ Xuân" in page.content()


def test_submit_return_resubmit_approve_journey(page, reference_units, django_user_model):
    from django.core.management import call_command

    from accounts.models import Membership
    from initiatives.models import Initiative
    from localities.models import AdministrativeUnit

    call_command("load_indicator_reference", verbosity=0)
    call_command("load_demo_initiatives", verbosity=0)
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
