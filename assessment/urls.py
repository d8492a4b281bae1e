from django.urls import path

from assessment import views

app_name = "assessment"

urlpatterns = [
    path("tu-danh-gia/<str:code>/<int:year>/", views.pack_page, name="pack"),
    path("tu-danh-gia/<str:code>/<int:year>/ban-in/", views.pack_print, name="print"),
    path("tu-danh-gia/<str:code>/<int:year>/tai-xlsx/", views.pack_xlsx, name="xlsx"),
    path("tu-danh-gia/<str:code>/<int:year>/tai-zip/", views.pack_zip, name="zip"),
    path(
        "tu-danh-gia/<str:code>/<int:year>/de-nghi-bo-sung/<int:pk>/",
        views.request_supplement,
        name="request_supplement",
    ),
]
