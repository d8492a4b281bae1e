"""load_indicator_reference merges: what an administrator added or edited survives a reload."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from indicators.models import Component, Edition, Index
from indicators.reference import load_reference

pytestmark = pytest.mark.django_db


def component_form(component: Component, **changes) -> dict:
    data = {
        "index": component.index_id,
        "code": component.code,
        "name_vi": component.name_vi,
        "name_en": component.name_en,
        "parent": component.parent_id or "",
        "scale_min": component.scale_min if component.scale_min is not None else "",
        "scale_max": component.scale_max if component.scale_max is not None else "",
        "aliases": json.dumps(component.aliases, ensure_ascii=False),
        "first_year": component.first_year or "",
        "last_year": component.last_year or "",
        "order": component.order,
    }
    data.update(changes)
    return data


def test_an_alias_and_a_name_edited_in_the_admin_survive_a_reload(client, admin_user):
    load_reference()
    component = Component.objects.filter(index__code="pci", parent__isnull=True).first()
    shipped = list(component.aliases)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:indicators_component_change", args=[component.pk]),
        component_form(
            component,
            name_vi="Chi phí gia nhập thị trường (tên sửa tay)",
            aliases=json.dumps([*shipped, "Gia nhập TT"], ensure_ascii=False),
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    component.refresh_from_db()
    assert component.edited_by_admin

    call_command("load_indicator_reference", verbosity=0)

    component.refresh_from_db()
    assert component.name_vi == "Chi phí gia nhập thị trường (tên sửa tay)"
    assert component.aliases == [*shipped, "Gia nhập TT"]


def test_an_alias_added_to_an_unedited_index_is_kept_and_shipped_ones_come_back():
    load_reference()
    index = Index.objects.get(code="papi")
    shipped = list(index.aliases)
    assert shipped, "PAPI ships other names"
    index.aliases = ["Chỉ số PAPI tỉnh"]  # a shipped alias removed, one of the admin's added
    index.name_vi = "Tên bị sửa ngoài admin"
    index.save()

    load_reference()

    index.refresh_from_db()
    assert index.aliases == ["Chỉ số PAPI tỉnh", *shipped]
    # Not saved in the admin: the reference name is restored.
    assert index.name_vi != "Tên bị sửa ngoài admin"
    assert load_reference()["updated"] == 0  # a second reload changes nothing


def test_an_edition_edited_in_the_admin_keeps_its_fields():
    load_reference()
    index = Index.objects.get(code="pci")
    edition, _created = Edition.objects.get_or_create(index=index, year=2016)
    load_reference()
    edition.refresh_from_db()
    edition.method_notes = "Ghi chú của quản trị viên"
    edition.edited_by_admin = True
    edition.save()

    load_reference()

    edition.refresh_from_db()
    assert edition.method_notes == "Ghi chú của quản trị viên"
