"""Requests per address: ``settings.API_RATE`` (``PORTAL_API_RATE``, "60/min" by default),
counted in the default cache. Read at each request, so a test may lower it."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class AddressRateThrottle(SimpleRateThrottle):
    scope = "address"

    def get_rate(self) -> str | None:
        return settings.API_RATE or None

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
