"""The Indicators issue's "done when": published values, import, ranking and compare pages,
constant queries."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
import tablib
from openpyxl import load_workbook

from indicators.importing import import_scores, load_dataset
from indicators.models import Edition, Score
from localities.models import AdministrativeUnit
from tests.html import table_rows

pytestmark = pytest.mark.django_db


def total(index: str, year: int, name: str) -> Score:
    return Score.objects.get(
        edition__index__code=index,
        edition__year=year,
        component__isnull=True,
        province__short_name=name,
        province__valid_to__isnull=False,
    )


def html_table(html: str, table_id: str) -> list[list[str]]:
    """Cell texts of the table, without the ▲▼ of the sortable headers."""
    return [
        [cell.replace("▲", "").replace("▼", "").strip() for cell in row]
        for row in table_rows(html, table_id)
    ]


def test_published_values(demo_data):
    assert total("pci", 2016, "Đà Nẵng").value == Decimal("70.00")
    assert total("pci", 2016, "Đà Nẵng").rank == 1
    assert (total("pci", 2009, "Đà Nẵng").value, total("pci", 2009, "Đà Nẵng").rank) == (
        Decimal("75.96"),
        1,
    )
    assert (total("pci", 2009, "Bình Dương").value, total("pci", 2009, "Bình Dương").rank) == (
        Decimal("74.01"),
        2,
    )
    assert not Score.objects.filter(
        edition__index__code="pci", edition__year=2008, rank__isnull=False
    ).exists()
    hung_yen = total("par-index", 2019, "Hưng Yên")
    assert (hung_yen.value, hung_yen.rank, hung_yen.rank_of) == (Decimal("81.98"), 22, 63)
    sipas = total("sipas", 2019, "Hưng Yên")
    assert sipas.status == Score.Status.NOT_PUBLISHED and sipas.value is None and sipas.rank == 4
    ha_tay = AdministrativeUnit.objects.get(level=1, code="28")
    assert set(
        Score.objects.filter(province=ha_tay, component__isnull=True).values_list(
            "edition__year", flat=True
        )
    ) == {2005, 2006, 2007, 2008}
    lao_cai_2016 = total("pci", 2016, "Lào Cai").province
    assert (lao_cai_2016.code, lao_cai_2016.valid_to.year) == ("10", 2025)


def test_one_score_per_key_and_reimport_changes_nothing(demo_data):
    for name in ("pci_2005_2016.csv.gz", "papi_2011_2016.csv.gz"):
        dataset = load_dataset(__import__("pathlib").Path("fixtures/indicators") / name)
        if name.startswith("papi"):
            from indicators.management.commands.load_indicator_demo import apply_errata

            apply_errata(name, dataset)
        del dataset["source_url"]  # as load_indicator_demo does: the mirror is not the source
        summary = import_scores(dataset, dry_run=True)
        assert summary.ok, summary.errors[:3]
        assert (summary.new, summary.changed, summary.unchanged) == (0, 0, len(dataset))
    assert Score.objects.filter(edition__index__code="pci").count() == 8015
    assert Score.objects.filter(edition__index__code="papi").count() == 10906


@pytest.mark.parametrize(
    ("row", "column", "value"),
    [
        (["Atlantis", "PCI", "2016", "", "60,5", "3"], "Tỉnh/Thành phố", "Atlantis"),
        (["Hà Nội", "XYZ", "2016", "", "60,5", "3"], "Chỉ số", "XYZ"),
        (["Hà Nội", "PCI", "2016", "Không có", "6", ""], "Thành phần", "Không có"),
        (["Hà Nội", "PCI", "2016", "", "abc", ""], "Điểm", "abc"),
        (["Hà Nội", "PCI", "2016", "", "120", ""], "Điểm", "120"),
        (["Hà Nội", "PCI", "2016", "", "60", "70/63"], "Xếp hạng", "70/63"),
    ],
)
def test_a_bad_row_names_row_column_value_and_writes_nothing(demo_data, row, column, value):
    before = Score.objects.count()
    dataset = tablib.Dataset(
        headers=["Tỉnh/Thành phố", "Chỉ số", "Năm", "Thành phần", "Điểm", "Xếp hạng"]
    )
    dataset.append(["Hà Nam", "Chỉ số CCHC", "2030", "", "81,98%", "22/63"])  # valid, new edition
    dataset.append(row)
    summary = import_scores(dataset)
    assert not summary.ok
    assert any(f"Dòng 3, cột “{column}”: giá trị “{value}”" in e for e in summary.errors), (
        summary.errors
    )
    assert Score.objects.count() == before
    assert not Edition.objects.filter(year=2030).exists()


def test_values_and_headers_as_people_write_them(demo_data):
    dataset = tablib.Dataset(headers=["province", "INDEX", "year", "component", "score", "rank"])
    for i, (name, index) in enumerate(
        [("TP.HCM", "PAR INDEX"), ("Thanh Hoá", "par-index"), ("Hung Yen", "Chỉ số CCHC")]
    ):
        dataset.append([name, index, "2021", "", ["81,98", "81.98", "81,98 %"][i], f"{i + 1}/63"])
    summary = import_scores(dataset)
    assert summary.ok and summary.new == 3, summary.errors
    values = set(
        Score.objects.filter(edition__year=2021, edition__index__code="par-index").values_list(
            "value", "rank_of"
        )
    )
    assert values == {(Decimal("81.98"), 63)}
    assert import_scores(dataset).new == 0


def test_ranking_page_shows_values_deltas_and_downloads_match(client, demo_data):
    response = client.get("/chi-so/pci/2016/")
    html = response.content.decode()
    assert "70,00" in html and "Đà Nẵng" in html
    rows = html_table(html, "ranking-table")
    assert rows[0] == ["Hạng", "Tỉnh, thành phố", "Điểm", "Thay đổi hạng", "Thay đổi điểm"]
    assert rows[1][:3] == ["1", "Đà Nẵng", "70,00"]
    binh_duong = next(r for r in rows if r[1] == "Bình Dương")
    moved = total("pci", 2015, "Bình Dương").rank - total("pci", 2016, "Bình Dương").rank
    assert binh_duong[3] == f"↑ {moved} bậc"
    downloaded = list(
        csv.reader(
            io.StringIO(client.get("/chi-so/pci/2016/?format=csv").content.decode("utf-8-sig"))
        )
    )
    # The table, then a blank row, the source at the publisher and the licence.
    assert downloaded[-2][0].startswith("Nguồn: VCCI") and "pcivietnam.vn" in downloaded[-2][0]
    assert downloaded[-1][0].startswith("Giấy phép:")
    downloaded = downloaded[:-3]
    assert downloaded[0] == rows[0] and len(downloaded) == len(rows)
    assert [r[1] for r in downloaded[1:]] == [r[1] for r in rows[1:]]
    sheet = load_workbook(io.BytesIO(client.get("/chi-so/pci/2016/?format=xlsx").content)).active
    assert [c.value for c in sheet[1]] == rows[0] and sheet.max_row == len(rows) + 3


def test_components_sorting_no_ranks_and_english(client, demo_data):
    html = client.get("/chi-so/pci/2016/?cols=components&sort=score&dir=desc").content.decode()
    header = html_table(html, "ranking-table")[0]
    assert "Gia nhập thị trường" in header and "Thiết chế pháp lý" in header and len(header) == 15
    html_2008 = client.get("/chi-so/pci/2008/").content.decode()
    assert "không có thứ hạng" in html_2008
    assert all(r[0] == "—" for r in html_table(html_2008, "ranking-table")[1:])
    assert "70.00" in client.get("/en/chi-so/pci/2016/").content.decode()


def test_compare_table_and_csv(client, demo_data):
    url = "/so-sanh/?index=papi&p=38-cu&p=40-cu&p=42-cu&start=2011&end=2016"
    rows = html_table(client.get(url).content.decode(), "compare-table")
    assert len(rows) == 7 and len(rows[0]) == 4
    thanh_hoa_2011 = total("papi", 2011, "Thanh Hóa").value
    assert rows[1][1] == f"{thanh_hoa_2011:.2f}".replace(".", ",")
    downloaded = list(
        csv.reader(io.StringIO(client.get(url + "&format=csv").content.decode("utf-8-sig")))
    )
    assert downloaded[-1][0].startswith("Giấy phép:") and "papi.org.vn" in downloaded[-2][0]
    table = downloaded[: downloaded.index([])]  # then one source line per edition, licence
    assert len(table) == 7 and downloaded[0] == rows[0]
    error = client.get("/so-sanh/?index=papi&p=38-cu").content.decode()
    assert "Chọn từ 2 đến 6 tỉnh" in error


@pytest.mark.parametrize(
    ("small", "large"),
    [
        ("/chi-so/pci/2005/", "/chi-so/pci/2016/"),
        ("/chi-so/pci/2005/?cols=components", "/chi-so/pci/2016/?cols=components"),
        (
            "/so-sanh/?index=papi&p=38-cu&p=40-cu&start=2015&end=2016",
            "/so-sanh/?index=papi&p=38-cu&p=40-cu&p=42-cu&p=44-cu&p=45-cu&p=46-cu&start=2011&end=2016",
        ),
    ],
)
def test_constant_queries(client, demo_data, django_assert_num_queries, small, large):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(small).status_code == 200
    with django_assert_num_queries(len(few)):
        assert client.get(large).status_code == 200
    assert len(few) <= 8
