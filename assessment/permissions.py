"""Who may open a province's self-assessment pack: that province's reviewers and the
administrators. Everyone else (another province's reviewer, a commune official, a visitor)
gets a 404, as if the page did not exist."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone

from accounts.roles import is_admin, reviewer_province
from initiatives.models import Initiative
from localities.models import AdministrativeUnit

#: The years a pack can be made for: the first PAR-Index criteria set the portal knows of,
#: up to next year (a province prepares the coming assessment early).
FIRST_YEAR = 2012


def get_province_for_assessor(request: HttpRequest, code: str, year: int) -> AdministrativeUnit:
    """The current province ``code`` if the user prepares its self-assessment; else 404."""
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404
    user = request.user
    if not user.is_authenticated:
        raise Http404
    province = AdministrativeUnit.objects.provinces().current().filter(code=code).first()
    if province is None:
        raise Http404
    if is_admin(user):
        return province
    own = reviewer_province(user)
    if own is None or own.pk != province.pk:
        raise Http404
    return province


def get_initiative_for_assessor(
    request: HttpRequest, code: str, year: int, pk: int
) -> tuple[AdministrativeUnit, Initiative]:
    """An approved initiative of the assessor's province (communes included); else 404."""
    province = get_province_for_assessor(request, code, year)
    initiative = (
        Initiative.objects.published()
        .for_province(province)
        .filter(pk=pk)
        .select_related("locality", "author")
        .first()
    )
    if initiative is None:
        raise Http404
    return province, initiative
