from django.urls import path

from households import views, views_region_bodies, views_region_phones

app_name = "regions"

urlpatterns = [
    path("", views.region_index, name="list"),
    path("phones/", views_region_phones.region_phones, name="phones"),
    path("approving-body/", views_region_bodies.approving_body, name="approving_body"),
]
