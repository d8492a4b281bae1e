"""Imports change only what a file holds, show it, and can be undone (issue 13, findings 1, 2,
8–11): empty cells, rounded scores, every error of a row, names, PAPI scales, the temp file."""

from __future__ import annotations

import io
import re
import tempfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings

from indicators.models import Edition, Index, Score
from initiatives.models import Initiative
from localities.models import AdministrativeUnit, UnitAlias
from spreadsheets.models import ImportRecord
from tests.spreadsheets.test_admin_import import (
    ALIAS_URL,
    INITIATIVE_URL,
    SCORE_URL,
    confirm,
    count,
    xlsx,
)
from tests.spreadsheets.test_admin_import import upload as upload_file

pytestmark = pytest.mark.django_db

HEADER = ["Chỉ số", "Năm", "Tỉnh/Thành phố", "Thành phần", "Điểm", "Xếp hạng"]


@pytest.fixture
def admin_client(client, admin_user, demo_data):
    client.force_login(admin_user)
    return client


def an_giang_2012() -> Score:
    return Score.objects.get(
        edition__index__code="pci",
        edition__year=2012,
        province__short_name="An Giang",
        component=None,
    )


def score_text(value: Decimal) -> str:
    return format(value, "f").replace(".", ",")


def upload(client, url, rows) -> str:
    return upload_file(client, url, xlsx(rows))


