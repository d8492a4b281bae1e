"""Signed-in pages: submit and edit (commune officials), the review queue (provincial
reviewers), my submissions, a record's history and its attachments. Every state change is its
own POST; every object view starts with a gatekeeper from initiatives.permissions."""

from __future__ import annotations

import logging
import re
from itertools import pairwise

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.models import Membership
from initiatives import permissions
from initiatives.forms import InitiativeForm
from initiatives.models import (
    TRANSITIONS,
    Attachment,
    Initiative,
    StatusChange,
    WorkflowError,
)
from initiatives.search import normalise

logger = logging.getLogger(__name__)


def _save_files(initiative: Initiative, files) -> None:
    for upload in files:
        Attachment.objects.create(
            initiative=initiative, file=upload, original_name=upload.name[:255], size=upload.size
        )


#: The similarity check reads at most the title's allowed length and this many two-word
#: phrases: its work is bounded whatever is posted (a 2.4 MB title once held a worker 557 s).
TITLE_MAX_LENGTH = Initiative._meta.get_field("title").max_length
MAX_SIMILAR_PHRASES = 12


def title_too_long(title: str) -> str | None:
    """The Vietnamese refusal for a title over the allowed length, else None."""
    if len(title) <= TITLE_MAX_LENGTH:
        return None
    return _("Tên sáng kiến dài %(length)s ký tự, vượt quá %(max)s ký tự cho phép.") % {
        "length": f"{len(title):,}".replace(",", "."),
        "max": TITLE_MAX_LENGTH,
    }


def similar_phrases(title: str) -> list[str]:
    """The first distinct two-word phrases of the (length-capped) title, padded for LIKE."""
    words = normalise(title[:TITLE_MAX_LENGTH]).split()
    phrases = dict.fromkeys(f" {a} {b} " for a, b in pairwise(words))
    return list(phrases)[:MAX_SIMILAR_PHRASES]


def _similar(title: str, exclude_pk: int | None = None) -> list[Initiative]:
    """Approved initiatives sharing a two-word phrase with ``title``, most shared words first."""
    phrases = similar_phrases(title)
    if not phrases:
        return []
    condition = Q()
    for phrase in phrases:
        condition |= Q(search_text__contains=phrase)
    candidates = (
        Initiative.objects.published()
        .filter(condition)
        .select_related("locality", "current_province")[:50]
    )
    wanted = set(normalise(title[:TITLE_MAX_LENGTH]).split())

    def likeness(candidate: Initiative) -> float:
        theirs = set(normalise(candidate.title).split())
        return len(wanted & theirs) / len(wanted | theirs)  # Jaccard: shared over all words

    scored = sorted((c for c in candidates if c.pk != exclude_pk), key=likeness, reverse=True)
    return scored[:5]


def similar(request: HttpRequest) -> HttpResponse:
    """HTML fragment of similar approved initiatives (fetched while the title is typed)."""
    title = request.GET.get("title", "")
    refusal = title_too_long(title)
    if refusal:
        return HttpResponse(refusal, status=400, content_type="text/plain; charset=utf-8")
    return render(request, "initiatives/includes/similar.html", {"similar": _similar(title)})


def _form_page(request: HttpRequest, initiative: Initiative | None) -> HttpResponse:
    commune = roles.official_commune(request.user)
    if initiative is None and commune is None:
        messages.error(request, _("Chỉ cán bộ cấp xã được đề xuất sáng kiến cho xã của mình."))
        return redirect("home")
    instance = initiative or Initiative(locality=commune, author=request.user)
    existing = instance.attachments.count() if instance.pk else 0
    similar_items: list[Initiative] = []
    if request.method == "POST":
        action = request.POST.get("action", "draft")
        form = InitiativeForm(
            request.POST,
            request.FILES,
            instance=instance,
            existing_files=existing,
            draft=action in ("draft", "check"),
        )
        if action == "check":
            refusal = title_too_long(request.POST.get("title", ""))
            if refusal:  # sizes first: the form shows the error, no similarity work is done
                messages.error(request, refusal)
            else:
                similar_items = _similar(request.POST.get("title", ""), exclude_pk=instance.pk)
        elif form.is_valid():
            with transaction.atomic():
                item = form.save(commit=False)
                if item.pk is None:
                    item.status = Initiative.Status.DRAFT
                item.save()
                form.save_m2m()
                item.set_targets(form.cleaned_data.get("targets") or [])
                _save_files(item, form.cleaned_data.get("files") or [])
            if action == "submit":
                verb = "resubmit" if item.status == Initiative.Status.RETURNED else "submit"
                try:
                    item.transition(verb, request.user)
                except WorkflowError as exc:
                    messages.error(request, str(exc))
                else:
                    notify(item, verb)
                    messages.success(request, _("Đã gửi sáng kiến để Sở Nội vụ thẩm định."))
                    return redirect("initiatives:record", pk=item.pk)
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("initiatives:edit", pk=item.pk)
        else:
            if request.FILES:
                messages.warning(
                    request,
                    _(
                        "Biểu mẫu còn lỗi nên các tệp vừa chọn chưa được lưu: hãy chọn lại tệp "
                        "trước khi gửi. Các nội dung khác đã được giữ nguyên."
                    ),
                )
    else:
        form = InitiativeForm(instance=instance, existing_files=existing)
    return render(
        request,
        "initiatives/initiative_form.html",
        {
            "form": form,
            "initiative": initiative,
            "commune": instance.locality,
            "similar": similar_items,
            "attachments": list(instance.attachments.all()) if instance.pk else [],
        },
    )


