from rest_framework.routers import SimpleRouter

from workflow import (
    api,
    api_announce,
    api_batches,
    api_comparisons,
    api_exit_reason,
    api_meetings,
    api_objections,
    api_township,
)
from workflow import api_applications as application_api

router = SimpleRouter()
router.register("cases", api.CaseViewSet, basename="case")
# POST cases/{id}/no-measure-reason/: a case's action in a viewset of its own (api_exit_reason).
router.register("cases", api_exit_reason.CaseReasonViewSet, basename="case-reason")
router.register("applications", application_api.ApplicationViewSet, basename="application")
router.register("objections", api_objections.ObjectionViewSet, basename="objection")
router.register("comparisons", api_comparisons.ComparisonViewSet, basename="comparison")
router.register("meetings", api_meetings.MeetingViewSet, basename="meeting")
router.register("batches", api_batches.BatchViewSet, basename="batch")
router.register("township-audits", api_township.TownshipAuditViewSet, basename="township-audit")
router.register("township-announcements", api_announce.AnnounceViewSet, basename="township-announcement")

urlpatterns = router.urls
