"""Shared fixtures: reference data loaded once, personas, and a Playwright browser."""

from __future__ import annotations

import os
import shutil

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("PORTAL_REQUIRE_BROWSER", "").lower() == "true"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the administrative units once for the whole session (they are reference data)."""
    with django_db_blocker.unblock():
        call_command("load_localities", verbosity=0)


# --- personas -------------------------------------------------------------------------------


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="quantri", email="quantri@example.gov.vn", password="mat-khau-quan-tri"
    )


# --- browser --------------------------------------------------------------------------------


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which(CHROMIUM) is not None


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        message = f"Chromium not found at {CHROMIUM}: browser tests skipped"
        if REQUIRE_BROWSER:
            pytest.fail(message + " (PORTAL_REQUIRE_BROWSER=true)")
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test
    # itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def reference_units(transactional_db):
    """Browser tests run in transactional tests, which are flushed: reload the units."""
    call_command("load_localities", verbosity=0)


# --- workflow personas: two communes of one province, a reviewer there and elsewhere -------


@pytest.fixture
def places(db):
    from localities.models import AdministrativeUnit

    units = AdministrativeUnit.objects
    thanh_hoa = units.provinces().current().get(code="38")
    nghe_an = units.provinces().current().get(code="40")
    commune_a, commune_b = units.communes().current().filter(parent=thanh_hoa).order_by("code")[:2]
    return {"province": thanh_hoa, "other_province": nghe_an, "a": commune_a, "b": commune_b}


def make_member(django_user_model, username, role, unit):
    from accounts.models import Membership

    user = django_user_model.objects.create_user(
        username, f"{username}@example.gov.vn", "mat-khau-thu-nghiem"
    )
    if role:
        Membership.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def personas(places, django_user_model, admin_user):
    from accounts.models import Membership

    role = Membership.Role
    return {
        "anonymous": None,
        "official_a": make_member(django_user_model, "canbo_a", role.COMMUNE_OFFICIAL, places["a"]),
        "official_b": make_member(django_user_model, "canbo_b", role.COMMUNE_OFFICIAL, places["b"]),
        "reviewer": make_member(
            django_user_model, "thamdinh", role.PROVINCIAL_REVIEWER, places["province"]
        ),
        "other_reviewer": make_member(
            django_user_model, "thamdinh_khac", role.PROVINCIAL_REVIEWER, places["other_province"]
        ),
        "admin": admin_user,
    }
