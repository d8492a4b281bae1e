"""Site middleware: Vietnamese first (the language is in the URL: /en/… for English,
Vietnamese at the root), request bodies bounded before they are read, a Permissions-Policy,
and a 503 when the database does not answer."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

logger = logging.getLogger(__name__)

#: Addresses outside ``i18n_patterns`` (never prefixed): they follow the language last chosen
#: with the switch (its cookie), else Vietnamese.
UNPREFIXED = ("/admin/", "/healthz", "/i18n/", "/api/")


class PortalLocaleMiddleware(LocaleMiddleware):
    """Like Django's, but ignores the browser's Accept-Language: officials on an English
    browser still get the Vietnamese portal at the root; the English pages live under /en/."""

    def process_request(self, request) -> None:
        from_path = translation.get_language_from_path(request.path_info)
        if from_path:
            language = from_path
        elif request.path_info.startswith(UNPREFIXED):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            supported = {code for code, _name in settings.LANGUAGES}
            language = chosen if chosen in supported else settings.LANGUAGE_CODE
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# --- production hardening --------------------------------------------------------------------


class RequestSizeLimitMiddleware:
    """Refuse a request body over the limit from its declared length, before anything reads it
    (no upload handler runs, no temporary file is written). Anonymous visitors only post small
    forms (login, password reset); staff may post an import file under /admin/; signed-in users
    may post the submission form with its attachments. Placed after the authentication
    middleware (which reads only the session) and before the CSRF middleware (which reads the
    body)."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def limit(request) -> int:
        if not request.user.is_authenticated:
            return settings.PORTAL_ANONYMOUS_MAX_BODY_SIZE
        if request.path_info.startswith("/admin/"):
            return settings.IMPORT_MAX_FILE_SIZE + settings.PORTAL_FORM_OVERHEAD
        return settings.PORTAL_UPLOAD_MAX_BODY_SIZE

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > self.limit(request):
            from django.template import loader

            body = loader.render_to_string(
                "413.html", {"limit_mb": self.limit(request) // (1024 * 1024)}
            )
            return HttpResponse(body, status=413)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """A Permissions-Policy header: the portal uses no camera, microphone, location, etc."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PORTAL_PERMISSIONS_POLICY)
        return response


DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable() -> HttpResponse:
    """503 with Retry-After and a page that needs no database."""
    from django.template import loader

    response = HttpResponse(loader.get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(settings.PORTAL_RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """A database that does not answer (restart, failover, network) gives a 503 with
    Retry-After and the "thử lại sau ít phút" page, not a 500. Errors raised outside a view go
    to handler500, which answers the same way (reform_portal.views.server_error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("database unavailable on %s: %s", request.path, exception)
            return database_unavailable()
        return None
