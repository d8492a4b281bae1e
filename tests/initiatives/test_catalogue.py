"""The Catalogue issue's "done when": search, facets, export, detail, constant queries."""

from __future__ import annotations

import csv
import io
import re
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from initiatives.models import Initiative
from localities.models import AdministrativeUnit

from .helpers import build_initiatives

pytestmark = pytest.mark.django_db

THO_XUAN = "Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC"
LONG_HAI = "Ngày thứ bảy lắng nghe dân nói"


def titles(client, query: str) -> set[str]:
    html = client.get("/sang-kien/", {"q": query}).content.decode()
    return set(re.findall(r'<th scope="row"><a href="/sang-kien/[^"]+">([^<]+)</a>', html))


def test_search_ignores_diacritics_case_form_and_knows_abbreviations(client, demo_data):
    found = titles(client, "ngay thu bay")
    assert found == {THO_XUAN, LONG_HAI}
    assert titles(client, "thu 7") == titles(client, "thứ bảy") == found
    assert titles(client, "NGÀY THỨ BẢY") == found
    assert titles(client, unicodedata.normalize("NFD", "ngày thứ bảy")) == found
    assert "Ngày không hẹn" not in found  # merely contains "ngày"
    assert titles(client, "Thanh Hoá") == titles(client, "Thanh Hóa") != set()
    assert "Tổng đài hỗ trợ giải quyết TTHC" in titles(client, "dong tien")
    tthc = titles(client, "TTHC")
    assert {
        "Niêm yết, tra cứu TTHC bằng mã QR",
        "Ngày thứ năm không chờ",
    } <= tthc  # spelled out there
    assert titles(client, "thủ tục hành chính") == tthc


def test_trigram_index_on_postgresql(demo_data):
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index exists on PostgreSQL only; SQLite scans the column")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'initiative_search_trgm'")
        assert "gin_trgm_ops" in cursor.fetchone()[0]


def test_facets_filter_and_count(client, demo_data):
    html = client.get("/sang-kien/", {"tinh": "38"}).content.decode()
    assert "<strong>10 sáng kiến</strong>" in html
    ba_ria = AdministrativeUnit.objects.provinces().former().get(short_name="Bà Rịa - Vũng Tàu")
    former = client.get("/sang-kien/", {"tinh": f"{ba_ria.code}-cu"}).content.decode()
    assert "<strong>6 sáng kiến</strong>" in former
    assert (
        "<strong>6 sáng kiến</strong>" in client.get("/sang-kien/", {"tinh": "79"}).content.decode()
    )
    narrowed = client.get(
        "/sang-kien/", {"tinh": "38", "cap": "xa", "linh_vuc": "cai-cach-tthc", "chi_so": "papi"}
    ).content.decode()
    assert (
        "<strong>2 sáng kiến</strong>" in narrowed
    )  # Tổng đài and Niêm yết target PAPI dimensions
    assert "Tổng đài hỗ trợ giải quyết TTHC" in narrowed and "Niêm yết, tra cứu TTHC" in narrowed
    # The count shown beside an option is what selecting it gives.
    match = re.search(r'value="xa"[^>]*>\s*<label[^>]*>Cấp xã <span class="badge[^"]*">(\d+)', html)
    with_level = client.get("/sang-kien/", {"tinh": "38", "cap": "xa"}).content.decode()
    assert f"<strong>{match.group(1)} sáng kiến</strong>" in with_level
    empty = client.get("/sang-kien/", {"q": "khong co sang kien nay"}).content.decode()
    assert "Không có sáng kiến nào khớp" in empty


