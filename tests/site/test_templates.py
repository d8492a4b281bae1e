"""Links keep the page's parameters, score cells and status labels come from one place, and
the filter bars are Django forms with the ids and labels the pages always had."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template import Context, Template
from django.test.utils import override_settings
from django.utils import translation
from pytest_django.asserts import assertInHTML

from indicators.models import Score
from initiatives.models import Initiative
from localities.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def hrefs(html: str, text: str) -> list[str]:
    """The targets of the links whose text is ``text``, unescaped."""
    return [
        unescape(href)
        for href, inner in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)
        if re.sub(r"<[^>]+>|\s+|[▲▼]", " ", inner).strip() == text
    ]


def params(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query, keep_blank_values=True)


# --- links keep the parameters ------------------------------------------------------------


def test_ranking_downloads_and_sort_links_keep_the_columns_and_the_order(client, demo_data):
    url = "/chi-so/pci/2016/?cols=components&sort=score&dir=desc"
    html = client.get(url).content.decode()
    (csv_link,) = hrefs(html, "CSV")
    assert params(csv_link) == {
        "cols": ["components"],
        "sort": ["score"],
        "dir": ["desc"],
        "format": ["csv"],
    }
    downloaded = list(csv.reader(io.StringIO(client.get("/chi-so/pci/2016/" + csv_link).text)))
    assert len(downloaded[0]) == 15  # with the components' columns, as on the page
    # The column sorted descending flips to ascending; another column starts ascending;
    # both keep the components shown.
    (score_link,) = hrefs(html, "Điểm")
    (province_link,) = hrefs(html, "Tỉnh, thành phố")
    assert params(score_link) == {"cols": ["components"], "sort": ["score"], "dir": ["asc"]}
    assert params(province_link) == {
        "cols": ["components"],
        "sort": ["province"],
        "dir": ["asc"],
    }
    plain = client.get("/chi-so/pci/2016/?sort=score").content.decode()
    assert params(hrefs(plain, "Điểm")[0]) == {"sort": ["score"], "dir": ["desc"]}


def test_compare_and_cross_view_downloads_keep_the_choice(client, demo_data):
    compare = "/so-sanh/?index=papi&p=38-cu&p=40-cu&start=2011&end=2016"
    (csv_link,) = hrefs(client.get(compare).content.decode(), "CSV")
    assert params(csv_link) == {
        "index": ["papi"],
        "p": ["38-cu", "40-cu"],
        "start": ["2011"],
        "end": ["2016"],
        "format": ["csv"],
    }
    assert client.get("/so-sanh/" + csv_link)["Content-Type"].startswith("text/csv")
    cross = client.get("/doi-chieu/?target=pci&year=2016").content.decode()
    (xlsx_link,) = hrefs(cross, "XLSX")
    assert params(xlsx_link) == {"target": ["pci"], "year": ["2016"], "format": ["xlsx"]}
    # A count links to the catalogue filtered on that province and that index, nothing else.
    catalogue_links = re.findall(r'href="(/sang-kien/\?[^"]*)"', cross)
    assert catalogue_links and all(
        params(unescape(link)).keys() == {"tinh", "chi_so"} for link in catalogue_links
    )


@pytest.fixture
def many_in_thanh_hoa(demo_data):
    commune = (
        AdministrativeUnit.objects.communes()
        .current()
        .filter(parent__code="38", parent__valid_to__isnull=True)
        .first()
    )
    for n in range(22):
        Initiative.objects.create(
            title=f"Mô hình liên kết trang {n}",
            summary="Tóm tắt.",
            implementing_unit="UBND xã",
            level=Initiative.Level.COMMUNE,
            status=Initiative.Status.APPROVED,
            locality=commune,
        )


def test_catalogue_pages_and_downloads_keep_search_facets_and_sort(client, many_in_thanh_hoa):
    html = client.get("/sang-kien/?q=lien+ket+trang&tinh=38&sap_xep=ten&page=2").content.decode()
    (previous,) = hrefs(html, "Trang trước")
    assert params(previous) == {
        "q": ["lien ket trang"],
        "tinh": ["38"],
        "sap_xep": ["ten"],
        "page": ["1"],
    }
    (download,) = hrefs(html, "CSV")
    assert params(download) == {
        "q": ["lien ket trang"],
        "tinh": ["38"],
        "sap_xep": ["ten"],
        "format": ["csv"],
    }  # the whole result, not the page
    response = client.get("/sang-kien/" + download)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    titles = [row[0].lstrip("\ufeff") for row in rows[1:-3]]  # then source and licence
    assert len(titles) == 22 and titles == sorted(titles)
    # The sort and the search box show what the page applied.
    assertInHTML('<option value="ten" selected>Tên A–Z</option>', html)
    assertInHTML(
        '<input type="search" name="q" value="lien ket trang" class="form-control" id="q"'
        ' placeholder="ví dụ: ngay thu bay, TTHC, Đông Tiến">',
        html,
    )


def test_an_unknown_sort_is_shown_as_the_default_not_as_an_error(client, demo_data):
    html = client.get("/sang-kien/?sap_xep=khong-co").content.decode()
    assert "is-invalid" not in html and 'aria-invalid="true"' not in html
    assertInHTML('<label class="form-label" for="sap_xep">Sắp xếp</label>', html)


# --- forms rendered by Django keep ids, labels and error messages -------------------------


def test_compare_errors_are_tied_to_their_fields(client, demo_data):
    html = client.get("/so-sanh/?index=papi&p=38-cu&start=2016&end=2011").content.decode()
    assertInHTML('<label class="form-label" for="id_index">Bộ chỉ số</label>', html)
    select = re.search(r'<select name="p"[^>]*>', html).group(0)
    assert 'class="form-select is-invalid"' in select and 'aria-invalid="true"' in select
    assert 'aria-describedby="id_p_helptext id_p_error"' in select
    assert 'id="id_p_error"' in html and 'id="id_p_helptext"' in html
    assert re.search(r'<div class="invalid-feedback" id="id_end_error">[^<]+</div>', html)


def test_ranking_checkbox_keeps_its_id_and_label(client, demo_data):
    html = client.get("/chi-so/pci/2016/?cols=components").content.decode()
    assertInHTML(
        '<input type="checkbox" name="cols" value="components" class="form-check-input"'
        ' id="cols" checked>',
        html,
    )
    assert re.search(
        r'<label class="form-check-label" for="cols">Hiện \d+ thành phần</label>', html
    )


# --- status labels from the choices -------------------------------------------------------


@pytest.fixture
def reviewer_with_queue(client, places, personas):
    for n in range(2):
        item = Initiative.objects.create(
            title=f"Hồ sơ chờ {n}",
            summary="Tóm tắt.",
            implementing_unit="UBND xã",
            level=Initiative.Level.COMMUNE,
            locality=places["a"],
            author=personas["official_a"],
        )
        item.transition("submit", personas["official_a"])
    client.force_login(personas["reviewer"])
    return places["a"]


def test_review_queue_filters_and_statuses_use_the_labels(client, reviewer_with_queue):
    commune = reviewer_with_queue
    html = client.get(f"/tham-dinh/?trang_thai=submitted&xa={commune.pk}").content.decode()
    assertInHTML(
        '<select name="trang_thai" class="form-select" id="trang_thai">'
        '<option value="">Tất cả</option>'
        '<option value="submitted" selected>Đã gửi</option>'
        '<option value="resubmitted">Đã gửi lại</option></select>',
        html,
    )
    assertInHTML(f'<option value="{commune.pk}" selected>{commune.name} (2)</option>', html)
    assertInHTML('<label class="form-label" for="xa">Xã, phường</label>', html)
    assert "<td>Đã gửi</td>" in html and "submitted</td>" not in html
    english = client.get("/en/tham-dinh/").content.decode()
    assert "<td>Submitted</td>" in english
    assertInHTML('<option value="submitted">Submitted</option>', english)


# --- one score cell ----------------------------------------------------------------------


def render(source: str, **context) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


def test_score_cell_value_status_label_missing_and_rank():
    published = Score(value=Decimal("81.98"), rank=22, rank_of=63)
    hidden = Score(status=Score.Status.NOT_PUBLISHED, rank=4)
    with translation.override("vi"):
        assert render("{% score_cell s %}", s=published) == "81,98"
        assert render("{% score_cell s %}", s=hidden) == "Không công bố"
        assert render("{% score_cell s %}", s=None) == "—"
        assert render("{% score_cell s rank=True %}", s=published) == (
            '81,98 <span class="text-body-secondary">· hạng 22/63</span>'
        )
        assert render("{% score_cell s rank=True %}", s=hidden) == "Không công bố · hạng 4"
    with translation.override("en"):
        assert render("{% score_cell s %}", s=hidden) == "Not published"
        assert render("{% score_cell s %}", s=published) == "81.98"


@override_settings(USE_THOUSAND_SEPARATOR=False)
def test_query_builds_a_fresh_encoded_query_string():
    assert render("{% query tinh='38-cu' %}") == "?tinh=38-cu"
    assert render("{% query q=q nam=2020 %}", q="một & hai") == (
        "?q=m%E1%BB%99t+%26+hai&amp;nam=2020"
    )
    assert render("{% query %}") == ""


def test_the_record_links_to_the_public_page_once_published(client, reviewer_with_queue, personas):
    item = Initiative.objects.filter(title="Hồ sơ chờ 0").get()
    record = f"/sang-kien/ho-so/{item.pk}/"
    assert "Xem trang công khai" not in client.get(record).text
    assert not item.is_published
    item.transition("approve", personas["reviewer"])
    assert item.is_published
    assertInHTML(
        f'<p><a href="{item.get_absolute_url()}">Xem trang công khai</a></p>',
        client.get(record).text,
    )
