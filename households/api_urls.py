from rest_framework.routers import SimpleRouter

from households import api, api_checks, api_consent, api_income, api_visits

router = SimpleRouter()
router.register("regions", api.RegionViewSet, basename="region")
router.register("households", api.HouseholdViewSet, basename="household")
router.register("members", api.MemberViewSet, basename="member")
router.register("incomes", api_income.IncomeViewSet, basename="income")
router.register("visits", api_visits.VisitViewSet, basename="visit")
router.register("consents", api_consent.ConsentViewSet, basename="consent")
router.register("data-checks", api_checks.DataCheckViewSet, basename="data-check")

urlpatterns = router.urls
