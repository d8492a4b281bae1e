"""Issue 15: the province finder, counts whose links list exactly that many, English pages
under /en/ without Vietnamese where an English text exists, one date format per language."""

from __future__ import annotations

import re

import pytest

from indicators.models import Edition
from initiatives.models import Initiative
from localities.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def listed(html: str, list_id: str) -> list[str]:
    block = re.search(rf'<ul class="list-unstyled" id="{list_id}">(.*?)</ul>', html, re.S)
    return re.findall(r"<li data-search", block.group(1)) if block else []


def test_the_finder_lists_34_current_and_63_former_provinces(client):
    html = client.get("/tinh/").content.decode()
    assert len(listed(html, "current-provinces")) == 34
    assert len(listed(html, "former-provinces")) == 63
    # Hà Tây, merged into Hà Nội in 2008, apart.
    assert len(listed(html, "earlier-provinces")) == 1
    # Each former province says what it became.
    assert '<a href="/tinh-cu/15/">Tỉnh Yên Bái</a> → <a href="/tinh/15/">Lào Cai</a>' in html


@pytest.mark.parametrize("query", ["yen bai", "YÊN BÁI", "Yên  Bai", "bai yen"])
def test_the_finder_finds_a_former_province_typed_without_diacritics(client, query):
    html = client.get("/tinh/", {"q": query}).content.decode()
    assert listed(html, "former-provinces") == ["<li data-search"]
    assert '<a href="/tinh-cu/15/">Tỉnh Yên Bái</a>' in html
    # ... and the province it became, today's Lào Cai.
    current = re.search(r'id="current-provinces">(.*?)</ul>', html, re.S).group(1)
    assert '<a href="/tinh/15/">Tỉnh Lào Cai</a>' in current
    assert len(listed(html, "current-provinces")) == 1


def test_the_finder_says_when_nothing_matches_and_survives_long_input(client):
    html = client.get("/tinh/", {"q": "khong co tinh nay"}).content.decode()
    assert "0 tỉnh, thành phố khớp" in html
    assert "Không có tỉnh, thành phố hiện nay nào khớp." in html
    assert client.get("/tinh/", {"q": "x" * 5000}).status_code == 200


def test_the_finder_in_english_uses_english_names(client):
    html = client.get("/en/tinh/", {"q": "ha noi"}).content.decode()
    assert '<html lang="en">' in html
    assert ">Hanoi</a>" in html and "Thành phố Hà Nội" not in html


def test_the_header_search_goes_to_the_catalogue_and_the_finder_is_in_the_menu(client):
    html = client.get("/").content.decode()
    assert re.search(r'<form class="[^"]*header-search"[^>]*action="/sang-kien/"', html)
    assert 'href="/tinh/"' in html and "Tra cứu tỉnh" in html


# --- English ----------------------------------------------------------------------------------


def test_english_catalogue_and_vietnamese_root_whatever_the_browser(client):
    english = client.get("/en/sang-kien/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<html lang="en">' in english and "Search" in english
    vietnamese = client.get("/sang-kien/", HTTP_ACCEPT_LANGUAGE="en-GB,en").content.decode()
    assert '<html lang="vi">' in vietnamese


def test_english_ranking_names_provinces_in_english(client, demo_data):
    html = client.get("/en/chi-so/pci/2016/").content.decode()
    assert "Tỉnh " not in html
    assert ">Da Nang</a>" in html and "Đà Nẵng" not in html
    assert ">Thua Thien Hue</a>" in html  # the edition's year's name, without diacritics
    vietnamese = client.get("/chi-so/pci/2016/").content.decode()
    assert ">Đà Nẵng</a>" in vietnamese


def test_one_date_format_per_language(client):
    assert "Tỉnh Yên Bái đến 30/06/2025" not in client.get("/tinh-cu/15/").content.decode()
    unit = AdministrativeUnit.objects.provinces().former().get(code="15")
    from django.utils import translation

    with translation.override("vi"):
        assert unit.period_label.endswith("30/06/2025")
    with translation.override("en"):
        assert unit.period_label.endswith("30 June 2025")


# --- numbers that agree -----------------------------------------------------------------------


def catalogue_count(client, url: str) -> int:
    html = client.get(url).content.decode()
    return int(re.search(r"<strong>(\d+) sáng kiến</strong>", html).group(1))


def cross_links(html: str) -> list[tuple[str, int]]:
    table = re.search(r'<table class="table table-sm" id="cross-table">(.*?)</table>', html, re.S)
    if table is None:  # no score for this target in this year
        return []
    return [
        (href.replace("&amp;", "&"), int(n))
        for href, n in re.findall(
            r'<td class="num"><a href="([^"]+)">(\d+)</a></td>', table.group(1)
        )
    ]


def targets_with_initiatives() -> list[tuple[str, int]]:
    """(target, year) of the cross view for every index and component that published
    initiatives target, each at the latest and the earliest year with scores."""
    from initiatives.models import InitiativeTarget

    published = InitiativeTarget.objects.filter(initiative__in=Initiative.objects.published())
    targets = set()
    for index_code, component_code in published.values_list("index__code", "component__code"):
        targets.add(index_code)
        if component_code:
            targets.add(f"{index_code}:{component_code}")
    cases = []
    for target in sorted(targets):
        index_code = target.partition(":")[0]
        years = sorted(
            Edition.objects.filter(index__code=index_code, scores__isnull=False)
            .distinct()
            .values_list("year", flat=True)
        )
        cases += [(target, year) for year in {years[0], years[-1]}] if years else []
    return cases


def test_every_cross_view_count_lists_exactly_that_many(client, demo_data):
    checked = 0
    for target, year in targets_with_initiatives():
        html = client.get("/doi-chieu/", {"target": target, "year": year}).content.decode()
        for href, n in cross_links(html):
            assert catalogue_count(client, href) == n, href
            checked += 1
    assert checked > 3, "the demo data has initiatives targeting indices and components"


def test_profile_count_lists_exactly_that_many(client, demo_data):
    for unit in AdministrativeUnit.objects.provinces().filter(
        pk__in=Initiative.objects.published().values("province")
    )[:4]:
        url = f"/tinh-cu/{unit.code}/" if unit.valid_to else f"/tinh/{unit.code}/"
        html = client.get(url).content.decode()
        n = int(re.search(r"<p>(\d+) sáng kiến đã duyệt trong cổng", html).group(1))
        link = re.search(r'<a href="(/sang-kien/\?tinh=[^"]+)"[^>]*>Xem và lọc', html).group(1)
        assert catalogue_count(client, link.replace("&amp;", "&")) == n
