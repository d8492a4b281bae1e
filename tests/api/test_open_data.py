"""/du-lieu/: every dataset with CSV, XLSX and JSON that work, its field dictionary, licence
and source; linked from the footer."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from django.test.html import parse_html
from django.urls import reverse
from openpyxl import load_workbook

from api.datasets import DATASETS
from tests.html import attribute, elements

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def page_html(django_db_blocker, demo_data):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/du-lieu/")
    assert response.status_code == 200
    return response.content.decode()


def sheet_row_count(xlsx: bytes) -> int:
    """The rows of the first sheet, counted in its XML: openpyxl would take 2 s to read the
    19,000 rows of the scores only to count them."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return len(re.findall(rb"<row[ />]", archive.read("xl/worksheets/sheet1.xml")))


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def test_the_page_lists_every_dataset_with_three_downloads(page_html):
    links = {attribute(a, "href") for a in elements(parse_html(page_html), "a")}
    for dataset in DATASETS:
        assert str(dataset.title) in page_html
        assert f"/du-lieu/{dataset.key}.csv" in links
        assert f"/du-lieu/{dataset.key}.xlsx" in links
        # the field dictionary: every column, with its meaning
        for field in dataset.fields:
            assert f"<code>{field.name}</code>" in page_html
        assert str(dataset.licence) in page_html
    for api in ("editions", "scores", "initiatives", "provinces"):
        assert f"/api/v1/{api}/" in links
    assert "?format=csv" in page_html


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.key)
def test_csv_xlsx_and_json_agree(client, demo_data, dataset):
    count = client.get(reverse(dataset.api_url_name)).json()["count"]
    rows = read_csv(client.get(f"/du-lieu/{dataset.key}.csv"))
    assert rows[0] == dataset.headers()
    blank = rows.index([])
    assert blank - 1 == count > 0
    tail = [r[0] for r in rows[blank + 1 :]]
    assert any(line.startswith("Nguồn: ") for line in tail)
    assert tail[-1].startswith("Giấy phép: ")

    response = client.get(f"/du-lieu/{dataset.key}.xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="{dataset.key}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    assert list(next(sheet.iter_rows(max_row=1, values_only=True))) == dataset.headers()
    assert sheet_row_count(response.content) == len(rows)


def test_scores_download_holds_the_published_figure(client, demo_data):
    rows = read_csv(client.get("/du-lieu/diem-so.csv"))
    header = rows[0]
    found = [
        dict(zip(header, r, strict=False))
        for r in rows[1:]
        if r[:3] == ["pci", "2016", "38-cu"] and r[header.index("component")] == ""
    ]
    assert len(found) == 1
    assert found[0]["value"] == "58.54" and found[0]["rank"] == "31"
    assert found[0]["province_name"] == "Thanh Hóa"


def test_unknown_dataset_or_format(client, demo_data):
    assert client.get("/du-lieu/khong-co.csv").status_code == 404
    assert client.get("/du-lieu/diem-so.pdf").status_code == 404


def test_footer_links_the_open_data_page(client, demo_data):
    html = client.get("/").content.decode()
    assert "/du-lieu/" in {attribute(a, "href") for a in elements(parse_html(html), "a")}


def test_the_page_in_english(client, demo_data):
    html = client.get("/en/du-lieu/").content.decode()
    assert "Open data" in html
    assert "Field dictionary" in html
    assert "Dữ liệu mở" not in html.split("<main", 1)[-1]


@pytest.mark.parametrize("dataset", [d for d in DATASETS if d.fast_rows], ids=lambda d: d.key)
def test_fast_rows_are_the_serialized_rows(demo_data, dataset):
    """A download read without the serializer has exactly the API's values, row by row."""
    assert dataset.rows() == dataset.serialized_rows()
