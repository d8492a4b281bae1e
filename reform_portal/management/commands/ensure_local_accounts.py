"""Create the local administrator account for `make run`, only when DEBUG is on."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

LOCAL_ADMIN_USERNAME = "admin"
LOCAL_ADMIN_PASSWORD = "admin-cchc-local"  # noqa: S105  (local development only, refused without DEBUG)


class Command(BaseCommand):
    help = "Tạo tài khoản quản trị cục bộ (chỉ khi DJANGO_DEBUG=true) và in cách đăng nhập."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "ensure_local_accounts chỉ chạy khi DJANGO_DEBUG=true (máy phát triển). "
                "Trên máy chủ, tạo tài khoản bằng `manage.py createsuperuser`."
            )
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=LOCAL_ADMIN_USERNAME,
            defaults={"email": "admin@localhost", "is_staff": True, "is_superuser": True},
        )
        if created:
            user.set_password(LOCAL_ADMIN_PASSWORD)
            user.save(update_fields=["password"])
        rows = [
            (
                "quản trị viên",
                LOCAL_ADMIN_USERNAME,
                LOCAL_ADMIN_PASSWORD
                if created or user.check_password(LOCAL_ADMIN_PASSWORD)
                else "(đã đổi)",
            )
        ]
        self.stdout.write("")
        self.stdout.write("Tài khoản thử trên máy này (chỉ khi DEBUG bật):")
        for role, username, password in rows:
            self.stdout.write(f"  {role:<16} {username:<12} mật khẩu: {password}")
        self.stdout.write(
            "  Đăng nhập: http://127.0.0.1:8000/dang-nhap/  ·  Quản trị: http://127.0.0.1:8000/admin/"
        )
        self.stdout.write("")
