"""API routes of the alerts app (mounted under /api/v1/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from alerts import api

router = SimpleRouter()
router.register("feed-types", api.FeedTypeViewSet, basename="feed-type")
router.register("feed-uploads", api.UploadViewSet, basename="feed-upload")
router.register("alerts", api.AlertViewSet, basename="alert")

urlpatterns = [*router.urls, path("feed-punctuality/", api.PunctualityView.as_view(), name="feed-punctuality")]
