"""The map in a real browser: it is there with JavaScript off, a province is a link to its
profile, and its SVG and PNG downloads carry the title, at twice the size, on white."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SVG = "{http://www.w3.org/2000/svg}"


def test_map_without_javascript_links_to_profiles(browser, live_server, session_data):
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", java_script_enabled=False
    )
    tab = context.new_page()
    try:
        tab.goto("/chi-so/pci/2016/ban-do/")
        provinces = tab.locator("#edition-map svg a")
        assert provinces.count() == 63
        assert tab.locator("#edition-map svg .archipelago").all_text_contents() == [
            "Quần đảo Hoàng Sa",
            "Quần đảo Trường Sa",
        ]
        tab.locator('#edition-map svg a[href="/tinh-cu/38/"]').click()
        tab.wait_for_url("**/tinh-cu/38/")
        assert "Thanh Hóa" in tab.locator("h1").inner_text()
    finally:
        context.close()


def test_map_downloads_svg_and_png(page):
    page.goto("/chi-so/pci/2016/ban-do/")
    with page.expect_download() as svg_download:
        page.locator("#map-svg-link").click()
    assert svg_download.value.suggested_filename == "pci-2016-ban-do.svg"
    with open(svg_download.value.path(), "rb") as handle:
        svg = ET.fromstring(handle.read())  # noqa: S314 (the portal's own output)
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert "Bản đồ PCI 2016" in texts
    assert "Cổng sáng kiến CCHC" in texts

    with page.expect_download() as png_download:
        page.locator("#map-png-link").click()
    assert png_download.value.suggested_filename == "pci-2016-ban-do.png"
    image = Image.open(png_download.value.path()).convert("RGB")
    width, height = float(svg.get("width")), float(svg.get("height"))
    assert image.size == (round(2 * width), round(2 * height))
    # White background: the corners and the sea between the coast and the islands.
    for x, y in [(1, 1), (image.width - 2, image.height // 3), (1, image.height - 2)]:
        assert image.getpixel((x, y)) == (255, 255, 255)
    # And a map drawn on it: some pixels of the classes' blues.
    colours = {colour for _count, colour in image.getcolors(maxcolors=1 << 20)}
    assert (0x31, 0x82, 0xBD) in colours
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    assert buffer.tell() > 10_000


#: The three kinds of map: an edition's, one with no component chosen, the initiatives'.
MAP_PAGES = [
    "/chi-so/pci/2016/ban-do/",
    "/chi-so/papi/2016/ban-do/?thanh_phan=khong-co",
    "/sang-kien/ban-do/",
]


def test_maps_have_no_serious_accessibility_violation(page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for url in MAP_PAGES:  # one tab for the three: a browser test's set-up costs a second
        page.goto(url)
        results = axe.run(page)
        assert results.response["passes"], f"axe ran no rule on {url}"
        found[url] = [
            (v["id"], [n["target"] for n in v["nodes"]])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
    assert found == {url: [] for url in MAP_PAGES}
