"""部门数据类型 API (GET /api/v1/feed-types/): each feed type's department, cadence, population, columns with their
accepted headers, and alert rules; and the permission the feed endpoints share (uploads, punctuality)."""

from typing import Any

from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.permissions import MSG_API_NO_CAPABILITY
from alerts import selectors
from alerts.access import sees_feeds
from alerts.ingest.services import MSG_CLERK_ONLY
from alerts.models import AlertRule, FeedColumn, FeedType
from alerts.models.uploads import clerk_department
from alerts.privacy import MSG_FEED_TYPE_HIDDEN, masked_feed_ids


def masked_feed_types(request: Any) -> Any:
    """The feed types a ?feed_type= of a registry list (alerts, persons not registered) may name: a role that reads
    health alerts as 卫健部门预警 asking for one of those feed types is refused in words (alerts.privacy)."""
    masked = masked_feed_ids(request.user)
    if (request.query_params.get("feed_type") or "").strip() in {str(pk) for pk in masked}:
        raise exceptions.ValidationError({"feed_type": [MSG_FEED_TYPE_HIDDEN]})
    return FeedType.objects.exclude(pk__in=masked)


class FeedsPermission(BasePermission):
    message = MSG_API_NO_CAPABILITY

    def has_permission(self, request: Any, view: Any) -> bool:
        if not sees_feeds(request.user) or request.method in SAFE_METHODS:
            return sees_feeds(request.user)
        # Sending (an upload, a nil return) is the departments' (ingest.services.ensure_clerk): the county staff who
        # read the uploads hear so before the body is read, not the body's 400 or 415.
        self.message = MSG_CLERK_ONLY
        return bool(request.user.is_superuser or clerk_department(request.user) is not None)


class FeedColumnSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="列类型名称")

    class Meta:
        model = FeedColumn
        fields = ["key", "header", "aliases", "kind", "kind_display", "required", "choices", "not_above"]


class AlertRuleSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="判断方式名称")
    risk_type_display = serializers.CharField(source="get_risk_type_display", read_only=True, help_text="风险类型名称")
    exclusion_kind_display = serializers.CharField(
        source="get_exclusion_kind_display", read_only=True, help_text="登记为的排除情形名称；不登记时为空字符串"
    )

    class Meta:
        model = AlertRule
        fields = [
            "code",
            "name",
            "kind",
            "kind_display",
            "column_key",
            "threshold",
            "rise_amount",
            "values",
            "risk_type",
            "risk_type_display",
            "exclusion_kind",
            "exclusion_kind_display",
            "is_active",
        ]


class FeedTypeSerializer(serializers.ModelSerializer):
    columns = FeedColumnSerializer(many=True, read_only=True, help_text="数据列及可识别的表头")
    rules = AlertRuleSerializer(many=True, read_only=True, help_text="预警规则")
    cadence_text = serializers.CharField(read_only=True, help_text="报送频次（中文）")
    department_display = serializers.CharField(source="get_department_display", read_only=True, help_text="报送部门")
    cadence_display = serializers.CharField(source="get_cadence_display", read_only=True, help_text="报送频次类型名称")

    class Meta:
        model = FeedType
        fields = [
            "id", "code", "name", "department", "department_display", "seed_item", "population", "cadence",
            "cadence_display", "cadence_days", "due_day",
            "window_start_month", "window_end_month", "event_column", "grace_days", "verify_days", "cadence_text",
            "columns", "rules",
        ]  # fmt: skip


class FeedTypeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """部门数据类型：报送部门、频次、覆盖人群、列（含可接受的表头）与预警规则。"""

    serializer_class = FeedTypeSerializer
    permission_classes = [FeedsPermission]
    pagination_class = None

    def get_queryset(self) -> Any:
        return selectors.feed_type_list(actor=self.request.user)
