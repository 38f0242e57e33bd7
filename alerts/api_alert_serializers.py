"""An alert as the registry's roles read it in the API (village, township and county staff, read-only roles): the
department's outcome fields (alerts.api_outcomes) and the registry's (household, rule, level, case, repeat hold), the
health details hidden from the read-only roles (alerts.privacy)."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alerts.api_outcomes import OutcomeSerializer
from alerts.models import Alert
from alerts.privacy import hides_alert_health, shown_alert_rule_name, shown_feed_name
from alerts.repeats import repeat_hold


class RepeatHoldSerializer(serializers.Serializer):
    held = serializers.BooleanField(help_text="此人此规则在以后报送期再次被报送时，现在是否不重复生成预警")
    until = serializers.DateField(allow_null=True, help_text="自该日起再次报送将重新预警（核实后不重复预警期满）")
    text = serializers.CharField(help_text="说明：为什么部门再次报送此人时没有（或会）生成预警")


HEALTH_NAME_HELP = "；卫健、医保、残联等健康类预警，只读角色看到的是“卫健部门预警”等（rule、feed_type 为空）"


class AlertSerializer(OutcomeSerializer):
    department_display = serializers.CharField(source="get_department_display", read_only=True, help_text="报送部门")
    level_display = serializers.CharField(source="get_level_display", read_only=True, help_text="核实层级名称")
    head_name = serializers.CharField(source="household.head_name", read_only=True, help_text="户主姓名")
    household_number = serializers.CharField(source="household.number", read_only=True, help_text="户编号")
    repeat_hold = serializers.SerializerMethodField(help_text="再次报送：是否不重复生成预警及原因")
    rule_name = serializers.CharField(read_only=True, help_text="预警规则（生成预警时的规则名称）" + HEALTH_NAME_HELP)
    feed_type_name = serializers.CharField(
        source="feed_type.name", read_only=True, help_text="数据类型" + HEALTH_NAME_HELP
    )

    class Meta(OutcomeSerializer.Meta):
        fields = [
            *OutcomeSerializer.Meta.fields, "outcome_note", "rule", "rule_name", "feed_type_name", "department",
            "department_display", "household", "household_number", "head_name", "region_path", "level",
            "level_display", "escalated_on", "case",
            "repeat_hold",
        ]  # fmt: skip
        read_only_fields = fields
        role_fields = {name for name in fields if name not in OutcomeSerializer.Meta.fields}  # config.api_schema
        role_fields_note = "（行业部门工作人员查看时不返回此字段；村、乡镇、县级各角色返回）"
        # null for a read-only role on a health alert (to_representation), as the schema says.
        extra_kwargs = {"rule": {"allow_null": True}, "feed_type": {"allow_null": True}}

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data, user = super().to_representation(instance), self.context["request"].user
        data["rule_name"], data["feed_type_name"] = (
            shown_alert_rule_name(user, instance),
            shown_feed_name(user, instance),
        )
        if hides_alert_health(user, instance):
            # The ids name the health rule and feed through /api/v1/feed-types/ as well as their names would.
            data["rule"] = data["feed_type"] = data["upload_name"] = None
        return data

    @extend_schema_field(RepeatHoldSerializer)
    def get_repeat_hold(self, obj: Alert) -> dict[str, Any]:
        return RepeatHoldSerializer(repeat_hold(obj, viewer=self.context["request"].user)).data
