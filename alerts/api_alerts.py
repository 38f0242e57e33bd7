"""部门预警 API (/api/v1/alerts/): registry staff list and read the alerts of their area and (with edit rights) verify
them (alerts.api_verify); clerks reach the outcome of their own department's alerts only, through their own
serializer (alerts.api_outcomes), another's alert being a 404."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.permissions import BasePermission

from accounts.permissions import MSG_API_NO_CAPABILITY, user_can
from accounts.roles import Capability
from alerts import selectors
from alerts.api_alert_serializers import AlertSerializer
from alerts.api_feed_types import masked_feed_types
from alerts.api_outcomes import OutcomeSerializer
from alerts.api_verify import AlertVerifyMixin
from alerts.choices import AlertLevel, AlertOutcome, AlertStatus
from alerts.models import Alert, FeedType
from alerts.models.uploads import clerk_department
from config.api import KnownQueryParamsMixin, choice_param
from config.api_ids import scoped_id_param
from households.api_params import region_param
from households.choices import RegionLevel


class AlertsPermission(BasePermission):
    """Registry staff read alerts and (with edit rights) verify them; clerks read their own alerts' outcomes."""

    message = MSG_API_NO_CAPABILITY

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return user_can(request.user, Capability.REGISTRY_VIEW) or clerk_department(request.user) is not None
        return user_can(request.user, Capability.REGISTRY_EDIT)


PLACE_LEVELS = (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)
# The status filter: one of the statuses, "overdue" (pending past its verification deadline), or "all" (the page's
# 全部 tab: the same as no filter).
STATUS_FILTERS = [*AlertStatus.values, "overdue", "all"]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=STATUS_FILTERS,
                description="pending 待核实、verified 已核实、overdue 超期未核实、all 全部（同不填）",
            ),
            OpenApiParameter("level", str, enum=AlertLevel.values, description="核实层级"),
            OpenApiParameter("outcome", str, enum=AlertOutcome.values, description="核实结果"),
            OpenApiParameter(
                "feed_type", int, description="数据类型ID；不存在（或不是本部门的）、或只读角色选健康类数据类型的为400"
            ),
            OpenApiParameter("village", str, description="乡镇或村的12位区划代码；不在管辖范围内（或行业部门）为400"),
            OpenApiParameter("q", str, description="姓名或身份证号（行业部门：本部门数据中的姓名或身份证号）"),
        ]
    )
)
class AlertViewSet(
    AlertVerifyMixin,
    KnownQueryParamsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """部门预警：村、乡镇、县按辖区查看并入户核实；行业部门只看到本部门预警的核实结果。
    过滤参数：status（pending/overdue/verified/all）、level、outcome、feed_type、village（村区划代码）、q（姓名或身份证号；
    行业部门只按本部门数据中的姓名和身份证号查找）。"""

    permission_classes = [AlertsPermission]
    query_params_known = ("status", "level", "outcome", "feed_type", "village", "q")

    def known_query_params(self) -> tuple[str, ...]:
        # A clerk's list neither takes nor offers the registry's parameters (selectors.REGISTRY_PARAMS).
        if clerk_department(self.request.user) is None:
            return self.query_params_known
        return selectors.clerk_params(self.query_params_known, self.request.query_params)

    def get_serializer_class(self) -> Any:
        return OutcomeSerializer if clerk_department(self.request.user) is not None else AlertSerializer

    def _feed_types(self) -> Any:
        # A clerk's alerts are of their own department's feed types: another department's reads as unknown.
        department = clerk_department(self.request.user)
        if department:
            return FeedType.objects.filter(department=department)
        return masked_feed_types(self.request)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user, no database reads
            return Alert.objects.none()
        params = self.request.query_params
        filters: dict[str, Any] = {
            "status": choice_param(self.request, "status", STATUS_FILTERS),
            "level": choice_param(self.request, "level", AlertLevel.values),
            "outcome": choice_param(self.request, "outcome", AlertOutcome.values),
            "q": params.get("q", ""),
            "feed_type": scoped_id_param(self.request, "feed_type", self._feed_types()),
        }
        if filters["status"] == "all":
            filters["status"] = ""
        clerk = clerk_department(self.request.user) is not None
        if self.action != "list":
            filters = {}
        elif region := region_param(self.request, "village", PLACE_LEVELS):
            filters["village"] = region.path
        if clerk:
            return selectors.department_outcomes(actor=self.request.user, filters=filters)
        # The upload (its period's name) and the case (its outcome) for repeat_hold.
        return selectors.alert_list(actor=self.request.user, filters=filters).select_related("upload", "case")
