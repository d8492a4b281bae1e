"""``manage.py apply_unit_changes``: give each unit the name and type in force today.

Run it daily (cron, systemd timer): a change recorded ahead of its day (by the loader or an
administrator) renames the unit on the first run on or after that day. Idempotent.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand

from localities.changes import apply_unit_changes


class Command(BaseCommand):
    help = (
        "Copy the name and type in force today (or on --date) from the units' name periods onto "
        "the units. Safe to run again: a second run the same day changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day to apply (YYYY-MM-DD); today in Asia/Ho_Chi_Minh by default.",
        )

    def handle(self, *args, **options) -> None:
        count = apply_unit_changes(today=options["date"])
        if options["verbosity"] >= 1:
            self.stdout.write(f"{count} units renamed to the name in force.")