def test_export_matches_the_page_and_neutralises_formulas(client, demo_data):
    Initiative.objects.create(
        title='=HYPERLINK("http://x")',
        summary="Thử công thức",
        implementing_unit="+cmd",
        locality=AdministrativeUnit.objects.provinces().former().get(code="38"),
        level="tinh",
        status=Initiative.Status.APPROVED,
    )
    params = {"tinh": "38", "sap_xep": "ten"}
    html = client.get("/sang-kien/", params).content.decode()
    header = re.findall(r'<th scope="col">([^<]+)</th>', html)
    page_titles = re.findall(r'<th scope="row"><a href="/sang-kien/[^"]+">([^<]+)</a>', html)
    sheet = load_workbook(
        io.BytesIO(
            b"".join(client.get("/sang-kien/", {**params, "format": "xlsx"}).streaming_content)
        )
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][0].startswith("Giấy phép:") and rows[-2][0].startswith("Nguồn:")
    rows = rows[:-3]  # the blank row, source and licence lines
    assert list(rows[0]) == header
    assert [r[0] for r in rows[1:]] == [t.replace("&quot;", '"') for t in page_titles]
    formula_cell = next(c for c in sheet["A"] if c.value == '=HYPERLINK("http://x")')
    assert formula_cell.data_type == "s"
    response = client.get("/sang-kien/", {**params, "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    csv_rows = list(csv.reader(io.StringIO(text)))
    assert next(r for r in csv_rows if "HYPERLINK" in r[0])[:2] == [
        '\'=HYPERLINK("http://x")',
        "'+cmd",
    ]


def test_detail_page_and_hidden_drafts(client, demo_data):
    html = client.get("/sang-kien/tong-dai-ho-tro-giai-quyet-tthc/").content.decode()
    assert "xã Đông Tiến, thành phố Thanh Hóa, tỉnh Thanh Hóa" in html
    assert "nay thuộc" in html and "Thủ tục hành chính công" in html and "7,20" in html
    replicated = Initiative.objects.get(
        title__startswith="Chính quyền thân thiện, vì Nhân dân phục vụ tại"
    )
    original_item = Initiative.objects.get(title="Chính quyền thân thiện vì Nhân dân phục vụ")
    replicated.replicated_from = original_item  # built here: the articles link no two records
    replicated.save()
    html = client.get(replicated.get_absolute_url()).content.decode()
    assert "98,00 %" in html and "Nhân rộng từ" in html and "Hiệu quả của các mô hình" in html
    assert "initiatives-print.css" in html
    original = client.get(original_item.get_absolute_url()).content.decode()
    assert "Được nhân rộng tại" in original and "Cùng mô hình ở nơi khác" in original
    replicated.status = Initiative.Status.SUBMITTED
    replicated.save()
    assert client.get(replicated.get_absolute_url()).status_code == 404
    assert replicated.title not in client.get("/sang-kien/").content.decode()


def test_slug_and_level_validation(demo_data):
    item = Initiative.objects.get(title="Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC")
    assert item.slug == "ngay-thu-7-tinh-nguyen-giup-dan-giai-quyet-tthc"
    commune = (
        AdministrativeUnit.objects.communes()
        .former()
        .get(name="Xã Đông Tiến", parent__parent__code="38")
    )
    wrong = Initiative(
        title="Thử", summary="x", implementing_unit="x", locality=commune, level="tinh"
    )
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert "không khớp với địa bàn" in str(error.value.message_dict["level"])
    assert commune.parent.level == AdministrativeUnit.Level.DISTRICT
    wrong.save()
    assert wrong.province.code == "38" and wrong.current_province.valid_to is None
    assert wrong.slug == "thu"


@pytest.mark.parametrize(
    "url", ["/sang-kien/?q=thu+tuc&tinh=38&page=2", "/sang-kien/?format=csv&tinh=38"]
)
def test_list_queries_do_not_grow(client, demo_data, django_assert_num_queries, url):
    province = AdministrativeUnit.objects.provinces().former().get(code="38")
    build_initiatives(25, province)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    Initiative.objects.filter(slug__startswith="mo-hinh-thu-").delete()
    build_initiatives(2000, province)
    with django_assert_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_detail_queries_do_not_grow(client, demo_data, django_assert_num_queries):
    from indicators.models import Component
    from initiatives.models import InitiativeTarget, Source

    item = Initiative.objects.get(title="Tổng đài hỗ trợ giải quyết TTHC")
    with CaptureQueriesContext(connection) as few:
        client.get(item.get_absolute_url())
    for component in Component.objects.filter(index__code="pci", parent__isnull=True)[:4]:
        InitiativeTarget.objects.create(initiative=item, index=component.index, component=component)
        Source.objects.create(initiative=item, title=f"Nguồn {component.code}")
    with django_assert_num_queries(len(few)):
        assert "Nguồn gia-nhap-thi-truong" in client.get(item.get_absolute_url()).content.decode()
