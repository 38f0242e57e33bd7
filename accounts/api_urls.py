from django.urls import path

from accounts import api

urlpatterns = [
    path("me/", api.MeView.as_view(), name="me"),
    path("auth/token/", api.TokenView.as_view(), name="token"),
    path("audit-events/", api.AuditEventListView.as_view(), name="audit-events"),
]
