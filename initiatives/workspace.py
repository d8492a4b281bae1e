"""Signed-in pages: submit and edit (commune officials), the review queue (provincial
reviewers), my submissions, a record's history and its attachments. Every state change is its
own POST; every object view starts with a gatekeeper from initiatives.permissions."""

from __future__ import annotations

import logging
import re
import secrets
from datetime import timedelta
from itertools import pairwise
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.models import Membership, preferred_language
from initiatives import permissions
from initiatives.files import CONTENT_TYPES, detect_kind
from initiatives.forms import InitiativeForm, ReviewQueueForm
from initiatives.models import (
    TRANSITIONS,
    Attachment,
    Initiative,
    PendingUpload,
    StatusChange,
    SubmissionToken,
    WorkflowError,
)
from initiatives.search import normalise
from localities.text import clean_text, fold

logger = logging.getLogger(__name__)


def _save_files(initiative: Initiative, files, pending: list[PendingUpload]) -> None:
    """Attach the files of this POST and those kept from the form's earlier tries."""
    for upload in files:
        Attachment.objects.create(
            initiative=initiative,
            file=upload,
            original_name=upload.name[:255],
            kind=upload.detected_kind,
            size=upload.size,
        )
    for item in pending:
        Attachment.objects.create(
            initiative=initiative,
            file=item.file.name,  # the stored file moves to the attachment, not copied
            original_name=item.original_name,
            kind=item.kind,
            size=item.size,
        )
    if pending:
        kept = PendingUpload.objects.filter(pk__in=[p.pk for p in pending])
        kept.update(file="")  # the file is the attachment's now: deleting the row keeps it
        kept.delete()


def _keep_pending(request: HttpRequest, token: str, form: InitiativeForm) -> None:
    """The good files of a form sent back with errors wait under its token."""
    assert isinstance(request.user, User)  # login_required
    for upload in form.good_files:
        PendingUpload.objects.create(
            token=token,
            user=request.user,
            file=upload,
            original_name=upload.name[:255],
            kind=upload.detected_kind,
            size=upload.size,
        )


#: The similarity check reads at most the title's allowed length and this many two-word
#: phrases: its work is bounded whatever is posted (a 2.4 MB title once held a worker 557 s).
TITLE_MAX_LENGTH = cast(int, Initiative._meta.get_field("title").max_length)  # a CharField's
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
    assert isinstance(request.user, User)  # login_required
    commune = roles.official_commune(request.user)
    if initiative is None and commune is None:
        messages.error(request, _("Chỉ cán bộ cấp xã được đề xuất sáng kiến cho xã của mình."))
        return redirect("home")
    instance = initiative or Initiative(locality=commune, author=request.user)
    existing = instance.attachments.count() if instance.pk else 0
    similar_items: list[Initiative] = []
    # The form's one-time token: it makes the new-initiative POST idempotent and keys the
    # files kept across form errors. A POST without one (a script) gets a fresh one.
    token = request.POST.get("form_token", "")[:64] or secrets.token_urlsafe(32)
    if request.method == "POST":
        if initiative is None:
            done = _sent_before(request, token)
            if done is not None:
                return _already_sent(request, done)
        pending_files = PendingUpload.objects.filter(user=request.user, token=token)
        removed = [v for v in request.POST.getlist("remove_pending") if v.isdigit()]
        if removed:
            pending_files.filter(pk__in=removed).delete()
        pending = list(pending_files)
        action = request.POST.get("action", "draft")
        form = InitiativeForm(
            request.POST,
            request.FILES,
            instance=instance,
            existing_files=existing + len(pending),
            draft=action in ("draft", "check"),
        )
        if action == "check":
            refusal = title_too_long(request.POST.get("title", ""))
            if refusal:  # sizes first: the form shows the error, no similarity work is done
                messages.error(request, refusal)
            else:
                similar_items = _similar(request.POST.get("title", ""), exclude_pk=instance.pk)
        elif form.is_valid():
            try:
                with transaction.atomic():
                    item = form.save(commit=False)
                    if item.pk is None:
                        item.status = Initiative.Status.DRAFT
                    item.save()
                    if initiative is None:
                        SubmissionToken.objects.create(
                            user=request.user, token=token, initiative=item
                        )
                    form.save_m2m()
                    item.set_targets(form.cleaned_data.get("targets") or [])
                    _save_files(item, form.cleaned_data.get("files") or [], pending)
            except IntegrityError:
                # The same form posted twice at once: the other POST made the record.
                sent = SubmissionToken.objects.filter(user=request.user, token=token).first()
                if sent is None:
                    raise
                return _already_sent(request, sent.initiative)
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
        form.errors  # noqa: B018  (checks the files, so the good ones can be kept)
        _keep_pending(request, token, form)
        if form.errors.get("files"):
            messages.warning(
                request,
                _(
                    "Tệp bị từ chối chưa được lưu: hãy chọn lại tệp đúng loại. Các tệp hợp lệ "
                    "đã chọn được giữ (xem “đã chọn” dưới mục tệp đính kèm); các nội dung "
                    "khác được giữ nguyên."
                ),
            )
        pending = list(pending_files.all())
    else:
        form = InitiativeForm(instance=instance, existing_files=existing)
        # Files chosen in forms left unfinished more than a day ago are dropped.
        PendingUpload.objects.filter(
            user=request.user, created_at__lt=timezone.now() - PENDING_LIFETIME
        ).delete()
        pending = []
    return render(
        request,
        "initiatives/initiative_form.html",
        {
            "form": form,
            "form_token": token,
            "pending": pending,
            "initiative": initiative,
            "commune": instance.locality,
            "similar": similar_items,
            "attachments": list(instance.attachments.all()) if instance.pk else [],
        },
    )


