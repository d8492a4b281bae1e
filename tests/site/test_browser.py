"""Site journeys in a real browser: home page, language switch and admin login; a ranking, a
province profile and the compare page."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_language_switch_and_admin_login(page, django_user_model):
    django_user_model.objects.create_superuser("quantri", "q@example.gov.vn", "mat-khau-quan-tri")

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("link", name="Đăng nhập").is_visible()

    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Log in").is_visible()
    page.get_by_role("link", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"

    page.goto("/admin/")
    page.fill("#id_username", "quantri")
    page.fill("#id_password", "mat-khau-quan-tri")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("link", name="Đơn vị hành chính").first.is_visible()


def test_ranking_profile_compare_journey(page):
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
