"""make backup / make restore: a round trip gives every table its rows and every file back."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tests.files import DOCX, PDF

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def load_script():
    spec = importlib.util.spec_from_file_location("portal_backup", ROOT / "scripts" / "backup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def counts_sqlite(path: Path, names: list[str]) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        query = 'SELECT COUNT(*) FROM "{}"'  # table names from Django's introspection
        return {n: db.execute(query.format(n)).fetchone()[0] for n in names}


def counts_postgres(settings_dict: dict, names: list[str]) -> dict[str, int]:
    import psycopg

    with psycopg.connect(
        dbname=settings_dict["NAME"],
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
    ) as db:
        query = 'SELECT COUNT(*) FROM "{}"'  # table names from Django's introspection
        return {n: db.execute(query.format(n)).fetchone()[0] for n in names}


def files_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_backup_and_restore_round_trip(session_data, tmp_path, settings, places, personas):
    from initiatives.models import Attachment, Initiative

    script = load_script()
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    item = Initiative.objects.create(
        title="Sao lưu",
        summary="x",
        implementing_unit="x",
        locality=places["a"],
        level="xa",
        author=personas["official_a"],
    )
    item.transition("submit", personas["official_a"])
    for name, data in (("qd.pdf", PDF), ("bc.docx", DOCX)):
        Attachment.objects.create(
            initiative=item, file=SimpleUploadedFile(name, data), original_name=name, size=len(data)
        )
    names = tables()
    files = files_under(media)
    assert len(files) == 2

    if connection.vendor == "postgresql":
        import psycopg

        live = dict(connection.settings_dict)
        before = counts_postgres(live, names)
        folder = script.backup(live, media, tmp_path / "backups")
        assert (folder / "database.dump").read_bytes().startswith(b"PGDMP")  # custom format
        # Named after the test database, which is this run's and this worker's (test_…_gw0).
        restore_db = f"{live['NAME']}_restore"
        target = {**live, "NAME": restore_db}
        admin = {**live, "NAME": "postgres"}
        with psycopg.connect(
            dbname="postgres",
            host=admin.get("HOST") or None,
            port=admin.get("PORT") or None,
            user=admin.get("USER") or None,
            password=admin.get("PASSWORD") or None,
            autocommit=True,
        ) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{restore_db}"')
            db.execute(f'CREATE DATABASE "{restore_db}"')
            try:
                restored_media = tmp_path / "restored-media"
                script.restore(folder, target, restored_media)
                after = counts_postgres(target, names)
            finally:
                db.execute(f'DROP DATABASE IF EXISTS "{restore_db}" WITH (FORCE)')
    else:
        live_file = tmp_path / "live.sqlite3"
        with sqlite3.connect(live_file) as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
        live = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(live_file)}
        before = counts_sqlite(live_file, names)
        folder = script.backup(live, media, tmp_path / "backups")
        target_file = tmp_path / "restored.sqlite3"
        restored_media = tmp_path / "restored-media"
        script.restore(folder, {**live, "NAME": str(target_file)}, restored_media)
        after = counts_sqlite(target_file, names)

    assert before["initiatives_initiative"] >= 1 and before["localities_administrativeunit"] > 0
    assert after == before
    assert files_under(restored_media) == files
    # Restoring over existing files keeps them aside, never deletes them.
    (restored_media / "stray.txt").write_text("giữ lại")
    if connection.vendor != "postgresql":
        script.restore(folder, {**live, "NAME": str(target_file)}, restored_media)
        assert files_under(restored_media) == files
        aside = [p for p in tmp_path.iterdir() if p.name.startswith("restored-media.before-")]
        assert len(aside) == 1 and (aside[0] / "stray.txt").read_text() == "giữ lại"
