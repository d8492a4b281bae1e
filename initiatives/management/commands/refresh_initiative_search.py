from django.core.management.base import BaseCommand

from initiatives.models import Initiative


class Command(BaseCommand):
    help = (
        "Tính lại tỉnh, tỉnh hiện nay và cột tìm kiếm của mọi sáng kiến (chạy sau khi sửa đơn vị "
        "hành chính: tên, đơn vị cấp trên, đơn vị kế thừa)."
    )

    def handle(self, *args, **options) -> None:
        changed = Initiative.objects.refresh_derived()
        if options["verbosity"]:
            self.stdout.write(f"Đã cập nhật {changed} sáng kiến.")
