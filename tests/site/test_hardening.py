"""Production hardening (issue 12): limits before work, lockouts, headers, outages, admin
scoping. Each test reproduces one finding of the issue and would fail on the code before it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path

from initiatives import workspace

pytestmark = pytest.mark.django_db


def failing_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("fails/", failing_view)]


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


# --- 3. error reports to ADMINS leave the request --------------------------------------------


def test_a_500_does_not_send_the_admin_mail_inside_the_request(settings, client):
    import threading
    from unittest import mock

    from django.core import mail
    from django.test import Client

    from reform_portal.error_mail import QueuedAdminEmailHandler

    settings.ADMINS = [("Admin", "quantri@example.gov.vn")]
    settings.DEBUG = False
    release = threading.Event()
    sent = threading.Event()
    real_deliver = QueuedAdminEmailHandler.deliver

    def slow_mail_server(self, *args, **kwargs):
        release.wait(10)  # an SMTP server that does not answer until released
        real_deliver(self, *args, **kwargs)
        sent.set()

    settings.ROOT_URLCONF = __name__  # urlpatterns below: a page that fails
    with mock.patch.object(QueuedAdminEmailHandler, "deliver", slow_mail_server):
        response = Client(raise_request_exception=False).get("/fails/")
        assert response.status_code == 500  # answered while the mail server still hangs
        assert mail.outbox == []
        release.set()
        assert sent.wait(10)
    assert len(mail.outbox) == 1 and "boom" in mail.outbox[0].body


# --- 4. lockouts: the real client, no renewal, lifted by a reset; reset rate-limited ---------


def fail_login(client, username="canbo_a", **extra):
    return client.post("/dang-nhap/", {"username": username, "password": "sai"}, **extra)


def good_login(client, password="mat-khau-thu-nghiem", **extra):  # noqa: S107
    return client.post("/dang-nhap/", {"username": "canbo_a", "password": password}, **extra)


@pytest.fixture
def throttling(settings):
    settings.AXES_ENABLED = True
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.2"]


def test_behind_the_proxy_a_lock_is_keyed_on_the_real_client(client, personas, throttling):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(5):  # an attacker at 203.0.113.9, through the proxy
        fail_login(client, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert good_login(client, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    # the owner, at another address, through the same proxy, still logs in
    response = good_login(client, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 302


def test_a_forwarded_address_is_ignored_unless_the_socket_is_a_trusted_proxy(rf, settings):
    from reform_portal.security import client_ip

    settings.PORTAL_TRUSTED_PROXIES = []
    forged = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(forged) == "203.0.113.9"
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(forged) == "203.0.113.9"  # not from the proxy: the header is not believed
    chained = rf.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.5"
    )
    assert client_ip(chained) == "198.51.100.7"  # the left-most part was written by the client
    junk = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="\x00²")
    assert client_ip(junk) == "10.0.0.2"


def test_failures_during_a_lock_do_not_renew_it(client, personas, throttling):
    from axes.models import AccessAttempt
    from django.utils import timezone

    for _ in range(5):
        fail_login(client)
    first = AccessAttempt.objects.get(username="canbo_a")
    AccessAttempt.objects.filter(pk=first.pk).update(
        attempt_time=timezone.now() - timezone.timedelta(minutes=14)
    )
    for _ in range(5):
        assert fail_login(client).status_code == 429
    attempt = AccessAttempt.objects.get(username="canbo_a")
    assert attempt.failures_since_start == 5
    assert timezone.now() - attempt.attempt_time > timezone.timedelta(minutes=13)


def test_a_completed_password_reset_lifts_the_lock(client, personas, throttling):
    import re

    from django.core import mail

    for _ in range(5):
        fail_login(client)
    assert good_login(client).status_code == 429
    client.post("/dat-lai-mat-khau/", {"email": "canbo_a@example.gov.vn"})
    link = re.search(r"/dat-lai-mat-khau/[^/\s]+/[^/\s]+/", mail.outbox[0].body).group(0)
    form_url = client.get(link).url  # Django moves the token into the session
    new = "Mat-khau-moi-2026!"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert good_login(client, password=new).status_code == 302


def test_password_reset_is_limited_per_account_and_per_client(client, personas, settings):
    from django.core import mail
    from django.core.cache import cache

    cache.clear()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for _ in range(10):
        response = client.post("/dat-lai-mat-khau/", {"email": "canbo_a@example.gov.vn"})
        assert response.status_code == 302 and response.url == "/dat-lai-mat-khau/da-gui/"
    assert len(mail.outbox) == settings.PORTAL_PASSWORD_RESET_PER_ACCOUNT == 3
    # per client: ten requests an hour whatever the address asked for
    mail.outbox.clear()
    cache.clear()
    for n in range(12):
        client.post("/dat-lai-mat-khau/", {"email": f"canbo_{'ab'[n % 2]}@example.gov.vn"})
    assert len(mail.outbox) == 6  # 3 per account before the client's limit of 10 is reached
    mail.outbox.clear()
    cache.clear()
    for n in range(12):
        client.post(
            "/dat-lai-mat-khau/", {"email": f"nobody{n}@example.gov.vn"}, REMOTE_ADDR="192.0.2.1"
        )
    client.post("/dat-lai-mat-khau/", {"email": "canbo_b@example.gov.vn"}, REMOTE_ADDR="192.0.2.1")
    assert mail.outbox == []  # the 13th request from that client sends nothing
    cache.clear()


# --- 5. request bodies bounded before they are read --------------------------------------------


def test_an_anonymous_huge_upload_is_refused_before_it_is_read(client, settings, tmp_path):
    from unittest import mock

    from django.http import multipartparser
    from django.test import Client

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    declared = Client(enforce_csrf_checks=True).generic(
        "POST",
        "/sang-kien/de-xuat/",
        b"--x--\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(300 * 1024 * 1024),  # 300 MB declared, a few bytes sent
    )
    assert declared.status_code == 413 and "vượt quá" in declared.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("x.pdf", b"%PDF-" + b"0" * (3 * 1024 * 1024))
    with mock.patch.object(
        multipartparser.MultiPartParser, "parse", autospec=True, side_effect=AssertionError
    ) as parse:
        sent = Client(enforce_csrf_checks=True).post(
            "/sang-kien/de-xuat/", {"title": "x", "files": big}
        )
    assert sent.status_code == 413 and not parse.called
    assert list(tmp_path.iterdir()) == []
    # a small anonymous post is sent to the login page, as before
    small = client.post("/sang-kien/de-xuat/", {"title": "x"})
    assert small.status_code == 302 and "/dang-nhap/" in small.url


def test_signed_in_limits_follow_the_form_and_the_import_limits(client, personas, settings):
    from initiatives.forms import MAX_FILE_SIZE, MAX_FILES

    assert settings.PORTAL_UPLOAD_MAX_BODY_SIZE == (
        MAX_FILES * MAX_FILE_SIZE + settings.PORTAL_FORM_OVERHEAD
    )
    client.force_login(personas["official_a"])
    too_big = str(settings.PORTAL_UPLOAD_MAX_BODY_SIZE + 1)
    response = client.generic("POST", "/sang-kien/de-xuat/", b"", CONTENT_LENGTH=too_big)
    assert response.status_code == 413
    client.force_login(personas["admin"])
    url = "/admin/indicators/score/import/"
    over = str(settings.IMPORT_MAX_FILE_SIZE + settings.PORTAL_FORM_OVERHEAD + 1)
    assert client.generic("POST", url, b"", CONTENT_LENGTH=over).status_code == 413
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440


# --- 6. headers, cookies, deployment checks ----------------------------------------------------


def test_pages_carry_a_strict_csp_and_a_permissions_policy(client, demo_data):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_no_template_holds_inline_code():
    import re
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"\son[a-z]+=\"|<style|style=\"|<script(?![^>]*\bsrc=)", text):
            offenders.append(template.name)
    assert offenders == []


def settings_in_env(monkeypatch, **env):
    """The settings module as read with exactly these variables of ours set."""
    import importlib
    import os
    from types import SimpleNamespace

    import reform_portal.settings as module

    with monkeypatch.context() as patched:
        for name in os.environ:
            if name.startswith(("DJANGO_", "PORTAL_", "DATABASE_URL")):
                patched.delenv(name)
        for name, value in env.items():
            patched.setenv(name, value)
        try:
            return SimpleNamespace(**vars(importlib.reload(module)))
        finally:
            patched.undo()
            importlib.reload(module)


def test_report_only_and_proxy_ssl_header_come_from_the_environment(monkeypatch):
    plain = settings_in_env(monkeypatch, DJANGO_TESTING="true")
    assert plain.SECURE_PROXY_SSL_HEADER is None
    assert plain.CONTENT_SECURITY_POLICY and plain.CONTENT_SECURITY_POLICY_REPORT_ONLY is None
    behind = settings_in_env(
        monkeypatch,
        DJANGO_TESTING="true",
        PORTAL_CSP_REPORT_ONLY="true",
        DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
    )
    assert behind.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert behind.CONTENT_SECURITY_POLICY_REPORT_ONLY
    assert behind.CONTENT_SECURITY_POLICY is None


def test_report_only_header(client, settings, demo_data):
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = policy
    response = client.get("/")
    assert "Content-Security-Policy" not in response.headers
    assert "script-src 'self'" in response.headers["Content-Security-Policy-Report-Only"]


def test_production_cookies_carry_their_flags(monkeypatch):
    prod = settings_in_env(
        monkeypatch, DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="cchc.example.gov.vn"
    )
    assert prod.DEBUG is False and prod.TESTING is False
    for prefix in ("SESSION", "CSRF", "LANGUAGE"):
        assert getattr(prod, f"{prefix}_COOKIE_SECURE") is True
        assert getattr(prod, f"{prefix}_COOKIE_HTTPONLY") is True
        assert getattr(prod, f"{prefix}_COOKIE_SAMESITE") == "Lax"


def test_the_language_cookie_is_httponly_and_samesite(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["secure"]


def test_allowed_hosts_star_fails_the_deploy_check(settings):
    from reform_portal.checks import check_production_configuration

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    ids = [m.id for m in check_production_configuration(None) if m.is_serious()]
    assert "reform_portal.E002" in ids
    settings.ALLOWED_HOSTS = ["cchc.example.gov.vn"]
    assert "reform_portal.E002" not in [m.id for m in check_production_configuration(None)]


# --- 8. the database does not answer: 503, Retry-After, "thử lại sau ít phút" ----------------


def database_down():
    from unittest import mock

    from django.db import OperationalError

    return mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    )


@pytest.mark.parametrize("path", ["/", "/sang-kien/", "/chi-so/pci/2016/", "/tinh/38/"])
def test_pages_answer_503_when_the_database_does_not(path, personas):
    from django.test import Client

    for signed_in in (False, True):
        client = Client(raise_request_exception=False)
        if signed_in:
            client.force_login(personas["reviewer"])
        with database_down():
            response = client.get(path)
        assert response.status_code == 503, (path, signed_in)
        assert response["Retry-After"] == "60"
        assert "thử lại sau ít phút" in response.content.decode()
    with database_down():
        assert Client().get("/healthz").status_code == 503


def test_a_database_error_outside_a_view_is_a_503_too(rf):
    from django.db import InterfaceError

    from reform_portal.views import server_error

    try:
        raise InterfaceError("connection already closed")
    except InterfaceError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503 and response["Retry-After"] == "60"


def test_persistent_connections_are_checked_and_fail_fast(monkeypatch):
    prod = settings_in_env(
        monkeypatch, DJANGO_TESTING="true", DATABASE_URL="postgres://u@127.0.0.1:1/x"
    )
    database = prod.DATABASES["default"]
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["OPTIONS"]["connect_timeout"] == 5


# --- 7. the admin shows and exports by the portal's rules; attachment links work ----------------


def test_a_provincial_staff_account_sees_and_exports_only_its_province(
    client, personas, places, demo_data
):
    import csv
    import io

    from django.contrib.auth.models import Permission
    from django.core.files.uploadedfile import SimpleUploadedFile

    from initiatives.importing import InitiativeResource
    from initiatives.models import Attachment, Initiative

    def make(title, commune, status):
        return Initiative.objects.create(
            title=title,
            summary="Tóm tắt",
            implementing_unit="UBND xã",
            locality=commune,
            level="xa",
            status=status,
        )

    other_commune = places["other_province"].children.filter(valid_to__isnull=True).first()
    own_draft = make("Bản nháp của xã A", places["a"], Initiative.Status.DRAFT)
    own_submitted = make("Hồ sơ đã gửi của xã A", places["a"], Initiative.Status.SUBMITTED)
    other_draft = make("Bản nháp tỉnh khác", other_commune, Initiative.Status.DRAFT)
    other_submitted = make("Hồ sơ tỉnh khác", other_commune, Initiative.Status.SUBMITTED)
    Attachment.objects.create(
        initiative=own_submitted,
        file=SimpleUploadedFile("qd.pdf", b"%PDF-1.4\n"),
        original_name="Quyết định.pdf",
        size=9,
    )
    reviewer = personas["reviewer"]
    reviewer.is_staff = True
    reviewer.save()
    reviewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_initiative", "view_attachment"])
    )
    client.force_login(reviewer)

    listing = client.get("/admin/initiatives/initiative/?all=").content.decode()
    assert own_submitted.title in listing
    for hidden in (own_draft, other_draft, other_submitted):
        assert hidden.title not in listing
        assert client.get(f"/admin/initiatives/initiative/{hidden.pk}/change/").status_code == 302

    ticked = {
        f"initiativeresource_{name}": "on" for name in InitiativeResource().get_export_order()
    }
    response = client.post(
        "/admin/initiatives/initiative/export/", {"format": "1", "resource": "0", **ticked}
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert own_submitted.title in text
    for hidden in (own_draft, other_draft, other_submitted):
        assert hidden.title not in text
    published = Initiative.objects.published().count()
    assert len(rows) - 1 == published + 1  # the public catalogue and its province's record

    # the attachment link of the change page opens the file through the gatekept view
    page = client.get(f"/admin/initiatives/initiative/{own_submitted.pk}/change/")
    attachment = own_submitted.attachments.get()
    link = f"/sang-kien/tep/{attachment.pk}/"
    assert link in page.content.decode() and "/media/" not in page.content.decode()
    download = client.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4\n"
