"""Bulk import in the admin: templates, preview, all-or-nothing, idempotence, hostile files.

Each test goes through the admin's own pages (upload → preview → confirm), as an administrator
would, and checks what the database holds afterwards, table by table.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core import mail
from django.test import override_settings
from openpyxl import Workbook, load_workbook
from openpyxl.xml.constants import SHEET_MAIN_NS

from indicators.models import Score
from initiatives.models import Initiative, StatusChange
from localities.models import AdministrativeUnit, UnitAlias
from spreadsheets.models import ImportRecord

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"

SCORE_URL = "/admin/indicators/score/"
INITIATIVE_URL = "/admin/initiatives/initiative/"
ALIAS_URL = "/admin/localities/unitalias/"


def xlsx(rows, name="tep.xlsx") -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def upload(client, url: str, data: bytes | io.BytesIO, name: str = "tep.xlsx") -> str:
    if isinstance(data, bytes):
        data = io.BytesIO(data)
    data.name = name
    response = client.post(url + "import/", {"import_file": data, "format": "0", "resource": "0"})
    assert response.status_code == 200
    return response.content.decode()


def confirm(client, url: str, html: str):
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    assert "import_file_name" in hidden, "no confirm form on the preview"
    return client.post(url + "process_import/", hidden)


def count(html: str, name: str) -> int:
    return int(re.search(rf'data-count="{name}">(\d+)<', html).group(1))


def table_counts() -> dict[str, int]:
    """Rows of every table of the portal's own apps."""
    return {
        model._meta.label: model.objects.count()
        for app in ("localities", "indicators", "initiatives")
        for model in apps.get_app_config(app).get_models()
    }


@pytest.fixture
def admin_client(client, admin_user, demo_data):
    client.force_login(admin_user)
    return client


