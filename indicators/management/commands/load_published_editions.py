"""The editions 2017–2024 as publicly known (fixtures/indicators/web_2017_2024/). Merges."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from indicators.published import load_published


class Command(BaseCommand):
    help = (
        "Nạp các kỳ chỉ số 2017–2024 đã công bố công khai (mỗi điểm giữ nguồn riêng); chạy lại "
        "không nhân đôi dữ liệu và không ghi đè điểm quản trị viên đã sửa."
    )

    def handle(self, *args, **options) -> None:
        summary = load_published()
        if summary.errors:
            raise CommandError("; ".join(summary.errors[:10]))
        if options["verbosity"]:
            self.stdout.write(
                f"{summary.created} mới, {summary.updated} thay đổi, {summary.unchanged} không "
                f"đổi, {summary.kept} giữ nguyên (đã sửa tay hoặc từ nguồn khác); "
                f"{summary.editions_created} kỳ công bố mới"
            )
