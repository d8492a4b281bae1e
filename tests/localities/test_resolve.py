"""Name resolution: every spelling of the shared data files, forms of DOMAIN.md, no guessing."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from localities.models import AdministrativeUnit
from localities.resolve import Resolution, UnitResolver

pytestmark = pytest.mark.django_db

SPELLINGS = Path(__file__).resolve().parent.parent / "data" / "province_spellings.csv"
Level = AdministrativeUnit.Level


def read_spellings() -> list[dict]:
    with SPELLINGS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def province_codes(resolution: Resolution) -> list[tuple[str, bool]]:
    return [(unit.code, unit.is_current) for unit in resolution.candidates]


def test_the_spellings_file_holds_every_spelling_of_the_shared_data():
    rows = read_spellings()
    pci = {row["spelling"] for row in rows if row["source"] == "pci"}
    assert len(pci) == 184
    assert len({(row["spelling"], row["year"]) for row in rows}) > 800
    # Some spellings are decomposed (NFD), as the workbooks had them.
    assert any(row["spelling"] != unicodedata.normalize("NFC", row["spelling"]) for row in rows)


def test_every_province_spelling_resolves_to_the_province_of_its_year(provinces):
    failures = []
    for row in read_spellings():
        result = provinces.resolve(row["spelling"], year=int(row["year"]))
        unit = result.unit
        if not (result.ok and unit.code == row["expected_code"] and not unit.is_current):
            failures.append((row["spelling"], row["year"], row["expected_code"], result.message()))
    assert failures == []


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Thanh Hoá", "38"),
        ("Thanh Hóa", "38"),
        (unicodedata.normalize("NFD", "Thanh Hóa"), "38"),
        ("Tỉnh Thanh Hóa", "38"),
        ("  THANH   HOA ", "38"),
        ("Khánh Hoà", "56"),
        ("TP.HCM", "79"),
        ("Tp HCM", "79"),
        ("HCMC", "79"),
        ("TP. Hồ Chí Minh", "79"),
        ("Thành phố Hồ Chí Minh", "79"),
        ("BR-VT", "77"),
        ("Bà Rịa – Vũng Tàu", "77"),
        ("TT-Huế", "46"),
        ("Thừa Thiên - Huế", "46"),
        ("Thừa Thiên Huế", "46"),
        ("Thành phố Huế", "46"),
        ("Hanoi", "01"),
        ("Hung Yen", "33"),
        ("Da Nang", "48"),
        ("Bắc Cạn", "06"),
        ("Hoà Bình", "17"),
    ],
)
def test_forms_of_a_name_resolve_for_2016(provinces, spelling, code):
    result = provinces.resolve(spelling, year=2016)
    assert result.ok, result.message()
    assert (result.unit.code, result.unit.is_current) == (code, False)
    assert not result.corrected


@pytest.mark.parametrize("spelling", ["Đắc Lắk", "Dak Lac", "Đắk Lăc"])
def test_a_small_typo_is_corrected_and_said_so(provinces, spelling):
    result = provinces.resolve(spelling, year=2016)
    assert result.ok, result.message()
    assert result.unit.short_name == "Đắk Lắk"
    assert result.corrected
    assert "sửa lỗi chính tả" in result.message()


def test_a_typo_is_corrected_only_when_every_other_unit_is_clearly_further(provinces):
    # "Kon Tun": one edit from Kon Tum, far from any other province.
    result = provinces.resolve("Kon Tun", year=2016)
    assert result.ok and result.corrected
    assert result.unit.short_name == "Kon Tum"
    # "Quang Ngay": one edit from Quảng Ngãi, but only two from Quảng Nam.
    assert provinces.resolve("Quang Ngay", year=2016).status == "ambiguous"
    # "Quang Nin": one edit from Quảng Ninh but only two from Quảng Bình and Quảng Nam.
    result = provinces.resolve("Quang Nin", year=2016)
    assert result.status == "ambiguous"
    assert result.unit is None
    assert result.candidates[0].short_name == "Quảng Ninh"
    assert {u.short_name for u in result.candidates} >= {"Quảng Bình", "Quảng Nam"}


def test_a_year_decides_which_unit_a_name_means(provinces):
    old = provinces.resolve("Lào Cai", year=2016)
    assert (old.unit.code, old.unit.is_current) == ("10", False)
    new = provinces.resolve("Lào Cai")
    assert (new.unit.code, new.unit.is_current) == ("15", True)
    assert provinces.resolve("Lào Cai", year=2026).unit == new.unit
    yen_bai = provinces.resolve("Yên Bái", year=2016).unit
    assert (yen_bai.code, yen_bai.is_current) == ("15", False)
    assert yen_bai.successor == new.unit


def test_without_a_year_a_former_province_is_found_when_no_current_one_matches(provinces):
    result = provinces.resolve("Yên Bái")
    assert result.ok
    assert (result.unit.code, result.unit.is_current) == ("15", False)
    assert provinces.resolve("Ha Tay").unit.code == "28"


def test_2025_has_both_sets_of_units(provinces):
    result = provinces.resolve("Thanh Hóa", year=2025)
    assert result.status == "ambiguous"
    assert sorted(province_codes(result)) == [("38", False), ("38", True)]
    assert "không rõ ràng" in result.message()
    # A name only one period has is not ambiguous.
    assert provinces.resolve("Yên Bái", year=2025).unit.code == "15"


def test_ha_tay_only_until_2008(provinces):
    assert provinces.resolve("Hà Tây", year=2008).unit.code == "28"
    later = provinces.resolve("Hà Tây", year=2010)
    assert later.status == "unknown"
    assert later.candidates[0].code == "28"  # the same name in another period comes first
    assert "Tỉnh Hà Tây (đến 31/07/2008)" in later.message()


@pytest.mark.parametrize(
    "name", ["Atlantis", "河内", "ハノイ", "ນະຄອນຫຼວງວຽງຈັນ", "Hà Nội 河内", "", "  ", "—"]
)
def test_unknown_names_are_never_guessed(provinces, name):
    result = provinces.resolve(name)
    assert result.status == "unknown"
    assert result.unit is None
    assert not result.ok
    assert "Không xác định được" in result.message()


def test_unknown_latin_name_lists_the_closest(provinces):
    result = provinces.resolve("Quảng Nghĩa", year=2016)
    assert result.status in {"unknown", "ambiguous"}
    assert result.unit is None
    assert "Quảng Ngãi" in [unit.short_name for unit in result.candidates]


def test_a_fragment_of_several_names_is_ambiguous(provinces):
    result = provinces.resolve("Hà", year=2016)
    assert result.status == "ambiguous"
    assert {unit.short_name for unit in result.candidates} <= {
        "Hà Nội", "Hà Giang", "Hà Nam", "Hà Tĩnh"
    }  # fmt: skip
    assert len(result.candidates) == 4
    assert " hoặc " in result.message()


def test_same_name_at_two_levels():
    # Quảng Ninh is a province and was a district of Quảng Bình.
    province = UnitResolver.for_provinces().resolve("Quảng Ninh")
    assert province.ok and province.unit.level == Level.PROVINCE
    district = UnitResolver.for_level(Level.DISTRICT).resolve("Huyện Quảng Ninh", year=2020)
    assert district.ok and district.unit.parent.short_name == "Quảng Bình"
    every_level = UnitResolver.with_aliases(AdministrativeUnit.objects.select_related("parent"))
    assert every_level.resolve("Quảng Ninh", year=2020).status == "ambiguous"
    assert every_level.resolve("Tỉnh Quảng Ninh", year=2020).unit.level == Level.PROVINCE


def test_commune_within_a_province_and_the_prefix_disambiguates():
    thanh_hoa = AdministrativeUnit.objects.former().provinces().get(code="38")
    communes = UnitResolver.for_level(Level.COMMUNE, within=thanh_hoa)
    result = communes.resolve("xã Đông Tiến", year=2016)
    assert result.ok, result.message()
    assert (result.unit.code, result.unit.parent.name) == ("16405", "Thành phố Thanh Hóa")
    # Without diacritics "Dong Tien" also folds like "Đồng Tiến": not guessed.
    assert communes.resolve("Dong Tien", year=2016).status == "ambiguous"
    # A wrong type prefix at commune level is not forgiven.
    assert not communes.resolve("phường Đông Tiến", year=2016).ok


def test_diacritics_tell_apart_names_that_fold_the_same():
    communes = UnitResolver.for_level(Level.COMMUNE)
    result = communes.resolve("xã Đông Tiến")  # no current commune: the former ones
    assert result.status == "ambiguous"
    assert {unit.short_name for unit in result.candidates} == {"Đông Tiến"}


def test_resolve_does_no_query_after_construction(provinces, django_assert_num_queries):
    with django_assert_num_queries(0):
        for name in ("Thanh Hoá", "TP.HCM", "Đắc Lắk", "Atlantis", "Hà", "Lào Cai"):
            provinces.resolve(name, year=2016)
            provinces.resolve(name)
            provinces.resolve(name).message()


def test_building_a_resolver_is_three_queries_and_resolving_none(django_assert_num_queries):
    # The units, the other names administrators gave them (UnitAlias), their name periods.
    with django_assert_num_queries(3):
        UnitResolver.for_provinces()
    with django_assert_num_queries(3):
        UnitResolver.for_level(Level.COMMUNE).resolve("Phường Hoàn Kiếm").message()


def test_an_alias_resolves_to_its_unit_in_its_period_only():
    from localities.models import UnitAlias

    former = AdministrativeUnit.objects.provinces().get(code="38", valid_to__isnull=False)
    UnitAlias.objects.create(unit=former, name="Xứ Thanh")
    resolver = UnitResolver.for_provinces()
    assert resolver.resolve("xu thanh", year=2020).unit == former
    assert resolver.resolve("Xứ Thanh", year=2024).unit == former
    assert not resolver.resolve("Xứ Thanh", year=2026).ok
