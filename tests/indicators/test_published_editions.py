"""The editions 2017–2024 as publicly known: sources per score, conflicts, not-published,
coverage of partial editions, tiers, method breaks on charts, download provenance."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest

from indicators import queries
from indicators.models import Edition, Score
from indicators.published import load_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(demo_data):
    summary = load_published()
    assert not summary.errors, summary.errors
    return summary


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_pci_2020_ranks_all_63_quang_ninh_first(client, published):
    html = client.get("/chi-so/pci/2020/").content.decode()
    rows = re.findall(
        r"<tr>\s*<td class=\"num\">(\d+)</td>\s*<th scope=\"row\"><a[^>]*>([^<]+)", html
    )
    assert len(rows) == 63 and rows[0] == ("1", "Quảng Ninh")
    assert "75,09" in html and "coverage-note" not in html
    edition = Edition.objects.get(index__code="pci", year=2020)
    assert not queries.coverage([edition])[edition.pk].partial


def test_par_index_2023_coverage_and_conflict_with_both_sources(client, published):
    score = Score.objects.get(
        edition__index__code="par-index",
        edition__year=2023,
        province__short_name="Hải Phòng",
        component__isnull=True,
    )
    assert score.status == Score.Status.CONFLICT and score.rank is None
    assert (score.value, score.alt_value) == (Decimal("91.87"), Decimal("91.81"))
    html = client.get("/chi-so/par-index/2023/").content.decode()
    assert "6 của 63 tỉnh có số liệu công khai" in text(html)
    at = html.find('<th scope="row"><a href="/tinh-cu/31/">Hải Phòng')
    row = html[html.rfind("<tr", 0, at) : html.find("</tr>", at)]  # Hải Phòng's whole row
    assert '<td class="num">—</td>' in row  # no rank from either source
    assert "91,87" in row and "91,81" in row
    assert "https://nhadautu.vn/" in row and "https://en.doanhnghiephoinhap.vn/" in row
    assert html.count(">Hải Phòng<") == 1


def test_papi_2021_not_published_is_a_state_not_a_zero(client, published):
    score = Score.objects.get(
        edition__index__code="papi",
        edition__year=2021,
        province__short_name="Quảng Ninh",
        component__isnull=True,
    )
    assert score.status == Score.Status.NOT_PUBLISHED and score.value is None
    assert score.rank is None and score.source_url.startswith("https://susta.vn/")
    html = client.get("/chi-so/papi/2021/").content.decode()
    row = html[html.find(">Quảng Ninh</a>") :][:300]
    assert "Không công bố" in row and "0,00" not in row


def test_no_leader_from_a_partial_edition(client, published):
    overview = {item["index"].code: item for item in queries.index_overview()}
    pci = overview["pci"]
    assert pci["edition"].year == 2024 and pci["coverage"].partial
    assert pci["leaders"] == [] and pci["laggards"] == []
    assert pci["coverage"].text == "13 của 63 tỉnh có số liệu công khai"
    home = text(client.get("/").content.decode())
    assert "13 của 63 tỉnh có số liệu công khai" in home
    assert "dẫn đầu: Hải Phòng" not in home
    index_page = text(client.get("/chi-so/").content.decode())
    assert "không nêu tỉnh dẫn đầu hay cuối bảng" in index_page


def test_papi_chart_of_quang_ninh_has_a_gap_at_the_2018_break(client, published):
    html = client.get("/tinh-cu/22/").content.decode()
    data = json.loads(re.search(r'id="data-papi"[^>]*>(.*?)</script>', html, re.S).group(1))
    years = data["years"]
    assert data["breaks"] and data["breaks"][0]["after"] == 2017
    cut = data["breaks"][0]["index"]
    assert years[cut - 1] == 2017 and years[cut] > 2017
    for series in data["series"]:
        before = [v for v in series["values"][:cut] if v is not None]
        after = [v for v in series["values"][cut:] if v is not None]
        assert not (before and after), series  # no dataset joins 2017 to 2020
    values = {
        y: v
        for s in data["series"]
        for y, v in zip(years, s["values"], strict=True)
        if v is not None
    }
    assert values[2017] == 36.72 and values[2020] == 48.811 and values[2022] == 47.8763
    # The table marks the break; 2021 says "not published"; 2023 is missing, with a reason.
    assert 'class="method-break"' in html
    table = html[html.find('id="table-papi"') :]
    assert "Không công bố" in table and "Chưa có trong dữ liệu của cổng" in table


def test_tiers_as_printed_and_none_invented(client, published):
    html = client.get("/chi-so/pci/2021/").content.decode()
    assert "Xếp loại" in html and "Rất tốt" in html
    assert "Xếp loại" not in client.get("/chi-so/pci/2020/").content.decode()
    assert not Score.objects.filter(edition__year=2020, edition__index__code="pci").exclude(tier="")


def test_missing_value_reasons_are_three_different_texts(published):
    edition = Edition.objects.get(index__code="pci", year=2024)
    cov = queries.coverage([edition])[edition.pk]
    not_in_data = queries.missing(cov)
    assert not_in_data.kind == queries.Missing.NOT_IN_DATA and "30" in not_in_data.reason
    edition.published_top = cov.ranked  # the portal holds the whole published top
    outside = queries.missing(queries.coverage([edition])[edition.pk])
    assert outside.kind == queries.Missing.OUTSIDE_TOP and outside.text != not_in_data.text
    assert Score.Status.NOT_PUBLISHED.label not in (outside.text, not_in_data.text)


def test_reload_is_idempotent_and_keeps_an_admin_edit(published):
    score = Score.objects.get(
        edition__index__code="pci",
        edition__year=2020,
        province__short_name="Quảng Ninh",
        component__isnull=True,
    )
    score.value, score.edited_by_admin = Decimal("75.10"), True
    score.save()
    count = Score.objects.count()
    again = load_published()
    assert not again.errors and again.created == 0 and again.kept == 1
    assert Score.objects.count() == count
    score.refresh_from_db()
    assert score.value == Decimal("75.10")


def test_papi_editions_from_2018_are_on_8_to_80(published):
    scales = dict(Edition.objects.filter(index__code="papi").values_list("year", "scale_max"))
    assert scales[2017] == 60 and all(scales[y] == 80 for y in scales if y >= 2018)


def test_downloads_carry_source_and_licence(client, published):
    rows = list(
        csv.reader(io.StringIO(client.get("/chi-so/pci/2020/?format=csv").content.decode()))
    )
    assert rows[-2][0].startswith("Nguồn:") and "pcivietnam.vn" in rows[-2][0]
    assert rows[-1][0].startswith("Giấy phép:")


def test_a_score_saved_in_the_admin_survives_a_reload(published, admin_client):
    score = Score.objects.get(
        edition__index__code="pci",
        edition__year=2020,
        province__short_name="Quảng Ninh",
        component__isnull=True,
    )
    url = f"/admin/indicators/score/{score.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(value="75.10", edition=score.edition_id, province=score.province_id)
    data = {k: v for k, v in data.items() if k in form.fields}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    score.refresh_from_db()
    assert score.edited_by_admin and score.value == Decimal("75.10")
    assert load_published().kept >= 1
    score.refresh_from_db()
    assert score.value == Decimal("75.10")
