"""Accounts: a role and its unit read from the membership, edited with the user in the admin;
login throttling and password reset."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from accounts import roles
from accounts.models import Membership

pytestmark = pytest.mark.django_db


def test_each_persona_has_its_role_and_unit(personas, places):
    official, reviewer, admin = personas["official_a"], personas["reviewer"], personas["admin"]
    assert roles.official_commune(official) == places["a"]
    assert roles.reviewer_province(official) is None and not roles.is_admin(official)
    assert roles.reviewer_province(reviewer) == places["province"]
    assert roles.official_commune(reviewer) is None and not roles.is_admin(reviewer)
    assert roles.is_admin(admin) and roles.membership(admin) is None  # a superuser, no row
    assert roles.official_commune(admin) is None and roles.reviewer_province(admin) is None


def test_an_administrator_membership_is_an_admin_without_a_unit(django_user_model):
    user = django_user_model.objects.create_user("quantri_xa", "q@example.gov.vn", "mat-khau")
    Membership.objects.create(user=user, role=Membership.Role.ADMINISTRATOR)
    user.refresh_from_db()
    assert roles.is_admin(user) and roles.official_commune(user) is None


def test_an_anonymous_visitor_has_no_role(client):
    from django.contrib.auth.models import AnonymousUser

    visitor = AnonymousUser()
    assert roles.membership(visitor) is None and not roles.is_admin(visitor)
    assert roles.official_commune(visitor) is None and roles.reviewer_province(visitor) is None


def test_an_official_needs_a_commune_and_a_reviewer_a_province(places, django_user_model):
    user = django_user_model.objects.create_user("canbo_sai", "c@example.gov.vn", "mat-khau")
    message = "Cán bộ cấp xã phải gắn với một xã; chuyên viên thẩm định với một tỉnh."
    for role, unit in [
        (Membership.Role.COMMUNE_OFFICIAL, places["province"]),
        (Membership.Role.PROVINCIAL_REVIEWER, places["a"]),
        (Membership.Role.COMMUNE_OFFICIAL, None),
    ]:
        with pytest.raises(ValidationError) as refused:
            Membership(user=user, role=role, unit=unit).clean()
        assert refused.value.message_dict == {"unit": [message]}
    Membership(user=user, role=Membership.Role.COMMUNE_OFFICIAL, unit=places["a"]).clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Membership.Role.PROVINCIAL_REVIEWER)


def test_the_admin_edits_the_role_with_the_account(client, personas):
    client.force_login(personas["admin"])
    page = client.get(f"/admin/auth/user/{personas['official_a'].pk}/change/").content.decode()
    assert "membership-0-role" in page  # the role and unit are edited with the account


@override_settings(AXES_ENABLED=True)
def test_login_is_throttled_after_five_failures(client, personas):
    for _ in range(5):
        client.post("/dang-nhap/", {"username": "canbo_a", "password": "sai"})
    response = client.post(
        "/dang-nhap/", {"username": "canbo_a", "password": "mat-khau-thu-nghiem"}
    )
    assert response.status_code == 429 and "Tạm khóa đăng nhập" in response.content.decode()


def test_password_reset_sends_a_link(client, personas):
    client.post("/dat-lai-mat-khau/", {"email": "canbo_a@example.gov.vn"})
    assert len(mail.outbox) == 1 and "/dat-lai-mat-khau/" in mail.outbox[0].body
