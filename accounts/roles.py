"""A user's role, read once from the membership: what every gatekeeper asks first."""

from __future__ import annotations

from accounts.models import Membership
from localities.models import AdministrativeUnit


def membership(user) -> Membership | None:
    if not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def is_admin(user) -> bool:
    m = membership(user)
    return user.is_authenticated and (
        user.is_superuser or (m is not None and m.role == Membership.Role.ADMINISTRATOR)
    )


def official_commune(user) -> AdministrativeUnit | None:
    m = membership(user)
    return m.unit if m and m.role == Membership.Role.COMMUNE_OFFICIAL else None


def reviewer_province(user) -> AdministrativeUnit | None:
    m = membership(user)
    return m.unit if m and m.role == Membership.Role.PROVINCIAL_REVIEWER else None
