"""Load the PAR-Index criteria sets (fixtures/assessment/par_criteria.json). Idempotent; an
administrator's edits are kept."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from assessment.loading import load_criteria


class Command(BaseCommand):
    help = "Nạp các bộ tiêu chí PAR-Index theo năm (giữ nguyên chỗ quản trị viên đã sửa)."

    def handle(self, *args, **options) -> None:
        counts = load_criteria()
        if options["verbosity"]:
            self.stdout.write(
                "Bộ tiêu chí PAR-Index: {created} mới, {updated} cập nhật, "
                "{kept} giữ nguyên do quản trị viên đã sửa".format(**counts)
            )
