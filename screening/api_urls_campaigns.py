from rest_framework.routers import SimpleRouter

from screening import api_campaigns as api

router = SimpleRouter()
router.register("campaigns", api.CampaignViewSet, basename="campaign")
router.register("campaign-assignments", api.AssignmentViewSet, basename="campaign-assignment")
router.register("screening-forms", api.ScreeningFormViewSet, basename="screening-form")
router.register("household-problems", api.HouseholdProblemViewSet, basename="household-problem")
router.register("area-problems", api.AreaProblemViewSet, basename="area-problem")

urlpatterns = router.urls
