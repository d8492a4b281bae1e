"""Production hardening (issue 12): limits before work, lockouts, headers, outages, admin
scoping. Each test reproduces one finding of the issue and would fail on the code before it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives import workspace

pytestmark = pytest.mark.django_db


# --- 2. the similar-initiatives check: sizes first, bounded work -------------------------------


def similarity_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "search_text" in q["sql"] and "LIKE" in q["sql"]]


def test_a_huge_title_is_refused_before_any_similarity_work(client, personas, demo_data):
    client.force_login(personas["official_a"])
    title = "ngay khong hen cua xa " * 109_000  # 2.4 MB, 545,000 words
    assert 2_390_000 < len(title.encode()) < 2_500_000
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/sang-kien/de-xuat/", {"title": title, "action": "check"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "vượt quá 255 ký tự cho phép" in html
    assert similarity_queries(queries) == []
    with CaptureQueriesContext(connection) as queries:
        fragment = client.get("/sang-kien/tuong-tu/", {"title": "ngày không hẹn " * 300})
    assert fragment.status_code == 400 and "vượt quá 255 ký tự" in fragment.content.decode()
    assert similarity_queries(queries) == []


def test_the_similarity_work_is_capped_whatever_the_title(demo_data):
    words = [f"tu{n}" for n in range(16_000)]  # 16,000 distinct words: 15,999 phrases
    assert len(workspace.similar_phrases(" ".join(words))) <= workspace.MAX_SIMILAR_PHRASES
    with CaptureQueriesContext(connection) as queries:
        workspace._similar(" ".join(words))
    (sql,) = similarity_queries(queries)
    assert sql.count("LIKE") <= workspace.MAX_SIMILAR_PHRASES
    # a normal title still finds its twin
    assert workspace._similar("Ngày không hẹn của xã")