# --- templates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "sheets", "outcome"),
    [
        # The examples are real rows of the demo data: unchanged when imported over it.
        (SCORE_URL, ["Điểm chỉ số", "Danh mục", "Tỉnh, thành phố"], "unchanged"),
        (
            INITIATIVE_URL,
            ["Sáng kiến", "Danh mục", "Tỉnh, thành phố", "Đơn vị hành chính"],
            "unchanged",
        ),
        (ALIAS_URL, ["Tên gọi khác", "Danh mục", "Tỉnh, thành phố", "Đơn vị hành chính"], "new"),
    ],
)
def test_each_template_downloads_with_lists_and_names_and_its_example_imports(
    admin_client, url, sheets, outcome
):
    page = admin_client.get(url + "import/").content.decode()
    assert 'href="' + url + 'mau-nhap/"' in page
    response = admin_client.get(url + "mau-nhap/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    # Read-only: the 14,000-row unit sheet is not parsed (that took a second a template).
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == sheets
    assert list_validations(response.content), "drop-down lists"
    example = next(workbook.worksheets[0].iter_rows(min_row=2, max_row=2, values_only=True))
    assert example[0], "one filled example row"
    provinces = [
        row[1] for row in workbook["Tỉnh, thành phố"].iter_rows(min_row=2, values_only=True)
    ]
    assert "Tỉnh Thanh Hóa" in provinces and "Tỉnh Hà Tây" in provinces and len(provinces) == 98
    # The example row, as downloaded, passes the import's own checks.
    html = upload(admin_client, url, response.content, "mau.xlsx")
    assert count(html, "errors") == 0, html[html.find("import-errors") :][:2000]
    assert count(html, "rows") == count(html, outcome) == 1


def list_validations(content: bytes) -> list[ET.Element]:
    """The drop-down lists of a workbook's first sheet, from its XML (openpyxl's read-only
    mode does not read data validations)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = ET.fromstring(archive.read("xl/worksheets/sheet1.xml"))  # noqa: S314 (ours)
    found = sheet.findall(f"{{{SHEET_MAIN_NS}}}dataValidations/{{{SHEET_MAIN_NS}}}dataValidation")
    return [validation for validation in found if validation.get("type") == "list"]


def test_a_template_is_for_administrators_only(client, django_user_model, demo_data):
    user = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(SCORE_URL + "mau-nhap/").status_code == 403


# --- scores: the journey of issue 6 ------------------------------------------------------------

HEADER = ["Chỉ số", "Năm", "Tỉnh/Thành phố", "Thành phần", "Điểm", "Xếp hạng"]


def pci_rows(bad_row: int | None = None):
    """Test rows: PCI 2016's published top six, filed under a year the demo data does not
    hold (2017), so that they are new. (Not demo data: nothing here is shown to users.)"""
    rows = [
        ["PCI", 2017, "Đà Nẵng", "", "70,00", "1/63"],
        ["PCI", 2017, "Quảng Ninh", "", "65,60", "2/63"],
        ["PCI", 2017, "Đồng Tháp", "", "64,96", "3/63"],
        ["PCI", 2017, "Bến Tre", "", "64,09", "4/63"],
        ["PCI", 2017, "Vĩnh Long", "", "63,91", "5/63"],
        ["PCI", 2017, "Long An", "", "63,70", "6/63"],
    ]
    if bad_row is not None:
        rows[bad_row - 2][4] = "6,39,1"
    return [HEADER, *rows]


def test_bad_score_on_row_7_then_fixed_then_confirmed_is_recorded_once(admin_client, admin_user):
    before = table_counts()
    html = upload(admin_client, SCORE_URL, xlsx(pci_rows(bad_row=7)), "pci2017.xlsx")
    assert "Dòng 7, cột “Điểm”: giá trị “6,39,1”" in html
    assert count(html, "errors") == 1 and "process_import" not in html
    assert table_counts() == before

    html = upload(admin_client, SCORE_URL, xlsx(pci_rows()), "pci2017.xlsx")
    assert (count(html, "rows"), count(html, "new"), count(html, "errors")) == (6, 6, 0)
    assert "Đà Nẵng" in html  # the sample of rows
    assert table_counts() == before, "the preview writes nothing, not even an edition"
    response = confirm(admin_client, SCORE_URL, html)
    assert response.status_code == 302
    assert Score.objects.filter(edition__year=2017, edition__index__code="pci").count() == 6
    record = ImportRecord.objects.get()
    assert (record.kind, record.file_name, record.user, record.new) == (
        "scores",
        "pci2017.xlsx",
        admin_user,
        6,
    )
    # The same file again: 0 new, 0 changed.
    html = upload(admin_client, SCORE_URL, xlsx(pci_rows()), "pci2017.xlsx")
    assert (count(html, "new"), count(html, "changed"), count(html, "unchanged")) == (0, 0, 6)


def test_a_large_file_shows_counts_and_a_sample_not_every_row(admin_client):
    provinces = list(
        AdministrativeUnit.objects.provinces()
        .filter(valid_to__year=2025)
        .values_list("short_name", flat=True)
    )
    components = [
        "Chi phí gia nhập thị trường",
        "Tính minh bạch",
        "Chi phí thời gian",
        "Chi phí không chính thức",
    ]
    rows = [HEADER]
    for year in range(2017, 2025):
        for province in provinces:
            for component in components:
                rows.append(["PCI", year, province, component, "5,5", ""])
    html = upload(admin_client, SCORE_URL, xlsx(rows))
    assert count(html, "rows") == len(rows) - 1 > 2000
    assert html.count('<tr class="new">') == 20


def test_many_errors_are_listed_first_and_the_rest_counted(admin_client):
    rows = [HEADER] + [["PCI", 2017, f"Tỉnh số {i}", "", "50", ""] for i in range(300)]
    html = upload(admin_client, SCORE_URL, xlsx(rows))
    assert count(html, "errors") == 300
    assert html.count("cột “Tỉnh/Thành phố”") == 200
    assert "… và 100 lỗi khác" in html
    main = html[html.find('id="content-main"') :]  # the header holds the logout form
    assert 0 <= main.find('class="import-errors"') < main.find("<form")


# --- hostile files ------------------------------------------------------------------------------


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024 * 1024))
    return buffer.getvalue()


def million_empty_rows() -> bytes:
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(["PCI", 2017, "Đà Nẵng", "", "70", ""])
    workbook.active.cell(row=1_048_576, column=1, value=" ")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("url", "content", "message"),
    [
        (SCORE_URL, b"MZ\x90\x00" + b"\x00" * 200, "không phải bảng tính"),
        (INITIATIVE_URL, b"%PDF-1.4 fake", "không phải bảng tính"),
        (ALIAS_URL, b"PK\x03\x04" + b"\x00" * 64, "bị hỏng"),
        (SCORE_URL, zip_bomb(), "bom nén"),
        (INITIATIVE_URL, b"T\xean;T\xecnh\nH\xe0 N\xf4i;x\n", "không phải CSV mã UTF-8"),
    ],
)
def test_hostile_files_are_refused_with_a_message_and_nothing_written(
    admin_client, url, content, message
):
    before = table_counts()
    html = upload(admin_client, url, content)
    assert message in html
    assert table_counts() == before


@override_settings(IMPORT_MAX_FILE_SIZE=10_000)
def test_a_file_over_the_size_limit_is_refused(admin_client):
    before = table_counts()
    html = upload(admin_client, SCORE_URL, b"a,b\n" + b"1,2\n" * 5000, "lon.csv")
    assert "vượt giới hạn" in html
    assert table_counts() == before


def test_a_million_empty_rows_read_as_one_row(admin_client):
    html = upload(admin_client, SCORE_URL, million_empty_rows())
    assert count(html, "rows") == 1


@pytest.mark.parametrize("value", ["1e308", "99999999999999", "-5", "NaN", "∞"])
def test_absurd_numbers_are_refused_on_their_row(admin_client, value):
    before = table_counts()
    rows = [HEADER, ["PCI", 2017, "Đà Nẵng", "", value, ""]]
    html = upload(admin_client, SCORE_URL, xlsx(rows))
    assert "Dòng 2, cột “Điểm”" in html and "process_import" not in html
    assert table_counts() == before


def test_absurd_years_and_ranks_are_refused(admin_client):
    rows = [HEADER, ["PCI", 99999, "Đà Nẵng", "", "70", ""], ["PCI", 2017, "Huế", "", "6", "9/3"]]
    html = upload(admin_client, SCORE_URL, xlsx(rows))
    assert "Dòng 2, cột “Năm”" in html and "Dòng 3, cột “Xếp hạng”" in html


# --- initiatives -------------------------------------------------------------------------------


def export(client, url: str, fmt: int, query: str = "") -> bytes:
    """Export every column, as the admin's export form does with its boxes left ticked."""
    from indicators.resources import ScoreResource
    from initiatives.importing import InitiativeResource

    resource = InitiativeResource if url == INITIATIVE_URL else ScoreResource
    ticked = {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
    response = client.post(url + "export/" + query, {"format": str(fmt), "resource": "0", **ticked})
    assert response.status_code == 200, response.content[:500]
    return response.content


def test_exported_initiatives_import_back_as_unchanged(admin_client):
    before = table_counts()
    exported = export(admin_client, INITIATIVE_URL, 0)  # XLSX
    workbook = load_workbook(io.BytesIO(exported))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == Initiative.objects.count() + 1
    html = upload(admin_client, INITIATIVE_URL, exported, "sang-kien.xlsx")
    assert count(html, "errors") == 0, html[html.find("import-errors") :][:3000]
    assert (count(html, "new"), count(html, "changed")) == (0, 0)
    assert count(html, "unchanged") == Initiative.objects.count()
    confirm(admin_client, INITIATIVE_URL, html)
    assert {k: v for k, v in table_counts().items() if k != "localities.ImportRecord"} == {
        k: v for k, v in before.items() if k != "localities.ImportRecord"
    }


INITIATIVE_HEADER = [
    "Tên sáng kiến, mô hình",
    "Tóm tắt",
    "Đơn vị thực hiện",
    "Tỉnh/Thành phố",
    "Quận/Huyện",
    "Xã/Phường",
    "Cấp",
    "Năm bắt đầu",
    "Lĩnh vực CCHC",
    "Chỉ số hướng tới",
    "Đường dẫn nguồn",
]


def test_new_initiatives_resolve_places_for_their_year_and_are_published(admin_client, admin_user):
    nfd = unicodedata.normalize("NFD", "Một cửa liên thông hiện đại")
    rows = [
        INITIATIVE_HEADER,
        [
            nfd,
            "Tiếp nhận hồ sơ tại một nơi.",
            "UBND xã Đông Tiến",
            "thanh hoa",
            "TP Thanh Hoá",
            "xa Dong Tien",
            "Cấp xã",
            2019,
            "Cải cách thủ tục hành chính",
            "SIPAS; PAPI: Thủ tục hành chính công",
            "https://baothanhhoa.vn/",
        ],
    ]
    html = upload(admin_client, INITIATIVE_URL, xlsx(rows))
    assert count(html, "errors") == 0, html[html.find("import-errors") :][:2000]
    assert not StatusChange.objects.filter(initiative__title__startswith="Một cửa").exists()
    assert not Initiative.objects.filter(title__startswith="Một cửa").exists()
    confirm(admin_client, INITIATIVE_URL, html)
    item = Initiative.objects.get(title="Một cửa liên thông hiện đại")  # stored as NFC
    assert (
        item.locality.name == "Xã Đông Tiến" and item.locality.parent.name == "Thành phố Thanh Hóa"
    )
    assert item.status == Initiative.Status.APPROVED
    assert sorted(str(t) for t in item.targets.all()) == ["PAPI: Thủ tục hành chính công", "SIPAS"]
    assert item.sources.get().url == "https://baothanhhoa.vn/"
    change = item.history.get()
    assert (change.actor, change.to_status) == (admin_user, "approved")
    assert mail.outbox == []


def test_initiative_rows_with_errors_name_row_column_and_value(admin_client):
    before = table_counts()
    good = ["Sáng kiến A", "Tóm tắt", "UBND", "Thanh Hóa", "", "", "Cấp tỉnh", "", "", "", ""]
    rows = [
        INITIATIVE_HEADER,
        good,
        ["Sáng kiến B", "Tóm tắt", "UBND", "Thanh Hóa", "", "", "Cấp bộ", "", "", "", ""],
        ["Sáng kiến C", "Tóm tắt", "UBND", "Atlantis", "", "", "Cấp tỉnh", "", "", "", ""],
        [
            "Sáng kiến D",
            "Tóm tắt",
            "UBND",
            "Thanh Hóa",
            "",
            "",
            "Cấp tỉnh",
            "",
            "",
            "PAPI: X",
            "",
        ],
        [
            "Sáng kiến E",
            "Tóm tắt",
            "UBND",
            "Thanh Hóa",
            "Thọ Xuân",
            "Xã Không",
            "Cấp xã",
            "",
            "",
            "",
            "",
        ],
        ["Sáng kiến F", "", "UBND", "Thanh Hóa", "", "", "Cấp tỉnh", "", "", "", ""],
        [
            "Sáng kiến G",
            "Tóm tắt",
            "UBND",
            "Thanh Hóa",
            "Thọ Xuân",
            "",
            "Cấp tỉnh",
            "",
            "",
            "",
            "ftp://x",
        ],
        good,
    ]
    html = upload(admin_client, INITIATIVE_URL, xlsx(rows))
    for expected in [
        "Dòng 3, cột “Cấp”: giá trị “Cấp bộ”",
        "Dòng 4, cột “Tỉnh/Thành phố”: giá trị “Atlantis”",
        "Dòng 5, cột “Chỉ số hướng tới”: giá trị “PAPI: X”",
        "Dòng 6, cột “Xã/Phường”: giá trị “Xã Không”",
        "Dòng 7, cột “Tóm tắt”: giá trị “”",
        "Dòng 8, cột “Đường dẫn nguồn”: giá trị “ftp://x”",
        "Dòng 9 trùng với dòng 2",
    ]:
        assert expected in html, expected
    assert "process_import" not in html
    assert table_counts() == before


def test_legacy_font_text_is_reported_on_its_row(admin_client):
    rows = [
        INITIATIVE_HEADER,
        ["Sáng kiến", "Tóm tắt", "UBND", "Hµ Néi", "", "", "Cấp tỉnh", "", "", "", ""],
    ]
    html = upload(admin_client, INITIATIVE_URL, xlsx(rows))
    assert "Dòng 2, cột “Tỉnh/Thành phố”: giá trị “Hµ Néi”" in html
    assert "TCVN3" in html and "Hà Nội" in html


def with_cached_values(raw: bytes, values: dict[str, str]) -> bytes:
    """The workbook as Excel saves it: each formula cell also holds its computed value."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for formula, value in values.items():
                    text = text.replace(f"<f>{formula}</f><v />", f"<f>{formula}</f><v>{value}</v>")
                data = text.encode()
            target.writestr(member, data)
    return out.getvalue()


def test_formula_cells_are_read_as_their_values(admin_client):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(["PCI", "=2016+1", "Đà Nẵng", "", "=60+10", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    html = upload(
        admin_client,
        SCORE_URL,
        with_cached_values(buffer.getvalue(), {"60+10": "70", "2016+1": "2017"}),
    )
    assert (count(html, "errors"), count(html, "new")) == (0, 1)
    confirm(admin_client, SCORE_URL, html)
    score = Score.objects.get(edition__year=2017, province__short_name="Đà Nẵng")
    assert score.value == 70


# --- aliases ------------------------------------------------------------------------------------


def test_an_alias_imported_in_the_admin_is_understood_by_later_imports(admin_client):
    rows = [
        ["Tên gọi khác", "Cấp", "Mã đơn vị", "Tên đơn vị", "Năm"],
        ["Xứ Thanh", "Cấp tỉnh", "38", "Tỉnh Thanh Hóa", 2024],
    ]
    html = upload(admin_client, ALIAS_URL, xlsx(rows))
    assert count(html, "new") == 1
    confirm(admin_client, ALIAS_URL, html)
    alias = UnitAlias.objects.get()
    assert alias.unit.valid_to is not None and alias.search_key == "xu thanh"
    html = upload(admin_client, ALIAS_URL, xlsx(rows))
    assert (count(html, "new"), count(html, "unchanged")) == (0, 1)
    rows = [HEADER, ["PCI", 2017, "Xứ Thanh", "", "60", ""]]
    html = upload(admin_client, SCORE_URL, xlsx(rows))
    assert count(html, "errors") == 0 and count(html, "new") == 1


def test_alias_rows_name_the_unit_by_code_and_period(admin_client):
    rows = [
        ["Tên gọi khác", "Cấp", "Mã đơn vị", "Tên đơn vị", "Năm"],
        ["Đồng Tiến cũ", "Cấp xã", "15724", "", ""],  # the code of two units: today's is meant
        ["X", "Cấp xã", "99999", "", ""],
        ["Y", "Cấp tỉnh", "38", "Tỉnh Nghệ An", ""],
    ]
    html = upload(admin_client, ALIAS_URL, xlsx(rows))
    assert "Dòng 3, cột “Mã đơn vị”: giá trị “99999”" in html
    assert "Dòng 4, cột “Tên đơn vị”: giá trị “Tỉnh Nghệ An”" in html
    assert count(html, "errors") == 2


# --- exports ------------------------------------------------------------------------------------


def test_export_follows_the_admin_filters_and_is_formula_safe(admin_client):
    papi = Score.objects.filter(edition__index__code="papi").count()
    exported = export(
        admin_client,
        SCORE_URL,
        1,
        "?edition__index__id__exact="
        + str(
            Score.objects.filter(edition__index__code="papi").values_list(
                "edition__index", flat=True
            )[0]
        ),
    )
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert len(rows) == papi + 1 and {r[2] for r in rows[1:]} == {"PAPI"}

    item = Initiative.objects.first()
    item.title = '=HYPERLINK("http://evil.example","Bấm")'
    item.save()
    workbook = load_workbook(io.BytesIO(export(admin_client, INITIATIVE_URL, 0)))
    cells = [c for row in workbook.active.iter_rows() for c in row if c.value == item.title]
    assert cells and all(c.data_type == "s" for c in cells)
    text = export(admin_client, INITIATIVE_URL, 1).decode("utf-8-sig")
    assert "'=HYPERLINK(" in text and "\n=HYPERLINK" not in text


def test_a_dry_run_without_transactions_writes_nothing_either(admin_user):
    import tablib

    from initiatives.importing import InitiativeResource

    before = table_counts()
    dataset = tablib.Dataset(
        ["Sáng kiến thử", "Tóm tắt", "UBND", "Thanh Hóa", "", "", "Cấp tỉnh", "", "", "SIPAS", ""],
        headers=INITIATIVE_HEADER,
    )
    result = InitiativeResource().import_data(
        dataset, dry_run=True, use_transactions=False, user=admin_user
    )
    assert not result.has_validation_errors() and result.totals["new"] == 1
    assert table_counts() == before and mail.outbox == []


PCI_2016_CSV = (
    "Chỉ số;Năm;Tỉnh/Thành phố;Điểm;Xếp hạng\n"
    "PCI;2016;Đà Nẵng;70,00;1/63\nPCI;2016;TP. Đà Nẵng;70,00;1/63\n"
)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # Written with xlwt 1.3.0 (Excel 97–2003), the format many offices still send.
        ("pci_2016_top6.xls", (DATA / "pci_2016_top6.xls").read_bytes()),
        ("bom.csv", PCI_2016_CSV.encode("utf-8-sig")),
        ("utf16.csv", PCI_2016_CSV.encode("utf-16")),
        ("plain.csv", PCI_2016_CSV.encode("utf-8")),
    ],
)
def test_old_excel_and_csv_encodings_are_read(admin_client, name, content):
    html = upload(admin_client, SCORE_URL, content, name)
    if name.endswith(".xls"):
        assert (count(html, "rows"), count(html, "errors")) == (6, 0)
    else:  # the same province twice: the second row is reported, nothing is written
        assert "Dòng 3 trùng với dòng 2" in html


def test_a_score_preview_reads_the_same_for_6_rows_and_378_and_writes_in_batches(admin_client):
    """Everything a row needs is loaded once and writes are batched: the preview of a file of
    the same editions makes the same reads whatever its length, and a handful of inserts (the
    database driver splits a batch by its parameter limit: about 100 rows a statement on
    SQLite, one statement on PostgreSQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    provinces = list(
        AdministrativeUnit.objects.provinces()
        .filter(valid_to__year=2025)
        .values_list("short_name", flat=True)
    )
    components = ["", "Tính minh bạch", "Chi phí thời gian"]
    small = [HEADER] + [["PCI", y, p, "", "50", ""] for y in (2017, 2018) for p in provinces[:3]]
    large = [HEADER] + [
        ["PCI", y, p, c, "5", ""] for y in (2017, 2018) for p in provinces for c in components
    ]
    reads, inserts = [], []
    for rows in (small, large):
        with CaptureQueriesContext(connection) as queries:
            html = upload(admin_client, SCORE_URL, xlsx(rows))
        assert count(html, "errors") == 0 and count(html, "new") == len(rows) - 1
        sql = [q["sql"] for q in queries.captured_queries]
        reads.append(sum(s.startswith("SELECT") for s in sql))
        inserts.append(sum(s.startswith('INSERT INTO "indicators_score"') for s in sql))
    assert reads[0] == reads[1]
    # SQLite caps the variables of one statement: a wider score row means smaller batches.
    assert inserts[0] == 1 and inserts[1] <= 8, inserts


def test_an_initiative_preview_reads_nothing_more_per_row(admin_client):
    """Units, areas, indices and existing initiatives are loaded once (communes once per
    province or district named); what grows with the rows is the writes of each row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def rows(n):
        place = ["UBND", "Thanh Hóa", "Thọ Xuân", "Xã Xuân Hòa", "Cấp xã", "2020"]
        rest = ["Cải cách thủ tục hành chính", "SIPAS; PAPI", ""]
        return [INITIATIVE_HEADER] + [
            [f"Sáng kiến số {i}", "Tóm tắt", *place, *rest] for i in range(n)
        ]

    reads = []
    for n in (2, 12):
        with CaptureQueriesContext(connection) as queries:
            html = upload(admin_client, INITIATIVE_URL, xlsx(rows(n)))
        assert count(html, "new") == n, html[html.find("import-errors") :][:1500]
        reads.append(sum(q["sql"].startswith("SELECT") for q in queries.captured_queries))
    assert reads[0] == reads[1], reads


def test_a_file_with_fewer_columns_or_empty_cells_changes_only_what_it_holds(admin_client):
    item = Initiative.objects.get(title="Ký số bản đồ khổ lớn")
    how = item.how_it_works
    assert how and item.areas.exists() and item.targets.exists()
    header = ["Tên sáng kiến, mô hình", "Tóm tắt", "Đơn vị thực hiện", "Tỉnh/Thành phố"]
    header += ["Cấp", "Năm của tên địa bàn", "Cách thức thực hiện", "Lĩnh vực CCHC"]
    row = [item.title, item.summary, item.implementing_unit, "BR-VT", "Cấp tỉnh", 2024, "", ""]
    html = upload(admin_client, INITIATIVE_URL, xlsx([header, row]))
    assert (count(html, "unchanged"), count(html, "errors")) == (1, 0)
    row[1] = "Tóm tắt mới"
    html = upload(admin_client, INITIATIVE_URL, xlsx([header, row]))
    assert count(html, "changed") == 1
    confirm(admin_client, INITIATIVE_URL, html)
    item.refresh_from_db()
    assert item.summary == "Tóm tắt mới" and item.how_it_works == how
    assert item.areas.exists() and item.targets.exists()


@pytest.mark.parametrize(
    ("province", "year", "expected", "current"),
    [
        # Without a place-name year the names are today's (the template says so): a name still
        # in use is today's unit whatever the start year; a name no longer in use is read for
        # the start year (Bà Rịa - Vũng Tàu joined Hồ Chí Minh City on 1 July 2025).
        ("TT-Huế", 2020, "Thành phố Huế", True),
        ("Thừa Thiên - Huế", 2019, "Thành phố Huế", True),
        ("Thanh Hoá", 2020, "Tỉnh Thanh Hóa", True),
        ("BR-VT", 2021, "Tỉnh Bà Rịa - Vũng Tàu", False),
        ("TP.HCM", 2026, "Thành phố Hồ Chí Minh", True),
        ("Da Nang", 2026, "Thành phố Đà Nẵng", True),
        (unicodedata.normalize("NFD", "Hưng Yên"), 2026, "Tỉnh Hưng Yên", True),
        ("Đồng Nai", 2025, "Thành phố Đồng Nai", True),  # a city since 30/04/2026
    ],
)
def test_initiative_provinces_in_the_spellings_people_use(
    admin_client, province, year, expected, current
):
    header = ["Tên sáng kiến, mô hình", "Tóm tắt", "Đơn vị thực hiện", "Tỉnh/Thành phố", "Cấp"]
    header.append("Năm bắt đầu")
    rows = [header, ["Một cửa điện tử", "Tóm tắt", "Sở Nội vụ", province, "Cấp tỉnh", year]]
    html = upload(admin_client, INITIATIVE_URL, xlsx(rows))
    assert count(html, "errors") == 0, html[html.find("import-errors") :][:1500]
    confirm(admin_client, INITIATIVE_URL, html)
    item = Initiative.objects.get(title="Một cửa điện tử")
    assert item.locality.name == expected
    assert (item.locality.valid_to is None) == current


def test_a_file_missing_a_column_says_which_and_what_it_has(admin_client):
    html = upload(admin_client, SCORE_URL, xlsx([["Tỉnh", "Năm", "Chỉ số"], ["Huế", 2016, "PCI"]]))
    assert "Tệp thiếu cột: Điểm. Các cột nhận được: Tỉnh, Năm, Chỉ số." in html
    assert "process_import" not in html
