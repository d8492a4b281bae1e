"""An official submits a new initiative, goes back and submits the same form again: one record,
one e-mail to the reviewer (and one acknowledgement to the official)."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.conftest import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_and_submit_again_makes_one_record_and_one_mail(page, django_user_model):
    from accounts.models import Membership
    from initiatives.models import Initiative, ReformArea
    from localities.models import AdministrativeUnit

    units = AdministrativeUnit.objects
    province = units.provinces().current().get(code="38")
    commune = units.communes().current().filter(parent=province).order_by("code").first()
    ReformArea.objects.get_or_create(
        code="cai-cach-tthc",
        defaults={"name_vi": "Cải cách thủ tục hành chính", "name_en": "Procedures", "order": 2},
    )
    role = Membership.Role
    make_member(django_user_model, "canbo_a", role.COMMUNE_OFFICIAL, commune)
    reviewer = make_member(django_user_model, "thamdinh", role.PROVINCIAL_REVIEWER, province)
    mail.outbox = []

    page.goto("/dang-nhap/?next=/sang-kien/de-xuat/")
    page.fill("#id_username", "canbo_a")
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/sang-kien/de-xuat/")
    fill_in(page)
    page.get_by_role("button", name="Gửi thẩm định").click()
    page.wait_for_url("**/sang-kien/ho-so/*/")
    record_url = page.url

    page.go_back()
    page.wait_for_url("**/sang-kien/de-xuat/")
    if not page.input_value("#id_title"):  # the page came back empty: the official retypes
        fill_in(page)
    page.get_by_role("button", name="Gửi thẩm định").click()
    page.wait_for_url("**/sang-kien/ho-so/*/")

    assert page.url == record_url
    assert "đã được gửi trước đó" in page.locator("body").inner_text()
    assert Initiative.objects.filter(title="Tiếp nhận hồ sơ ngày thứ Bảy").count() == 1
    to_reviewer = [m for m in mail.outbox if m.to == [reviewer.email]]
    assert len(to_reviewer) == 1
    assert len(mail.outbox) == 2  # and one acknowledgement to the official


def fill_in(page) -> None:
    """What the official types in the submission form."""
    page.fill("#id_title", "Tiếp nhận hồ sơ ngày thứ Bảy")
    page.fill("#id_summary", "Nhận và trả kết quả ngay trong ngày thứ Bảy.")
    page.fill("#id_implementing_unit", "UBND xã")
    page.select_option("#id_level", "xa")
    page.get_by_label("Cải cách thủ tục hành chính").check()
