"""Workflow e-mails: who gets which, in their language, with an absolute link, after commit,
and a broken mail server never turns the action into an error."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.test import override_settings

from accounts.models import Membership
from initiatives.workspace import notify
from tests.initiatives.records import initiative

pytestmark = pytest.mark.django_db

SITE = "https://cchc.example.gov.vn"


def sent(client, personas, item, who, action, data=None, capture=None):
    client.force_login(personas[who])
    with capture(execute=True):
        response = client.post(f"/sang-kien/ho-so/{item.pk}/{action}/", data or {})
    assert response.status_code == 302
    return {m.to[0]: m for m in mail.outbox}


@override_settings(SITE_URL=SITE)
@pytest.mark.parametrize(
    ("start", "who", "action", "data", "expected"),
    [
        ("draft", "official_a", "submit", None, {"thamdinh": "review", "canbo_a": "ack"}),
        ("returned", "official_a", "resubmit", None, {"thamdinh": "again", "canbo_a": "ack"}),
        ("submitted", "official_a", "withdraw", None, {"thamdinh": "withdrawn"}),
        ("submitted", "reviewer", "approve", None, {"canbo_a": "decision"}),
        ("submitted", "reviewer", "return", {"comment": "Bổ sung"}, {"canbo_a": "decision"}),
        ("submitted", "reviewer", "reject", {"comment": "Trùng"}, {"canbo_a": "decision"}),
    ],
)
def test_each_transition_mails_the_right_people(
    client, places, personas, django_capture_on_commit_callbacks, start, who, action, data, expected
):
    item = initiative(places, personas["official_a"], status=start)
    outbox = sent(
        client, personas, item, who, action, data, capture=django_capture_on_commit_callbacks
    )
    assert sorted(outbox) == sorted(f"{u}@example.gov.vn" for u in expected)
    for user, kind in expected.items():
        message = outbox[f"{user}@example.gov.vn"]
        assert f"{SITE}/sang-kien/ho-so/{item.pk}/" in message.body  # an absolute link
        if kind == "again":
            assert "gửi lại" in message.subject and "trả lại để sửa" in message.body
        if kind == "review":
            assert "chờ thẩm định" in message.subject and "gửi lại" not in message.subject
        if kind == "ack":
            assert message.subject.startswith("Đã nhận sáng kiến")
        if kind == "withdrawn":
            assert "đã rút" in message.body
        if data and kind == "decision":
            assert data["comment"] in message.body


@override_settings(SITE_URL=SITE)
def test_each_recipient_reads_their_own_language(
    client, places, personas, django_capture_on_commit_callbacks
):
    Membership.objects.filter(user=personas["reviewer"]).update(language="en")
    item = initiative(places, personas["official_a"])
    client.force_login(personas["official_a"])
    # The sender's browser asks for English; the Vietnamese author still gets Vietnamese.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/sang-kien/ho-so/{item.pk}/submit/", HTTP_ACCEPT_LANGUAGE="en")
    outbox = {m.to[0]: m for m in mail.outbox}
    assert outbox["thamdinh@example.gov.vn"].subject.startswith("Initiative awaiting review")
    assert "View the record" in outbox["thamdinh@example.gov.vn"].body
    assert outbox["canbo_a@example.gov.vn"].subject.startswith("Đã nhận sáng kiến")


def test_nothing_is_sent_before_the_transaction_commits(
    places, personas, django_capture_on_commit_callbacks
):
    item = initiative(places, personas["official_a"], status="submitted")
    item.transition("approve", personas["reviewer"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(item, "approve")
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["canbo_a@example.gov.vn"]]


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP server down")


def test_a_broken_mail_server_is_logged_and_the_action_stands(
    client, places, personas, django_capture_on_commit_callbacks, caplog
):
    item = initiative(places, personas["official_a"])
    client.force_login(personas["official_a"])
    with (
        override_settings(EMAIL_BACKEND="tests.initiatives.test_mail.BrokenBackend"),
        django_capture_on_commit_callbacks(execute=True),
        caplog.at_level(logging.ERROR, logger="initiatives.workspace"),
    ):
        response = client.post(f"/sang-kien/ho-so/{item.pk}/submit/")
    item.refresh_from_db()
    assert response.status_code == 302 and item.status == "submitted"
    failures = [r for r in caplog.records if "could not send" in r.getMessage()]
    assert len(failures) == 2 and failures[0].exc_info  # reviewer and author, with traceback
