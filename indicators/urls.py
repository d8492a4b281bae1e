from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("chi-so/", views.index_list, name="index"),
    path("chi-so/<slug:code>/", views.index_latest, name="index_latest"),
    path("chi-so/<slug:code>/<int:year>/", views.ranking, name="ranking"),
    path("so-sanh/", views.compare, name="compare"),
]
