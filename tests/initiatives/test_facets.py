"""Catalogue facets and filters: province (current and former), level, area, index,
component, stage, year; counts beside options; pagination and the empty state."""

from __future__ import annotations

import pytest

from initiatives.models import Initiative
from localities.models import AdministrativeUnit

from .helpers import (
    dong_tien,
    facet_options,
    former_province,
    make_initiative,
    result_titles,
    shown_count,
)

pytestmark = pytest.mark.django_db

BA_RIA_VUNG_TAU = {
    "Ngày thứ bảy lắng nghe dân nói",
    "Ký số bản đồ khổ lớn",
    "Ngày thứ năm không chờ",
    "Tờ gấp tuyên truyền về Chỉ số PAPI",
    "Lập nhóm Zalo với người dân, tổ chức làm TTHC",
    "Trang thông tin PCI và Fanpage về đầu tư, môi trường kinh doanh",
}


def listing(client, **params):
    response = client.get("/sang-kien/", params)
    assert response.status_code == 200
    return response


def titles(client, **params) -> set[str]:
    return set(result_titles(listing(client, **params)))


def test_current_thanh_hoa_counts_its_pre_2025_initiatives(client, demo):
    thanh_hoa = AdministrativeUnit.objects.provinces().current().get(code="38")
    response = listing(client, tinh=thanh_hoa.code)
    assert shown_count(response) == 10
    # All ten sit in pre-2025 units whose current province is Thanh Hóa.
    located = Initiative.objects.published().filter(current_province=thanh_hoa)
    assert located.count() == 10
    assert all(i.locality.valid_to is not None for i in located)
    assert set(result_titles(response)) == set(located.values_list("title", flat=True))


def test_former_ba_ria_vung_tau_and_its_successor(client, demo):
    former = AdministrativeUnit.objects.provinces().former().get(short_name="Bà Rịa - Vũng Tàu")
    assert former.code == "77"
    assert former.successor.code == "79" and former.successor.valid_to is None
    assert titles(client, tinh="77-cu") == BA_RIA_VUNG_TAU
    # Merged into TP Hồ Chí Minh on 1 July 2025: the current city shows them too.
    assert titles(client, tinh="79") == BA_RIA_VUNG_TAU
    # "77" without "-cu" is today's code 77, which no demo initiative has.
    assert titles(client, tinh="77") == set()


def test_level_filter(client, demo):
    assert shown_count(listing(client, cap="xa")) == 9
    assert shown_count(listing(client, cap="huyen")) == 3
    assert shown_count(listing(client, cap="tinh")) == 4
    # Several values of one facet are alternatives.
    assert shown_count(listing(client, cap=["xa", "huyen"])) == 12
    assert titles(client, cap="huyen") == {
        "Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC",
        "Điểm dịch vụ công trực tuyến",
        "Ngày thứ năm không chờ",
    }


def test_area_index_component_and_stage_filters(client, demo):
    assert shown_count(listing(client, linh_vuc="cai-cach-tthc")) == 10
    assert titles(client, chi_so="papi") == {
        "Tổng đài hỗ trợ giải quyết TTHC",
        "Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC",
        "Chính quyền thân thiện, vì Nhân dân phục vụ tại thị trấn Yên Cát và xã Bình Lương",
        "Niêm yết, tra cứu TTHC bằng mã QR",
        "Ngày thứ bảy lắng nghe dân nói",
        "Tờ gấp tuyên truyền về Chỉ số PAPI",
    }
    assert titles(client, thanh_phan="papi:thu-tuc-hanh-chinh-cong") == {
        "Tổng đài hỗ trợ giải quyết TTHC",
        "Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC",
    }
    assert titles(client, giai_doan="de_xuat") == {
        "Lập nhóm Zalo với người dân, tổ chức làm TTHC",
        "Trang thông tin PCI và Fanpage về đầu tư, môi trường kinh doanh",
    }
    assert shown_count(listing(client, giai_doan="da_nhan_rong")) == 8


def test_rows_are_not_repeated_by_multi_valued_joins(client, demo):
    # "Trang thông tin PCI …" targets both the whole PCI and one of its components.
    found = result_titles(listing(client, chi_so=["pci", "papi"], linh_vuc="tac-dong-cchc"))
    assert len(found) == len(set(found))
    assert "Trang thông tin PCI và Fanpage về đầu tư, môi trường kinh doanh" in found


