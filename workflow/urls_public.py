"""The public self-application pages, mounted at /apply/ (config/urls.py); no login (views_public)."""

from django.urls import path

from workflow import views_public

app_name = "apply"

urlpatterns = [
    path("status/", views_public.apply_status, name="status"),
    path("receipt/", views_public.apply_receipt, name="receipt"),
    path("<str:token>/", views_public.apply_form, name="form"),
]
