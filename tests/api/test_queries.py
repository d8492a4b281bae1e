"""Each list answers in a fixed number of queries, whatever the number of rows: an N+1 would
add one per row here (a page of 100 scores, 64 provinces, 60+ initiatives)."""

from __future__ import annotations

import pytest

from tests.initiatives.helpers import build_initiatives, former_province

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(demo_data):
    build_initiatives(50, former_province("38"))


@pytest.mark.parametrize(
    ("url", "rows", "queries"),
    [
        # the indices; their components
        ("/api/v1/indices/", 4, 2),
        # count; the page (coverage annotated)
        ("/api/v1/editions/?limit=100", 20, 2),
        # count; the page; the provinces' names by period
        ("/api/v1/scores/?limit=500", 500, 3),
        # count; the page; names by period; predecessors
        ("/api/v1/provinces/?limit=100", 98, 4),
        # last change; count; the page; areas; targets with their index and component; sources
        ("/api/v1/initiatives/?limit=100", 66, 6),
        # the same with the catalogue's filters (and the look-up of the index code)
        ("/api/v1/initiatives/?limit=100&chi_so=papi&tinh=38", 50, 7),
        # one initiative: itself; areas; targets; sources
        ("/api/v1/initiatives/mo-hinh-thu-7/", 1, 4),
        # one province: itself with its names and predecessors
        ("/api/v1/provinces/38-cu/", 1, 3),
    ],
)
def test_list_queries_are_bounded(client, many, django_assert_num_queries, url, rows, queries):
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    got = body["results"] if isinstance(body, dict) and "count" in body else body
    got = got if isinstance(got, list) else [got]
    assert len(got) >= rows
