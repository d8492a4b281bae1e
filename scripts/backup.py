"""Back up and restore the portal: the database and the uploaded files.

    python scripts/backup.py backup [--dir BACKUP_DIR]     # make backup
    python scripts/backup.py restore BACKUP                # make restore BACKUP=...

A backup is one folder ``BACKUP_DIR/portal-YYYYmmdd-HHMMSS/`` holding
- ``database.dump``: PostgreSQL in pg_dump's custom format (``pg_dump -Fc``), restored with
  ``pg_restore --clean --if-exists --no-owner``; or ``database.sqlite3``: the SQLite file copied
  with SQLite's online backup API (consistent while the portal runs);
- ``media.tar``: every file under MEDIA_ROOT (attachments).

Restore replaces the database's content and puts the archived files in MEDIA_ROOT; the files
there before are moved aside to ``MEDIA_ROOT.before-restore-<time>``, never deleted.
The database and MEDIA_ROOT are those of the settings (DATABASE_URL, DJANGO_MEDIA_ROOT).
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def is_postgres(database: dict) -> bool:
    return "postgresql" in database["ENGINE"]


def pg_args(database: dict) -> tuple[list[str], dict]:
    """Connection arguments and environment (the password never on the command line)."""
    args = ["--dbname", database["NAME"]]
    if database.get("HOST"):
        args += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", database["USER"]]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return args, env


def program(name: str) -> str:
    """The full path of a PostgreSQL client program, or a clear message."""
    path = shutil.which(name)
    if path is None:
        raise SystemExit(
            f"{name} not found: install the PostgreSQL client (apt-get install postgresql-client)"
        )
    return path


def backup(database: dict, media_root: Path, backup_dir: Path) -> Path:
    """Write a backup folder under ``backup_dir`` and return it."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = Path(backup_dir) / f"portal-{stamp}"
    target.mkdir(parents=True)
    if is_postgres(database):
        args, env = pg_args(database)
        subprocess.run(  # noqa: S603  (our own arguments, no shell)
            [
                program("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(target / "database.dump"),
                *args,
            ],
            check=True,
            env=env,
        )
    else:
        source = sqlite3.connect(database["NAME"])
        copy = sqlite3.connect(target / "database.sqlite3")
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    with tarfile.open(target / "media.tar", "w") as archive:
        if Path(media_root).is_dir():
            for path in sorted(Path(media_root).rglob("*")):
                archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
    return target


def restore(source: Path, database: dict, media_root: Path) -> None:
    """Put the database and the files of the backup folder ``source`` in place."""
    source = Path(source)
    if is_postgres(database):
        dump = source / "database.dump"
        if not dump.is_file():
            raise SystemExit(f"{dump} not found: not a PostgreSQL backup of the portal")
        args, env = pg_args(database)
        subprocess.run(  # noqa: S603  (our own arguments, no shell)
            [
                program("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(dump),
            ],
            check=True,
            env=env,
        )
    else:
        copy = source / "database.sqlite3"
        if not copy.is_file():
            raise SystemExit(f"{copy} not found: not a SQLite backup of the portal")
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        backup_file = sqlite3.connect(copy)
        live = sqlite3.connect(database["NAME"])
        try:
            backup_file.backup(live)
        finally:
            live.close()
            backup_file.close()
    media_root = Path(media_root)
    if media_root.exists() and any(media_root.iterdir()):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        media_root.rename(media_root.with_name(f"{media_root.name}.before-restore-{stamp}"))
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar") as archive:
        archive.extractall(media_root, filter="data")  # no absolute paths, no "..", no links out


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reform_portal.settings")
    import django
    from django.conf import settings

    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="back up the database and the uploaded files")
    make.add_argument(
        "--dir",
        default=os.environ.get("BACKUP_DIR") or str(Path(settings.MEDIA_ROOT).parent / "backups"),
        help="folder that receives the backup (BACKUP_DIR; default var/backups)",
    )
    put = commands.add_parser("restore", help="restore a backup folder made by `backup`")
    put.add_argument("backup", help="the backup folder (BACKUP_DIR/portal-...)")
    options = parser.parse_args(argv)
    database = settings.DATABASES["default"]
    if options.command == "backup":
        target = backup(database, Path(settings.MEDIA_ROOT), Path(options.dir))
        print(f"backup written to {target}")
    else:
        restore(Path(options.backup), database, Path(settings.MEDIA_ROOT))
        print(f"restored {options.backup} into {database['NAME']} and {settings.MEDIA_ROOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
