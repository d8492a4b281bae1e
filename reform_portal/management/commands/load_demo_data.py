"""Reference and demo data for `make run`: units, indicator scores, initiatives. Idempotent."""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

STEPS = [
    ("load_localities", "đơn vị hành chính"),
    ("load_indicator_demo", "chỉ số (PCI 2005–2016, PAPI 2011–2016, số liệu bài viết)"),
    ("load_published_editions", "các kỳ chỉ số 2017–2024 đã công bố công khai"),
    ("load_demo_initiatives", "sáng kiến mẫu từ các bài viết"),
    ("load_par_criteria", "bộ tiêu chí PAR-Index 2019, 2022, 2024"),
    ("load_assessment_demo", "sáng kiến mẫu cho gói tự đánh giá CCHC 2024"),
]


class Command(BaseCommand):
    help = "Nạp dữ liệu tham chiếu và dữ liệu mẫu (chạy lại không nhân đôi dữ liệu)."

    def handle(self, *args, **options) -> None:
        verbosity = options["verbosity"]
        for command, label in STEPS:
            started = time.perf_counter()
            call_command(command, verbosity=max(verbosity - 1, 0))
            if verbosity:
                self.stdout.write(f"  ✓ {label} ({time.perf_counter() - started:.1f} s)")
