"""Site-level pages that combine the apps (province profile, cross view)."""

from django.urls import path

from reform_portal import cross_views, finder_views, province_views

urlpatterns = [
    path("tinh/", finder_views.province_list, name="province_list"),
    path("tinh/<str:code>/", province_views.province_detail, name="province_detail"),
    path(
        "tinh-cu/<str:code>/", province_views.former_province_detail, name="former_province_detail"
    ),
    path("doi-chieu/", cross_views.cross_view, name="cross_view"),
]
