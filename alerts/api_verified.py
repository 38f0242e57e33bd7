"""What POST /api/v1/alerts/{id}/verify/ answers (alerts.api_verify): the alert as the registry's roles read it
(alerts.api_alert_serializers), and for 已故 and 已迁出 what the verification did of the member in the registry
(alerts.services.member_gone): marked now, already marked (as what, since when), or gone to another household, in
the words the page says it."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alerts.api_alert_serializers import AlertSerializer
from alerts.choices import MemberMark
from alerts.services.member_gone import MemberGone
from households.choices import LivingStatus

MARK_HELP = "本次核实对该成员档案的处理：" + "、".join(f"{value}（{label}）" for value, label in MemberMark.choices)
# The marks a verification makes or finds (a member still living here is marked, or is in another household).
GONE_CHOICES = [(value, label) for value, label in LivingStatus.choices if value != LivingStatus.LIVING]
ELSEWHERE_NULL = "；已转入其他农户的（mark 为 elsewhere）为空：本户档案中已没有该成员"


class MemberGoneSerializer(serializers.Serializer):
    mark = serializers.ChoiceField(choices=MemberMark.choices, help_text=MARK_HELP)
    mark_display = serializers.CharField(source="get_mark_display", help_text="处理情况名称")
    marked = serializers.BooleanField(help_text="是否由本次核实在农户档案中将该成员标记为已故或迁出")
    member = serializers.IntegerField(source="member.pk", help_text="成员ID")
    member_name = serializers.CharField(source="member.name", help_text="成员姓名（农户档案中的写法）")
    living_status = serializers.ChoiceField(
        choices=GONE_CHOICES,
        source="member.living_status",
        allow_null=True,
        help_text="该成员在档案中现在的状态（本次标记的，或早已登记的，如核实为已迁出而档案中早已登记为已故）"
        + ELSEWHERE_NULL,
    )
    living_status_display = serializers.CharField(
        source="member.get_living_status_display", allow_null=True, help_text="状态名称" + ELSEWHERE_NULL
    )
    left_on = serializers.DateField(
        source="member.status_changed_on", allow_null=True, help_text="档案中登记的去世或迁出日期" + ELSEWHERE_NULL
    )
    message = serializers.CharField(
        help_text="核实页面显示的说明，如“已在农户档案中将李秀英标记为已故（2026-11-30），不再计入家庭人口。”"
        "（人均纯收入重算、低保/特困停发提示、户内已无在世成员等一并说明）"
    )

    def to_representation(self, instance: MemberGone) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.mark == MemberMark.ELSEWHERE:
            # The member's record is another household's now, which the cadre may not reach: the page says only
            # that it moved there (member_gone.MSG_ELSEWHERE), and so does the API.
            data["living_status"] = data["living_status_display"] = data["left_on"] = None
        return data


class VerifiedAlertSerializer(AlertSerializer):
    """The alert verified, and for 已故 and 已迁出 what the verification did of its member in the registry."""

    member_gone = serializers.SerializerMethodField(
        help_text="核实为已故、已迁出时，对预警所涉成员在农户档案中的处理（是否本次标记、档案中的状态和日期、说明）；"
        "其他核实结果为空"
    )

    class Meta(AlertSerializer.Meta):
        fields = [*AlertSerializer.Meta.fields, "member_gone"]
        read_only_fields = fields
        role_fields: set[str] = set()  # only the registry's editors verify: every field is in the answer

    @extend_schema_field(MemberGoneSerializer(allow_null=True))
    def get_member_gone(self, obj: Any) -> dict[str, Any] | None:
        gone = getattr(obj, "member_gone_result", None)
        return MemberGoneSerializer(gone).data if gone is not None else None
