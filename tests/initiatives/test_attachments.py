"""Attachments are what they claim to be, served as downloads, deletable by their author while
editable, kept across form errors, and named in NFC."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from initiatives.files import detect_kind
from initiatives.models import Attachment, Initiative, PendingUpload
from tests import files
from tests.initiatives.records import attach, full_form, initiative

pytestmark = pytest.mark.django_db


def stream(data: bytes):
    return SimpleUploadedFile("x", data)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (files.PDF, "pdf"),
        (files.HTML_AS_PDF, None),
        (files.PDF[:-30], None),  # cut before its trailer
        (files.DOCX, "docx"),
        (files.XLSX, "xlsx"),
        (files.DOCM, None),
        (files.XLSM, None),
        (files.DOCX_WITH_VBA, None),
        (files.EXE_IN_ZIP, None),
        (files.png(), "png"),
        (files.jpeg(), "jpg"),
        (files.BROKEN_PNG, None),
        (b"\xff\xd8\xff<html></html>", None),
        (b"MZ\x90\x00" + b"\x00" * 100, None),
    ],
)
def test_the_kind_is_read_from_the_whole_structure(data, kind):
    assert detect_kind(stream(data)) == kind


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bao-cao.pdf", files.HTML_AS_PDF),
        ("macro.docm", files.DOCM),
        ("macro.xlsx", files.XLSM),
        ("vba.docx", files.DOCX_WITH_VBA),
        ("chi-exe.docx", files.EXE_IN_ZIP),
        ("anh.png", files.BROKEN_PNG),
    ],
)
def test_a_disguised_file_is_refused_by_the_form(client, personas, name, data):
    client.force_login(personas["official_a"])
    response = client.post(
        "/sang-kien/de-xuat/",
        {"title": "Có tệp giả", "action": "draft", "files": [SimpleUploadedFile(name, data)]},
    )
    html = response.content.decode()
    assert response.status_code == 200 and f"Tệp “{name}” không phải" in html
    assert not Initiative.objects.filter(title="Có tệp giả").exists()


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (files.PDF, "application/pdf"),
        (files.DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (files.png(), "image/png"),
    ],
)
def test_files_are_served_as_downloads_with_their_detected_type(
    client, places, personas, data, content_type
):
    item = initiative(places, personas["official_a"])
    kind = detect_kind(stream(data))
    attachment = attach(item, data, name="tep.html", kind=kind)
    client.force_login(personas["official_a"])
    response = client.get(f"/sang-kien/tep/{attachment.pk}/")
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == data


def test_an_old_attachment_without_a_kind_is_typed_from_its_content(client, places, personas):
    item = initiative(places, personas["official_a"])
    attachment = attach(item, files.HTML_AS_PDF, name="x.pdf", kind="")
    client.force_login(personas["official_a"])
    response = client.get(f"/sang-kien/tep/{attachment.pk}/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("role", "status", "allowed"),
    [
        ("official_a", "draft", True),
        ("official_a", "returned", True),
        ("official_a", "submitted", False),
        ("official_a", "approved", False),
        ("official_b", "draft", False),
        ("reviewer", "returned", False),
        ("admin", "draft", True),
    ],
)
def test_the_author_deletes_a_file_while_the_record_is_editable(
    client,
    places,
    personas,
    tmp_path,
    settings,
    django_capture_on_commit_callbacks,
    role,
    status,
    allowed,
):
    settings.MEDIA_ROOT = tmp_path
    item = initiative(places, personas["official_a"], status=status)
    attachment = attach(item)
    path = tmp_path / attachment.file.name
    client.force_login(personas[role])
    url = f"/sang-kien/tep/{attachment.pk}/xoa/"
    assert client.get(url).status_code == 405  # POST only
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    gone = not Attachment.objects.filter(pk=attachment.pk).exists()
    assert gone is allowed and (not path.exists()) is allowed
    if allowed:
        assert "Đã xóa tệp “qd.pdf”." in response.content.decode()
    else:
        assert response.status_code == 404


def test_chosen_files_survive_a_form_error_and_are_attached_on_save(client, personas):
    client.force_login(personas["official_a"])
    token = "token-giu-tep"
    # Submitting without the required summary and areas: the form comes back with errors.
    first = client.post(
        "/sang-kien/de-xuat/",
        {
            "title": "Giữ tệp",
            "action": "submit",
            "form_token": token,
            "files": [
                SimpleUploadedFile("Quyết định.pdf", files.PDF),
                SimpleUploadedFile("Bảng.xlsx", files.XLSX),
            ],
        },
    )
    html = first.content.decode()
    assert first.status_code == 200 and "đã chọn: Quyết định.pdf" in html
    assert "đã chọn: Bảng.xlsx" in html
    pending = list(PendingUpload.objects.filter(token=token))
    assert len(pending) == 2
    # The official removes one and fixes the form, without choosing the files again.
    xlsx = next(p for p in pending if p.original_name == "Bảng.xlsx")
    response = client.post(
        "/sang-kien/de-xuat/",
        full_form(title="Giữ tệp", form_token=token, remove_pending=[str(xlsx.pk)]),
    )
    assert response.status_code == 302
    item = Initiative.objects.get(title="Giữ tệp")
    assert [(a.original_name, a.kind) for a in item.attachments.all()] == [
        ("Quyết định.pdf", "pdf")
    ]
    assert not PendingUpload.objects.exists()
    stored = item.attachments.get()
    assert stored.file.read() == files.PDF


def test_file_names_are_stored_in_nfc(client, personas):
    client.force_login(personas["official_a"])
    name = unicodedata.normalize("NFD", "Báo cáo kết quả.pdf")
    client.post(
        "/sang-kien/de-xuat/",
        {"title": "Tên tệp NFD", "action": "draft", "files": [SimpleUploadedFile(name, files.PDF)]},
    )
    stored = Attachment.objects.get(initiative__title="Tên tệp NFD")
    assert stored.original_name == "Báo cáo kết quả.pdf"
    assert unicodedata.is_normalized("NFC", stored.original_name)
