"""Shared fixtures: reference data loaded once, personas, and a Playwright browser."""

from __future__ import annotations

import gc
import os
import shutil

import pytest
from django.core.management import call_command

# The suite keeps much alive (the session's rows, Django's caches, the live server): the
# cyclic collector, run every 700 allocations by default, took 11 s of CPU per worker (gc
# callbacks, a run of make test); with these thresholds 3 s. A test's garbage is still freed
# by reference counting as it goes; only cycles wait longer.
gc.set_threshold(50_000, 50, 100)

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


@pytest.fixture(scope="session")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, once for the session: the indicator reference data with the published
    scores (PCI 2005–2016, PAPI 2011–2016, seed facts) and the 16 demo initiatives."""
    with django_db_blocker.unblock():
        call_command("load_indicator_demo", verbosity=0)  # runs load_indicator_reference too
        call_command("load_demo_initiatives", verbosity=0)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language. A request to an /en/ page leaves English
    active in the thread; a test calling an importer directly would then get its messages in
    English or Vietnamese depending on which test ran before it on that worker."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a rolled-back test must not leave its pages or
    counts behind (initiatives.cache)."""
    from django.core.cache import cache

    cache.clear()


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


#: Tables that a flush empties and its post_migrate signal fills again with new keys.
NOT_SNAPSHOT = {"contenttypes.contenttype", "auth.permission"}
#: The session's rows once read (session_rows), for the restore after each flush.
_SNAPSHOT: list = []


def is_transactional(item: pytest.Item) -> bool:
    """pytest-django's own rule: the test's database is flushed after it, not rolled back."""
    from pytest_django.plugin import validate_django_db

    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if marker:
        transaction, reset_sequences, *_rest = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    return "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The transactional tests (the browser's, the longest) run first, so that the suite
    ends on short tests and no worker waits for another's long one (pytest-django put them
    after the other database tests). Each of them must use session_data: the flush after it
    empties the session's data, which the restore after it writes back."""
    for item in items:
        if is_transactional(item) and "session_data" not in getattr(item, "fixturenames", ()):
            raise pytest.UsageError(
                f"{item.nodeid} is transactional: it must use the session_data fixture"
            )
    items.sort(key=lambda item: not is_transactional(item))  # stable: the rest keep order


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After a transactional test's flush, the session's data is written back, so that every
    test, transactional or not, starts with it."""
    result = yield
    if _SNAPSHOT and nextitem is not None and is_transactional(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore_if_flushed(_SNAPSHOT)
    return result


@pytest.fixture(scope="session")
def session_rows(demo_data, django_db_blocker):
    """Every row of the session's data (units, indices, scores, demo initiatives) as the
    database holds it, read once before the first browser test: transactional tests are
    flushed after each test."""
    from django.apps import apps
    from django.db import connection

    quote = connection.ops.quote_name
    snapshot = []
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or meta.label_lower in NOT_SNAPSHOT:
                continue
            columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
            cursor.execute(f"SELECT {columns} FROM {quote(meta.db_table)}")  # noqa: S608
            rows = cursor.fetchall()
            if rows:
                assert not any(
                    field.related_model and field.related_model._meta.label_lower in NOT_SNAPSHOT
                    for field in meta.concrete_fields
                ), f"{meta.label} points at a table that the flush renumbers"
                snapshot.append((model, columns, rows))
    assert any(model._meta.label == "localities.AdministrativeUnit" for model, _, _ in snapshot), (
        "the session's data was flushed before it was read: every transactional test must "
        "use the session_data fixture (the page fixture does)"
    )
    _SNAPSHOT[:] = snapshot
    return snapshot


@pytest.fixture
def session_data(transactional_db, session_rows):
    """The session's data in a transactional test: still there in the first one, written back
    as it was read (one COPY or INSERT per table) after a flush."""
    restore_if_flushed(session_rows)


def restore_if_flushed(session_rows):
    """Write the snapshot back into the tables a flush emptied (one COPY or INSERT each)."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from localities.models import AdministrativeUnit

    if AdministrativeUnit.objects.exists():
        return
    quote = connection.ops.quote_name
    # Foreign keys are checked at commit, so the order of the tables does not matter.
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            if cursor.fetchone()[0]:
                # The rows are the snapshot of a consistent database: PostgreSQL need not
                # check their 50,000 foreign keys at commit (a third of the restore).
                cursor.execute("SET LOCAL session_replication_role = replica")
        for model, columns, rows in session_rows:
            table = quote(model._meta.db_table)
            if connection.vendor == "postgresql":  # COPY: one stream instead of a row each
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(rows[0]))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
        models = [model for model, _, _ in session_rows]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@pytest.fixture
def page(browser, live_server, session_data):
    """A fresh browser tab on the session's live server, with the session's data."""
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


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
