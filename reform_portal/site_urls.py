"""Site-level pages that combine the apps (province profile, cross view)."""

from django.urls import path, register_converter

from reform_portal import cross_views, finder_views, province_views


class ProvinceCodeConverter:
    """Two ASCII digits: anything else (a NUL, "²") is a 404 before any query."""

    regex = "[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ProvinceCodeConverter, "province_code")

urlpatterns = [
    path("tinh/", finder_views.province_list, name="province_list"),
    path("tinh/<province_code:code>/", province_views.province_detail, name="province_detail"),
    path(
        "tinh-cu/<province_code:code>/",
        province_views.former_province_detail,
        name="former_province_detail",
    ),
    path("doi-chieu/", cross_views.cross_view, name="cross_view"),
]
