"""ImportRecord (localities → spreadsheets) and Membership (initiatives → accounts) moved apps.
From the schema as it was before the move, `migrate` renames their tables and keeps every row
and every permission granted on them. Run with `manage.py` on a database of its own, of the same
kind as the suite's (a SQLite file, or a throwaway PostgreSQL database)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """
from django.core.management import call_command
for target in (["auth"], ["localities", "0002"], ["initiatives", "0003"]):
    call_command("migrate", *target, verbosity=0)
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
with connection.cursor() as c:
    user = User.objects.create(username="cu")
    c.execute(
        "INSERT INTO localities_administrativeunit (code, name, short_name, unit_type, level,"
        " search_key, source, edited_by_admin, english_name)"
        " VALUES ('99999', 'Xã Thử', 'Thử', 'xa', 3, 'thu', 'admin', %s, '')", [False])
    c.execute("SELECT id FROM localities_administrativeunit WHERE code = '99999'")
    unit = c.fetchone()[0]
    c.execute(
        "INSERT INTO localities_importrecord (kind, file_name, user_id, created_at, new, changed,"
        " unchanged) VALUES ('scores', 'diem.xlsx', %s, CURRENT_TIMESTAMP, 3, 0, 0)", [user.pk])
    c.execute(
        "INSERT INTO initiatives_membership (role, unit_id, user_id)"
        " VALUES ('commune_official', %s, %s)", [unit, user.pk])
for app_label, model in (("localities", "importrecord"), ("initiatives", "membership")):
    ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=ct, codename="view_" + model, defaults={"name": model})
    user.user_permissions.add(perm)
call_command("migrate", verbosity=0)
from accounts.models import Membership
from django.contrib.auth.models import User
from spreadsheets.models import ImportRecord
r = ImportRecord.objects.get()
m = Membership.objects.get()
print(r.file_name, r.new, r.user.username, m.role, m.unit.code, m.user.username)
print(sorted(User.objects.get(username="cu").get_all_permissions()))
"""


@pytest.fixture
def database_url(tmp_path, django_db_blocker):
    url = settings.DATABASES["default"]
    if url["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'moved.sqlite3'}"
        return
    name = f"moved_tables_{uuid.uuid4().hex[:8]}"
    server = f"postgres://{url['USER']}@{url['HOST'] or '127.0.0.1'}:{url['PORT'] or 5432}"
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _manage(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "true"}
    env.pop("DJANGO_TESTING", None)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-600:]
    return done.stdout


def test_migrate_keeps_rows_and_permissions_of_the_moved_models(database_url):
    lines = _manage(database_url, "shell", "-c", SCRIPT).splitlines()
    assert lines[-2] == "diem.xlsx 3 cu commune_official 99999 cu"
    assert lines[-1] == "['accounts.view_membership', 'spreadsheets.view_importrecord']"
