"""The Initiative model: slugs, level validation, derived provinces and search column."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from initiatives.models import Initiative
from localities.models import AdministrativeUnit

from .helpers import dong_tien, former_province, make_initiative

pytestmark = pytest.mark.django_db

THO_XUAN = "Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC"


def unsaved(**fields) -> Initiative:
    values = {
        "title": "Sáng kiến kiểm tra cấp",
        "summary": "Tóm tắt.",
        "implementing_unit": "UBND",
        "status": Initiative.Status.APPROVED,
    }
    values.update(fields)
    return Initiative(**values)


def test_slug_is_folded_ascii(demo):
    assert Initiative.objects.get(title=THO_XUAN).slug == (
        "ngay-thu-7-tinh-nguyen-giup-dan-giai-quyet-tthc"
    )
    assert make_initiative(title="Đường dây nóng “Alô Đông Tiến”").slug == (
        "duong-day-nong-alo-dong-tien"
    )
    assert make_initiative(title="!!!").slug == "sang-kien"


def test_duplicate_titles_get_a_number(demo):
    second = make_initiative(title=THO_XUAN)
    third = make_initiative(title=THO_XUAN)
    assert second.slug == "ngay-thu-7-tinh-nguyen-giup-dan-giai-quyet-tthc-2"
    assert third.slug == "ngay-thu-7-tinh-nguyen-giup-dan-giai-quyet-tthc-3"
    # Same words, other spelling: the same base, so numbered too.
    assert make_initiative(title="NGÀY THỨ 7 tình nguyện giúp dân giải quyết TTHC").slug.endswith(
        "-4"
    )


def test_slug_stays_when_the_title_changes(demo):
    item = make_initiative(title="Tên ban đầu")
    item.title = "Tên mới"
    item.save()
    item.refresh_from_db()
    assert item.slug == "ten-ban-dau"
    assert Initiative.objects.get(slug="ten-ban-dau").title == "Tên mới"


def test_province_level_initiative_in_a_commune_is_rejected(db):
    item = unsaved(level=Initiative.Level.PROVINCE, locality=dong_tien())
    with pytest.raises(ValidationError) as error:
        item.full_clean(exclude=["slug"])
    messages = error.value.message_dict["level"]
    assert len(messages) == 1
    assert "không khớp với địa bàn" in messages[0]
    assert "Cấp tỉnh" in messages[0] and "Xã Đông Tiến" in messages[0]


def test_district_level_initiative_in_a_commune_is_rejected(db):
    item = unsaved(level=Initiative.Level.DISTRICT, locality=dong_tien())
    with pytest.raises(ValidationError) as error:
        item.full_clean(exclude=["slug"])
    assert "level" in error.value.message_dict


def test_broader_locality_is_allowed(db):
    thanh_hoa = former_province("38")
    # A district-level model applied across the province.
    unsaved(level=Initiative.Level.DISTRICT, locality=thanh_hoa).full_clean(exclude=["slug"])
    unsaved(level=Initiative.Level.COMMUNE, locality=thanh_hoa).full_clean(exclude=["slug"])
    unsaved(level=Initiative.Level.PROVINCE, locality=thanh_hoa).full_clean(exclude=["slug"])
    unsaved(level=Initiative.Level.COMMUNE, locality=dong_tien()).full_clean(exclude=["slug"])
    district = dong_tien().parent
    unsaved(level=Initiative.Level.DISTRICT, locality=district).full_clean(exclude=["slug"])
    with pytest.raises(ValidationError):
        unsaved(level=Initiative.Level.PROVINCE, locality=district).full_clean(exclude=["slug"])


def test_provinces_derived_from_a_pre_2025_commune(db):
    item = make_initiative(locality=dong_tien())
    item.refresh_from_db()
    assert item.province == former_province("38")
    assert item.current_province == AdministrativeUnit.objects.provinces().current().get(code="38")


def test_provinces_derived_across_a_merger(db):
    ba_ria = former_province("77")
    commune = AdministrativeUnit.objects.communes().former().filter(parent__parent=ba_ria).first()
    item = make_initiative(locality=commune)
    item.refresh_from_db()
    assert item.province == ba_ria
    assert item.current_province.code == "79" and item.current_province.valid_to is None
    assert item.current_province.name == "Thành phố Hồ Chí Minh"
    # The search column knows the place names then and now.
    assert " ba ria vung tau " in item.search_text
    assert " thanh pho ho chi minh " in item.search_text


def test_provinces_of_a_current_unit_and_of_a_province(db):
    hcm = AdministrativeUnit.objects.provinces().current().get(code="79")
    commune = AdministrativeUnit.objects.communes().current().filter(parent=hcm).first()
    item = make_initiative(locality=commune)
    assert item.province == hcm and item.current_province == hcm
    province_item = make_initiative(locality=hcm, level=Initiative.Level.PROVINCE)
    assert province_item.province == hcm and province_item.current_province == hcm


def test_provinces_follow_a_change_of_locality(db):
    item = make_initiative(locality=dong_tien())
    ba_ria = former_province("77")
    item.locality = ba_ria
    item.level = Initiative.Level.PROVINCE
    item.save(update_fields=["locality", "level"])
    item.refresh_from_db()
    assert item.province == ba_ria
    assert item.current_province.code == "79"
    assert " dong tien " not in item.search_text


def test_published_and_for_province(demo):
    thanh_hoa_now = AdministrativeUnit.objects.provinces().current().get(code="38")
    make_initiative(title="Nháp Thanh Hóa", status=Initiative.Status.DRAFT)
    assert Initiative.objects.published().for_province(thanh_hoa_now).count() == 10
    assert Initiative.objects.for_province(thanh_hoa_now).count() == 11
    hcm = AdministrativeUnit.objects.provinces().current().get(code="79")
    assert Initiative.objects.published().for_province(hcm).count() == 6
    assert Initiative.objects.published().for_province(former_province("77")).count() == 6
    assert Initiative.objects.published().for_province(former_province("79")).count() == 0


def test_refresh_after_units_are_corrected(db):
    from django.core.management import call_command

    from initiatives.search import query_phrase

    item = make_initiative(title="Sáng kiến làm mới", locality=dong_tien())
    other = make_initiative(title="Sáng kiến ở Vũng Tàu", locality=former_province("77"))
    assert call_command("refresh_initiative_search", verbosity=0) is None
    assert Initiative.objects.refresh_derived() == 0  # already in step
    # An admin records the district the source names ("huyện Đông Sơn") as the commune's
    # parent, and gives Bà Rịa - Vũng Tàu another successor: stored columns are stale ...
    city = item.locality.parent
    dong_son = AdministrativeUnit.objects.create(
        code="x399",
        name="Huyện Đông Sơn",
        short_name="Đông Sơn",
        unit_type=AdministrativeUnit.UnitType.HUYEN,
        level=AdministrativeUnit.Level.DISTRICT,
        parent=city.parent,
        valid_to=city.valid_to,
    )
    AdministrativeUnit.objects.filter(pk=item.locality_id).update(parent=dong_son)
    dong_nai = AdministrativeUnit.objects.provinces().current().get(short_name="Đồng Nai")
    AdministrativeUnit.objects.filter(pk=other.locality_id).update(successor=dong_nai)
    huyen_dong_son = Initiative.objects.search(query_phrase("huyen dong son"))
    assert not huyen_dong_son.filter(pk=item.pk).exists()
    # ... until the refresh, which touches only those that changed.
    call_command("refresh_initiative_search", verbosity=0)
    assert huyen_dong_son.filter(pk=item.pk).exists()
    other.refresh_from_db()
    assert other.current_province == dong_nai
    assert Initiative.objects.for_province(dong_nai).filter(pk=other.pk).exists()
    assert Initiative.objects.refresh_derived() == 0


def test_refresh_is_a_few_queries_for_all(demo, django_assert_max_num_queries):
    Initiative.objects.update(search_text="", province=None, current_province=None)
    # 1 select joining the unit chains + the batched update (with its transaction).
    with django_assert_max_num_queries(4):
        assert Initiative.objects.refresh_derived() == 16
    assert Initiative.objects.search(" ngay thu bay ").count() == 2
    assert Initiative.objects.filter(current_province__isnull=True).count() == 0
