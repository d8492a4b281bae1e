"""Site pages that combine apps: a province's profile (its scores beside its initiatives) and
the cross view (an indicator's score beside the number of initiatives targeting it)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localities.models import AdministrativeUnit
from tests.initiatives.helpers import build_initiatives

pytestmark = pytest.mark.django_db


def test_profiles_say_where_former_provinces_are_now(client, demo_data):
    html = client.get("/tinh-cu/10/").content.decode()
    assert "Nay thuộc" in html and "Tỉnh Lào Cai</a> (mã 15)" in html and "Yên Bái" in html
    assert "Hà Nội" in client.get("/tinh-cu/28/").content.decode()
    merged = client.get("/tinh/15/").content.decode()
    assert "Lào Cai (đến 2025)" in merged and "Yên Bái (đến 2025)" in merged
    assert client.get("/tinh/99/").status_code == 404


@pytest.mark.parametrize(
    ("small", "large"),
    [
        ("/tinh-cu/28/", "/tinh-cu/10/"),  # 4 PCI years vs 12 PCI and 6 PAPI years
        ("/tinh/01/", "/tinh/15/"),  # one former province vs two merged
    ],
)
def test_profile_queries_do_not_grow_with_years_or_merged_provinces(
    client, demo_data, django_assert_num_queries, small, large
):
    with CaptureQueriesContext(connection) as few:
        assert client.get(small).status_code == 200
    with django_assert_num_queries(len(few)):
        assert client.get(large).status_code == 200
    assert len(few) <= 8


def test_profile_queries_do_not_grow_with_initiatives(client, demo_data, django_assert_num_queries):
    province = AdministrativeUnit.objects.provinces().former().get(code="38")
    with CaptureQueriesContext(connection) as before:
        client.get("/tinh/38/")
    build_initiatives(200, province)
    with django_assert_num_queries(len(before)):
        assert "210 sáng kiến" in client.get("/tinh/38/").content.decode()


def test_cross_view_counts_initiatives_per_province(client, demo_data):
    html = client.get(
        "/doi-chieu/", {"target": "papi:thu-tuc-hanh-chinh-cong", "year": "2016"}
    ).content.decode()
    assert "không cho biết sáng kiến có làm thay đổi điểm" in html
    row = re.search(
        r"Thanh Hóa</a></th><td class=\"num\">([^<]+)</td><td class=\"num\"><a [^>]+>(\d+)</a>",
        html,
    )
    # Tổng đài, Ngày thứ 7 target this component; Chính quyền thân thiện targets PAPI as a
    # whole and is not in the catalogue's list for the component, so not counted either.
    assert row.group(2) == "2"