@login_required
def submit(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, permissions.get_initiative_for_editor(request, pk))


@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = permissions.get_initiative_for_viewer(request, pk)
    return render(
        request,
        "initiatives/record.html",
        {
            "initiative": initiative,
            "history": list(initiative.history.select_related("actor")),
            "attachments": list(initiative.attachments.all()),
            "actions": [
                (a, TRANSITIONS[a]) for a in permissions.allowed_actions(request.user, initiative)
            ],
            "can_edit": permissions.can_edit(request.user, initiative),
        },
    )


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in TRANSITIONS:
        raise Http404
    initiative = permissions.get_initiative_for_viewer(request, pk)
    if not permissions.can_act(request.user, initiative, action):
        # Visible but not theirs to decide, or already decided: refuse, change nothing.
        if initiative.status not in TRANSITIONS[action].sources:
            messages.error(
                request,
                _("Hồ sơ đã được xử lý trước đó (trạng thái hiện tại: %(status)s).")
                % {"status": initiative.get_status_display()},
            )
            return redirect("initiatives:record", pk=pk)
        return HttpResponse(_("Bạn không có quyền thực hiện thao tác này."), status=403)
    try:
        initiative.transition(action, request.user, request.POST.get("comment", ""))
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("initiatives:record", pk=pk)
    notify(initiative, action)
    messages.success(
        request,
        _("Đã %(action)s: %(title)s.")
        % {"action": TRANSITIONS[action].label, "title": initiative.title},
    )
    return redirect("initiatives:record", pk=pk)


def notify(initiative: Initiative, action: str) -> None:
    """E-mail after the transaction commits; a failing mail server never undoes the change."""
    if action in ("submit", "resubmit"):
        recipients = list(
            Membership.objects.filter(
                role=Membership.Role.PROVINCIAL_REVIEWER, unit=initiative.current_province_id
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        subject = _("Sáng kiến chờ thẩm định: %(title)s") % {"title": initiative.title}
    else:
        recipients = (
            [initiative.author.email] if initiative.author and initiative.author.email else []
        )
        subject = _("Sáng kiến “%(title)s”: %(status)s") % {
            "title": initiative.title,
            "status": initiative.get_status_display(),
        }
    if not recipients:
        return
    last = initiative.history.order_by("-pk").first()
    body = "\n".join(
        filter(
            None,
            [
                subject,
                (last.comment if last else ""),
                reverse("initiatives:record", args=[initiative.pk]),
            ],
        )
    )

    def send() -> None:
        try:
            send_mail(subject, body, None, recipients, fail_silently=False)
        except Exception:  # the transition stands; the failure is logged for the operator
            logger.exception("could not send the workflow e-mail for initiative %s", initiative.pk)

    transaction.on_commit(send)


@login_required
def my_submissions(request: HttpRequest) -> HttpResponse:
    commune = roles.official_commune(request.user)
    items = Initiative.objects.none()
    if commune is not None:
        latest = (
            StatusChange.objects.filter(initiative=OuterRef("pk"))
            .exclude(comment="")
            .order_by("-pk")
        )
        items = (
            Initiative.objects.filter(locality=commune)
            .annotate(latest_comment=Subquery(latest.values("comment")[:1]))
            .order_by("-updated_at")
        )
    return render(
        request, "initiatives/my_submissions.html", {"items": list(items), "commune": commune}
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    queue = permissions.review_queue(request.user)
    if not (roles.is_admin(request.user) or roles.reviewer_province(request.user)):
        raise Http404
    status = request.GET.get("trang_thai", "")
    if status in (Initiative.Status.SUBMITTED, Initiative.Status.RESUBMITTED):
        queue = queue.filter(status=status)
    commune = request.GET.get("xa", "")
    communes = list(
        permissions.review_queue(request.user)
        .values("locality_id", "locality__name")
        .annotate(n=Count("pk"))
        .order_by("locality__name")
    )
    if re.fullmatch(r"[0-9]{1,18}", commune):  # "²" passes isdigit(); 10**40 overflows
        queue = queue.filter(locality_id=int(commune))
    submitted_at = StatusChange.objects.filter(initiative=OuterRef("pk")).order_by("-pk")
    items = list(
        queue.select_related("locality", "author")
        .annotate(waiting_since=Subquery(submitted_at.values("created_at")[:1]))
        .order_by("waiting_since", "pk")
    )
    now = timezone.now()
    for item in items:
        item.days_waiting = (now - item.waiting_since).days if item.waiting_since else 0
    return render(
        request,
        "initiatives/review_queue.html",
        {"items": items, "communes": communes, "status": status, "commune": commune},
    )


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(Attachment.objects.select_related("initiative"), pk=pk)
    permissions.get_initiative_for_viewer(request, item.initiative_id)  # 404 unless allowed
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)
