"""Catalogue search: diacritics, case, Unicode form, tone-mark placement, abbreviations and
weekday numerals are folded away on both sides; a query is a phrase of whole words."""

from __future__ import annotations

import unicodedata

import pytest
from django.db import connection

from initiatives.models import Initiative
from initiatives.search import normalise, query_phrase, search_column

from .helpers import result_titles

THO_XUAN = "Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC"
LONG_HAI = "Ngày thứ bảy lắng nghe dân nói"
#: Demo initiatives whose title, model name or summary says "TTHC" or "thủ tục hành chính".
ABOUT_PROCEDURES = {
    "Lễ tân hành chính",
    "Tổng đài hỗ trợ giải quyết TTHC",
    THO_XUAN,
    "Niêm yết, tra cứu TTHC bằng mã QR",
    "Điểm dịch vụ công trực tuyến",
    "Ngày thứ năm không chờ",
    "Lập nhóm Zalo với người dân, tổ chức làm TTHC",
}


# --- normalise (no database) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ngày thứ 7", "ngay thu bay"),
        ("NGÀY THỨ BẢY", "ngay thu bay"),
        (unicodedata.normalize("NFD", "Ngày thứ bảy"), "ngay thu bay"),
        ("Thanh Hoá", "thanh hoa"),  # old-style tone mark placement
        ("Thanh Hóa", "thanh hoa"),
        ("xã Đông Tiến", "xa dong tien"),
        ("giải quyết TTHC", "giai quyet thu tuc hanh chinh"),
        ("UBND tỉnh", "uy ban nhan dan tinh"),
        ("thứ 2 đến thứ 6", "thu hai den thu sau"),
        ("làm việc cả CN", "lam viec ca chu nhat"),
        ("  nhiều   khoảng   trắng ", "nhieu khoang trang"),
        ("", ""),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_numerals_other_than_weekdays_are_kept():
    # "thứ 1" and "thứ 8" are not weekdays; a bare 7 is not "bảy".
    assert normalise("thứ 1") == "thu 1"
    assert normalise("thứ 8") == "thu 8"
    assert normalise("7 ngày") == "7 ngay"
    assert normalise("thứ 77") == "thu 77"


def test_abbreviations_are_whole_words_only():
    assert normalise("tthcx") == "tthcx"
    assert normalise("dn") == "doanh nghiep"
    assert normalise("DN nhỏ") == "doanh nghiep nho"


def test_search_column_and_query_phrase_are_padded_with_spaces():
    assert search_column("Ngày thứ 7", "", "TTHC") == " ngay thu bay thu tuc hanh chinh "
    assert search_column("", "") == ""
    assert query_phrase("  Ngày   THỨ 7 ") == " ngay thu bay "
    assert query_phrase("   ") == ""
    assert query_phrase("!!!") == ""


# --- the list page (SQLite and PostgreSQL alike) ------------------------------------------------


def found(client, query: str) -> set[str]:
    response = client.get("/sang-kien/", {"q": query})
    assert response.status_code == 200
    return set(result_titles(response))


def test_ngay_thu_bay_finds_exactly_the_two_saturday_initiatives(client, demo):
    assert found(client, "ngay thu bay") == {THO_XUAN, LONG_HAI}


def test_phrase_needs_every_word_not_just_ngay(client, demo):
    result = found(client, "ngay thu bay")
    assert "Ngày không hẹn" not in result
    assert "Ngày không hẹn" in found(client, "ngày")


def test_numeral_and_spelled_weekday_meet(client, demo):
    thu_bay = found(client, "thu bay")
    assert {THO_XUAN, LONG_HAI} <= thu_bay
    assert found(client, "thu 7") == thu_bay
    assert found(client, "thứ bảy") == thu_bay
    assert found(client, "ngày thứ 7") == found(client, "ngày thứ bảy") == {THO_XUAN, LONG_HAI}


def test_case_unicode_form_and_tone_placement_do_not_matter(client, demo):
    expected = found(client, "ngay thu bay")
    assert found(client, "NGÀY THỨ BẢY") == expected
    assert found(client, unicodedata.normalize("NFD", "ngày thứ bảy")) == expected
    assert found(client, unicodedata.normalize("NFC", "Ngày Thứ Bảy")) == expected
    hoa_old = found(client, "Thanh Hoá")
    assert hoa_old == found(client, "Thanh Hóa") == found(client, "thanh hoa")
    # The ten initiatives of (former) Thanh Hóa, through their units' names.
    assert len(hoa_old) == 10


def test_place_names_of_the_locality_are_searchable(client, demo):
    assert "Tổng đài hỗ trợ giải quyết TTHC" in found(client, "dong tien")
    assert "Tổng đài hỗ trợ giải quyết TTHC" in found(client, "Đông Tiến")


def test_tthc_meets_thu_tuc_hanh_chinh(client, demo):
    tthc = found(client, "TTHC")
    assert tthc == ABOUT_PROCEDURES
    # Found through the spelled-out words in the summary, not the abbreviation in the title.
    assert {"Lễ tân hành chính", "Ngày thứ năm không chờ"} <= tthc
    assert found(client, "thủ tục hành chính") == tthc
    assert found(client, "thu tuc hanh chinh") == tthc


def test_query_without_results_and_blank_query(client, demo):
    assert found(client, "khong co sang kien nay") == set()
    assert len(found(client, "   ")) == 16


def test_words_must_be_whole(client, demo):
    # "ngay thu ba" must not match "ngay thu bay" (a prefix of a word).
    assert found(client, "ngay thu ba") == set()


def test_search_queryset_matches_the_page(client, demo):
    via_orm = set(
        Initiative.objects.published()
        .search(query_phrase("ngay thu bay"))
        .values_list("title", flat=True)
    )
    assert via_orm == {THO_XUAN, LONG_HAI}


def test_search_text_is_kept_up_to_date_on_save(client, demo):
    item = Initiative.objects.get(title="Ngày không hẹn")
    item.title = "Ngày thứ 7 không hẹn"
    item.save()
    assert "Ngày thứ 7 không hẹn" in found(client, "ngay thu bay")
    item.title = "Ngày không hẹn"
    item.save(update_fields=["title"])  # update_fields also refreshes the column
    item.refresh_from_db()
    assert " thu bay " not in item.search_text
    assert "Ngày không hẹn" not in found(client, "ngay thu bay")


def test_trigram_index_exists_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is PostgreSQL only; SQLite scans the column")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes WHERE indexname = %s",
            ["initiative_search_trgm"],
        )
        row = cursor.fetchone()
    assert row is not None
    assert row[0] == "initiatives_initiative"
    assert "gin" in row[1].lower() and "gin_trgm_ops" in row[1] and "search_text" in row[1]


def test_an_overlong_query_is_ignored_and_said_so(client, demo):
    response = client.get("/sang-kien/", {"q": "ngay " * 60})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tìm kiếm: " in html and "200" in html  # the field and its limit, in Vietnamese
    assert "khớp với" not in html
    assert len(result_titles(response)) == 16
