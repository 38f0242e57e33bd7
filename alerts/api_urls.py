"""API routes of the alerts app (mounted under /api/v1/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from alerts import (
    api_alerts,
    api_feed_types,
    api_punctuality,
    api_summary,
    api_to_register,
    api_unregistered,
    api_uploads,
)

router = SimpleRouter()
router.register("feed-types", api_feed_types.FeedTypeViewSet, basename="feed-type")
router.register("feed-uploads", api_uploads.UploadViewSet, basename="feed-upload")
router.register("alerts", api_alerts.AlertViewSet, basename="alert")
router.register("unregistered-persons", api_unregistered.UnregisteredPersonViewSet, basename="unregistered-person")
router.register("persons-to-register", api_to_register.PersonToRegisterViewSet, basename="person-to-register")

urlpatterns = [
    # Before the router's alerts/<pk>/, which would read "summary" as an alert's id.
    path("alerts/summary/", api_summary.AlertSummaryView.as_view(), name="alert-summary"),
    *router.urls,
    path("feed-punctuality/", api_punctuality.PunctualityView.as_view(), name="feed-punctuality"),
]
