"""History survives deletion: scores protect their edition, decisions keep the actor's name,
and files go from disk with their record."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.test import override_settings
from django.urls import reverse

from indicators.models import Edition, Index, Score
from indicators.reference import load_reference
from initiatives.models import Attachment, Initiative, StatusChange
from tests.files import PDF

pytestmark = pytest.mark.django_db


def test_an_edition_with_scores_cannot_be_deleted_and_the_admin_says_why(
    client, admin_user, places
):
    load_reference()
    edition = Edition.objects.create(index=Index.objects.get(code="pci"), year=2031)
    Score.objects.create(edition=edition, province=places["province"], value=60, rank=1)
    client.force_login(admin_user)
    url = reverse("admin:indicators_edition_delete", args=[edition.pk])
    page = client.get(url).content.decode()
    assert "protected" in page or "được bảo vệ" in page or "bảo vệ" in page
    client.post(url, {"post": "yes"})
    assert Edition.objects.filter(pk=edition.pk).exists() and Score.objects.count() >= 1
    with pytest.raises(ProtectedError):
        edition.delete()


def test_a_deleted_reviewer_keeps_their_name_on_the_decision(client, places, personas):
    reviewer = personas["reviewer"]
    reviewer.first_name, reviewer.last_name = "Lan", "Nguyễn Thị"
    reviewer.save()
    item = Initiative.objects.create(
        title="Một cửa liên thông",
        summary="Tóm tắt",
        implementing_unit="UBND xã",
        locality=places["a"],
        level="xa",
        author=personas["official_a"],
        status="submitted",
    )
    item.transition("return", reviewer, "Bổ sung số liệu")
    reviewer.delete()
    change = StatusChange.objects.get(initiative=item)
    assert change.actor is None and change.actor_name == "Lan Nguyễn Thị"
    client.force_login(personas["official_a"])
    history = client.get(f"/sang-kien/ho-so/{item.pk}/").content.decode()
    assert "Lan Nguyễn Thị" in history


def test_the_migration_fills_names_of_existing_rows(places, personas):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("initiatives.migrations.0006_fill_actor_names")
    item = Initiative.objects.create(
        title="Hồ sơ cũ", summary="x", implementing_unit="x", locality=places["a"], level="xa"
    )
    change = StatusChange.objects.create(
        initiative=item, from_status="draft", to_status="submitted", actor=personas["reviewer"]
    )
    StatusChange.objects.filter(pk=change.pk).update(actor_name="")  # as before the column
    migration.fill_actor_names(apps, None)
    change.refresh_from_db()
    assert change.actor_name == "thamdinh"
    migration.clear_actor_names(apps, None)
    change.refresh_from_db()
    assert change.actor_name == ""


def test_files_go_from_disk_with_their_initiative(
    places, tmp_path, django_capture_on_commit_callbacks
):
    with override_settings(MEDIA_ROOT=tmp_path):
        item = Initiative.objects.create(
            title="Có tệp", summary="x", implementing_unit="x", locality=places["a"], level="xa"
        )
        attachment = Attachment.objects.create(
            initiative=item, file=SimpleUploadedFile("a.pdf", PDF), original_name="a.pdf"
        )
        path = tmp_path / attachment.file.name
        assert path.exists()
        with django_capture_on_commit_callbacks(execute=True):
            item.delete()
        assert not path.exists()
        assert not list((tmp_path / "attachments").iterdir())
