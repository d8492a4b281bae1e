from django.urls import path

from indicators import map_views, views

app_name = "indicators"

urlpatterns = [
    path("chi-so/", views.index_list, name="index"),
    path("chi-so/<slug:code>/", views.index_latest, name="index_latest"),
    path("chi-so/<slug:code>/<int:year>/", views.ranking, name="ranking"),
    path("chi-so/<slug:code>/<int:year>/ban-do/", map_views.ranking_map, name="ranking_map"),
    path("so-sanh/", views.compare, name="compare"),
]
