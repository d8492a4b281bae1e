"""Site journeys in a real browser: home page, language switch and admin login; a ranking, a
province profile and the compare page."""

from __future__ import annotations

import pytest
from PIL import Image

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
        page.get_by_role("button", name="Tải ảnh PNG").click()
    assert download.value.suggested_filename == "so-sanh.png"
    # A chart to take to a meeting: twice the size shown, white, with its title and source.
    shown = page.locator("#compare-chart").bounding_box()
    image = Image.open(download.value.path())
    assert image.width >= 2 * shown["width"] and image.height >= 2 * shown["height"]
    assert image.convert("RGBA").getpixel((1, 1)) == (255, 255, 255, 255)
    assert image.convert("RGBA").getpixel((image.width - 2, image.height - 2)) == (
        255,
        255,
        255,
        255,
    )
    png = page.evaluate("window.portalCharts['compare-chart'].png")
    assert png["title"] == {**png["title"], "display": True, "text": "PAPI · Điểm tổng"}
    assert (
        png["subtitle"]["text"]
        == "2011–2016 · Hà Tĩnh (đến 2025), Nghệ An (đến 2025), Thanh Hóa (đến 2025)"
    )
    button = page.locator("[data-png-for=compare-chart]")
    assert button.get_attribute("data-source").startswith("Nguồn: ")
    assert button.get_attribute("data-site").startswith("Cổng sáng kiến CCHC · ")
    # The chart on the page itself stays as it was (no title plugin options added to it).
    assert not page.evaluate(
        "window.portalCharts['compare-chart'].chart.options.plugins.subtitle.display"
    )


def test_phone_catalogue_cards_folded_filters_and_menu_without_javascript(
    browser, live_server, session_data
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/sang-kien/")
        # Cards: one block per initiative, no header row, not wider than the screen.
        first = page.locator("#results tbody tr").first
        assert (
            page.evaluate("getComputedStyle(document.querySelector('#results tbody tr')).display")
            == "block"
        )
        assert first.bounding_box()["width"] <= 390
        assert (
            not page.locator("#results thead").is_visible()
            or page.locator("#results thead").bounding_box()["height"] <= 1
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # The filters are folded behind one button, which opens them.
        facets = page.locator("#facets fieldset").first
        assert not facets.is_visible()
        page.locator("#facets > summary").click()
        assert facets.is_visible()
        # The menu opens without JavaScript.
        link = page.locator("#main-nav").get_by_role("link", name="So sánh")
        assert not link.is_visible()
        page.locator("label[for=nav-toggle]").click()
        assert link.is_visible()
        link.click()
        page.wait_for_url("**/so-sanh/")
        # Compare's columns scroll sideways in their box, with a hint.
        page.goto(
            "/so-sanh/?index=papi&p=38-cu&p=40-cu&p=42-cu&p=44-cu&p=45-cu&p=46-cu&start=2011&end=2016"
        )
        assert page.locator(".scroll-hint").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_wide_catalogue_keeps_its_table_and_open_filters(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/sang-kien/")
    assert page.locator("#results thead").is_visible()
    assert page.locator("#facets fieldset").first.is_visible()
    assert not page.locator("#facets > summary").is_visible()
