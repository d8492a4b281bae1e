"""Text in, text clean: NFC, no bidi overrides, no zero-width characters, on every path."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from initiatives.models import Initiative
from localities.text import clean_text

pytestmark = pytest.mark.django_db

NFD_TITLE = unicodedata.normalize("NFD", "Đồng Tháp một cửa")
SPOOFED = "Hồ sơ \u202egnôc\u202c hợp lệ\u200b\ufeff"


def test_clean_text_removes_what_hides_and_composes_what_is_split():
    assert clean_text(NFD_TITLE) == "Đồng Tháp một cửa"
    assert clean_text(SPOOFED) == "Hồ sơ gnôc hợp lệ"
    for (
        ch
    ) in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u2060\ufeff":
        assert clean_text(f"a{ch}b") == "ab"
    assert clean_text("") == ""


def test_the_initiative_form_stores_clean_text(client, personas):
    client.force_login(personas["official_a"])
    client.post(
        "/sang-kien/de-xuat/",
        {"title": NFD_TITLE + "\u200b", "implementing_unit": SPOOFED, "action": "draft"},
    )
    item = Initiative.objects.get(author=personas["official_a"])
    assert item.title == "Đồng Tháp một cửa"
    assert item.implementing_unit == "Hồ sơ gnôc hợp lệ"


def test_every_save_stores_nfc(places):
    item = Initiative.objects.create(
        title=NFD_TITLE, summary=SPOOFED, implementing_unit="x", locality=places["a"], level="xa"
    )
    item.refresh_from_db()
    assert item.title == "Đồng Tháp một cửa" and item.summary == "Hồ sơ gnôc hợp lệ"
    # The admin search for the composed spelling finds it.
    assert Initiative.objects.filter(title__icontains="Đồng Tháp").exists()


def test_the_admin_forms_store_clean_text(client, admin_user, places):
    from indicators.models import Index
    from indicators.reference import load_reference

    load_reference()
    index = Index.objects.get(code="sipas")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:indicators_index_change", args=[index.pk]),
        {
            "code": index.code,
            "short_name": index.short_name,
            "name_vi": unicodedata.normalize("NFD", "Chỉ số hài lòng\u202e"),
            "name_en": index.name_en,
            "publisher_vi": index.publisher_vi,
            "publisher_en": index.publisher_en,
            "description_vi": index.description_vi,
            "description_en": index.description_en,
            "unit_vi": index.unit_vi,
            "unit_en": index.unit_en,
            "higher_is_better": "on",
            "aliases": '["Sipas\u200b tỉnh"]',
            "website": index.website,
            "order": index.order,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    index.refresh_from_db()
    assert index.name_vi == "Chỉ số hài lòng" and index.aliases == ["Sipas tỉnh"]
