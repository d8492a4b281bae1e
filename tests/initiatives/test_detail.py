"""An initiative's public page: every field, the place then and now, the province's scores on
the targeted indicators, replication lineage, the same model elsewhere, sources."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indicators.models import Component, Index, Score
from initiatives.models import Initiative, InitiativeTarget, Source

from .helpers import dong_tien, make_initiative, result_titles

pytestmark = pytest.mark.django_db

YEN_CAT = "Chính quyền thân thiện, vì Nhân dân phục vụ tại thị trấn Yên Cát và xã Bình Lương"
DINH_TAN = "Chính quyền thân thiện vì Nhân dân phục vụ"
TONG_DAI = "Tổng đài hỗ trợ giải quyết TTHC"


def page(client, title: str) -> str:
    initiative = Initiative.objects.get(title=title)
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def score_text(value) -> str:
    """The portal shows scores with two decimals and a decimal comma."""
    return f"{value:.2f}".replace(".", ",")


def test_every_field_of_the_yen_cat_initiative(client, demo):
    item = Initiative.objects.get(title=YEN_CAT)
    html = page(client, YEN_CAT)
    assert f"<h1>{YEN_CAT}</h1>" in html
    for text in (
        item.summary,
        item.implementing_unit,
        item.place_as_written,
        item.model_name,
        "Cấp xã",
        "Đã nhân rộng",
        "Cải cách chế độ công vụ",
        "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH",
        "thị trấn Yên Cát, huyện Như Xuân, tỉnh Thanh Hóa",
    ):
        assert text and text in html, text
    for long_text in (item.description, item.how_it_works, item.results, item.conditions):
        assert long_text and long_text in html
    # Outcomes with their values.
    assert "Mức độ hài lòng của người dân: <strong>98,00 %</strong> (2023)" in html
    # Its source with the title, publisher and date.
    source = item.sources.get()
    assert source.title == "Hiệu quả của các mô hình cải cách hành chính"
    assert source.title in html and source.publisher in html
    assert "03/02/2024" in html


def test_replication_lineage_both_ways(client, demo):
    # The seed articles record no replication between two catalogued records (Như Xuân
    # replicated its model to its own communes): the link is built here.
    original = Initiative.objects.get(title=DINH_TAN)
    copy = make_initiative(title="Chính quyền thân thiện ở xã thử nghiệm", replicated_from=original)
    html = client.get(copy.get_absolute_url()).content.decode()
    assert f'Nhân rộng từ: <a href="{original.get_absolute_url()}">{DINH_TAN}</a>' in html
    back = page(client, DINH_TAN)
    assert f'Được nhân rộng tại: <a href="{copy.get_absolute_url()}">{copy.title}</a>' in back
    assert "Xã Đông Tiến" in back
    assert "Chưa ghi nhận nhân rộng" not in back


def test_replication_from_an_unapproved_initiative_is_not_shown(client, demo):
    hidden = make_initiative(title="Bản gốc chưa duyệt", status=Initiative.Status.SUBMITTED)
    copy = make_initiative(title="Bản nhân rộng", replicated_from=hidden)
    make_initiative(title="Nhân rộng chưa duyệt", replicated_from=copy, status="draft")
    html = client.get(copy.get_absolute_url()).content.decode()
    assert "Bản gốc chưa duyệt" not in html
    assert "Nhân rộng chưa duyệt" not in html
    # Nothing approved either way: said so, rather than an empty list.
    assert "Chưa ghi nhận nhân rộng trong cổng." in html


def test_hierarchy_and_now_part_of_on_the_dong_tien_page(client, demo):
    html = page(client, TONG_DAI)
    assert "xã Đông Tiến, thành phố Thanh Hóa, tỉnh Thanh Hóa" in html
    assert "nay thuộc" in html
    assert 'nay thuộc <a href="/tinh/38/">tỉnh Thanh Hóa</a>' in html
    assert "Nguồn ghi: “xã Đông Tiến, huyện Đông Sơn, Thanh Hóa" in html
    # The province as it was, marked as a former one.
    assert '<a href="/tinh-cu/38/">Tỉnh Thanh Hóa</a> (đến 2025)' in html
    # Breadcrumb to the catalogue of today's province.
    assert 'href="/sang-kien/?tinh=38"' in html


def test_a_current_unit_is_not_said_to_be_now_part_of_anything(client, demo):
    from localities.models import AdministrativeUnit

    commune = AdministrativeUnit.objects.communes().current().filter(parent__code="38").first()
    item = make_initiative(title="Sáng kiến ở xã mới", locality=commune)
    html = client.get(item.get_absolute_url()).content.decode()
    assert "nay thuộc" not in html
    assert f"{commune.name[:3].lower()}" in html.lower()


def test_targeted_component_shows_the_provinces_latest_score(client, demo):
    item = Initiative.objects.get(title=TONG_DAI)
    component = Component.objects.get(index__code="papi", code="thu-tuc-hanh-chinh-cong")
    assert item.targets.filter(component=component).exists()
    latest = (
        Score.objects.filter(province=item.province, component=component)
        .select_related("edition")
        .order_by("-edition__year")
    )
    assert [s.edition.year for s in latest[:2]] == [2016, 2015]
    html = page(client, TONG_DAI)
    assert "PAPI: Thủ tục hành chính công" in html
    assert f'<a href="{reverse("indicators:ranking", args=["papi", 2016])}">2016</a>' in html
    assert f'<td class="num">{score_text(latest[0].value)}' in html
    assert latest[0].value is not None and score_text(latest[0].value) == "7,20"
    change = latest[0].value - latest[1].value
    assert f"{'+' if change >= 0 else '−'}{score_text(abs(change))} (2015)" in html
    # A targeted index without scores in the portal says so.
    assert "Chưa có điểm của tỉnh này trong cổng." in html


def test_whole_index_target_shows_the_index_total(client, demo):
    item = Initiative.objects.get(title=YEN_CAT)
    total = Score.objects.get(
        province=item.province,
        component__isnull=True,
        edition__index__code="papi",
        edition__year=2016,
    )
    html = page(client, YEN_CAT)
    assert '<th scope="row" rowspan="1">PAPI</th>' in html
    assert score_text(total.value) in html


def test_same_model_elsewhere(client, demo):
    html = page(client, YEN_CAT)
    assert "Cùng mô hình ở nơi khác" in html
    section = html.split("Cùng mô hình ở nơi khác", 1)[1].split("</ul>", 1)[0]
    assert DINH_TAN in section and "Xã Định Tân, Thanh Hóa" in section
    assert YEN_CAT not in section  # not itself
    back = page(client, DINH_TAN).split("Cùng mô hình ở nơi khác", 1)[1].split("</ul>", 1)[0]
    assert YEN_CAT in back
    # Only approved ones, whatever the case of the model name.
    make_initiative(
        title="Chính quyền thân thiện ở xã nháp",
        model_name="Chính quyền thân thiện, vì Nhân dân phục vụ",
        status=Initiative.Status.SUBMITTED,
    )
    make_initiative(
        title="Chính quyền thân thiện ở Đông Tiến",
        model_name="CHÍNH QUYỀN THÂN THIỆN, VÌ NHÂN DÂN PHỤC VỤ",
    )
    section = page(client, YEN_CAT).split("Cùng mô hình ở nơi khác", 1)[1].split("</ul>", 1)[0]
    assert "Chính quyền thân thiện ở Đông Tiến" in section
    assert "xã nháp" not in section
    # No section when nobody else has the model.
    assert "Cùng mô hình ở nơi khác" not in page(client, "Ký số bản đồ khổ lớn")


def test_same_model_lists_the_first_ten_by_title_and_links_to_the_rest(
    client, demo, django_assert_max_num_queries, settings
):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # the rendering's queries, not the page cache
    with django_assert_max_num_queries(30) as before:
        page(client, YEN_CAT)
    queries = len(before)  # read now: the log is cleared by the next request
    for n in range(12):
        make_initiative(
            title=f"Chính quyền thân thiện ở nơi số {n:02d}",
            model_name="chinh quyen than thien - vi nhan dan phuc vu",
        )
    html = page(client, YEN_CAT)
    section = html.split("Cùng mô hình ở nơi khác", 1)[1].split("</ul>", 1)[0]
    # The first ten by folded title ("… o noi so 00" before "… vi nhan dan", Định Tân), the
    # rest by the link.
    assert section.count("<li>") == 10
    assert "nơi số 09" in section and "nơi số 10" not in section and DINH_TAN not in section
    assert "Xem tất cả nơi làm mô hình này trong danh mục" in html
    with django_assert_max_num_queries(queries):
        page(client, YEN_CAT)


@pytest.mark.parametrize(
    "status",
    [
        Initiative.Status.DRAFT,
        Initiative.Status.SUBMITTED,
        Initiative.Status.RETURNED,
        Initiative.Status.RESUBMITTED,
        Initiative.Status.REJECTED,
        Initiative.Status.WITHDRAWN,
    ],
)
def test_unapproved_detail_is_404_and_absent_from_the_list(client, demo, status):
    item = make_initiative(title=f"Sáng kiến kín {status}", status=status)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert item.title not in result_titles(client.get("/sang-kien/", {"q": "sang kien kin"}))
    item.status = Initiative.Status.APPROVED
    item.save()
    assert client.get(item.get_absolute_url()).status_code == 200


def test_unknown_slug_is_404(client, demo):
    assert client.get("/sang-kien/khong-co-sang-kien-nay/").status_code == 404


def test_print_stylesheet_and_button(client, demo):
    html = page(client, TONG_DAI)
    assert '<link rel="stylesheet" href="/static/css/initiatives-print.css" media="print">' in html
    assert "data-print" in html and "/static/js/print.js" in html  # no inline handler (CSP)


def test_sources_in_date_order_with_links(client, demo):
    item = make_initiative(title="Sáng kiến nhiều nguồn", locality=dong_tien())
    Source.objects.create(initiative=item, title="Bài sau", published_on="2024-05-01")
    Source.objects.create(
        initiative=item,
        title="Bài trước",
        publisher="Báo Thanh Hóa",
        published_on="2023-01-02",
        url="https://baothanhhoa.vn/bai-truoc",
    )
    html = client.get(item.get_absolute_url()).content.decode()
    assert '<a href="https://baothanhhoa.vn/bai-truoc">Bài trước</a> — Báo Thanh Hóa' in html
    assert html.index("Bài trước") < html.index("Bài sau")


def test_initiative_without_targets_or_lineage(client, demo):
    item = make_initiative(title="Sáng kiến tối giản")
    html = client.get(item.get_absolute_url()).content.decode()
    assert "Sáng kiến chưa ghi chỉ số hướng tới." in html
    assert "Chưa ghi nhận nhân rộng trong cổng." in html
    InitiativeTarget.objects.create(initiative=item, index=Index.objects.get(code="pci"))
    html = client.get(item.get_absolute_url()).content.decode()
    assert "Sáng kiến chưa ghi chỉ số hướng tới." not in html