PENDING_LIFETIME = timedelta(days=1)
#: How long a new-initiative form with the title of one just made counts as sent again.
RESENT_WINDOW = timedelta(minutes=30)


def _sent_before(request: HttpRequest, token: str) -> Initiative | None:
    """The record this form already made: by its token (the page re-sent as it was), or, for
    a page the browser fetched again on the back button (a fresh token, the typed fields
    restored by the browser), the same user's record made from a new form in the last 30
    minutes with the same title."""
    assert isinstance(request.user, User)  # login_required
    done = SubmissionToken.objects.filter(user=request.user, token=token).first()
    if done is not None:
        return done.initiative
    title = fold(clean_text(request.POST.get("title", "")))
    if not title:
        return None
    recent = SubmissionToken.objects.filter(
        user=request.user, created_at__gte=timezone.now() - RESENT_WINDOW
    ).select_related("initiative")
    for made in recent.order_by("-pk")[:20]:
        if fold(made.initiative.title) == title:
            return made.initiative
    return None


def _already_sent(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    messages.info(
        request,
        _(
            "Biểu mẫu này đã được gửi trước đó: đây là hồ sơ đã tạo từ lần gửi ấy (không tạo "
            "thêm hồ sơ thứ hai)."
        ),
    )
    return redirect("initiatives:record", pk=initiative.pk)


@login_required
def submit(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, permissions.get_initiative_for_editor(request, pk))


@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = permissions.get_initiative_for_viewer(request, pk)
    show_review = permissions.can_see_review(request.user, initiative)
    return render(
        request,
        "initiatives/record.html",
        {
            "initiative": initiative,
            "show_review": show_review,
            "history": list(initiative.history.select_related("actor")) if show_review else [],
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
    """E-mail everyone concerned by ``action``, each in their own language, with an absolute
    link, once the transaction commits. A failing mail server is logged and never undoes the
    change nor fails the request."""
    author = initiative.author if initiative.author and initiative.author.email else None
    reviewers = [
        m.user
        for m in Membership.objects.filter(
            role=Membership.Role.PROVINCIAL_REVIEWER,
            unit=initiative.current_province_id,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user__membership")
        .order_by("user__username")
    ]
    plan: list[tuple[User, str]] = {
        "submit": [(r, "review") for r in reviewers] + ([(author, "ack")] if author else []),
        "resubmit": [(r, "review_again") for r in reviewers]
        + ([(author, "ack_again")] if author else []),
        "withdraw": [(r, "withdrawn") for r in reviewers],
        "request_supplement": [(author, "supplement")] if author else [],
    }.get(action, [(author, "decision")] if author else [])
    if not plan:
        return
    last = initiative.history.order_by("-pk").first()
    comment = last.comment if last else ""
    link = settings.SITE_URL + reverse("initiatives:record", args=[initiative.pk])
    emails = []
    for user, kind in plan:
        with translation.override(preferred_language(user)):
            subject, body = _mail_text(initiative, kind, comment, link)
        emails.append(EmailMessage(subject, body, None, [user.email]))

    def send() -> None:
        for email in emails:
            try:
                email.send(fail_silently=False)
            except Exception:  # the transition stands; the failure is logged for the operator
                logger.exception(
                    "could not send the workflow e-mail for initiative %s to %s",
                    initiative.pk,
                    email.to,
                )

    transaction.on_commit(send)


def _mail_text(initiative: Initiative, kind: str, comment: str, link: str) -> tuple[str, str]:
    """Subject and body of one workflow e-mail, in the active language."""
    names = {"title": initiative.title, "commune": initiative.locality.name}
    if kind == "review":
        subject = _("Sáng kiến chờ thẩm định: %(title)s") % names
        lines = [_("%(commune)s gửi sáng kiến “%(title)s” để Sở Nội vụ thẩm định.") % names]
    elif kind == "review_again":
        subject = _("Sáng kiến gửi lại sau khi sửa: %(title)s") % names
        lines = [
            _(
                "%(commune)s đã sửa và gửi lại sáng kiến “%(title)s”, được trả lại để sửa "
                "ở lần thẩm định trước."
            )
            % names
        ]
    elif kind in ("ack", "ack_again"):
        subject = _("Đã nhận sáng kiến: %(title)s") % names
        lines = [
            (
                _("Sở Nội vụ đã nhận sáng kiến “%(title)s” bạn gửi lại sau khi sửa.")
                if kind == "ack_again"
                else _("Sở Nội vụ đã nhận sáng kiến “%(title)s” của bạn.")
            )
            % names,
            _("Bạn sẽ nhận thư khi có kết quả thẩm định."),
        ]
    elif kind == "withdrawn":
        subject = _("Sáng kiến đã được rút: %(title)s") % names
        lines = [
            _("%(commune)s đã rút sáng kiến “%(title)s”; hồ sơ không còn chờ thẩm định.") % names
        ]
    elif kind == "supplement":
        subject = _("Sở Nội vụ đề nghị bổ sung hồ sơ: %(title)s") % names
        lines = [
            _(
                "Sở Nội vụ đề nghị bổ sung tài liệu cho sáng kiến “%(title)s” (hồ sơ vẫn được "
                "công khai)."
            )
            % names
        ]
        if comment:
            lines.append(_("Ý kiến: %(comment)s") % {"comment": comment})
    else:
        status = initiative.get_status_display()
        subject = _("Sáng kiến “%(title)s”: %(status)s") % {**names, "status": status}
        lines = [
            _("Kết quả thẩm định sáng kiến “%(title)s”: %(status)s.") % {**names, "status": status}
        ]
        if comment:
            lines.append(_("Ý kiến: %(comment)s") % {"comment": comment})
    lines.append(_("Xem hồ sơ: %(link)s") % {"link": link})
    return str(subject), "\n\n".join(str(line) for line in lines)


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
        {
            "items": items,
            "form": ReviewQueueForm(status=status, commune=commune, communes=communes),
        },
    )


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """The file, always as a download, with the type read from its content and ``nosniff``:
    a browser never renders an upload as a page of the portal."""
    item = get_object_or_404(Attachment.objects.select_related("initiative"), pk=pk)
    permissions.get_initiative_for_viewer(request, item.initiative_id)  # 404 unless allowed
    kind = item.kind
    if not kind:  # uploaded before the type was recorded
        with item.file.open("rb") as stored:
            kind = detect_kind(stored) or ""
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def delete_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """The author's commune (or an administrator) removes a file while the record is a draft
    or returned for changes."""
    item = get_object_or_404(Attachment, pk=pk)
    initiative = permissions.get_initiative_for_editor(request, item.initiative_id)
    name = item.original_name
    item.delete()
    messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": name})
    return redirect("initiatives:edit", pk=initiative.pk)
