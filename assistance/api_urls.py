"""API routes of the assistance app (mounted under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from assistance import api, api_department, api_employment, api_records

router = SimpleRouter()
router.register("assistance/plans", api.PlanViewSet, basename="assistance-plan")
router.register("assistance/measures", api.MeasureViewSet, basename="assistance-measure")
router.register(
    "assistance/department-measures", api_department.DepartmentMeasureViewSet, basename="assistance-department"
)
router.register("assistance/help-contacts", api_records.HelpContactViewSet, basename="assistance-help-contact")
router.register("assistance/claims", api_records.ClaimViewSet, basename="assistance-claim")
router.register("assistance/employment", api_records.EmploymentViewSet, basename="assistance-employment")
router.register(
    "assistance/employment-members", api_employment.LabourerViewSet, basename="assistance-employment-member"
)

urlpatterns = router.urls
