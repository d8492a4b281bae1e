"""CORS for the API, for reading only: django-cors-headers answers the preflight and adds the
headers to GET, HEAD and OPTIONS responses under ``CORS_URLS_REGEX`` (/api/). A POST (which the
read-only API refuses anyway) gets no Access-Control-Allow-Origin, so a page on another site
cannot read even its error."""

from __future__ import annotations

from corsheaders.middleware import CorsMiddleware
from django.http import HttpRequest
from django.http.response import HttpResponseBase

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReadOnlyCorsMiddleware(CorsMiddleware):
    def add_response_headers(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.method not in READ_METHODS:
            return response
        return super().add_response_headers(request, response)
