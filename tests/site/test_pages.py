"""Home page, navigation, language switch, health check and error pages."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_is_vietnamese_with_navigation(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    for label in ("Sáng kiến", "Chỉ số", "So sánh", "Đề xuất sáng kiến", "Đăng nhập"):
        assert label in html
    assert 'href="/admin/' not in html  # only staff see the admin link


def test_language_switch_to_english_and_back(client):
    html = client.get("/").content.decode()
    assert '<a href="/en/" lang="en"' in html
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html
    assert '<a href="/" lang="vi"' in html
    assert "Đăng nhập" in client.get("/").content.decode()


def test_healthz_answers_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_fails_when_the_database_does_not_answer(client):
    with mock.patch("reform_portal.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@override_settings(DEBUG=False)
def test_404_page_is_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_500_page_is_vietnamese_and_needs_no_database(rf):
    from reform_portal.views import server_error

    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor") as cursor:
        response = server_error(rf.get("/"))
        assert not cursor.called
    assert response.status_code == 500
    assert "Đã có lỗi ở máy chủ" in response.content.decode()


def test_staff_see_the_admin_link_and_can_open_the_admin(client, admin_user):
    client.force_login(admin_user)
    assert 'href="/admin/"' in client.get("/").content.decode()
    assert client.get("/admin/").status_code == 200


def test_login_page_logs_in(client, admin_user):
    response = client.post(
        reverse("login"), {"username": "quantri", "password": "mat-khau-quan-tri"}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated


def test_vietnamese_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode()
    # Nor does an earlier choice (the cookie) change the root's language: the URL says it.
    client.cookies["django_language"] = "en"
    response = client.get("/sang-kien/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="vi">' in response.content.decode()
    assert '<html lang="en">' in client.get("/en/sang-kien/").content.decode()


def test_language_switch_keeps_the_page_and_its_parameters(client):
    html = client.get("/chi-so/pci/2016/").content.decode()
    assert 'href="/en/chi-so/pci/2016/"' in html
    html = client.get("/en/sang-kien/?q=ngay+thu+bay&page=1").content.decode()
    assert 'href="/sang-kien/?q=ngay+thu+bay&amp;page=1"' in html
    # The operator's addresses stay unprefixed.
    assert client.get("/en/healthz").status_code == 404
    assert client.get("/en/admin/").status_code == 404


def test_every_page_text_is_precomposed_vietnamese(client):
    """Diacritics in NFC: NFD text (as some libraries ship it) breaks search and copy-paste."""
    import unicodedata

    html = client.get("/").content.decode()
    assert unicodedata.is_normalized("NFC", html)
