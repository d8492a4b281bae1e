"""One year parser with explicit bounds, and one localised() for the page's language."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from localities.text import localised
from spreadsheets.cells import CellError, parse_year


def test_a_year_is_read_within_its_bounds():
    assert parse_year(" 2019 ") == 2019
    assert parse_year("2019.0") == 2019  # a spreadsheet's number
    assert parse_year("1950", first=1945, last=2100) == 1950
    next_year = timezone.localdate().year + 1
    assert parse_year(str(next_year)) == next_year


@pytest.mark.parametrize("text", ["", "1989", "20x9", "19", str(timezone.localdate().year + 2)])
def test_a_year_out_of_bounds_says_which_bounds(text):
    with pytest.raises(CellError) as error, translation.override("vi"):
        parse_year(text)
    last = timezone.localdate().year + 1
    assert str(error.value) == f"năm phải là số có 4 chữ số, từ 1990 đến {last}, ví dụ 2019"


def test_localised_picks_the_page_language_and_falls_back_to_vietnamese():
    with translation.override("vi"):
        assert localised("Chỉ số", "Index") == "Chỉ số"
    with translation.override("en"):
        assert localised("Chỉ số", "Index") == "Index"
        assert localised("Chỉ số", "") == "Chỉ số"
