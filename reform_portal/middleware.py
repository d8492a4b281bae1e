"""Vietnamese first: the language is in the URL (/en/… for English, Vietnamese at the root)."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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
