"""/api/v1/ (JSON API, schema, docs) and /du-lieu/ (the open-data page and its downloads)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api import pages, views

app_name = "api"

LIST = {"get": "list"}
DETAIL = {"get": "retrieve"}

urlpatterns = [
    path("api/v1/indices/", views.IndexViewSet.as_view(LIST), name="index-list"),
    path("api/v1/indices/<slug:code>/", views.IndexViewSet.as_view(DETAIL), name="index-detail"),
    path("api/v1/editions/", views.EditionViewSet.as_view(LIST), name="edition-list"),
    path(
        "api/v1/editions/<slug:index>/<int:year>/",
        views.EditionViewSet.as_view(DETAIL),
        name="edition-detail",
    ),
    path("api/v1/scores/", views.ScoreViewSet.as_view(LIST), name="score-list"),
    path("api/v1/provinces/", views.ProvinceViewSet.as_view(LIST), name="province-list"),
    re_path(
        r"^api/v1/provinces/(?P<key>[0-9]{2}(?:-cu)?)/$",
        views.ProvinceViewSet.as_view(DETAIL),
        name="province-detail",
    ),
    path("api/v1/initiatives/", views.InitiativeViewSet.as_view(LIST), name="initiative-list"),
    path(
        "api/v1/initiatives/<slug:slug>/",
        views.InitiativeViewSet.as_view(DETAIL),
        name="initiative-detail",
    ),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    # Last of the API: an unknown address under /api/ answers a JSON 404.
    re_path(r"^api/(?:[\s\S]*/)?$", views.not_found),
    path("du-lieu/", pages.open_data, name="open_data"),
    path("du-lieu/<slug:dataset>.<str:fmt>", pages.download, name="download"),
]
