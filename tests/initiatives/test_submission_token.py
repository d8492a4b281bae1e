"""The new-initiative form is sent once: a second POST of its token lands on the first record."""

from __future__ import annotations

import pytest
from django.core import mail

from initiatives.models import Initiative
from tests.initiatives.records import full_form

pytestmark = pytest.mark.django_db


def test_the_same_token_twice_makes_one_record_and_one_mail(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas["official_a"])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/sang-kien/de-xuat/", full_form(form_token="mot-lan"))
        second = client.post("/sang-kien/de-xuat/", full_form(form_token="mot-lan"), follow=True)
    item = Initiative.objects.get(title="Ngày thứ bảy không hẹn")
    assert first["Location"] == f"/sang-kien/ho-so/{item.pk}/"
    assert second.redirect_chain[-1][0] == f"/sang-kien/ho-so/{item.pk}/"
    assert "đã được gửi trước đó" in second.content.decode()
    assert [m.to for m in mail.outbox].count(["thamdinh@example.gov.vn"]) == 1


def test_a_fresh_token_with_the_same_title_soon_after_is_the_same_form(client, personas):
    client.force_login(personas["official_a"])
    client.post("/sang-kien/de-xuat/", full_form(form_token="trang-1"))
    client.post("/sang-kien/de-xuat/", full_form(form_token="trang-2"))  # page fetched again
    assert Initiative.objects.filter(title="Ngày thứ bảy không hẹn").count() == 1
    client.post("/sang-kien/de-xuat/", full_form(title="Một sáng kiến khác", form_token="t-3"))
    assert Initiative.objects.filter(author=personas["official_a"]).count() == 2


def test_another_user_cannot_use_a_token_to_reach_a_record(client, personas):
    client.force_login(personas["official_a"])
    client.post("/sang-kien/de-xuat/", full_form(form_token="cua-a"))
    client.force_login(personas["official_b"])
    client.post("/sang-kien/de-xuat/", full_form(title="Của xã B", form_token="cua-a"))
    assert Initiative.objects.filter(title="Của xã B", locality__isnull=False).count() == 1
