from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from reform_portal import security, views

admin.site.site_header = _("Quản trị Cổng sáng kiến CCHC")
admin.site.site_title = _("Cổng CCHC")
admin.site.index_title = _("Quản trị dữ liệu")

# Not translated, so never prefixed: the operator's and the machines' addresses.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# The public pages: Vietnamese at the root, English under /en/, so a shared link keeps its
# language (see reform_portal.middleware).
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("dat-lai-mat-khau/", security.PasswordResetView.as_view(), name="password_reset"),
    path(
        "dat-lai-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        security.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("indicators.urls")),
    path("", include("initiatives.urls")),
    path("", include("assessment.urls")),
    path("", include("reform_portal.site_urls")),
    path("", include("api.urls")),
    prefix_default_language=False,
)

handler404 = "reform_portal.views.page_not_found"
handler500 = "reform_portal.views.server_error"

if settings.DEBUG:
    urlpatterns += [
        path("404/", views.page_not_found, {"exception": Exception()}),
        path("500/", views.server_error),
    ]
