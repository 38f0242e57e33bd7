"""The return visits of a plan as an integrator reads them (GET /api/v1/assistance/plans/{id}/return-visits/): the
plan page's list (assistance.selectors.return_visits_of), each with its 帮扶成效 as a code and its label; and the
body that records one (POST, ReturnVisitSerializer)."""

from typing import Any

from rest_framework import serializers

from assistance.api_count_visit import effect_field
from assistance.choices import Effect
from assistance.models import ReturnVisit
from config.api_once import once_api_field
from households.api_labels import code_label

RV_LIST = "本方案的帮扶回访记录（新的在前，分页），含帮扶成效编码及名称、回访情况、回访人；方案须在本人管辖范围内。"
EFFECT_CODES = "；".join(f"{value}={label}" for value, label in Effect.choices)


class ReturnVisitReadSerializer(serializers.ModelSerializer):
    # Codes in the description, not an enum: the POST's effect is one already (workflow.api_common.inline_choice_field).
    effect = serializers.CharField(read_only=True, help_text="帮扶成效：" + EFFECT_CODES)
    effect_display = code_label("effect", "帮扶成效名称")
    note = serializers.CharField(read_only=True, help_text="回访情况")
    visit = serializers.IntegerField(source="visit_id", read_only=True, help_text="同时记录的走访（走访记录ID）")
    visitor = serializers.CharField(source="recorded_by.username", read_only=True, help_text="回访人账号")
    visitor_name = serializers.SerializerMethodField(help_text="回访人姓名（未填姓名的为账号）")

    class Meta:
        model = ReturnVisit
        fields = [
            "id",
            "plan",
            "visit",
            "visited_on",
            "effect",
            "effect_display",
            "note",
            "visitor",
            "visitor_name",
            "created_at",
        ]
        read_only_fields = fields
        extra_kwargs: dict[str, Any] = {
            "plan": {"help_text": "帮扶方案ID"},
            "visited_on": {"help_text": "回访日期"},
            "created_at": {"help_text": "录入时间"},
        }

    def get_visitor_name(self, return_visit: ReturnVisit) -> str:
        return return_visit.recorded_by.get_short_name()


class ReturnVisitSerializer(serializers.Serializer):
    visited_on = serializers.DateField(help_text="回访日期")
    effect = effect_field()
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="回访情况")
    # As the visit API asks it (households.api_visits): a BACK-and-resend under a new key is asked, not recorded twice.
    confirm_same_visit = serializers.BooleanField(
        required=False,
        default=False,
        help_text="本人当天已为该方案记录过内容相同的回访（帮扶成效、回访情况、发现情况都相同）时，"
        "须为 true 才会另记一次，否则返回409并指明已记录的走访",
    )
    once = once_api_field()