def diffs(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", d).strip() for d in re.findall(r"<td data-diff>(.*?)</td>", html)]


def test_an_empty_rank_cell_or_no_rank_column_keeps_the_published_rank(admin_client):
    score = an_giang_2012()
    assert score.rank == 2
    for header, row in (
        (HEADER, ["PCI", 2012, "An Giang", "", score_text(score.value), ""]),
        (HEADER[:5], ["PCI", 2012, "An Giang", "", score_text(score.value)]),
    ):
        html = upload(admin_client, SCORE_URL, [header, row])
        assert (count(html, "changed"), count(html, "unchanged")) == (0, 1)
        assert "Xếp hạng" not in "".join(
            re.findall(r'class="import-diffs".*?</section>', html, re.S)
        )
        confirm(admin_client, SCORE_URL, html)
        score.refresh_from_db()
        assert score.rank == 2
    # "—" says there is no rank: that clears it, as a change the preview shows.
    html = upload(
        admin_client,
        SCORE_URL,
        [HEADER, ["PCI", 2012, "An Giang", "", score_text(score.value), "—"]],
    )
    assert diffs(html) == ["2 → —"]


def test_import_scores_command_keeps_ranks_for_an_empty_cell(demo_data, tmp_path):
    score = an_giang_2012()
    path = tmp_path / "diem.csv"
    path.write_text(
        ",".join(HEADER) + "\n" + f'PCI,2012,An Giang,,"{score_text(score.value)}",\n',
        encoding="utf-8",
    )
    call_command("import_scores", str(path), stdout=io.StringIO())
    score.refresh_from_db()
    assert score.rank == 2
    # The command's import is recorded with what it did, so it can be undone too.
    assert ImportRecord.objects.latest("pk").changes["model"] == "indicators.score"


def test_an_empty_note_keeps_an_aliases_note(admin_client):
    unit = AdministrativeUnit.objects.get(level=1, code="48", valid_to__isnull=False)
    UnitAlias.objects.create(unit=unit, name="ĐN cũ", note="ghi chú của quản trị viên")
    header = ["Tên gọi khác", "Cấp", "Mã đơn vị", "Năm", "Ghi chú"]
    html = upload(admin_client, ALIAS_URL, [header, ["ĐN cũ", "Cấp tỉnh", "48", 2024, ""]])
    assert count(html, "unchanged") == 1
    confirm(admin_client, ALIAS_URL, html)
    assert UnitAlias.objects.get(name="ĐN cũ").note == "ghi chú của quản trị viên"


def test_a_rounded_score_is_shown_as_a_change_and_the_import_can_be_undone(admin_client):
    score = an_giang_2012()
    Score.objects.filter(pk=score.pk).update(value=Decimal("76.23"))
    rows = [HEADER, ["PCI", 2012, "Angiang", "", "76,2", ""]]
    html = upload(admin_client, SCORE_URL, rows)
    assert count(html, "changed") == 1
    assert diffs(html) == ["76,23 → 76,20"]
    assert "Angiang → Tỉnh An Giang (đến 30/06/2025)" in html
    confirm(admin_client, SCORE_URL, html)
    score.refresh_from_db()
    assert score.value == Decimal("76.20")

    record = ImportRecord.objects.latest("pk")
    page = admin_client.get(f"/admin/spreadsheets/importrecord/{record.pk}/hoan-tac/")
    assert "khôi phục giá trị trước khi nhập của 1 bản ghi" in page.content.decode()
    assert (
        admin_client.get(f"/admin/spreadsheets/importrecord/{record.pk}/hoan-tac/").status_code
        == 200
    )
    score.refresh_from_db()
    assert score.value == Decimal("76.20")  # a GET changes nothing
    admin_client.post(f"/admin/spreadsheets/importrecord/{record.pk}/hoan-tac/")
    score.refresh_from_db()
    assert score.value == Decimal("76.23")
    revert = ImportRecord.objects.get(reverts=record)
    assert revert.kind == ImportRecord.Kind.REVERT
    # Not twice.
    response = admin_client.post(
        f"/admin/spreadsheets/importrecord/{record.pk}/hoan-tac/", follow=True
    )
    assert "đã được hoàn tác" in response.content.decode()
    assert ImportRecord.objects.filter(kind=ImportRecord.Kind.REVERT).count() == 1


def test_undo_refuses_when_a_record_was_edited_since_and_removes_what_it_created(admin_client):
    score = an_giang_2012()
    rows = [
        HEADER,
        ["PCI", 2012, "An Giang", "", "50,5", ""],
        ["PAPI", 2019, "Đà Nẵng", "", "45,1", "3"],
    ]
    confirm(admin_client, SCORE_URL, upload(admin_client, SCORE_URL, rows))
    record = ImportRecord.objects.latest("pk")
    assert len(record.changes["created"]) == 1
    Score.objects.filter(pk=score.pk).update(value=Decimal("51"))
    url = f"/admin/spreadsheets/importrecord/{record.pk}/hoan-tac/"
    page = admin_client.get(url).content.decode()
    assert "không còn là “50,50”" in page and "Hoàn tác lần nhập này" not in page
    admin_client.post(url)
    assert not ImportRecord.objects.filter(reverts=record).exists()
    Score.objects.filter(pk=score.pk).update(value=Decimal("50.5"))
    admin_client.post(url)
    assert ImportRecord.objects.filter(reverts=record).exists()
    assert not Score.objects.filter(pk__in=record.changes["created"]).exists()
    assert not Edition.objects.filter(index__code="papi", year=2019).exists()


def test_undo_needs_the_permissions_of_what_the_import_wrote(client, django_user_model, demo_data):
    record = ImportRecord.objects.create(
        kind=ImportRecord.Kind.SCORES,
        file_name="x.xlsx",
        changes={"model": "indicators.score", "created": [], "updated": []},
    )
    staff = django_user_model.objects.create_user("nv", password="x", is_staff=True)
    client.force_login(staff)
    assert client.post(f"/admin/spreadsheets/importrecord/{record.pk}/hoan-tac/").status_code == 403


def test_every_error_of_a_row_is_listed_with_numbers_as_people_write_them(admin_client):
    rows = [
        HEADER,
        ["PCI", "20x2", "Hà Nội", "", "abc", "0"],
        ["PAPI", 2012, "Hà Nội", "", "61", ""],
        ["PCI", 2012, "Hà Nội", "", "60", ""],
        ["PCI", 2012, "Ha Noi", "", "61", ""],
    ]
    html = upload(admin_client, SCORE_URL, rows)
    assert re.search(r"Dòng 2, cột “Năm”", html)
    assert re.search(r"Dòng 2, cột “Điểm”", html)
    assert re.search(r"Dòng 2, cột “Xếp hạng”", html)
    assert "thang điểm 6–60" in html and "E+" not in html
    assert (
        "Dòng 5 trùng với dòng 4: cùng “Chỉ số”, “Năm”, “Tỉnh/Thành phố”, “Thành phần” "
        "(PCI, 2012, Thành phố Hà Nội, điểm tổng)" in html
    )


def test_papi_editions_created_by_an_import_take_the_scale_of_their_year(admin_client):
    assert Index.objects.get(code="papi").scale_for(2016) == (6, 60)
    assert Index.objects.get(code="papi").scale_for(2019) == (8, 80)
    rows = [
        HEADER,
        ["PAPI", 2019, "Đà Nẵng", "", "72,5", ""],
        ["PAPI", 2017, "Đà Nẵng", "", "40", ""],
    ]
    html = upload(admin_client, SCORE_URL, rows)
    assert count(html, "errors") == 0, html
    confirm(admin_client, SCORE_URL, html)
    edition = Edition.objects.get(index__code="papi", year=2019)
    assert (edition.scale_min, edition.scale_max) == (8, 80)
    assert Edition.objects.get(index__code="papi", year=2017).scale_max == 60


def test_the_confirm_works_when_the_preview_ran_on_another_server(admin_client, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        html = upload(admin_client, SCORE_URL, [HEADER, ["PCI", 2012, "An Giang", "", "50", ""]])
        name = re.search(r'name="import_file_name" value="([^"]+)"', html).group(1)
        assert (tmp_path / "media" / "django-import-export" / name).exists()
        other_tmp = tmp_path / "other-server-tmp"
        other_tmp.mkdir()
        saved, tempfile.tempdir = tempfile.tempdir, str(other_tmp)
        try:
            response = confirm(admin_client, SCORE_URL, html)
        finally:
            tempfile.tempdir = saved
        assert response.status_code == 302
    assert an_giang_2012().value == Decimal("50")


def test_a_commune_named_in_the_district_column_and_todays_names_by_default(admin_client):
    header = [
        "Tên sáng kiến, mô hình",
        "Tóm tắt",
        "Đơn vị thực hiện",
        "Tỉnh/Thành phố",
        "Quận/Huyện",
        "Cấp",
        "Năm bắt đầu",
    ]
    rows = [
        header,
        [
            "Phường thân thiện",
            "Tóm tắt",
            "UBND phường",
            "Đồng Tháp",
            "phường Cao Lãnh",
            "Cấp xã",
            2025,
        ],
    ]
    html = upload(admin_client, INITIATIVE_URL, rows)
    assert count(html, "errors") == 0, html[html.find("import-errors") :][:1500]
    confirm(admin_client, INITIATIVE_URL, html)
    item = Initiative.objects.get(title="Phường thân thiện")
    assert item.locality.name == "Phường Cao Lãnh" and item.locality.is_current
