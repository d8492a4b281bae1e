"""The units admin: filters, search without diacritics, edits kept by load_localities."""

from __future__ import annotations

import pytest
from django.urls import reverse

from localities.loading import load_units
from localities.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:localities_administrativeunit_changelist")
#: The management form of the unit's name periods inline, with no row.
NO_PERIODS = {"name_periods-TOTAL_FORMS": "0", "name_periods-INITIAL_FORMS": "0"}


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def listed_names(response) -> list[str]:
    return [unit.name for unit in response.context["cl"].result_list]


@pytest.mark.parametrize("term", ["Thanh Hóa", "thanh hoa", "Thanh Hoá", "THANH HOA"])
def test_search_with_or_without_diacritics(staff_client, term):
    response = staff_client.get(CHANGELIST, {"q": term, "level__exact": 1})
    assert response.status_code == 200
    assert sorted(listed_names(response)) == ["Tỉnh Thanh Hóa", "Tỉnh Thanh Hóa"]


def test_filters_by_period_and_source(staff_client):
    response = staff_client.get(CHANGELIST, {"q": "Lào Cai", "level__exact": 1, "period": "former"})
    assert [(u.code, u.is_current) for u in response.context["cl"].result_list] == [("10", False)]
    response = staff_client.get(
        CHANGELIST, {"q": "Lao Cai", "level__exact": 1, "period": "current"}
    )
    assert [(u.code, u.is_current) for u in response.context["cl"].result_list] == [("15", True)]
    response = staff_client.get(CHANGELIST, {"level__exact": 1, "source__exact": "reference"})
    assert listed_names(response) == ["Tỉnh Hà Tây"]


def test_changelist_query_count_does_not_grow_with_rows(
    staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = staff_client.get(CHANGELIST, {"level__exact": 3, "period": "former"})
    assert len(response.context["cl"].result_list) == 50


def test_autocomplete_of_the_parent_finds_a_unit_without_diacritics(staff_client):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "long dat",
            "app_label": "localities",
            "model_name": "administrativeunit",
            "field_name": "parent",
        },
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Huyện Long Đất"]


def test_an_edit_in_the_admin_is_marked_and_survives_load_localities(staff_client):
    unit = (
        AdministrativeUnit.objects.former()
        .communes()
        .select_related("parent")
        .get(name="Thị trấn Long Hải")
    )
    long_dien = AdministrativeUnit.objects.former().districts().get(name="Huyện Long Đất")
    url = reverse("admin:localities_administrativeunit_change", args=[unit.pk])
    response = staff_client.post(
        url,
        {
            "name": "Thị trấn Long Hải",
            "short_name": "Long Hải",
            "unit_type": "thi_tran",
            "level": 3,
            "code": unit.code,
            "english_name": "Long Hai",
            "parent": long_dien.pk,
            "valid_from": "",
            "valid_to": "2025-06-30",
            "successor": "",
            **NO_PERIODS,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    unit.refresh_from_db()
    assert unit.edited_by_admin
    assert unit.english_name == "Long Hai"
    assert unit.source == AdministrativeUnit.Source.PACKAGE_PRE_2025
    report = load_units()
    assert report.kept_edited == 1 and report.changed == 0
    unit.refresh_from_db()
    assert unit.english_name == "Long Hai"


def dong_son_form(**fields) -> dict:
    """The admin's add form for the former district Đông Sơn of Thanh Hóa."""
    thanh_hoa = AdministrativeUnit.objects.former().provinces().get(code="38")
    return {
        "name": "Huyện Đông Sơn",
        "short_name": "Đông Sơn",
        "unit_type": "huyen",
        "level": 2,
        "code": "405",
        "english_name": "",
        "parent": thanh_hoa.pk,
        "valid_to": "2024-12-31",
        **fields,
    }


def test_an_admin_adds_an_older_district(staff_client):
    city = AdministrativeUnit.objects.former().districts().get(code="380")
    response = staff_client.post(
        reverse("admin:localities_administrativeunit_add"),
        dong_son_form(valid_from="", successor=city.pk, **NO_PERIODS),
    )
    assert response.status_code == 302
    dong_son = AdministrativeUnit.objects.get(level=2, code="405")
    assert (dong_son.source, dong_son.edited_by_admin) == ("admin", True)
    assert dong_son.search_key == "dong son"
    assert load_units().changed == 0


def test_an_impossible_period_is_refused_with_a_message(staff_client):
    response = staff_client.post(
        reverse("admin:localities_administrativeunit_add"),
        dong_son_form(valid_from="2025-01-01", successor=""),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == ["__all__"]  # the period check constraint, nothing else
    assert not AdministrativeUnit.objects.filter(level=2, code="405").exists()
