"""The yearly PAR self-assessment pack: who may open it, what it lists (Thanh Hóa 2024 on the
demo data), the XLSX and the ZIP holding the same items, the request to a commune, the
criteria loader, and the pack page's query count."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Membership
from assessment.models import CriteriaSet, Criterion
from assessment.outputs import safe_name
from initiatives.models import Attachment, Initiative, Outcome, ReformArea, StatusChange
from localities.models import AdministrativeUnit

YEN_CAT = "Chính quyền thân thiện, vì Nhân dân phục vụ tại thị trấn Yên Cát và xã Bình Lương"
NHU_XUAN = (
    "Nhân rộng mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ” ra 7 đơn vị cấp xã "
    "huyện Như Xuân"
)
PACK = reverse("assessment:pack", args=["38", 2024])
VIEWS = ("pack", "print", "xlsx", "zip")


@pytest.fixture
def criteria(db, demo_data):
    """What `make run` adds for the pack: the criteria sets and the 2024 demo record."""
    call_command("load_par_criteria", verbosity=0)
    call_command("load_assessment_demo", verbosity=0)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def title_links(sheet_rows: list[tuple]) -> set[tuple[str, str]]:
    return {(row[0], row[-1]) for row in sheet_rows}


# --- who may open it -------------------------------------------------------------------


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 404),
        ("official_a", 404),
        ("other_reviewer", 404),
        ("reviewer", 200),
        ("admin", 200),
    ],
)
def test_only_the_province_reviewers_and_admins_open_the_pack(
    client, personas, criteria, name, persona, status
):
    login(client, personas[persona])
    response = client.get(reverse(f"assessment:{name}", args=["38", 2024]))
    assert response.status_code == status


@pytest.mark.parametrize("persona", ["anonymous", "official_a", "other_reviewer"])
def test_outsiders_cannot_ask_a_commune(client, personas, criteria, persona):
    item = Initiative.objects.get(title=YEN_CAT)
    login(client, personas[persona])
    url = reverse("assessment:request_supplement", args=["38", 2024, item.pk])
    assert client.post(url).status_code == 404
    assert not StatusChange.objects.filter(initiative=item).exists()


def test_a_reviewer_cannot_ask_about_another_province_record(client, personas, criteria):
    """The Thanh Hóa reviewer, through the Thanh Hóa URL, on a Bà Rịa - Vũng Tàu record."""
    other = Initiative.objects.get(title="Ký số bản đồ khổ lớn")
    login(client, personas["reviewer"])
    url = reverse("assessment:request_supplement", args=["38", 2024, other.pk])
    assert client.post(url).status_code == 404
    assert not StatusChange.objects.filter(initiative=other).exists()


@pytest.mark.parametrize(
    "url", ["/tu-danh-gia/99/2024/", "/tu-danh-gia/38/1999/", "/tu-danh-gia/38/2999/"]
)
def test_unknown_province_or_year_is_404_even_for_admins(client, personas, criteria, url):
    login(client, personas["admin"])
    assert client.get(url).status_code == 404


def test_a_former_province_code_is_not_a_pack(client, personas, criteria):
    """/tu-danh-gia/15/…: code 15 is today's Lào Cai, not the former Yên Bái; a reviewer of
    Thanh Hóa never opens it."""
    login(client, personas["reviewer"])
    assert client.get("/tu-danh-gia/15/2024/").status_code == 404


# --- what it lists ---------------------------------------------------------------------


def test_thanh_hoa_2024_lists_its_initiatives_by_area_and_names_the_gaps(
    client, personas, criteria
):
    login(client, personas["reviewer"])
    html = client.get(PACK).content.decode()
    # Recognised, started or replicated in 2024: the Như Xuân replication (started 2024) and
    # the Yên Cát model it replicates; not Thanh Hóa's records without a 2024 date, not
    # another province's.
    assert NHU_XUAN in html and YEN_CAT in html
    for absent in ("Ngày không viết", "Lễ tân hành chính", "Ngày thứ năm không chờ"):
        assert absent not in html
    # Grouped by the PAR areas they belong to, then by level.
    for area in ("Cải cách chế độ công vụ", "Tác động của CCHC đến người dân"):
        assert area in html
    assert "Cấp huyện" in html and "Cấp xã" in html
    # Replication both ways, outcomes, why in the year.
    assert "được nhân rộng năm 2024" in html and "nhân rộng năm 2024" in html
    assert "Mức độ hài lòng của người dân: 98" in html
    # Both lack a decision and files; the replication also lacks a result.
    gaps = html.split('id="gaps"')[1].split("</section>")[0]
    assert NHU_XUAN in gaps and YEN_CAT in gaps
    assert gaps.count("Đề nghị xã bổ sung") == 2
    assert "quyết định công nhận" in gaps and "tệp đính kèm" in gaps
    # The criteria set of 2024, labelled as area-level, and the indicator tables beside.
    assert "áp dụng từ kỳ đánh giá 2024" in html and 'id="criteria-note"' in html
    assert 'id="index-history"' in html and "SIPAS" in html


def test_a_year_without_initiatives_says_so(client, personas, criteria):
    login(client, personas["reviewer"])
    html = client.get(reverse("assessment:pack", args=["38", 2020])).content.decode()
    assert 'id="no-items"' in html
    assert "áp dụng từ kỳ đánh giá 2019" in html  # 2020 uses the 2019 set


def test_a_recognition_in_the_year_brings_an_initiative_in(client, personas, criteria):
    item = Initiative.objects.get(title="Ngày không viết")
    item.recognition_number = "123/QĐ-UBND"
    item.recognition_date = datetime.date(2024, 5, 2)
    item.recognition_level = Initiative.RecognitionLevel.DISTRICT
    item.save()
    login(client, personas["reviewer"])
    html = client.get(PACK).content.decode()
    assert "Ngày không viết" in html and "123/QĐ-UBND" in html
    assert "được công nhận năm 2024" in html


def test_an_unapproved_record_is_never_in_the_pack(client, personas, criteria):
    item = Initiative.objects.get(title=NHU_XUAN)
    Initiative.objects.filter(pk=item.pk).update(status=Initiative.Status.SUBMITTED)
    login(client, personas["reviewer"])
    html = client.get(PACK).content.decode()
    assert NHU_XUAN not in html and YEN_CAT not in html  # nor its approved source, then


# --- outputs ---------------------------------------------------------------------------


def add_file(item: Initiative, name: str, content: bytes = b"%PDF-1.4 test") -> Attachment:
    return Attachment.objects.create(
        initiative=item,
        file=ContentFile(content, name="x.pdf"),
        original_name=name,
        kind="pdf",
        size=len(content),
    )


def read_xlsx(content: bytes) -> tuple[list[str], dict[str, list[tuple]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    summary = [row[0] for row in workbook.worksheets[0].iter_rows(values_only=True) if row[0]]
    areas = {
        sheet.title: [row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]]
        for sheet in workbook.worksheets[1:]
    }
    return summary, areas


def test_xlsx_and_zip_hold_the_same_items_with_the_date_and_the_gaps(
    client, personas, criteria, media
):
    yen_cat = Initiative.objects.get(title=YEN_CAT)
    add_file(yen_cat, "Báo cáo kết quả.pdf")
    add_file(yen_cat, "Báo cáo kết quả.pdf", b"%PDF-1.4 second")
    add_file(yen_cat, "../../etc/passwd")
    login(client, personas["reviewer"])
    today = timezone.localdate().strftime("%d/%m/%Y")

    xlsx = client.get(reverse("assessment:xlsx", args=["38", 2024]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    summary, areas = read_xlsx(xlsx.content)
    assert any(today in line for line in summary)
    assert any("còn thiếu tài liệu (2)" in line for line in summary)
    assert sorted(areas) == ["5. Cải cách chế độ công vụ", "8. Tác động của CCHC đến người"]
    xlsx_items = set().union(*(title_links(rows) for rows in areas.values()))
    link = "http://127.0.0.1:8000" + yen_cat.get_absolute_url()
    assert xlsx_items == {
        (YEN_CAT, link),
        (
            NHU_XUAN,
            "http://127.0.0.1:8000" + Initiative.objects.get(title=NHU_XUAN).get_absolute_url(),
        ),
    }

    response = client.get(reverse("assessment:zip", args=["38", 2024]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    names = archive.namelist()
    listing = list(
        csv.reader(io.StringIO(archive.read("danh-sach-sang-kien.csv").decode("utf-8-sig")))
    )
    header, rows = listing[0], listing[1:]
    title_col, link_col = header.index("Tên sáng kiến"), header.index("Đường dẫn")
    zip_items = {(row[title_col], row[link_col]) for row in rows}
    assert zip_items == xlsx_items
    # Same rows per area too: one row per (area, criterion, initiative) as in the sheets.
    assert len(rows) == sum(len(r) for r in areas.values())
    readme = archive.read("DOC-TRUOC.txt").decode()
    assert today in readme and "còn thiếu tài liệu (2)" in readme.lower()
    assert NHU_XUAN in readme
    # Folders by area and criterion; safe, unique, ASCII names; no path escapes.
    files = [n for n in names if n.count("/") >= 3]
    assert len(files) == 2 * 3  # Yên Cát's 3 files, under each of its 2 areas
    assert all(n.isascii() and ".." not in n and not n.startswith("/") for n in names)
    in_area = sorted(n.rsplit("/", 1)[1] for n in files if n.startswith("05-"))
    assert in_area == ["Bao-cao-ket-qua-2.pdf", "Bao-cao-ket-qua.pdf", "etc-passwd"]
    assert any(n.startswith("05-Cai-cach-che-do-cong-vu/LV5-") for n in files)
    assert archive.read(next(n for n in files if n.endswith("Bao-cao-ket-qua-2.pdf"))) == (
        b"%PDF-1.4 second"
    )


def test_the_print_view_carries_the_date_the_gaps_and_print_css(client, personas, criteria):
    login(client, personas["reviewer"])
    html = client.get(reverse("assessment:print", args=["38", 2024])).content.decode()
    assert timezone.localdate().strftime("%d/%m/%Y") in html
    assert 'id="print-gaps"' in html and NHU_XUAN in html
    assert "css/assessment-print.css" in html


def test_xlsx_text_is_never_a_formula(client, personas, criteria):
    from openpyxl import load_workbook

    Initiative.objects.filter(title=NHU_XUAN).update(implementing_unit='=HYPERLINK("x")')
    login(client, personas["admin"])
    content = client.get(reverse("assessment:xlsx", args=["38", 2024])).content
    workbook = load_workbook(io.BytesIO(content))
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    hit = [c for c in cells if c.value == '=HYPERLINK("x")']
    assert hit and all(c.data_type == "s" for c in hit)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("Quyết định công nhận số 12.pdf", "Quyet-dinh-cong-nhan-so-12.pdf"),
        ("..", "tep"),
        ("C:\\Windows\\đơn.docx", "C-Windows-don.docx"),
        (".hidden", "hidden"),
        ("文件.pdf", "pdf"),
    ],
)
def test_safe_names(name, safe):
    assert safe_name(name) == safe


# --- ask the commune -------------------------------------------------------------------


def test_asking_the_commune_flags_the_record_and_the_official_sees_the_comment(
    client, personas, criteria, django_user_model, django_capture_on_commit_callbacks
):
    item = Initiative.objects.get(title=YEN_CAT)
    official = django_user_model.objects.create_user(
        "canbo_yencat", "canbo_yencat@example.gov.vn", "mat-khau-thu-nghiem"
    )
    Membership.objects.create(
        user=official, role=Membership.Role.COMMUNE_OFFICIAL, unit=item.locality
    )
    Initiative.objects.filter(pk=item.pk).update(author=official)
    login(client, personas["reviewer"])
    url = reverse("assessment:request_supplement", args=["38", 2024, item.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302 and response["Location"] == PACK
    item.refresh_from_db()
    assert item.status == Initiative.Status.APPROVED  # still public
    change = StatusChange.objects.get(initiative=item)
    assert change.actor == personas["reviewer"]
    assert "tự đánh giá CCHC năm 2024" in change.comment
    assert "quyết định công nhận" in change.comment and "tệp đính kèm" in change.comment
    assert "kết quả đo được" not in change.comment  # it has outcomes
    (sent,) = mail.outbox
    assert sent.to == ["canbo_yencat@example.gov.vn"] and "bổ sung" in sent.subject
    assert change.comment in sent.body
    # The pack says it was asked; the official reads the comment on the record page.
    html = client.get(PACK).content.decode()
    assert "Đã đề nghị bổ sung ngày" in html
    client.force_login(official)
    record = client.get(reverse("initiatives:record", args=[item.pk])).content.decode()
    assert change.comment in record
    mine = client.get(reverse("initiatives:mine")).content.decode()
    assert change.comment in mine


def test_a_complete_record_is_not_asked(client, personas, criteria, media):
    item = Initiative.objects.get(title=YEN_CAT)
    item.recognition_number, item.recognition_level = "45/QĐ-UBND", "huyen"
    item.recognition_date = datetime.date(2024, 3, 1)
    item.save()
    add_file(item, "qd.pdf")
    login(client, personas["reviewer"])
    client.post(reverse("assessment:request_supplement", args=["38", 2024, item.pk]))
    assert not StatusChange.objects.filter(initiative=item).exists()
    gaps = client.get(PACK).content.decode().split('id="gaps"')[1].split("</section>")[0]
    assert YEN_CAT not in gaps and NHU_XUAN in gaps


# --- navigation ------------------------------------------------------------------------


def test_the_reviewer_has_the_link_in_the_navigation(client, personas, criteria):
    year = timezone.localdate().year
    login(client, personas["reviewer"])
    html = client.get("/").content.decode()
    assert f'href="/tu-danh-gia/38/{year}/"' in html and f"Tự đánh giá CCHC {year}" in html
    client.force_login(personas["official_a"])
    assert "/tu-danh-gia/" not in client.get("/").content.decode()


# --- criteria: reference data per methodology year -------------------------------------


def test_criteria_sets_per_year_and_the_loader_merges(criteria, admin_client):
    assert list(CriteriaSet.objects.values_list("year", flat=True)) == [2019, 2022, 2024]
    assert CriteriaSet.objects.for_year(2023).year == 2022
    assert CriteriaSet.objects.for_year(2018) is None
    assert Criterion.objects.filter(criteria_set__year=2024).count() == 8
    area = ReformArea.objects.get(code="cai-cach-tthc")
    criterion = Criterion.objects.get(criteria_set__year=2024, area=area)
    assert criterion.code == "LV3"

    # An administrator corrects a title and adds an official criterion in the admin.
    data = {
        "criteria_set": criterion.criteria_set_id,
        "code": "LV3",
        "title": "Lĩnh vực 3 (tên đã sửa)",
        "area": area.pk,
        "order": 3,
        "source": "",
    }
    url = reverse("admin:assessment_criterion_change", args=[criterion.pk])
    assert admin_client.post(url, data).status_code == 302
    other = Criterion.objects.get(criteria_set__year=2022, code="LV1")
    Criterion.objects.filter(pk=other.pk).update(title="sửa ngoài admin")
    out = io.StringIO()
    call_command("load_par_criteria", stdout=out)
    assert "0 mới, 1 cập nhật, 1 giữ nguyên" in out.getvalue()
    criterion.refresh_from_db()
    other.refresh_from_db()
    assert criterion.title == "Lĩnh vực 3 (tên đã sửa)" and criterion.edited_by_admin
    assert other.title.startswith("Lĩnh vực 1:")  # not edited in the admin: refreshed
    out = io.StringIO()
    call_command("load_par_criteria", stdout=out)
    assert "0 mới, 0 cập nhật, 1 giữ nguyên" in out.getvalue()


def test_the_admin_edits_a_set_with_its_criteria(criteria, admin_client):
    criteria_set = CriteriaSet.objects.get(year=2024)
    response = admin_client.get(
        reverse("admin:assessment_criteriaset_change", args=[criteria_set.pk])
    )
    assert response.status_code == 200 and "LV8" in response.content.decode()


# --- bounded queries -------------------------------------------------------------------


def test_pack_page_query_count_does_not_grow_with_initiatives(
    client, personas, criteria, django_assert_num_queries, media
):
    login(client, personas["reviewer"])
    client.get(PACK)  # warm the session and the caches
    source = Initiative.objects.get(title=YEN_CAT)
    commune = AdministrativeUnit.objects.get(pk=source.locality_id)
    areas = list(ReformArea.objects.all())
    for n in range(8):
        item = Initiative.objects.create(
            title=f"Mô hình nhân rộng thử {n}",
            summary="Thử.",
            implementing_unit="UBND thử",
            level=Initiative.Level.COMMUNE,
            locality=commune,
            status=Initiative.Status.APPROVED,
            start_year=2024,
            replicated_from=source,
        )
        item.areas.set(areas[n % 8 : n % 8 + 2])
        item.set_targets(["sipas", "papi:cong-khai-minh-bach"])
        Outcome.objects.create(initiative=item, label="Hài lòng", value=90, unit="%", year=2024)
        add_file(item, f"tệp {n}.pdf")
    with django_assert_num_queries(QUERIES):
        html = client.get(PACK).content.decode()
    assert "Mô hình nhân rộng thử 7" in html


#: session, user, membership + unit, nav badge; province; criteria set, criteria, areas;
#: initiatives, areas, targets, outcomes, attachments, replications; requests; series units,
#: scores.
QUERIES = 18


def test_the_pack_reads_in_english(client, personas, criteria, settings):
    login(client, personas["reviewer"])
    try:
        html = client.get("/en" + PACK).content.decode()
    finally:  # the middleware's choice would outlive the request in this thread
        translation.activate(settings.LANGUAGE_CODE)
    assert "PAR self-assessment 2024" in html and "Ask the commune to complete" in html
    assert "Download the evidence files (ZIP)" in html


def test_the_demo_record_builds_on_the_demo_initiatives_and_reloads(criteria):
    out = io.StringIO()
    call_command("load_assessment_demo", stdout=out)
    assert out.getvalue().strip() == "Sáng kiến mẫu cho tự đánh giá: 0 mới, 1 cập nhật"
    item = Initiative.objects.get(title=NHU_XUAN)
    assert item.replicated_from.title == YEN_CAT and item.start_year == 2024
    assert item.current_province.code == "38" and item.is_published
    assert Initiative.objects.filter(title=NHU_XUAN).count() == 1


def test_the_zip_spills_to_disk_and_never_holds_a_file_whole(
    client, personas, criteria, media, monkeypatch
):
    """Peak Python memory while zipping 12 MB of incompressible attachments stays far below
    their size: files are copied in pieces, the archive goes to disk past the limit."""
    import os
    import tracemalloc

    from assessment import outputs
    from assessment.pack import build_pack

    monkeypatch.setattr(outputs, "ZIP_MEMORY_LIMIT", 1024 * 1024)
    item = Initiative.objects.get(title=NHU_XUAN)
    for n in range(3):
        add_file(item, f"anh-{n}.jpg", os.urandom(4 * 1024 * 1024))
    pack = build_pack(item.current_province, 2024)
    tracemalloc.start()
    spool = outputs.build_zip(pack, "http://127.0.0.1:8000")
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert spool._rolled  # on disk, not in memory
    assert peak < 3 * 1024 * 1024, peak
    with zipfile.ZipFile(spool) as archive:
        sizes = [i.file_size for i in archive.infolist() if i.filename.endswith(".jpg")]
    assert sizes == [4 * 1024 * 1024] * 6  # 3 files under each of the record's 2 areas
