"""Units keep changing: name periods, the 2026 amendments, the name in force today, the admin
recording the next change, reloads that keep an administrator's edit, names resolved by year."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from localities.changes import (
    AMENDMENTS_FIXTURE,
    amendment_changes,
    apply_unit_changes,
    load_unit_changes,
)
from localities.loading import load_units
from localities.models import AdministrativeUnit, UnitNamePeriod
from localities.resolve import UnitResolver

pytestmark = pytest.mark.django_db

Unit = AdministrativeUnit
Level = AdministrativeUnit.Level
UnitType = AdministrativeUnit.UnitType
day = datetime.date
PERIOD_ADD = reverse("admin:localities_unitnameperiod_add")


def current(level: int, code: str) -> AdministrativeUnit:
    return Unit.objects.get(level=level, code=code, valid_to__isnull=True)


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


# --- the 2026 amendments, loaded ----------------------------------------------------------


def test_the_fixture_is_the_shared_amendments_file():
    changes = amendment_changes()
    assert AMENDMENTS_FIXTURE.name == "units_2026_amendments.csv"
    assert len(changes) == 25
    assert sum(1 for c in changes if c.unit_key[0] == Level.PROVINCE) == 3
    assert {c.new_type for c in changes if c.unit_key[0] == Level.COMMUNE} == {UnitType.PHUONG}


def test_quang_ninh_is_a_province_until_31_august_2026_and_a_city_from_1_september():
    unit = current(Level.PROVINCE, "22")
    assert unit.name_on(day(2025, 7, 1)) == "Tỉnh Quảng Ninh"
    assert unit.name_on(day(2026, 8, 31)) == "Tỉnh Quảng Ninh"
    assert unit.name_on(day(2026, 9, 1)) == "Thành phố Quảng Ninh"
    periods = unit.periods()
    assert [(p.valid_from, p.valid_to, p.unit_type, p.resolution) for p in periods] == [
        (day(2025, 7, 1), day(2026, 8, 31), "tinh", "Nghị quyết 202/2025/QH15"),
        (day(2026, 9, 1), None, "thanh_pho_trung_uong", "Nghị quyết 36/2026/QH16"),
    ]
    # One unit: same row, same code, same URL.
    assert Unit.objects.provinces().current().filter(code="22").count() == 1
    assert unit.get_unit_type_display() == "Thành phố trực thuộc trung ương" or (
        timezone.localdate() < day(2026, 9, 1)
    )


def test_the_stored_name_is_the_one_in_force_today():
    today = timezone.localdate()
    for code in ("22", "24", "75"):
        unit = current(Level.PROVINCE, code)
        period = unit.period_on(today)
        assert (unit.name, unit.short_name, unit.unit_type) == (
            period.name,
            period.short_name,
            period.unit_type,
        )
    commune = current(Level.COMMUNE, "07294")
    assert commune.name == commune.name_on(today)
    assert commune.name_on(day(2026, 9, 19)) == "Xã Bố Hạ"
    assert commune.name_on(day(2026, 9, 20)) == "Phường Bố Hạ"


def test_a_change_whose_day_has_not_come_leaves_the_unit_as_it_is():
    assert apply_unit_changes(today=day(2026, 5, 1)) == 14  # Quảng Ninh, Bắc Ninh, its 12 wards
    assert current(Level.PROVINCE, "22").name == "Tỉnh Quảng Ninh"
    assert current(Level.PROVINCE, "24").unit_type == UnitType.TINH
    assert current(Level.PROVINCE, "75").name == "Thành phố Đồng Nai"  # from 30/04/2026
    assert current(Level.COMMUNE, "07294").name == "Xã Bố Hạ"
    assert current(Level.COMMUNE, "26248").name == "Phường Trảng Bom"
    assert apply_unit_changes(today=day(2026, 5, 1)) == 0  # idempotent
    # The next run on or after the day applies it.
    assert apply_unit_changes(today=day(2026, 9, 1)) == 1
    assert current(Level.PROVINCE, "22").name == "Thành phố Quảng Ninh"
    assert current(Level.PROVINCE, "22").search_key == "quang ninh"


def test_apply_unit_changes_command_takes_a_date():
    out = io.StringIO()
    call_command("apply_unit_changes", "--date", "2026-09-19", stdout=out)
    assert out.getvalue().strip() == "13 units renamed to the name in force."
    assert current(Level.PROVINCE, "24").name == "Tỉnh Bắc Ninh"
    out = io.StringIO()
    call_command("apply_unit_changes", "--date", "2026-09-20", stdout=out)
    assert current(Level.PROVINCE, "24").name == "Thành phố Bắc Ninh"


def test_thua_thien_hue_until_2024_hue_from_2025():
    hue = Unit.objects.get(level=Level.PROVINCE, code="46", valid_from__isnull=True)
    assert hue.name == "Thành phố Huế"  # as the January 2025 list calls it
    assert hue.short_name_in(2016) == "Thừa Thiên Huế"
    assert hue.short_name_in(2024) == "Thừa Thiên Huế"
    assert hue.name_on(day(2025, 1, 1)) == "Thành phố Huế"
    assert [(p.name, p.valid_to) for p in hue.former_names(today=day(2026, 1, 1))] == [
        ("Thành phố Huế", day(2025, 6, 30)),
        ("Tỉnh Thừa Thiên Huế", day(2024, 12, 31)),
    ]


def test_a_unit_without_periods_keeps_its_name_on_any_day():
    thanh_hoa = current(Level.PROVINCE, "38")
    assert thanh_hoa.periods() == []
    assert thanh_hoa.name_on(day(2026, 1, 1)) == "Tỉnh Thanh Hóa"


# --- idempotent loading, administrators' edits kept ----------------------------------------


def test_loading_twice_changes_nothing():
    out = io.StringIO()
    call_command("load_localities", stdout=out)
    text = out.getvalue()
    assert "0 created, 0 updated" in text
    assert "Name periods: 0 created, 0 updated, 52 unchanged" in text
    assert "0 units renamed" in text
    assert load_units().changed == 0
    assert load_unit_changes().changed == 0


def test_load_units_does_not_undo_a_change():
    """The 2025 list says "Tỉnh Quảng Ninh": the period in force decides, not the list."""
    report = load_units()
    assert report.changed == 0
    assert current(Level.PROVINCE, "22").name == current(Level.PROVINCE, "22").name_on(
        timezone.localdate()
    )


def test_a_period_edited_in_the_admin_survives_a_reload(staff_client):
    period = UnitNamePeriod.objects.get(
        unit=current(Level.PROVINCE, "22"), valid_from=day(2026, 9, 1)
    )
    url = reverse("admin:localities_unitnameperiod_change", args=[period.pk])
    response = staff_client.post(
        url,
        {
            "unit": period.unit_id,
            "valid_from": "01/09/2026",
            "unit_type": "thanh_pho_trung_uong",
            "name": "Thành phố Quảng Ninh",
            "short_name": "Quảng Ninh",
            "resolution": "Nghị quyết số 36/2026/QH16 ngày 12/6/2026",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    period.refresh_from_db()
    assert period.edited_by_admin
    report = load_unit_changes()
    assert (report.kept_edited, report.created, report.updated) == (1, 0, 0)
    period.refresh_from_db()
    assert period.resolution == "Nghị quyết số 36/2026/QH16 ngày 12/6/2026"


def test_a_period_whose_day_an_admin_moved_is_not_loaded_again(staff_client):
    period = UnitNamePeriod.objects.get(
        unit=current(Level.PROVINCE, "75"), valid_from=day(2026, 4, 30)
    )
    period.valid_from = day(2026, 5, 1)
    period.edited_by_admin = True
    period.save()
    report = load_unit_changes()
    assert (report.kept_edited, report.created) == (1, 0)
    assert UnitNamePeriod.objects.filter(unit=period.unit).count() == 2


def test_an_unchanged_loaded_period_is_restored_by_the_loader():
    period = UnitNamePeriod.objects.get(
        unit=current(Level.PROVINCE, "24"), valid_from=day(2026, 9, 20)
    )
    period.resolution = "sai"
    period.save()
    report = load_unit_changes()
    assert (report.updated, report.updated_fields) == (1, {"resolution"})
    period.refresh_from_db()
    assert period.resolution == "Nghị quyết 39/2026/QH16"


# --- the administrator records the next change --------------------------------------------


def add_change(client, unit: AdministrativeUnit, valid_from: str, **fields):
    data = {
        "unit": unit.pk,
        "valid_from": valid_from,
        "unit_type": "thanh_pho_trung_uong",
        "name": "Thành phố Thanh Hóa",
        "short_name": "Thanh Hóa",
        "resolution": "Nghị quyết 99/2029/QH16",
        **fields,
    }
    return client.post(PERIOD_ADD, data)


def test_an_admin_records_a_future_change_in_the_add_form(staff_client):
    thanh_hoa = current(Level.PROVINCE, "38")
    response = add_change(staff_client, thanh_hoa, "01/01/2030")
    assert response.status_code == 302, response.context["adminform"].form.errors
    thanh_hoa.refresh_from_db()
    # Before the day, the unit is unchanged; the periods know the day.
    assert (thanh_hoa.name, thanh_hoa.unit_type) == ("Tỉnh Thanh Hóa", UnitType.TINH)
    assert thanh_hoa.name_on(day(2029, 12, 31)) == "Tỉnh Thanh Hóa"
    assert thanh_hoa.name_on(day(2030, 1, 1)) == "Thành phố Thanh Hóa"
    first, change = thanh_hoa.periods()
    assert (first.valid_from, first.valid_to, first.name) == (
        day(2025, 7, 1),
        day(2029, 12, 31),
        "Tỉnh Thanh Hóa",
    )
    assert (change.source, change.edited_by_admin, change.resolution) == (
        UnitNamePeriod.Source.ADMIN,
        True,
        "Nghị quyết 99/2029/QH16",
    )
    # A reload leaves it; the first run on the day renames the unit.
    call_command("load_localities", verbosity=0)
    assert thanh_hoa.periods()[1].name == "Thành phố Thanh Hóa"
    assert current(Level.PROVINCE, "38").name == "Tỉnh Thanh Hóa"
    assert apply_unit_changes(today=day(2030, 1, 1)) >= 1
    assert current(Level.PROVINCE, "38").name == "Thành phố Thanh Hóa"
    # In a 2030 file both names are Thanh Hóa; "Tỉnh Thanh Hóa" in 2026 too.
    resolver = UnitResolver.for_provinces()
    assert resolver.resolve("TP Thanh Hóa", year=2030).unit.pk == thanh_hoa.pk
    assert resolver.resolve("Tỉnh Thanh Hoá", year=2026).unit.pk == thanh_hoa.pk


def test_a_change_already_in_force_renames_the_unit_at_once(staff_client):
    thanh_hoa = current(Level.PROVINCE, "38")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = add_change(staff_client, thanh_hoa, yesterday.strftime("%d/%m/%Y"))
    assert response.status_code == 302
    thanh_hoa.refresh_from_db()
    assert (thanh_hoa.name, thanh_hoa.unit_type) == ("Thành phố Thanh Hóa", "thanh_pho_trung_uong")
    assert thanh_hoa.name_on(yesterday - datetime.timedelta(days=1)) == "Tỉnh Thanh Hóa"


def test_a_change_before_the_unit_existed_is_refused_in_vietnamese(staff_client):
    response = add_change(staff_client, current(Level.PROVINCE, "38"), "01/01/2020")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Đơn vị có hiệu lực từ 01/07/2025" in str(errors["valid_from"])
    assert not UnitNamePeriod.objects.filter(unit__code="38").exists()


def test_an_admin_records_a_change_inline_on_the_unit(staff_client):
    commune = Unit.objects.current().communes().get(name="Phường Hoàn Kiếm")
    url = reverse("admin:localities_administrativeunit_change", args=[commune.pk])
    data = {
        "name": commune.name,
        "short_name": commune.short_name,
        "unit_type": commune.unit_type,
        "level": commune.level,
        "code": commune.code,
        "english_name": "",
        "parent": commune.parent_id,
        "valid_from": "01/07/2025",
        "valid_to": "",
        "successor": "",
        "name_periods-TOTAL_FORMS": "1",
        "name_periods-INITIAL_FORMS": "0",
        "name_periods-0-valid_from": "01/01/2031",
        "name_periods-0-unit_type": "phuong",
        "name_periods-0-name": "Phường Hồ Gươm",
        "name_periods-0-short_name": "Hồ Gươm",
        "name_periods-0-resolution": "Nghị quyết 1/2030/NQ-UBTVQH16",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    commune.refresh_from_db()
    assert commune.name == "Phường Hoàn Kiếm"
    assert commune.name_on(day(2031, 1, 1)) == "Phường Hồ Gươm"
    assert [p.source for p in commune.periods()] == ["vn_provinces_2025", "admin"]
    # The unit form now shows the name as read-only: the periods hold it.
    page = staff_client.get(url).content.decode()
    assert 'name="name"' not in page and "Phường Hồ Gươm" in page


def test_the_period_admin_lists_and_searches(staff_client):
    url = reverse("admin:localities_unitnameperiod_changelist")
    response = staff_client.get(url, {"q": "36/2026"})
    assert response.status_code == 200
    assert [p.name for p in response.context["cl"].result_list] == ["Thành phố Quảng Ninh"]


# --- names resolved for the row's year -----------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Tỉnh Bắc Ninh", "TP Bắc Ninh", "Thành phố Bắc Ninh", "TP. Bắc Ninh", "Bắc Ninh"]
)
def test_both_names_of_bac_ninh_resolve_in_2026(provinces, name):
    resolution = provinces.resolve(name, year=2026)
    assert resolution.ok, resolution.message()
    assert (resolution.unit.code, resolution.unit.valid_to) == ("24", None)


def test_a_commune_that_became_a_ward_resolves_by_both_names_in_2026():
    communes = UnitResolver.for_level(Level.COMMUNE, within=current(Level.PROVINCE, "24"))
    for name in ("Xã Bố Hạ", "Phường Bố Hạ", "xa Bo Ha"):
        resolution = communes.resolve(name, year=2026, level=Level.COMMUNE)
        assert resolution.ok and resolution.unit.code == "07294", resolution.message()


def test_a_ward_name_is_not_given_to_the_years_before_it():
    communes = UnitResolver.for_level(Level.COMMUNE)
    resolution = communes.resolve("Phường Bố Hạ", year=2024, level=Level.COMMUNE)
    assert not resolution.ok


def test_thua_thien_hue_in_2016_is_the_former_province(provinces):
    resolution = provinces.resolve("Tỉnh Thừa Thiên Huế", year=2016)
    assert (resolution.unit.code, resolution.unit.valid_to) == ("46", day(2025, 6, 30))


def test_the_docker_image_applies_the_names_in_force_at_start():
    from django.conf import settings

    dockerfile = (settings.BASE_DIR / "Dockerfile").read_text()
    command = next(line for line in dockerfile.splitlines() if line.startswith("CMD"))
    assert "manage.py apply_unit_changes" in command
    assert (
        command.index("migrate") < command.index("apply_unit_changes") < command.index("gunicorn")
    )
