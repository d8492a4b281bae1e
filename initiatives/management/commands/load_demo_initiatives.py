from django.core.management.base import BaseCommand, CommandError

from initiatives.demo import DemoDataError, load_demo_initiatives


class Command(BaseCommand):
    help = "Nạp các sáng kiến mẫu nêu trong các bài viết nguồn (chạy lại không nhân đôi)."

    def handle(self, *args, **options) -> None:
        try:
            counts = load_demo_initiatives()
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            self.stdout.write(
                f"Sáng kiến mẫu: {counts['created']} mới, {counts['updated']} cập nhật"
            )
