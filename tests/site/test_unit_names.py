"""Names on pages and in imports: today's name and the history on the profile, the name of the
edition's year in rankings, both names of a unit that changed in a 2026 file."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import Edition, Index, Score
from initiatives.models import Initiative
from localities.changes import apply_unit_changes
from localities.models import AdministrativeUnit
from tests.indicators.test_indicator_pages import html_table
from tests.spreadsheets.test_admin_import import INITIATIVE_URL, confirm, count, upload, xlsx

pytestmark = pytest.mark.django_db


def heading(html: str) -> str:
    return re.sub(r"<[^>]+>|\s+", " ", re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)).strip()


def names_line(html: str) -> str:
    found = re.search(r'<p class="text-body-secondary" id="unit-names">(.*?)</p>', html, re.S)
    return re.sub(r"\s+", " ", found.group(1)).strip() if found else ""


@pytest.fixture(autouse=True)
def names_in_force_in_december_2026():
    """The pages as an officer sees them in December 2026, whatever the machine's date."""
    apply_unit_changes(today=datetime.date(2026, 12, 6))


@pytest.fixture
def december_2026(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 12, 6))


def test_quang_ninh_profile_says_city_and_its_former_name(client, december_2026):
    html = client.get("/tinh/22/").content.decode()
    assert heading(html) == "Thành phố Quảng Ninh"
    assert names_line(html) == "Tỉnh Quảng Ninh đến 31/08/2026 (Nghị quyết 202/2025/QH15)"
    assert "<title>Thành phố Quảng Ninh" in html


def test_dong_nai_profile_says_city(client, december_2026):
    html = client.get("/tinh/75/").content.decode()
    assert heading(html) == "Thành phố Đồng Nai"
    assert "Tỉnh Đồng Nai đến 29/04/2026" in names_line(html)


def test_before_its_day_the_profile_shows_the_coming_change(client, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 6, 1))
    apply_unit_changes(today=datetime.date(2026, 6, 1))
    html = client.get("/tinh/22/").content.decode()
    assert heading(html) == "Tỉnh Quảng Ninh"
    assert names_line(html) == "Từ 01/09/2026: Thành phố Quảng Ninh (Nghị quyết 36/2026/QH16)"


def test_the_former_hue_profile_names_thua_thien_hue(client, december_2026):
    html = client.get("/tinh-cu/46/").content.decode()
    assert "Tỉnh Thừa Thiên Huế đến 31/12/2024" in names_line(html)


def test_the_history_line_in_english(client, december_2026):
    html = client.get("/en/tinh/22/").content.decode()
    assert "Tỉnh Quảng Ninh until 31 August 2026" in names_line(html)


def test_a_province_without_changes_has_no_history_line(client):
    assert names_line(client.get("/tinh/38/").content.decode()) == ""


def test_pci_2016_ranking_names_thua_thien_hue(client, demo_data):
    html = client.get("/chi-so/pci/2016/").content.decode()
    names = [row[1] for row in html_table(html, "ranking-table")[1:]]
    assert "Thừa Thiên Huế" in names
    assert "Huế" not in names
    csv_text = client.get("/chi-so/pci/2016/", {"format": "csv"}).content.decode("utf-8-sig")
    assert "Thừa Thiên Huế" in csv_text


def test_ranking_names_come_with_a_constant_number_of_queries(
    client, demo_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert client.get("/chi-so/pci/2016/").status_code == 200


# --- a 2026 import names Bắc Ninh both ways --------------------------------------------------


@pytest.fixture
def admin_client(client, admin_user, demo_data):
    client.force_login(admin_user)
    return client


def test_a_2026_initiative_file_names_bac_ninh_both_ways(admin_client):
    header = [
        "Tên sáng kiến, mô hình",
        "Tóm tắt",
        "Đơn vị thực hiện",
        "Tỉnh/Thành phố",
        "Xã/Phường",
        "Cấp",
        "Năm bắt đầu",
    ]
    rows = [
        header,
        ["Sáng kiến tỉnh A", "Tóm tắt", "Sở Nội vụ", "Tỉnh Bắc Ninh", "", "Cấp tỉnh", 2026],
        ["Sáng kiến tỉnh B", "Tóm tắt", "Sở Nội vụ", "TP Bắc Ninh", "", "Cấp tỉnh", 2026],
        ["Sáng kiến xã C", "Tóm tắt", "UBND xã", "Tỉnh Bắc Ninh", "Xã Bố Hạ", "Cấp xã", 2026],
        ["Sáng kiến xã D", "Tóm tắt", "UBND phường", "TP Bắc Ninh", "Phường Bố Hạ", "Cấp xã", 2026],
    ]
    html = upload(admin_client, INITIATIVE_URL, xlsx(rows))
    assert count(html, "errors") == 0, html[html.find("import-errors") :][:2000]
    confirm(admin_client, INITIATIVE_URL, html)
    province = AdministrativeUnit.objects.get(level=1, code="24", valid_to__isnull=True)
    a, b, c, d = (
        Initiative.objects.get(title=title).locality
        for title in ("Sáng kiến tỉnh A", "Sáng kiến tỉnh B", "Sáng kiến xã C", "Sáng kiến xã D")
    )
    assert a.pk == b.pk == province.pk
    assert c.pk == d.pk and c.code == "07294" and c.parent_id == province.pk


def test_par_index_2021_ranking_names_thua_thien_hue(client, demo_data):
    edition, _created = Edition.objects.get_or_create(
        index=Index.objects.get(code="par-index"), year=2021
    )
    hue = AdministrativeUnit.objects.get(level=1, code="46", valid_to__isnull=False)
    Score.objects.update_or_create(
        edition=edition,
        component=None,
        province=hue,
        defaults={"value": Decimal("88.5"), "rank": 5, "rank_of": 63},
    )
    html = client.get("/chi-so/par-index/2021/").content.decode()
    names = [row[1] for row in html_table(html, "ranking-table")[1:]]
    assert "Thừa Thiên Huế" in names and "Huế" not in names
