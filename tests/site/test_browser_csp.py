"""The content security policy breaks nothing: Chromium reports no CSP violation on the home
page, the catalogue, a ranking, compare (with its chart), an initiative, the submission form
and the admin's import page."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""

REPORTS = "new Promise((done) => setTimeout(() => done(window.__cspViolations), 50))"


def test_no_csp_violation_on_the_main_pages(page, django_user_model):
    from accounts.models import Membership
    from initiatives.models import Initiative
    from localities.models import AdministrativeUnit

    # The page fixture gives the session's data: the demo scores and initiatives.
    commune = AdministrativeUnit.objects.communes().current().first()
    official = django_user_model.objects.create_user("canbo", "c@example.gov.vn", "mat-khau-1")
    Membership.objects.create(user=official, role=Membership.Role.COMMUNE_OFFICIAL, unit=commune)
    django_user_model.objects.create_superuser("quantri", "q@example.gov.vn", "mat-khau-2")
    detail = Initiative.objects.published().first().get_absolute_url()

    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH)
    seen: dict[str, list[str]] = {}

    def visit(url: str) -> None:
        response = page.goto(url)
        assert response.status == 200, url
        directives = [d.strip() for d in response.headers["content-security-policy"].split(";")]
        assert "script-src 'self'" in directives
        # goto waits for the load event: every script, style, font and image the page asks
        # for has been allowed or blocked by then; the reports are read a task later.
        seen[url] = page.evaluate(REPORTS)

    for url in ("/", "/sang-kien/", "/chi-so/pci/2016/", detail):
        visit(url)
    visit("/so-sanh/?index=papi&p=38-cu&p=40-cu&start=2011&end=2016")
    assert page.locator("#compare-table").is_visible()

    page.goto("/dang-nhap/")
    page.fill("#id_username", "canbo")
    page.fill("#id_password", "mat-khau-1")
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state()
    visit("/sang-kien/de-xuat/")
    page.fill("#id_title", "Ngày không hẹn")  # the similar-initiatives script fetches
    page.wait_for_selector("#similar .mark-replicated")  # and shows what it found
    seen["/sang-kien/de-xuat/ (typed)"] = page.evaluate(REPORTS)

    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", "quantri")
    page.fill("#id_password", "mat-khau-2")
    page.locator("[type=submit]").click()
    page.wait_for_url("**/admin/")
    visit("/admin/indicators/score/import/")
    visit("/admin/initiatives/initiative/")

    assert {url: found for url, found in seen.items() if found} == {}
    assert [text for text in console if "Content Security Policy" in text] == []
