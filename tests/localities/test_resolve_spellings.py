"""Names as files really write them (issue 13, finding 9): "Danang", an eth for "Đ",
full-width letters."""

from __future__ import annotations

import pytest

from localities.text import fold

pytestmark = pytest.mark.django_db


def test_danang_written_as_one_word_is_da_nang_not_ambiguous_with_dak_nong(provinces):
    for year in (2016, None):
        result = provinces.resolve("Danang", year=year)
        assert result.ok, result.message()
        assert result.unit.short_name == "Đà Nẵng"
    assert provinces.resolve("HaNoi", year=2016).unit.short_name == "Hà Nội"
    # A real one-letter typo of another name is still not guessed into Đà Nẵng.
    assert provinces.resolve("Daknong", year=2016).unit.short_name == "Đắk Nông"


def test_an_eth_for_d_and_full_width_letters_fold_as_the_letters_they_look_like(provinces):
    assert fold("\u00d0à Nẵng") == "da nang"  # Latin capital eth, looks like Đ
    assert fold("\u00f0à nẵng") == "da nang"
    assert fold("Ｈà Ｎội") == "ha noi"  # full-width H and N
    assert provinces.resolve("\u00d0à Nẵng", year=2016).unit.short_name == "Đà Nẵng"
    assert provinces.resolve("Ｈà Ｎội", year=2016).unit.short_name == "Hà Nội"
