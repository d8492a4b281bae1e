"""The self-assessment's demo records (fixtures/assessment/demo_evidence.json), after the demo
initiatives they build on. Idempotent, like load_demo_initiatives."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from initiatives.demo import load_demo_initiatives

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "assessment" / "demo_evidence.json"


class Command(BaseCommand):
    help = "Nạp sáng kiến mẫu cho gói tự đánh giá CCHC (sau sáng kiến mẫu từ các bài viết)."

    def handle(self, *args, **options) -> None:
        counts = load_demo_initiatives(DEMO_FILE)
        if options["verbosity"]:
            self.stdout.write(
                "Sáng kiến mẫu cho tự đánh giá: {created} mới, {updated} cập nhật".format(**counts)
            )
