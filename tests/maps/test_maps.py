"""Issue 15, maps: the map of an edition drawn on the server (links, titles, archipelagos,
legend, no data), its component chooser, its SVG and PNG downloads, constant queries."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from PIL import Image

from indicators import maps
from indicators.models import Edition, Index, Score
from localities.models import AdministrativeUnit
from tests.html import table_rows

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def page_svg(html: str) -> ET.Element:
    """The first <svg> of a page, parsed as XML (so it is also a well-formed file)."""
    match = re.search(r"<svg .*?</svg>", html, re.S)
    assert match, "no SVG in the page"
    return ET.fromstring(match.group(0))  # noqa: S314 (the portal's own output)


def links(svg: ET.Element) -> dict[str, dict]:
    """Each linked province: href → its aria-label and <title>."""
    found = {}
    for a in svg.iter(f"{SVG}a"):
        title = a.find(f"{SVG}title")
        found[a.get("href")] = {"label": a.get("aria-label"), "title": title.text}
    return found


def archipelago_labels(svg: ET.Element) -> list[str]:
    return [
        "".join(g.find(f"{SVG}text").itertext())
        for g in svg.iter(f"{SVG}g")
        if g.get("class") == "archipelago"
    ]


# --- geometry ------------------------------------------------------------------------------


def test_topojson_arcs_are_delta_decoded_dequantised_and_reversed():
    topology = {
        "transform": {"scale": [0.5, 2], "translate": [100, 10]},
        "arcs": [[[0, 0], [2, 0], [0, 1]], [[2, 1], [-2, 0], [0, -1]]],
    }
    arcs = maps._decode_arcs(topology)
    assert arcs[0] == [(100.0, 10.0), (101.0, 10.0), (101.0, 12.0)]
    assert arcs[1] == [(101.0, 12.0), (100.0, 12.0), (100.0, 10.0)]
    # A ring of arc 0 then arc 1: the shared point is not repeated.
    assert maps._ring([0, 1], arcs) == [
        (100.0, 10.0),
        (101.0, 10.0),
        (101.0, 12.0),
        (100.0, 12.0),
        (100.0, 10.0),
    ]
    # ~1 is arc 1 backwards.
    assert maps._ring([~1], arcs) == arcs[1][::-1]


def test_layers_hold_every_province_and_both_archipelagos():
    codes_63 = set(
        AdministrativeUnit.objects.provinces()
        .former()
        .valid_in(2024)
        .values_list("code", flat=True)
    )
    codes_34 = set(AdministrativeUnit.objects.provinces().current().values_list("code", flat=True))
    assert len(codes_63) == 63 and len(codes_34) == 34
    assert set(maps.layer("63").paths) == codes_63
    assert set(maps.layer("34").paths) == codes_34
    for key in ("63", "34"):
        geo = maps.layer(key)
        assert all(d.startswith("M") and d.endswith("z") for d in geo.paths.values())
        assert {a.name for a in geo.archipelagos} == {"Quần đảo Hoàng Sa", "Quần đảo Trường Sa"}
        # Fitted to the whole collection: the islands lie inside the drawing.
        assert all(0 < a.x < geo.width and 0 < a.y < geo.height for a in geo.archipelagos)
    assert maps.layer("63") is maps.layer("63")  # decoded once per process


# --- the page ------------------------------------------------------------------------------


def test_pci_2016_map_links_and_titles_every_province(client, demo_data):
    response = client.get("/chi-so/pci/2016/ban-do/")
    html = response.content.decode()
    svg = page_svg(html)
    linked = links(svg)
    scores = Score.objects.totals().filter(edition__index__code="pci", edition__year=2016)
    assert scores.count() == 63
    assert len(linked) == 63
    for score in scores.select_related("province"):
        href = f"/tinh-cu/{score.province.code}/"
        value = f"{score.value:.2f}".replace(".", ",")
        assert linked[href]["title"] == f"{score.province.short_name_in(2016)}: {value}"
        assert linked[href]["label"] == linked[href]["title"]
    assert linked["/tinh-cu/48/"]["title"] == "Đà Nẵng: 70,00"
    assert archipelago_labels(svg) == ["Quần đảo Hoàng Sa", "Quần đảo Trường Sa"]
    # The map needs no script: it is in the HTML, and the page loads none for it.
    assert "map-download" not in html
    # The legend says which classes: equal intervals of the edition's scale (PCI: 0–100).
    assert "Chú giải: 5 khoảng đều của thang điểm 0,00–100,00" in html
    # The credit the licence asks for, with its links.
    assert "Open Development Vietnam</a>" in html
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in html
    # The table beside the map: every province, its value and its class.
    rows = table_rows(html, "map-table")
    assert len(rows) == 64
    assert ["Đà Nẵng", "70,00", "60,00–80,00"] in rows
    # Tabs between the ranking and the map, both ways.
    assert 'href="/chi-so/pci/2016/"' in html
    ranking = client.get("/chi-so/pci/2016/").content.decode()
    assert 'href="/chi-so/pci/2016/ban-do/"' in ranking


def test_ha_tay_is_in_the_table_not_on_the_map(client, demo_data):
    html = client.get("/chi-so/pci/2006/ban-do/").content.decode()
    svg = page_svg(html)
    assert len(links(svg)) == 63 and "/tinh-cu/28/" not in links(svg)
    rows = table_rows(html, "map-table")
    ha_tay = next(r for r in rows if r[0].startswith("Hà Tây"))
    assert "không có trên bản đồ" in ha_tay[0]
    assert "Không có trên bản đồ: Hà Tây." in html


def test_no_data_is_hatched_and_counted(client, demo_data):
    edition = Edition.objects.get(index__code="pci", year=2016)
    Score.objects.filter(edition=edition, province__code="48").delete()
    html = client.get("/chi-so/pci/2016/ban-do/").content.decode()
    svg = page_svg(html)
    da_nang = next(g for g in svg.iter(f"{SVG}a") if g.get("href") == "/tinh-cu/48/")
    assert da_nang.get("aria-label") == "Đà Nẵng: không có số liệu"
    assert da_nang.find(f"{SVG}path").get("fill") == "url(#map-hatch)"
    assert svg.find(f".//{SVG}pattern").get("id") == "map-hatch"
    assert "Không có số liệu (1)" in html


def test_publishers_tiers_make_the_legend(client, demo_data):
    edition = Edition.objects.get(index__code="pci", year=2016)
    edition.tiers = [
        {"label": "Rất tốt", "min": 65},
        {"label": "Tốt", "min": 60},
        {"label": "Khá", "min": 0},
    ]
    edition.save()
    html = client.get("/chi-so/pci/2016/ban-do/").content.decode()
    assert "Chú giải: nhóm xếp hạng của Liên đoàn Thương mại và Công nghiệp Việt Nam" in html
    linked = links(page_svg(html))
    assert linked["/tinh-cu/48/"]["title"] == "Đà Nẵng: 70,00 (Rất tốt)"
    assert linked["/tinh-cu/01/"]["title"] == "Hà Nội: 60,74 (Tốt)"
    rows = table_rows(html, "map-table")
    assert ["Đà Nẵng", "70,00", "Rất tốt"] in rows


def test_tiers_carried_by_scores_are_ordered_best_first(demo_data):
    edition = Edition.objects.select_related("index").get(index__code="pci", year=2016)
    scores = list(Score.objects.totals().filter(edition=edition))
    for score in scores:
        score.tier = "Tốt" if score.value >= 60 else "Khá"
    scores[0].tier = ""
    units = maps.period_provinces(2016)
    result = maps.edition_map(edition, None, units, scores, maps.province_href)
    assert result.kind == "tiers"
    assert [c.label for c in result.legend.classes] == ["Tốt", "Khá", "Có điểm, không rõ nhóm"]
    assert sum(c.count for c in result.legend.classes) == 63


def test_component_chooser_switches_the_map(client, demo_data):
    html = client.get("/chi-so/papi/2016/ban-do/").content.decode()
    assert '<select name="thanh_phan"' in html
    edition = Edition.objects.get(index__code="papi", year=2016)
    score = (
        Score.objects.filter(
            edition=edition, component__isnull=False, component__parent=None, province__code="48"
        )
        .select_related("component")
        .order_by("component__order")
        .first()
    )
    component = score.component
    html = client.get(f"/chi-so/papi/2016/ban-do/?thanh_phan={component.code}").content.decode()
    value = f"{score.value:.2f}".replace(".", ",")
    assert links(page_svg(html))["/tinh-cu/48/"]["title"] == f"Đà Nẵng: {value}"
    assert f'<option value="{component.code}" selected>' in html
    low, high = (f"{v:.2f}".replace(".", ",") for v in (component.scale_min, component.scale_max))
    assert f"Chú giải: 5 khoảng đều của thang điểm {low}–{high}" in html
    total = Score.objects.get(edition=edition, component=None, province__code="48")
    bad = client.get("/chi-so/papi/2016/ban-do/?thanh_phan=khong-co").content.decode()
    assert "Kỳ này không có thành phần “khong-co”." in bad
    total_text = f"{total.value:.2f}".replace(".", ",")
    assert links(page_svg(bad))["/tinh-cu/48/"]["title"] == f"Đà Nẵng: {total_text}"


def test_current_editions_use_the_34_provinces(client, demo_data):
    pci = Index.objects.get(code="pci")
    edition = Edition.objects.create(
        index=pci, year=2025, province_set="34", scale_min=0, scale_max=100
    )
    hue = AdministrativeUnit.objects.provinces().current().get(code="46")
    Score.objects.create(edition=edition, province=hue, value=Decimal("66.5"), rank=1)
    html = client.get("/chi-so/pci/2025/ban-do/").content.decode()
    linked = links(page_svg(html))
    assert len(linked) == 34
    assert all(href.startswith("/tinh/") for href in linked)
    assert linked["/tinh/46/"]["title"] == f"{hue.short_name_in(2025)}: 66,50"
    assert archipelago_labels(page_svg(html)) == ["Quần đảo Hoàng Sa", "Quần đảo Trường Sa"]


def test_downloads_carry_title_source_and_credit(client, demo_data):
    response = client.get("/chi-so/pci/2016/ban-do/?format=svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    assert 'filename="pci-2016-ban-do.svg"' in response["Content-Disposition"]
    svg = ET.fromstring(response.content)  # noqa: S314 (the portal's own output)
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert texts[:2] == ["Bản đồ PCI 2016", "Chỉ số năng lực cạnh tranh cấp tỉnh · Điểm tổng"]
    assert any(t.startswith("Nguồn: VCCI") for t in texts)
    assert "Ranh giới tỉnh: Open Development Vietnam, CC BY-SA 4.0, đã đơn giản hoá" in texts
    assert "Cổng sáng kiến CCHC" in texts
    background = svg.find(f"{SVG}rect")
    assert (background.get("width"), background.get("fill")) == (svg.get("width"), "#ffffff")
    assert len(links(svg)) == 63

    png = client.get("/chi-so/pci/2016/ban-do/?format=png")
    assert png["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(png.content)).convert("RGB")
    assert image.size == (round(2 * float(svg.get("width"))), round(2 * float(svg.get("height"))))
    assert image.getpixel((2, image.height // 2)) == (255, 255, 255)
    assert client.get("/chi-so/pci/2016/ban-do/?format=gif").status_code == 404


@pytest.mark.parametrize(
    ("small", "large"),
    [("/chi-so/papi/2016/ban-do/", "/chi-so/pci/2006/ban-do/?thanh_phan=x")],
)
def test_constant_queries(client, demo_data, django_assert_num_queries, small, large):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(small).status_code == 200
    with django_assert_num_queries(len(few)):
        assert client.get(large).status_code == 200
    with django_assert_num_queries(len(few)):
        assert client.get("/chi-so/pci/2016/ban-do/?thanh_phan=").status_code == 200
    assert len(few) <= 7


# --- the catalogue's map and the profile's locator ------------------------------------------


def test_catalogue_map_counts_initiatives_per_current_province(
    client, demo_data, django_assert_num_queries
):
    from django.db.models import Count

    from initiatives.models import Initiative

    expected = dict(
        Initiative.objects.published()
        .exclude(current_province=None)
        .values_list("current_province__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    assert expected, "the demo data has published initiatives"
    with django_assert_num_queries(2):
        html = client.get("/sang-kien/ban-do/").content.decode()
    linked = links(page_svg(html))
    assert len(linked) == 34
    for code, n in expected.items():
        name = AdministrativeUnit.objects.provinces().current().get(code=code).short_name
        assert linked[f"/sang-kien/?tinh={code}"]["title"] == f"{name}: {n} sáng kiến"
        # The link leads to a list of exactly that many.
        listed = client.get(f"/sang-kien/?tinh={code}").context["page_obj"].paginator.count
        assert listed == n
    assert archipelago_labels(page_svg(html)) == ["Quần đảo Hoàng Sa", "Quần đảo Trường Sa"]
    assert "Chú giải: số sáng kiến đã công bố" in html
    assert "Open Development Vietnam</a>" in html
    assert 'href="/sang-kien/ban-do/"' in client.get("/sang-kien/").content.decode()


def test_profile_has_a_locator_map(client, demo_data):
    html = client.get("/tinh-cu/48/").content.decode()
    svg = page_svg(html)
    fills = {p.get("fill") for p in svg.iter(f"{SVG}path")}
    assert fills == {maps.LOCATOR_FILL, maps.HIGHLIGHT_FILL}
    highlighted = [g for g in svg.iter(f"{SVG}g") if g.get("data-code")]
    assert [g.get("data-code") for g in highlighted] == ["48"]
    assert not list(svg.iter(f"{SVG}a"))
    assert len(list(svg.iter(f"{SVG}path"))) == 63
    assert "Open Development Vietnam</a>" in html
    current = page_svg(client.get("/tinh/48/").content.decode())
    assert len(list(current.iter(f"{SVG}path"))) == 34
    # Hà Tây has no boundary: no locator rather than a wrong one.
    assert "locator-map" not in client.get("/tinh-cu/28/").content.decode()


def test_map_in_english(client, demo_data):
    html = client.get("/en/chi-so/pci/2016/ban-do/").content.decode()
    assert archipelago_labels(page_svg(html)) == [
        "Hoang Sa (Paracel) Islands",
        "Truong Sa (Spratly) Islands",
    ]
    assert "Legend: 5 equal intervals of the 0.00–100.00 scale" in html
    assert ">Ranking</a>" in html and "Map of PCI 2016" in html
    assert "Province boundaries: <a" in html
    svg = client.get("/en/chi-so/pci/2016/ban-do/?format=svg").content.decode()
    assert "Province boundaries: Open Development Vietnam, CC BY-SA 4.0, simplified" in svg
