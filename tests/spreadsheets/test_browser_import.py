"""The administrator's import journey in a real browser (issue 6): a file with a bad score on
row 7 is refused with the row, column and value; the fixed file is previewed, confirmed, and
its edition is on the public ranking page."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: PCI 2016, the six best provinces, as published (fixtures/indicators/pci_2005_2016.csv.gz).
PCI_2016_TOP = [
    ("Đà Nẵng", "70,00", "1/63"),
    ("Quảng Ninh", "65,60", "2/63"),
    ("Đồng Tháp", "64,96", "3/63"),
    ("Bến Tre", "64,09", "4/63"),
    ("Vĩnh Long", "63,91", "5/63"),
    ("Long An", "63,70", "6/63"),
]


def workbook(bad_row: int | None = None) -> bytes:
    book = Workbook()
    book.active.append(["Chỉ số", "Năm", "Tỉnh/Thành phố", "Điểm", "Xếp hạng"])
    for number, (province, score, rank) in enumerate(PCI_2016_TOP, start=2):
        book.active.append(["PCI", 2016, province, "63,7O" if number == bad_row else score, rank])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(page, content: bytes) -> None:
    page.goto("/admin/indicators/score/import/")
    page.set_input_files(
        "#id_import_file",
        files=[
            {
                "name": "pci-2016.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": content,
            }
        ],
    )
    page.get_by_role("button", name="Đọc tệp và xem trước").click()
    page.wait_for_load_state()


def test_bad_row_fixed_confirmed_and_ranked(page, django_user_model):
    # The page fixture gives the session's data: start from the reference data without scores.
    without_scores()
    admin_login(page, django_user_model)

    upload(page, workbook(bad_row=7))
    errors = page.locator(".import-errors")
    assert "Dòng 7, cột “Điểm”: giá trị “63,7O”" in errors.inner_text()
    assert page.get_by_role("button", name="Xác nhận nhập").count() == 0

    upload(page, workbook())
    assert page.locator('[data-count="new"]').inner_text() == "6"
    assert page.locator('[data-count="errors"]').inner_text() == "0"
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_url("**/admin/indicators/score/")
    assert "6 dòng mới" in page.locator(".messagelist").inner_text()

    page.goto("/chi-so/pci/2016/")
    first = page.locator("#ranking-table tbody tr").first
    assert "Đà Nẵng" in first.inner_text() and "70,00" in first.inner_text()
    assert page.locator("#ranking-table tbody tr").count() == 6


def test_empty_ranks_and_a_rounded_score_previewed_confirmed_and_undone(page, django_user_model):
    """Issue 13: the preview shows the one real change (76,23 → 76,20) and nothing about ranks;
    after confirming, "Hoàn tác" restores 76,23."""
    from decimal import Decimal

    from indicators.models import Score

    without_scores()
    call_command("load_indicator_reference", verbosity=0)
    admin_login(page, django_user_model)

    published = [(p, "76,23" if p == "Đà Nẵng" else s, r) for p, s, r in PCI_2016_TOP]
    book = Workbook()
    book.active.append(["Chỉ số", "Năm", "Tỉnh/Thành phố", "Điểm", "Xếp hạng"])
    for row in published:
        book.active.append(["PCI", 2016, *row])
    buffer = io.BytesIO()
    book.save(buffer)
    upload(page, buffer.getvalue())
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_url("**/admin/indicators/score/")

    book = Workbook()
    book.active.append(["Chỉ số", "Năm", "Tỉnh/Thành phố", "Điểm", "Xếp hạng"])
    for province, score, _rank in published:
        book.active.append(["PCI", 2016, province, "76,2" if score == "76,23" else score, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    upload(page, buffer.getvalue())
    assert page.locator('[data-count="changed"]').inner_text() == "1"
    diffs = page.locator(".import-diffs")
    assert diffs.locator("[data-diff]").all_inner_texts() == ["76,23 → 76,20"]
    assert "Xếp hạng" not in diffs.inner_text()
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_url("**/admin/indicators/score/")
    da_nang = Score.objects.get(province__short_name="Đà Nẵng", edition__year=2016)
    assert da_nang.value == Decimal("76.20") and da_nang.rank == 1

    page.goto("/admin/spreadsheets/importrecord/")
    page.get_by_role("link", name="Hoàn tác").first.click()
    page.get_by_role("button", name="Hoàn tác lần nhập này").click()
    page.wait_for_url("**/admin/spreadsheets/importrecord/")
    assert "Đã hoàn tác" in page.locator(".messagelist").inner_text()
    da_nang.refresh_from_db()
    assert da_nang.value == Decimal("76.23")


def without_scores() -> None:
    """No score and no edition. The 19,000 scores in one statement: a queryset's delete reads
    each one back to send its post_delete signal (a second); the editions' delete sends the
    signals that invalidate the cache."""
    from django.db import connection

    from indicators.models import Edition, Score

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(Score._meta.db_table)}")  # noqa: S608
    Edition.objects.all().delete()
    assert not Score.objects.exists()


def admin_login(page, django_user_model) -> None:
    """A superuser, signed in to the admin through its own login page."""
    django_user_model.objects.create_superuser("quantri", "q@example.gov.vn", "mat-khau-quan-tri")
    page.goto("/admin/login/")
    page.fill("#id_username", "quantri")
    page.fill("#id_password", "mat-khau-quan-tri")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/admin/")
