from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users' roles in the portal and the unit each acts for."""

    name = "accounts"
    verbose_name = _("Tài khoản và vai trò")
