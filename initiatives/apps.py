from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Sáng kiến")

    def ready(self) -> None:
        # The receivers that invalidate the cached pages on write.
        from initiatives import cache

        cache.connect()
