from django.urls import path

from initiatives import views

app_name = "initiatives"

urlpatterns = [
    path("sang-kien/", views.initiative_list, name="list"),
    path("sang-kien/<slug:slug>/", views.initiative_detail, name="detail"),
]
