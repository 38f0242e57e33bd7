from django.urls import path

from households import views

app_name = "regions"

urlpatterns = [path("", views.region_index, name="list")]
