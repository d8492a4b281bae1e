"""``manage.py load_localities``: load or refresh the administrative units (idempotent)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from localities.changes import load_unit_changes
from localities.loading import load_units


class Command(BaseCommand):
    help = (
        "Load the administrative units: the 34 provinces and 3,321 communes in force since "
        "1 July 2025, the 63 pre-2025 provinces with their districts and communes, Hà Tây, and "
        "the 63 → 34 succession, and the changes of type and name since "
        "(fixtures/units_2026_amendments.csv, Thừa Thiên Huế → Huế). Safe to run again: it changes "
        "only what differs and never overwrites a unit edited by an administrator."
    )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        report = load_units()
        changes = load_unit_changes()
        elapsed = time.perf_counter() - started
        if options["verbosity"] >= 1:
            self.stdout.write(f"{report.summary()} {changes.summary()} ({elapsed:.1f} s)")
