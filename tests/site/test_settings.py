"""Production settings refuse to start half-configured; the deploy check is clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_django(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "cchc.example.gov.vn"}, "DJANGO_SECRET_KEY is not set"),
        ({"DJANGO_SECRET_KEY": "x" * 60}, "DJANGO_ALLOWED_HOSTS is not set"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be true or false"),
    ],
)
def test_production_refuses_half_configured(env, message, tmp_path):
    result = run_django({"DJANGO_VAR_DIR": str(tmp_path), **env}, "check")
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize("command", ["check", "makemigrations", "migrate"])
def test_every_command_says_what_is_missing_in_one_line(command, tmp_path):
    # In an environment as bare as a fresh shell's, commands that need the models used to end
    # in a traceback ("Models aren't loaded yet") instead of naming the missing setting.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", command],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DJANGO_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "Cấu hình chưa đủ / configuration incomplete: DJANGO_SECRET_KEY is not set. Set it (or "
        "DJANGO_SECRET_KEY_FILE) to a long random string, or set DJANGO_DEBUG=true for local "
        "development."
    ]


def test_secret_key_can_come_from_a_file(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("s" * 60 + "\n")
    result = run_django(
        {
            "DJANGO_VAR_DIR": str(tmp_path),
            "DJANGO_SECRET_KEY_FILE": str(secret_file),
            "DJANGO_ALLOWED_HOSTS": "cchc.example.gov.vn",
            "DATABASE_URL": "postgres://portal@db.internal:5432/portal",
        },
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY == 's' * 60); "
        "print(settings.DATABASES['default']['OPTIONS'])",
    )
    assert result.returncode == 0, result.stderr
    secret_read, options = result.stdout.strip().splitlines()
    assert secret_read == "True", result.stderr
    # Outside the suite, commits wait for the disk (PostgreSQL's default is left alone).
    assert options == "{'connect_timeout': 5}"


@pytest.mark.django_db
def test_the_suite_does_not_wait_for_the_disk_on_postgresql():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "off"
        else:  # the suite's SQLite database lives in memory
            assert connection.is_in_memory_db()


def test_check_deploy_is_clean_with_production_environment(tmp_path):
    result = run_django(
        {
            "DJANGO_VAR_DIR": str(tmp_path),
            "DJANGO_SECRET_KEY": "k" * 30 + "Zq8-" + "m" * 30,
            "DJANGO_ALLOWED_HOSTS": "cchc.example.gov.vn",
            "DATABASE_URL": "postgres://portal@db.internal:5432/portal",
            "DJANGO_SITE_URL": "https://cchc.example.gov.vn",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sqlite_in_production_is_flagged(tmp_path):
    result = run_django(
        {
            "DJANGO_VAR_DIR": str(tmp_path),
            "DJANGO_SECRET_KEY": "k" * 30 + "Zq8-" + "m" * 30,
            "DJANGO_ALLOWED_HOSTS": "cchc.example.gov.vn",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode != 0
    assert "reform_portal.W001" in result.stdout + result.stderr


def test_a_missing_site_address_is_flagged(tmp_path):
    result = run_django(
        {
            "DJANGO_VAR_DIR": str(tmp_path),
            "DJANGO_SECRET_KEY": "k" * 30 + "Zq8-" + "m" * 30,
            "DJANGO_ALLOWED_HOSTS": "cchc.example.gov.vn",
            "DATABASE_URL": "postgres://portal@db.internal:5432/portal",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode != 0
    assert "reform_portal.W002" in result.stdout + result.stderr
