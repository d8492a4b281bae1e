from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReformPortalConfig(AppConfig):
    name = "reform_portal"
    verbose_name = _("Cổng sáng kiến CCHC")

    def ready(self) -> None:
        from reform_portal import checks  # noqa: F401  (registers the system checks)
