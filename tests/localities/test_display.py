from __future__ import annotations

import pytest

from localities.display import hierarchy_label, in_sentence, province_of
from localities.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_hierarchy_label_of_a_pre2025_commune(django_assert_num_queries):
    units = AdministrativeUnit.objects.former().communes().with_ancestors()
    dong_tien = units.get(code="16405")
    with django_assert_num_queries(0):
        assert hierarchy_label(dong_tien) == "xã Đông Tiến, thành phố Thanh Hóa, tỉnh Thanh Hóa"
        assert province_of(dong_tien).name == "Tỉnh Thanh Hóa"
    long_hai = units.get(name="Thị trấn Long Hải")
    assert hierarchy_label(long_hai) == "thị trấn Long Hải, huyện Long Đất, tỉnh Bà Rịa - Vũng Tàu"


def test_hierarchy_label_of_current_units():
    ward = AdministrativeUnit.objects.current().with_ancestors().get(name="Phường Hoàn Kiếm")
    assert hierarchy_label(ward) == "phường Hoàn Kiếm, thành phố Hà Nội"
    assert province_of(ward).code == "01"
    province = ward.parent
    assert province_of(province) == province
    assert hierarchy_label(province) == "thành phố Hà Nội"
    assert in_sentence(AdministrativeUnit(name="Đặc khu Phú Quốc")) == "đặc khu Phú Quốc"


def test_province_of_a_hand_entered_unit_without_parent():
    unit = AdministrativeUnit(name="Xã Mới", level=AdministrativeUnit.Level.COMMUNE)
    assert province_of(unit) is None
