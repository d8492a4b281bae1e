"""The read-only JSON API, /api/v1/: indices, editions, scores, provinces, initiatives.

Every list runs a fixed number of queries whatever its length (tests/api/test_queries.py).
Every 200 answer carries an ETag (and a Last-Modified where the rows have an update time);
a request repeating it with If-None-Match or If-Modified-Since gets 304 without the body."""

from __future__ import annotations

import datetime

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import http_date
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from api import filters, serializers
from indicators.models import Component, Edition, Index, Score
from initiatives.models import Initiative, InitiativeTarget
from localities.models import AdministrativeUnit


class ConditionalMixin:
    """ETag of the body (as Django's ConditionalGetMiddleware computes it) and Last-Modified
    when the view knows it; a matching conditional GET gets 304. Only the API uses it."""

    last_modified: datetime.datetime | None = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        set_response_etag(response)
        timestamp = None
        if self.last_modified is not None:
            timestamp = int(self.last_modified.timestamp())
            response["Last-Modified"] = http_date(timestamp)
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=timestamp, response=response
        )


class ReadOnlyViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    pass


class IndexViewSet(ReadOnlyViewSet):
    """The four indices with their components."""

    serializer_class = serializers.IndexSerializer
    lookup_field = "code"
    pagination_class = None
    queryset = Index.objects.prefetch_related(
        Prefetch(
            "components",
            queryset=Component.objects.select_related("parent").order_by("order", "code"),
        )
    ).order_by("order", "code")


class EditionViewSet(ReadOnlyViewSet):
    """Editions (one per index and year) with their coverage: how many provinces have a
    published total, of how many the edition assesses."""

    serializer_class = serializers.EditionSerializer
    filterset_class = filters.EditionFilter
    queryset = (
        Edition.objects.select_related("index")
        .annotate(
            known=Count(
                "scores",
                filter=Q(
                    scores__component__isnull=True,
                    scores__status__in=[Score.Status.PUBLISHED, Score.Status.CONFLICT],
                ),
            ),
            held=Count("scores", filter=Q(scores__component__isnull=True)),
        )
        .order_by("index__order", "-year")
    )

    def get_object(self) -> Edition:
        return get_object_or_404(
            self.get_queryset(), index__code=self.kwargs["index"], year=self.kwargs["year"]
        )


class ScoreViewSet(ReadOnlyViewSet):
    """Scores by edition, province or component (the total has ``component`` null). A former
    province's scores stay with it: ``38-cu`` is Thanh Hóa before 1 July 2025."""

    serializer_class = serializers.ScoreSerializer
    filterset_class = filters.ScoreFilter
    queryset = Score.objects.select_related("edition__index", "province", "component").order_by(
        "edition__index__order",
        "-edition__year",
        "component__order",
        "component__code",
        "rank",
        "province__code",
        "pk",
    )


class ProvinceViewSet(ReadOnlyViewSet):
    """Provinces of every period: the 34 in force and the 63 (and Hà Tây) before them, each
    with its successor, its predecessors and its names by period."""

    serializer_class = serializers.ProvinceSerializer
    filterset_class = filters.ProvinceFilter
    lookup_field = "key"
    lookup_value_regex = r"[0-9]{2}(-cu)?"
    queryset = (
        AdministrativeUnit.objects.provinces()
        .select_related("successor")
        .prefetch_related("name_periods", "predecessors")
        .order_by("valid_to", "code", "valid_from")
    )

    def get_object(self) -> AdministrativeUnit:
        unit = (
            self.get_queryset()
            .filter(filters.province_q("", self.kwargs["key"]))
            .order_by("-valid_from")
            .first()
        )
        if unit is None:
            return get_object_or_404(AdministrativeUnit.objects.none())
        return unit


class InitiativeViewSet(ReadOnlyViewSet):
    """Approved initiatives only, with their facets; the query parameters are the
    catalogue's (/sang-kien/): ``tinh``, ``cap``, ``linh_vuc``, ``chi_so``, ``thanh_phan``,
    ``giai_doan``, ``nam``, ``q``."""

    serializer_class = serializers.InitiativeSerializer
    filterset_class = filters.InitiativeFilter
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Initiative]:
        return (
            Initiative.objects.published()
            .select_related("locality", "province", "current_province", "replicated_from")
            .prefetch_related(
                "areas",
                Prefetch(
                    "targets",
                    queryset=InitiativeTarget.objects.select_related("index", "component"),
                ),
                "sources",
            )
            .order_by("-updated_at", "-pk")
        )

    def list(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset())
        # Last-Modified: the latest change among the rows asked for (one aggregate query).
        self.last_modified = rows.order_by().aggregate(last=Max("updated_at"))["last"]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        self.last_modified = item.updated_at
        return Response(self.get_serializer(item).data)


@extend_schema(exclude=True)
@api_view(["GET", "HEAD"])
def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404 like the API's own, not the site's page."""
    raise NotFound