def test_combined_filters(client, demo):
    assert titles(client, tinh="38", cap="xa", linh_vuc="cai-cach-tthc", chi_so="papi") == {
        "Tổng đài hỗ trợ giải quyết TTHC",
        "Niêm yết, tra cứu TTHC bằng mã QR",
    }
    assert titles(client, q="ngay thu bay", tinh="79") == {"Ngày thứ bảy lắng nghe dân nói"}
    assert titles(client, q="ngay thu bay", tinh="38", cap="xa") == set()


def assert_counts_match_selection(client, params: dict) -> int:
    """Every option's count equals the total when that option replaces the facet's value."""
    options = facet_options(listing(client, **params))
    assert options
    for option in options:
        chosen = {**params, option["name"]: option["value"]}
        assert shown_count(listing(client, **chosen)) == option["count"], option
        assert option["checked"] == (params.get(option["name"]) == option["value"])
    return len(options)


def test_facet_counts_equal_the_selection(client, demo):
    assert assert_counts_match_selection(client, {}) > 15
    assert_counts_match_selection(client, {"tinh": "38", "linh_vuc": "cai-cach-tthc"})
    assert_counts_match_selection(client, {"q": "TTHC", "cap": "xa"})


def test_facet_labels(client, demo):
    options = facet_options(listing(client))
    by_key = {(o["name"], o["value"]): o for o in options}
    assert by_key[("tinh", "38")]["label"] == "Thanh Hóa" and by_key[("tinh", "38")]["count"] == 10
    assert by_key[("tinh", "79")]["count"] == 6
    assert by_key[("tinh", "77-cu")]["label"] == "Bà Rịa - Vũng Tàu"
    assert by_key[("cap", "xa")]["label"] == "Cấp xã"
    assert by_key[("linh_vuc", "cai-cach-tthc")]["label"] == "Cải cách thủ tục hành chính"
    assert by_key[("giai_doan", "de_xuat")]["label"] == "Đề xuất"
    assert by_key[("thanh_phan", "papi:thu-tuc-hanh-chinh-cong")]["count"] == 2


def test_year_facet(client, demo):
    make_initiative(title="Sáng kiến năm 2023", start_year=2023)
    make_initiative(title="Sáng kiến khác năm 2023", start_year=2023)
    make_initiative(title="Sáng kiến năm 2021", start_year=2021)
    options = {o["value"]: o["count"] for o in facet_options(listing(client)) if o["name"] == "nam"}
    assert options == {"2023": 2, "2021": 1}
    assert titles(client, nam="2023") == {"Sáng kiến năm 2023", "Sáng kiến khác năm 2023"}


def test_empty_state(client, demo):
    response = listing(client, q="khong co sang kien nay")
    html = response.content.decode()
    assert "Không có sáng kiến nào khớp" in html
    assert 'id="results"' not in html
    assert "format=xlsx" not in html  # nothing to export
    assert shown_count(response) == 0


def test_unknown_values_are_ignored_and_said_so(client, demo):
    # A malformed province code, component, level or year: the filter is ignored (the page
    # does not pretend it applied) and a Vietnamese message names each one.
    response = listing(client, tinh="khong-co", thanh_phan="papi", cap="khong-co", nam="x")
    html = response.content.decode()
    assert shown_count(response) == 16
    assert "Một số điều kiện lọc không hợp lệ nên đã được bỏ qua" in html
    assert "Tỉnh, thành phố: Mã tỉnh phải gồm hai chữ số" in html
    assert "Thành phần: Thành phần phải có dạng" in html
    assert "Cấp: " in html and "Năm bắt đầu: " in html
    assert not [o for o in facet_options(response) if o["checked"]]
    # A valid choice beside an invalid one still applies.
    assert shown_count(listing(client, tinh="38", nam="x")) == 10
    # Well-formed but matching nothing: an empty result, no warning.
    response = listing(client, tinh="77")
    assert shown_count(response) == 0
    assert "không hợp lệ" not in response.content.decode()
    assert client.get("/sang-kien/", {"format": "pdf"}).status_code == 404


