"""The review history and its comments stay internal after approval."""

from __future__ import annotations

import pytest

from tests.initiatives.records import initiative

pytestmark = pytest.mark.django_db

COMMENT = "Ý kiến nội bộ: số liệu chưa kiểm chứng"
SEES_COMMENTS = {"official_a": True, "reviewer": True, "admin": True}


@pytest.mark.parametrize(
    "role", ["anonymous", "official_a", "official_b", "reviewer", "other_reviewer", "admin"]
)
def test_only_the_commune_the_province_and_admins_read_review_comments(
    client, places, personas, role
):
    item = initiative(places, personas["official_a"], status="submitted")
    item.transition("approve", personas["reviewer"], COMMENT)
    if personas[role] is not None:
        client.force_login(personas[role])
    response = client.get(f"/sang-kien/ho-so/{item.pk}/")
    html = response.content.decode() if response.status_code == 200 else ""
    if role == "anonymous":
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    else:
        assert response.status_code == 200  # the approved record itself is public
    assert (COMMENT in html) is SEES_COMMENTS.get(role, False)
    assert ('id="history"' in html) is SEES_COMMENTS.get(role, False)
