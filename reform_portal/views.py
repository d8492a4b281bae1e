"""Site-level views: home page, health check, error pages."""

from __future__ import annotations

import logging
import sys

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from indicators.queries import index_overview
from initiatives.cache import cached
from initiatives.models import Initiative
from reform_portal.middleware import DATABASE_ERRORS, database_unavailable

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """The same for everyone: the counts, the recent list and the index leaders are cached
    until the next write to initiatives or indicators (initiatives.cache)."""
    return render(request, "home.html", cached("home", "", _home_context))


def _home_context() -> dict:
    published = Initiative.objects.published()
    return {
        "overview": index_overview(limit=3),
        # Read in the order of the index initiative_sort_updated.
        "recent": list(
            published.select_related("current_province")
            .only("title", "slug", "current_province__short_name")
            .order_by("-updated_at", "-pk")[:6]
        ),
        "initiative_count": published.count(),
    }


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers a query, 503 otherwise (for load balancers and Docker)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health check: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the database may be the problem.
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):  # raised outside a view
        return database_unavailable()

    template = loader.get_template("500.html")
    return HttpResponse(template.render({}), status=500)
