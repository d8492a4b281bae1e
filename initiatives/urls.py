from django.urls import path

from initiatives import map_views, views, workspace

app_name = "initiatives"

urlpatterns = [
    path("sang-kien/", views.initiative_list, name="list"),
    path("sang-kien/ban-do/", map_views.initiative_map, name="map"),
    path("sang-kien/de-xuat/", workspace.submit, name="submit"),
    path("sang-kien/cua-toi/", workspace.my_submissions, name="mine"),
    path("sang-kien/tuong-tu/", workspace.similar, name="similar"),
    path("sang-kien/ho-so/<int:pk>/", workspace.record, name="record"),
    path("sang-kien/ho-so/<int:pk>/sua/", workspace.edit, name="edit"),
    path("sang-kien/ho-so/<int:pk>/<slug:action>/", workspace.act, name="act"),
    path("sang-kien/tep/<int:pk>/", workspace.attachment, name="attachment"),
    path("sang-kien/tep/<int:pk>/xoa/", workspace.delete_attachment, name="delete_attachment"),
    path("tham-dinh/", workspace.review_queue, name="review_queue"),
    path("sang-kien/<slug:slug>/", views.initiative_detail, name="detail"),
]
