"""Create the local demo accounts for `make run` (one per role), only when DEBUG is on."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Membership
from localities.models import AdministrativeUnit

#: Local development only: the command refuses to run without DEBUG.
ACCOUNTS = (
    ("admin", "admin-cchc-local", "quản trị viên", None),
    ("canbo.xa", "canbo-xa-local", "cán bộ cấp xã", Membership.Role.COMMUNE_OFFICIAL),
    (
        "thamdinh.tinh",
        "thamdinh-local",
        "chuyên viên thẩm định",
        Membership.Role.PROVINCIAL_REVIEWER,
    ),
)


class Command(BaseCommand):
    help = "Tạo tài khoản thử cho mỗi vai trò (chỉ khi DJANGO_DEBUG=true) và in cách đăng nhập."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "ensure_local_accounts chỉ chạy khi DJANGO_DEBUG=true (máy phát triển). "
                "Trên máy chủ, tạo tài khoản bằng `manage.py createsuperuser` và trang quản trị."
            )
        thanh_hoa = AdministrativeUnit.objects.provinces().current().get(code="38")
        commune = (
            AdministrativeUnit.objects.communes()
            .current()
            .filter(parent=thanh_hoa)
            .order_by("code")
            .first()
        )
        units = {
            Membership.Role.COMMUNE_OFFICIAL: commune,
            Membership.Role.PROVINCIAL_REVIEWER: thanh_hoa,
        }
        user_model = get_user_model()
        self.stdout.write("\nTài khoản thử trên máy này (chỉ khi DEBUG bật):")
        for username, password, label, role in ACCOUNTS:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@localhost",
                    "is_staff": role is None,
                    "is_superuser": role is None,
                },
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
            if role is not None:
                Membership.objects.update_or_create(
                    user=user, defaults={"role": role, "unit": units[role]}
                )
            shown = password if user.check_password(password) else "(đã đổi)"
            unit = f" · {units[role].name}" if role else ""
            self.stdout.write(f"  {label:<22} {username:<14} mật khẩu: {shown}{unit}")
        self.stdout.write(
            "  Đăng nhập: http://127.0.0.1:8000/dang-nhap/  ·  Quản trị: http://127.0.0.1:8000/admin/\n"
        )
