"""manage.py import_scores FILE [FILE …] [--dry-run]: import indicator scores (CSV or XLSX)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.importing import ImportFileError, import_scores, load_dataset
from spreadsheets.models import ImportRecord

MAX_ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = "Nhập điểm chỉ số từ tệp CSV hoặc XLSX (một lỗi: không ghi dòng nào)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Kiểm tra, không ghi gì.")

    def handle(self, *args, files: list[Path], dry_run: bool, **options) -> None:
        failed = False
        for path in files:
            if not path.exists():
                raise CommandError(f"Không tìm thấy tệp {path}")
            try:
                summary = import_scores(load_dataset(path), dry_run=dry_run)
            except ImportFileError as exc:
                raise CommandError(str(exc)) from exc
            if summary.ok and not dry_run:
                ImportRecord.objects.create(
                    kind=ImportRecord.Kind.SCORES,
                    file_name=path.name[:255],
                    new=summary.new,
                    changed=summary.changed,
                    unchanged=summary.unchanged,
                    changes=summary.changes,
                )
            if summary.ok:
                self.stdout.write(
                    f"{path.name}: {summary.new} mới, {summary.changed} thay đổi, "
                    f"{summary.unchanged} không đổi" + (" (chạy thử, chưa ghi)" if dry_run else "")
                )
            else:
                failed = True
                self.stderr.write(f"{path.name}: {len(summary.errors)} lỗi, không ghi dòng nào:")
                for error in summary.errors[:MAX_ERRORS_SHOWN]:
                    self.stderr.write(f"  {error}")
                if len(summary.errors) > MAX_ERRORS_SHOWN:
                    self.stderr.write(f"  … và {len(summary.errors) - MAX_ERRORS_SHOWN} lỗi khác.")
        if failed:
            raise CommandError("Nhập dữ liệu thất bại: sửa các lỗi trên rồi nhập lại.")
