from rest_framework.routers import SimpleRouter

from screening import api, api_exclusions

router = SimpleRouter()
router.register("screening-results", api.ResultViewSet, basename="screening-result")
router.register("risk-flags", api.RiskFlagViewSet, basename="risk-flag")
router.register("exclusions", api_exclusions.ExclusionViewSet, basename="exclusion")
router.register("monitoring-lines", api.LineViewSet, basename="monitoring-line")
router.register("screening-rules", api.RuleViewSet, basename="screening-rule")
router.register("screening-runs", api.RunViewSet, basename="screening-run")

urlpatterns = router.urls
