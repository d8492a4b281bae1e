from django.core.management.base import BaseCommand

from indicators.reference import load_reference


class Command(BaseCommand):
    help = "Nạp bốn bộ chỉ số, các thành phần và tên gọi khác của chúng (chạy lại không đổi gì)."

    def handle(self, *args, **options) -> None:
        counts = load_reference()
        if options["verbosity"]:
            self.stdout.write(
                f"Chỉ số và thành phần: {counts['created']} mới, {counts['updated']} cập nhật, "
                f"{counts['unchanged']} không đổi"
            )
