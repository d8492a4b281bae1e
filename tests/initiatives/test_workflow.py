"""Submission and review: every role × every action, uploads, concurrency, e-mail, queries."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from initiatives.models import Initiative, StatusChange, WorkflowError

pytestmark = pytest.mark.django_db

from tests.files import PDF  # noqa: E402  (a PDF that parses)
from tests.initiatives import records  # noqa: E402


def new_initiative(
    places, author, status=Initiative.Status.DRAFT, title="Ngày không hẹn ở xã"
) -> Initiative:
    item = records.initiative(places, author, status=status, title=title)
    records.attach(item, name="Quyết định.pdf")
    return item


def login(client, user):
    if user is not None:
        client.force_login(user)


# action → (state it starts from, how to call it, who may do it)
ACTIONS = {
    "view_draft": (
        "draft",
        lambda c, i: c.get(f"/sang-kien/ho-so/{i.pk}/"),
        {"official_a", "admin"},
    ),
    "edit": (
        "draft",
        lambda c, i: c.post(
            f"/sang-kien/ho-so/{i.pk}/sua/", {"title": "Đã sửa", "action": "draft"}
        ),
        {"official_a", "admin"},
    ),
    "submit": ("draft", lambda c, i: c.post(f"/sang-kien/ho-so/{i.pk}/submit/"), {"official_a"}),
    "withdraw": (
        "submitted",
        lambda c, i: c.post(f"/sang-kien/ho-so/{i.pk}/withdraw/"),
        {"official_a"},
    ),
    "approve": (
        "submitted",
        lambda c, i: c.post(f"/sang-kien/ho-so/{i.pk}/approve/"),
        {"reviewer", "admin"},
    ),
    "return": (
        "submitted",
        lambda c, i: c.post(f"/sang-kien/ho-so/{i.pk}/return/", {"comment": "Bổ sung kết quả"}),
        {"reviewer", "admin"},
    ),
    "reject": (
        "submitted",
        lambda c, i: c.post(f"/sang-kien/ho-so/{i.pk}/reject/", {"comment": "Trùng mô hình"}),
        {"reviewer", "admin"},
    ),
    "download": (
        "submitted",
        lambda c, i: c.get(f"/sang-kien/tep/{i.attachments.get().pk}/"),
        {"official_a", "reviewer", "admin"},
    ),
}
ROLES = ["anonymous", "official_a", "official_b", "reviewer", "other_reviewer", "admin"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_role_and_action(client, places, personas, role, action):
    state, call, allowed = ACTIONS[action]
    item = new_initiative(places, personas["official_a"], status=state)
    history = StatusChange.objects.count()
    login(client, personas[role])
    response = call(client, item)
    item.refresh_from_db()
    if role in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/dang-nhap/" not in response["Location"]
        expected = {
            "view_draft": ("draft", "Ngày không hẹn ở xã"),
            "download": ("submitted", "Ngày không hẹn ở xã"),
            "edit": ("draft", "Đã sửa"),
            "submit": ("submitted", "Ngày không hẹn ở xã"),
            "withdraw": ("withdrawn", "Ngày không hẹn ở xã"),
            "approve": ("approved", "Ngày không hẹn ở xã"),
            "return": ("returned", "Ngày không hẹn ở xã"),
            "reject": ("rejected", "Ngày không hẹn ở xã"),
        }[action]
        assert (item.status, item.title) == expected
        if action == "download":
            assert b"".join(response.streaming_content) == PDF
    else:
        if response.status_code == 302:
            assert response["Location"].startswith("/dang-nhap/")  # anonymous: log in first
        else:
            assert response.status_code in (403, 404)
        assert item.status == state and item.title == "Ngày không hẹn ở xã"
        assert StatusChange.objects.count() == history


def test_the_whole_story_with_history_and_mail(
    client, places, personas, demo_data, django_capture_on_commit_callbacks
):
    official, reviewer = personas["official_a"], personas["reviewer"]
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/sang-kien/de-xuat/",
            records.full_form(
                **{"targets": ["papi"], "files": [SimpleUploadedFile("qd.pdf", PDF)]}
            ),
        )
    assert response.status_code == 302, re.findall(
        r"invalid-feedback[^>]*>([^<]+)", response.content.decode()
    )
    item = Initiative.objects.get(title="Ngày thứ bảy không hẹn")
    assert (
        response.status_code == 302 and item.status == "submitted" and item.locality == places["a"]
    )
    assert item.author == official and item.attachments.count() == 1
    # The reviewer is asked to review; the author gets an acknowledgement.
    assert [m.to for m in mail.outbox] == [[reviewer.email], [official.email]]
    client.force_login(reviewer)
    assert "Ngày thứ bảy không hẹn" in client.get("/tham-dinh/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/sang-kien/ho-so/{item.pk}/return/", {"comment": "Ghi rõ kết quả đạt được"})
    item.refresh_from_db()
    assert item.status == "returned" and mail.outbox[-1].to == [official.email]
    client.force_login(official)
    assert "Ghi rõ kết quả đạt được" in client.get("/sang-kien/cua-toi/").content.decode()
    client.post(
        f"/sang-kien/ho-so/{item.pk}/sua/",
        records.full_form(results="Giải quyết 120 hồ sơ"),
    )
    item.refresh_from_db()
    assert item.status == "resubmitted"
    client.force_login(reviewer)
    client.post(f"/sang-kien/ho-so/{item.pk}/approve/")
    item.refresh_from_db()
    assert item.status == "approved"
    assert list(item.history.values_list("to_status", flat=True)) == [
        "submitted",
        "returned",
        "resubmitted",
        "approved",
    ]
    client.logout()
    assert (
        "Ngày thứ bảy không hẹn"
        in client.get("/sang-kien/?q=ngay+thu+bay+khong+hen").content.decode()
    )


def test_second_decision_is_refused(places, personas):
    item = new_initiative(places, personas["official_a"], status="submitted")
    first, second = Initiative.objects.get(pk=item.pk), Initiative.objects.get(pk=item.pk)
    first.transition("approve", personas["reviewer"])
    with pytest.raises(WorkflowError, match="đã được xử lý"):
        second.transition("reject", personas["admin"], "Trùng")
    item.refresh_from_db()
    assert item.status == "approved" and item.history.count() == 1


def test_a_failing_mail_server_keeps_the_transition(
    client, places, personas, django_capture_on_commit_callbacks
):
    item = new_initiative(places, personas["official_a"], status="submitted")
    client.force_login(personas["reviewer"])
    with (
        override_settings(EMAIL_BACKEND="tests.site.test_workflow.BrokenBackend"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(f"/sang-kien/ho-so/{item.pk}/approve/")
    item.refresh_from_db()
    assert response.status_code == 302 and item.status == "approved"


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP server down")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100),
            "không phải PDF, DOCX, XLSX, JPG hay PNG",
        ),
        (SimpleUploadedFile("lon.pdf", PDF + b"0" * (11 * 1024 * 1024)), "vượt quá 10 MB"),
    ],
)
def test_bad_uploads_are_refused_and_the_form_survives(client, places, personas, upload, message):
    client.force_login(personas["official_a"])
    response = client.post(
        "/sang-kien/de-xuat/",
        {
            "title": "Sáng kiến giữ nguyên",
            "summary": "Tóm tắt giữ nguyên",
            "action": "draft",
            "files": [upload],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert "Sáng kiến giữ nguyên" in html and "Tóm tắt giữ nguyên" in html
    assert "hãy chọn lại tệp" in html
    assert not Initiative.objects.filter(title="Sáng kiến giữ nguyên").exists()


def test_six_files_are_too_many(client, places, personas):
    client.force_login(personas["official_a"])
    files = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(6)]
    html = client.post(
        "/sang-kien/de-xuat/", {"title": "Sáu tệp", "action": "draft", "files": files}
    ).content.decode()
    assert "Tối đa 5 tệp" in html and not Initiative.objects.filter(title="Sáu tệp").exists()


def test_similar_initiatives_without_javascript(client, places, personas, demo_data):
    client.force_login(personas["official_a"])
    html = client.post(
        "/sang-kien/de-xuat/", {"title": "Ngay khong hen cua xa", "action": "check"}
    ).content.decode()
    assert "Đã có sáng kiến tương tự" in html and "Ngày không hẹn" in html
    assert 'value="Ngay khong hen cua xa"' in html
    fragment = client.get("/sang-kien/tuong-tu/", {"title": "tong dai ho tro"}).content.decode()
    assert "Tổng đài hỗ trợ giải quyết TTHC" in fragment


def test_queue_and_mine_run_constant_queries(client, places, personas, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fill(n):
        for k in range(n):
            item = new_initiative(
                places, personas["official_a"], status="draft", title=f"Hồ sơ {n}-{k}"
            )
            item.transition("submit", personas["official_a"])

    for user, url in (
        (personas["reviewer"], "/tham-dinh/"),
        (personas["official_a"], "/sang-kien/cua-toi/"),
    ):
        Initiative.objects.all().delete()
        fill(3)
        client.force_login(user)
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        fill(30)
        with django_assert_num_queries(len(few)):
            assert client.get(url).status_code == 200


def test_the_admin_cannot_bypass_the_workflow(client, places, personas):
    item = new_initiative(places, personas["official_a"], status="submitted")
    client.force_login(personas["admin"])
    form = client.get(f"/admin/initiatives/initiative/{item.pk}/change/").content.decode()
    assert 'name="status"' not in form  # status is read-only: only the workflow changes it
