"""Who is asking, and how often: the client's real address behind trusted proxies (the key of
login lockouts and of the password-reset limit), and the password-reset views that are
rate-limited and lift a lockout once a reset is completed."""

from __future__ import annotations

import hashlib
import ipaddress
import logging

import axes.utils
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache

logger = logging.getLogger(__name__)


def _networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(item, strict=False) for item in settings.PORTAL_TRUSTED_PROXIES]


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str:
    """The socket address, unless it is a trusted proxy (``PORTAL_TRUSTED_PROXIES``): then the
    right-most address of X-Forwarded-For that is not itself a trusted proxy. Addresses a
    client wrote to the left of that are never believed, so nobody can pose as another."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks()
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # garbage where an address should be: keep the proxy's
    return remote


# --- password reset: rate-limited, and a completed reset lifts the login lock ---------------


def _over_limit(kind: str, value: str, limit: int) -> bool:
    """Count one more request for (kind, value) in the current hour; True once over ``limit``."""
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    key = f"portal:reset:{kind}:{digest}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count > limit


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view, but at most ``PORTAL_PASSWORD_RESET_PER_ACCOUNT`` e-mails an hour to one
    address and ``PORTAL_PASSWORD_RESET_PER_CLIENT`` requests an hour from one client. Over the
    limit the page says the same neutral "if the address exists, an e-mail was sent"."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        by_client = _over_limit(
            "client", client_ip(self.request), settings.PORTAL_PASSWORD_RESET_PER_CLIENT
        )
        by_account = _over_limit("account", email, settings.PORTAL_PASSWORD_RESET_PER_ACCOUNT)
        if by_client or by_account:
            logger.warning(
                "password reset refused (rate limit, %s) from %s",
                "client" if by_client else "account",
                client_ip(self.request),
            )
            return super(auth_views.PasswordResetView, self).form_valid(form)  # no e-mail
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A completed reset proves the owner: the login lock of that username is lifted."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes.utils.reset(username=form.user.get_username())
        return response
