"""Whole public pages, cached for visitors who are not signed in, until the data changes.

The public pages (home, catalogue, an initiative, a province, rankings, maps, compare, the cross
view) are the same for every anonymous visitor of the same address in the same language. Their
HTML is kept in Django's cache under a key made of the data version (initiatives.cache: any
write to what these pages show sets a new one), the language and the full path with its query
string. A repeated request is then answered from the cache; the first visit to an address, and
the first after a write, render as usual.

What is never served from here or stored:
- a request that carries a session or messages cookie (someone signed in, a flash message);
- anything but a GET, an export (``?format=``), a response that is not a 200 HTML page, one
  that sets a cookie or a CSRF token, one marked private or no-store, or one over
  ``MAX_BYTES``;
- views not named in ``CACHED_VIEWS``.

Headers added by the outer middleware (CSP, security, language, Vary) are added to a cached
page afresh, as to a rendered one. ``PORTAL_PAGE_CACHE_SECONDS=0`` turns the cache off.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from initiatives.cache import data_version

#: URL names of the public pages kept whole.
CACHED_VIEWS = frozenset(
    {
        "home",
        "province_list",
        "province_detail",
        "former_province_detail",
        "cross_view",
        "indicators:index",
        "indicators:ranking",
        "indicators:ranking_map",
        "indicators:compare",
        "initiatives:list",
        "initiatives:detail",
        "initiatives:map",
    }
)
#: Pages larger than this are rendered each time rather than filling the cache.
MAX_BYTES = 1024 * 1024
#: Addresses longer than this (odd query strings) are not cached.
MAX_PATH = 1000
HEADER = "X-Page-Cache"


def page_key(request: HttpRequest) -> str | None:
    """The cache key of this request's page, or None when it must be rendered."""
    if settings.PORTAL_PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
        return None
    match = request.resolver_match
    if match is None or match.view_name not in CACHED_VIEWS:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in (
        request.COOKIES
    ):
        return None
    if "format" in request.GET:
        return None
    path = request.get_full_path()
    if len(path) > MAX_PATH:
        return None
    digest = hashlib.sha1(path.encode(), usedforsecurity=False).hexdigest()
    return f"portal:page:{data_version()}:{get_language() or 'vi'}:{digest}"


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    return isinstance(response, HttpResponse) and len(response.content) <= MAX_BYTES


class PublicPageCacheMiddleware:
    """Serves and stores the pages of ``CACHED_VIEWS`` (see the module docstring). Placed after
    the session, locale, authentication and messages middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and not response.has_header(HEADER) and _storable(request, response):
            assert isinstance(response, HttpResponse)
            cache.set(
                key,
                (response.content, response["Content-Type"]),
                settings.PORTAL_PAGE_CACHE_SECONDS,
            )
            response[HEADER] = "miss"
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        key = page_key(request)
        if key is None:
            return None
        stored = cache.get(key)
        if stored is None:
            request._page_cache_key = key  # type: ignore[attr-defined]
            return None
        content, content_type = stored
        response = HttpResponse(content, content_type=content_type)
        response[HEADER] = "hit"
        # As the rendered page says: it differs for someone signed in.
        patch_vary_headers(response, ("Cookie",))
        return response
