"""Who may see and change which initiative: the one place that decides.

- anonymous visitors: approved initiatives only (the public catalogue);
- a commune official: the initiatives of their own commune (drafts included), editing while
  draft or returned, submitting, resubmitting and withdrawing them;
- a provincial reviewer: what their province's units submitted (never drafts), deciding on
  those awaiting review;
- an administrator (role or superuser): everything.
The review history (decisions and their comments) is shown only to the author's commune, the
province's reviewers and administrators, also once the record is public.
Views call the gatekeepers below first; anything the user may not see is a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from accounts.roles import is_admin, official_commune, reviewer_province
from initiatives.models import AWAITING_REVIEW, EDITABLE, TRANSITIONS, Initiative


def visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Initiative.objects.all() if queryset is None else queryset
    if is_admin(user):
        return queryset
    condition = Q(status=Initiative.Status.APPROVED)
    commune = official_commune(user)
    if commune is not None:
        condition |= Q(locality=commune)
    province = reviewer_province(user)
    if province is not None:
        condition |= Q(current_province=province) & ~Q(status=Initiative.Status.DRAFT)
    return queryset.filter(condition)


def can_edit(user, initiative: Initiative) -> bool:
    commune = official_commune(user)
    return initiative.status in EDITABLE and (
        is_admin(user) or (commune is not None and initiative.locality_id == commune.pk)
    )


def can_act(user, initiative: Initiative, action: str) -> bool:
    rule = TRANSITIONS[action]
    if initiative.status not in rule.sources:
        return False
    if rule.by_reviewer:
        province = reviewer_province(user)
        return is_admin(user) or (
            province is not None and initiative.current_province_id == province.pk
        )
    commune = official_commune(user)
    return commune is not None and initiative.locality_id == commune.pk


def can_see_review(user, initiative: Initiative) -> bool:
    """The review history and its comments are internal: the author's commune officials, the
    province's reviewers and administrators, never other signed-in users of a public record."""
    if is_admin(user):
        return True
    commune = official_commune(user)
    if commune is not None and initiative.locality_id == commune.pk:
        return True
    province = reviewer_province(user)
    return province is not None and initiative.current_province_id == province.pk


def allowed_actions(user, initiative: Initiative) -> list[str]:
    return [action for action in TRANSITIONS if can_act(user, initiative, action)]


def get_initiative_for_viewer(request: HttpRequest, pk: int) -> Initiative:
    initiative = (
        visible_to(request.user)
        .filter(pk=pk)
        .select_related(
            "locality__parent__parent", "current_province", "province", "author", "replicated_from"
        )
        .first()
    )
    if initiative is None:
        raise Http404
    return initiative


def get_initiative_for_editor(request: HttpRequest, pk: int) -> Initiative:
    initiative = get_initiative_for_viewer(request, pk)
    if not can_edit(request.user, initiative):
        raise Http404
    return initiative


def review_queue(user) -> QuerySet:
    """What the user has to decide on: their province's items awaiting review."""
    queryset = Initiative.objects.filter(status__in=AWAITING_REVIEW)
    if is_admin(user):
        return queryset
    province = reviewer_province(user)
    if province is None:
        return queryset.none()
    return queryset.filter(current_province=province)
