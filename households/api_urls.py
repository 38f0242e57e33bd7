from django.urls import path
from rest_framework.routers import SimpleRouter

from households import (
    api,
    api_checks,
    api_close,
    api_consent,
    api_grid_assign,
    api_income,
    api_regions,
    api_relocate,
    api_visits,
)

router = SimpleRouter()
router.register("regions", api_regions.RegionViewSet, basename="region")
router.register("households", api.HouseholdViewSet, basename="household")
router.register("members", api.MemberViewSet, basename="member")
router.register("incomes", api_income.IncomeViewSet, basename="income")
router.register("visits", api_visits.VisitViewSet, basename="visit")
router.register("consents", api_consent.ConsentViewSet, basename="consent")
router.register("data-checks", api_checks.DataCheckViewSet, basename="data-check")

urlpatterns = [
    path("households/<int:pk>/close/", api_close.HouseholdCloseApi.as_view(), name="household-close"),
    path("households/<int:pk>/reopen/", api_close.HouseholdReopenApi.as_view(), name="household-reopen"),
    path("households/<int:pk>/relocate/", api_relocate.HouseholdRelocateApi.as_view(), name="household-relocate"),
    path("households/grid-assign/", api_grid_assign.GridAssignApi.as_view(), name="household-grid-assign"),
    *router.urls,
]
