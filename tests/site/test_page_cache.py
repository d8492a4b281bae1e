"""Whole public pages for visitors not signed in (reform_portal.page_cache): served again with
no query, never to someone signed in, never stale after a write."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import override_settings

from indicators.models import Score
from initiatives.models import Initiative, Source

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/sang-kien/",
    "/sang-kien/?tinh=38&cap=xa",
    "/sang-kien/?q=ngay+thu+bay",
    "/sang-kien/ban-do/",
    "/tinh/",
    "/tinh-cu/38/",
    "/chi-so/",
    "/chi-so/pci/2016/",
    "/chi-so/pci/2016/ban-do/",
    "/so-sanh/?index=papi&p=38-cu&p=40-cu&start=2011&end=2016",
    "/doi-chieu/",
    "/en/sang-kien/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_public_page_is_served_again_without_a_query(
    client, demo_data, django_assert_num_queries, url
):
    first = client.get(url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    # The outer middleware's headers are added to the cached page as to a rendered one.
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language"):
        assert again[header] == first[header], header
    assert sorted(again["Vary"].split(", ")) == sorted(first["Vary"].split(", "))


def test_an_initiative_page_is_kept_and_shows_a_new_source_at_once(client, demo_data):
    item = Initiative.objects.published().get(title="Tổng đài hỗ trợ giải quyết TTHC")
    url = item.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    Source.objects.create(initiative=item, title="Báo cáo sơ kết năm 2026")
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Báo cáo sơ kết năm 2026" in response.content.decode()


def test_an_edited_title_shows_at_once_in_the_catalogue_and_on_its_page(client, demo_data):
    item = Initiative.objects.published().get(title="Tổng đài hỗ trợ giải quyết TTHC")
    url = item.get_absolute_url()
    for address in ("/sang-kien/", url):
        client.get(address)
    item.title = "Tổng đài 1022 hỗ trợ giải quyết TTHC"
    item.save()
    for address in ("/sang-kien/", url):
        assert "Tổng đài 1022 hỗ trợ giải quyết TTHC" in client.get(address).content.decode()


def test_a_corrected_score_shows_at_once_on_the_ranking(client, demo_data):
    score = Score.objects.get(
        edition__index__code="pci", edition__year=2016, province__code="38", component=None
    )
    client.get("/chi-so/pci/2016/")
    score.value = Decimal("99.99")
    score.save()
    assert "99,99" in client.get("/chi-so/pci/2016/").content.decode()


def test_someone_signed_in_never_gets_a_kept_page(client, demo_data, admin_user):
    client.get("/sang-kien/")  # kept for visitors
    client.force_login(admin_user)
    response = client.get("/sang-kien/")
    assert "X-Page-Cache" not in response
    html = response.content.decode()
    assert "quantri" in html and "Đăng xuất" in html
    assert "csrfmiddlewaretoken" in html  # the sign-out form, with this session's token


def test_a_visitor_with_a_message_gets_the_page_rendered_with_it(client, demo_data, rf):
    client.get("/")
    request = rf.get("/")
    storage = CookieStorage(request)
    storage.add(messages.INFO, "Bạn đã đăng xuất.")
    from django.http import HttpResponse

    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies[CookieStorage.cookie_name] = carrier.cookies[CookieStorage.cookie_name].value
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "Bạn đã đăng xuất." in response.content.decode()


def test_exports_forms_and_missing_pages_are_never_kept(client, demo_data):
    for url in ("/sang-kien/?format=csv", "/dang-nhap/", "/sang-kien/khong-co-sang-kien-nay/"):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url), url


def test_the_language_is_part_of_the_key(client, demo_data):
    assert '<html lang="vi">' in client.get("/sang-kien/").content.decode()
    assert '<html lang="en">' in client.get("/en/sang-kien/").content.decode()
    again = client.get("/sang-kien/")
    assert again["X-Page-Cache"] == "hit"
    assert '<html lang="vi">' in again.content.decode()


@override_settings(PORTAL_PAGE_CACHE_SECONDS=0)
def test_zero_seconds_turns_the_page_cache_off(client, demo_data):
    client.get("/sang-kien/")
    assert "X-Page-Cache" not in client.get("/sang-kien/")