def test_a_choice_that_empties_the_result_stays_on_the_page(client, demo):
    # Thanh Hóa has no initiative aimed at PCI: both choices are still shown ticked, with 0,
    # so the reader sees what empties the result and can untick one.
    response = listing(client, tinh="38", chi_so="pci")
    assert shown_count(response) == 0
    checked = {(o["name"], o["value"]): o for o in facet_options(response) if o["checked"]}
    assert set(checked) == {("tinh", "38"), ("chi_so", "pci")}
    assert checked[("tinh", "38")]["label"] == "Thanh Hóa"
    assert checked[("chi_so", "pci")]["label"] == "PCI"
    assert {o["count"] for o in checked.values()} == {0}
    # A former province, a component nobody targets, a year, an area, a stage.
    response = listing(
        client,
        tinh="77-cu",
        q="dong tien",
        thanh_phan="pci:gia-nhap-thi-truong",
        nam="2001",
        linh_vuc="cai-cach-tai-chinh-cong",
        giai_doan="da_dung",
    )
    checked = {(o["name"], o["value"]): o["label"] for o in facet_options(response) if o["checked"]}
    assert checked == {
        ("tinh", "77-cu"): "Bà Rịa - Vũng Tàu",
        ("thanh_phan", "pci:gia-nhap-thi-truong"): "PCI · Gia nhập thị trường",
        ("nam", "2001"): "2001",
        ("linh_vuc", "cai-cach-tai-chinh-cong"): "Cải cách tài chính công",
        ("giai_doan", "da_dung"): "Đã dừng",
    }


def test_a_single_choice_can_be_undone_without_javascript(client, demo):
    html = listing(client).content.decode()
    # Nothing chosen: "any" is the ticked radio of the province, component and year boxes.
    assert (
        '<input class="form-check-input" type="radio" name="tinh" value="" id="f-tinh-any" checked>'
        in html
    )
    assert 'name="thanh_phan" value="" id="f-thanh_phan-any" checked>' in html
    html = listing(client, tinh="38").content.decode()
    assert 'name="tinh" value="" id="f-tinh-any">' in html
    # Submitting the form with "any" ticked sends an empty value: every province again, and
    # no "reset" link since nothing is filtered.
    response = listing(client, tinh="", thanh_phan="", nam="")
    assert shown_count(response) == 16
    assert "Bỏ mọi bộ lọc" not in response.content.decode()


@pytest.fixture
def many(demo):
    """25 approved initiatives in Thanh Hóa matching "phan trang", and one elsewhere."""
    commune = dong_tien()
    for n in range(25):
        make_initiative(title=f"Mô hình phân trang số {n:02d}", locality=commune)
    make_initiative(
        title="Mô hình phân trang ở Vũng Tàu",
        locality=former_province("77"),
        level=Initiative.Level.PROVINCE,
    )


def test_pagination_keeps_filters(client, many):
    first = listing(client, q="phan trang", tinh="38")
    assert shown_count(first) == 25
    assert len(result_titles(first)) == 20
    html = first.content.decode()
    assert 'href="?q=phan+trang&amp;tinh=38&amp;page=2"' in html
    second = listing(client, q="phan trang", tinh="38", page="2")
    rest = result_titles(second)
    assert len(rest) == 5
    assert not set(rest) & set(result_titles(first))
    assert "Mô hình phân trang ở Vũng Tàu" not in rest


def test_unknown_page_numbers(client, many):
    params = {"q": "phan trang", "tinh": "38"}
    # Past the end: the last page; not a number: the first page.
    assert result_titles(listing(client, **params, page="999")) == result_titles(
        listing(client, **params, page="2")
    )
    assert result_titles(listing(client, **params, page="abc")) == result_titles(
        listing(client, **params)
    )
    assert result_titles(listing(client, **params, page="-1")) == result_titles(
        listing(client, **params, page="2")
    )


def test_sorting(client, many):
    by_name = result_titles(listing(client, q="phan trang", tinh="38", sap_xep="ten"))
    assert by_name == sorted(by_name)
    # An unknown sort falls back to the newest first.
    newest = result_titles(listing(client, q="phan trang", tinh="38", sap_xep="khong-co"))
    assert newest[0] == "Mô hình phân trang số 24"
