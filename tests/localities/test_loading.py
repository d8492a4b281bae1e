"""load_localities: counts, natural keys across periods, succession, idempotency, admin edits."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from localities.loading import load_units
from localities.models import PRE_2025_LAST_DAY, REORGANISATION_DATE, AdministrativeUnit
from localities.reference import SUCCESSION_2025
from localities.text import fold

pytestmark = pytest.mark.django_db

Unit = AdministrativeUnit
Source = AdministrativeUnit.Source


def pre2025(level: int, code: str) -> AdministrativeUnit:
    return Unit.objects.get(level=level, code=code, valid_from__isnull=True)


def test_counts_after_load():
    units = Unit.objects.all()
    assert units.provinces().current().count() == 34
    assert units.communes().current().count() == 3321
    assert units.districts().current().count() == 0
    assert units.provinces().filter(source=Source.PACKAGE_PRE_2025).count() == 63
    assert units.provinces().former().count() == 64  # the 63 plus Hà Tây
    assert 680 <= units.districts().former().count() <= 720
    assert 9_900 <= units.communes().former().count() <= 10_200


def test_current_units_have_the_2025_period_and_padded_codes():
    lao_cai = Unit.objects.get(level=Unit.Level.PROVINCE, code="15", valid_to__isnull=True)
    assert (lao_cai.name, lao_cai.short_name, lao_cai.unit_type) == (
        "Tỉnh Lào Cai",
        "Lào Cai",
        "tinh",
    )
    assert lao_cai.valid_from == REORGANISATION_DATE
    assert lao_cai.source == Source.PACKAGE_2025
    assert lao_cai.search_key == "lao cai"
    hoan_kiem = Unit.objects.current().communes().get(name="Phường Hoàn Kiếm")
    assert (hoan_kiem.code, hoan_kiem.parent.code) == ("00070", "01")
    assert Unit.objects.current().filter(unit_type=Unit.UnitType.DAC_KHU).count() == 13


def test_unit_types_come_from_the_name_not_the_packages_division_type():
    assert pre2025(1, "01").unit_type == Unit.UnitType.THANH_PHO_TRUNG_UONG
    assert pre2025(1, "46").unit_type == Unit.UnitType.THANH_PHO_TRUNG_UONG  # Huế, 1 Jan 2025
    assert pre2025(1, "38").unit_type == Unit.UnitType.TINH
    assert pre2025(2, "001").name == "Quận Ba Đình"
    assert pre2025(2, "001").unit_type == Unit.UnitType.QUAN
    assert pre2025(2, "380").unit_type == Unit.UnitType.THANH_PHO_THUOC_TINH
    assert Unit.objects.former().filter(unit_type=Unit.UnitType.THI_TRAN).count() > 500


def test_same_code_names_different_units_in_each_period():
    assert Unit.objects.provinces().filter(code="15").count() == 2
    old = pre2025(Unit.Level.PROVINCE, "15")
    new = Unit.objects.provinces().current().get(code="15")
    assert (old.short_name, old.valid_to) == ("Yên Bái", PRE_2025_LAST_DAY)
    assert (new.short_name, new.valid_from) == ("Lào Cai", REORGANISATION_DATE)
    assert old.successor == new
    old_lao_cai = pre2025(1, "10")
    assert old_lao_cai.short_name == "Lào Cai"
    assert old_lao_cai.successor == new


def test_every_pre2025_province_has_the_successor_of_the_2025_table():
    olds = (
        Unit.objects.provinces().filter(source=Source.PACKAGE_PRE_2025).select_related("successor")
    )
    expected = {fold(old): fold(new) for new, group in SUCCESSION_2025.items() for old in group}
    assert len(expected) == 63
    for old in olds:
        assert old.successor is not None, old
        assert old.successor.is_current
        assert fold(old.successor.short_name) == expected[fold(old.short_name)], old
    # 11 provinces are unchanged; 23 new ones merge two or three.
    assert sum(1 for new, group in SUCCESSION_2025.items() if group == (new,)) == 11
    assert pre2025(1, "77").successor.short_name == "Hồ Chí Minh"
    assert pre2025(1, "46").successor.code == "46"


def test_ha_tay_until_2008_succeeded_by_the_pre2025_ha_noi():
    ha_tay = pre2025(1, "28")
    assert ha_tay.name == "Tỉnh Hà Tây"
    assert ha_tay.valid_to == datetime.date(2008, 7, 31)
    assert ha_tay.source == Source.REFERENCE
    assert ha_tay.successor == pre2025(1, "01")
    assert list(Unit.objects.provinces().valid_in(2007).filter(code="28")) == [ha_tay]
    assert not Unit.objects.provinces().valid_in(2009).filter(code="28").exists()


def test_january_2025_places_are_kept_as_the_list_has_them():
    # Huyện Đông Sơn was merged into TP Thanh Hóa on 1 January 2025.
    dong_tien = (
        Unit.objects.former()
        .communes()
        .with_ancestors()
        .get(name="Xã Đông Tiến", parent__name="Thành phố Thanh Hóa")
    )
    assert dong_tien.parent.parent.name == "Tỉnh Thanh Hóa"
    # Huyện Long Điền and Đất Đỏ became huyện Long Đất.
    long_hai = Unit.objects.former().communes().with_ancestors().get(name="Thị trấn Long Hải")
    assert long_hai.parent.name == "Huyện Long Đất"
    assert long_hai.parent.parent.short_name == "Bà Rịa - Vũng Tàu"


def test_second_run_changes_nothing():
    total = Unit.objects.count()
    report = load_units()
    assert (report.created, report.updated, report.kept_edited) == (0, 0, 0)
    assert report.unchanged == total
    assert Unit.objects.count() == total


def test_command_prints_a_summary():
    out = io.StringIO()
    call_command("load_localities", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()


def test_a_unit_changed_outside_the_admin_is_restored():
    unit = pre2025(1, "38")
    Unit.objects.filter(pk=unit.pk).update(name="Tỉnh Thanh Hoá sai", successor=None)
    report = load_units()
    assert (report.created, report.updated) == (0, 1)
    assert report.updated_fields == {"name", "successor_id"}
    unit.refresh_from_db()
    assert unit.name == "Tỉnh Thanh Hóa"
    assert unit.successor.code == "38"
    assert load_units().changed == 0


def test_a_deleted_unit_is_created_again_with_its_links():
    ha_tay = pre2025(1, "28")
    # Other tests may have loaded the demo scores (protected links): remove them first.
    from indicators.models import Score

    Score.objects.filter(province=ha_tay).delete()
    ha_tay.delete()
    report = load_units()
    assert (report.created, report.updated) == (1, 0)
    assert pre2025(1, "28").successor == pre2025(1, "01")


def test_admin_edits_survive_a_reload():
    commune = Unit.objects.former().communes().get(name="Thị trấn Long Hải")
    commune.name = "Thị trấn Long Hải (huyện Long Điền)"
    commune.valid_from = datetime.date(1994, 6, 2)  # the natural key changes too
    commune.edited_by_admin = True
    commune.save()
    before = Unit.objects.count()
    report = load_units()
    assert report.kept_edited == 1
    assert report.changed == 0
    assert Unit.objects.count() == before
    commune.refresh_from_db()
    assert commune.name == "Thị trấn Long Hải (huyện Long Điền)"


def test_units_added_by_an_admin_are_left_alone():
    thanh_hoa = pre2025(1, "38")
    dong_son = Unit.objects.create(
        code="405",  # the code huyện Đông Sơn had; free since 1 January 2025
        name="Huyện Đông Sơn",
        short_name="Đông Sơn",
        unit_type=Unit.UnitType.HUYEN,
        level=Unit.Level.DISTRICT,
        parent=thanh_hoa,
        valid_to=datetime.date(2024, 12, 31),
        successor=pre2025(2, "380"),
        edited_by_admin=True,
    )
    report = load_units()
    assert report.other == 1
    assert report.changed == 0
    dong_son.refresh_from_db()
    assert dong_son.search_key == "dong son"
