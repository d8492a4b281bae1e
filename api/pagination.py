"""limit/offset pagination: ``?limit=100&offset=200``; at most 1,000 rows a page."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 1000
