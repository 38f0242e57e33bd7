"""Village review meetings API: the meetings in the caller's scope, by village, with each case's votes and outcome;
and recording one (POST, JSON, or multipart with the minutes file and `reviews` as a JSON text), which acts the
village-review step of every reviewed case through services.meetings.meeting_record, as the page does."""

import json
from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from config.api_once import ONCE_PARAMETER, once_api_field, once_api_token, once_call, once_status
from households.api import RegistryWritePermission
from households.api_params import RegionCodeFilterMixin
from households.choices import RegionLevel
from workflow import selectors_meetings as selectors
from workflow.models import MeetingReview, VillageMeeting
from workflow.models.meetings import ATTENDEE_GROUPS
from workflow.services.meetings import CASES_FIELD, ReviewInput, meeting_record_once

MSG_REVIEWS_JSON = '评议结果应为列表，例如 [{"case": 12, "votes_for": 9, "votes_against": 1, "votes_abstain": 0}]。'


class MeetingReviewSerializer(serializers.ModelSerializer):
    head_name = serializers.CharField(source="case.household.head_name", read_only=True, help_text="户主姓名")
    step_code = serializers.CharField(source="case_step.step.code", read_only=True, help_text="评议环节编码")
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True, help_text="评议结果名称")

    class Meta:
        model = MeetingReview
        fields = [
            "case",
            "head_name",
            "step_code",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "outcome",
            "outcome_display",
            "conclusion",
        ]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    village_code = serializers.CharField(source="village.code", read_only=True, help_text="村区划代码")
    village_name = serializers.CharField(source="village.name", read_only=True, help_text="村名称")
    attendee_total = serializers.IntegerField(read_only=True, help_text="到会人数")
    has_minutes = serializers.SerializerMethodField(
        help_text="是否上传了会议记录（经 /workflow/meetings/{id}/minutes/ 查看）"
    )
    reviews = MeetingReviewSerializer(many=True, read_only=True, help_text="各户评议结果")

    class Meta:
        model = VillageMeeting
        fields = [
            "id",
            "village_code",
            "village_name",
            "held_on",
            "place",
            "host",
            "committee_count",
            "committee_names",
            "work_team_count",
            "work_team_names",
            "supervisory_count",
            "supervisory_names",
            "representative_count",
            "representative_names",
            "attendee_total",
            "has_minutes",
            "reviews",
        ]
        read_only_fields = fields

    def get_has_minutes(self, meeting: VillageMeeting) -> bool:
        return bool(meeting.minutes)


class ReviewInputSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1, help_text="案件ID（须在本村民主评议环节）")
    votes_for = serializers.IntegerField(min_value=0, help_text="赞成票")
    votes_against = serializers.IntegerField(min_value=0, help_text="反对票")
    votes_abstain = serializers.IntegerField(min_value=0, help_text="弃权票")
    conclusion = serializers.CharField(required=False, allow_blank=True, default="", help_text="评议结论")


class ReviewListField(serializers.ListField):
    """A list of reviews; in a multipart request (with the minutes file) the list comes as one JSON text."""

    child = ReviewInputSerializer()

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                raise serializers.ValidationError(MSG_REVIEWS_JSON) from None
        if not isinstance(data, list):
            raise serializers.ValidationError(MSG_REVIEWS_JSON)
        return super().to_internal_value(data)

    def get_value(self, dictionary: Any) -> Any:
        # A multipart form's QueryDict would give a list of its texts; the one JSON text is what is meant.
        if hasattr(dictionary, "getlist") and self.field_name in dictionary:
            values = dictionary.getlist(self.field_name)
            if len(values) == 1 and isinstance(values[0], str):
                return values[0]
        return super().get_value(dictionary)


class MeetingRecordSerializer(serializers.Serializer):
    village = serializers.CharField(help_text="村区划代码（须在本人管辖范围内）")
    held_on = serializers.DateField(help_text="会议日期")
    place = serializers.CharField(help_text="会议地点")
    host = serializers.CharField(required=False, allow_blank=True, default="", help_text="主持人")
    committee_count = serializers.IntegerField(min_value=0, help_text="村两委成员到会人数（至少 1 人）")
    committee_names = serializers.CharField(required=False, allow_blank=True, default="", help_text="村两委成员姓名")
    work_team_count = serializers.IntegerField(min_value=0, default=0, help_text="驻村工作队成员到会人数")
    work_team_names = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="驻村工作队成员姓名"
    )
    supervisory_count = serializers.IntegerField(
        min_value=0, default=0, help_text="村务监督委员会成员到会人数（有农户评议通过的至少 1 人）"
    )
    supervisory_names = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="村务监督委员会成员姓名"
    )
    representative_count = serializers.IntegerField(min_value=0, help_text="村民代表到会人数（至少 1 人）")
    representative_names = serializers.CharField(required=False, allow_blank=True, default="", help_text="村民代表姓名")
    reviews = ReviewListField(help_text="各户评议票数；过半数（到会人员）赞成为通过")
    minutes = serializers.FileField(
        required=False, help_text="会议记录（JPG、PNG 或 PDF，multipart 上传）；有农户评议通过的必传"
    )
    confirm_unusual = serializers.BooleanField(
        required=False,
        default=False,
        help_text="仍要提交：没有驻村工作队成员到会、到会人数与所列姓名个数不符时，核实无误后传 true",
    )
    once = once_api_field()


class MeetingFilter(RegionCodeFilterMixin, django_filters.FilterSet):
    village = django_filters.CharFilter(field_name="village__code", help_text="村区划代码；不在本人管辖范围内为400")
    region_code_filters = {"village": (RegionLevel.VILLAGE,)}

    class Meta:
        model = VillageMeeting
        fields = ["village"]


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """民主评议会议：村两委、驻村工作队、村务监督委员会和村民代表评议，每户以到会人员过半数同意为通过。"""

    serializer_class = MeetingSerializer
    permission_classes = [RegistryWritePermission]
    filterset_class = MeetingFilter

    def get_queryset(self) -> Any:
        return selectors.meeting_list(actor=self.request.user).prefetch_related(
            "reviews__case__household", "reviews__case_step__step"
        )

    @extend_schema(
        request=MeetingRecordSerializer,
        responses={201: MeetingSerializer, 200: MeetingSerializer},
        parameters=[ONCE_PARAMETER],
    )
    def create(self, request: Request) -> Response:
        """记录一次民主评议会议（村干部）：列入的每户按票数办理“村级民主评议”环节，全部成功才保存。
        带 once（或请求头 Idempotency-Key）重试的只记录一次（原样重复提交返回200及首次记录的会议）；
        同一 once 用于不同内容的返回409，不作记录。"""
        data = MeetingRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        token = once_api_token(request, values.pop("once", None))
        village = selectors.village_get(actor=request.user, code=values["village"])
        record = lambda once: meeting_record_once(  # noqa: E731
            actor=request.user,
            village=village,
            held_on=values["held_on"],
            place=values["place"],
            host=values["host"],
            minutes=values.get("minutes"),
            confirm_unusual=values["confirm_unusual"],
            attendees={prefix: (values[f"{prefix}_count"], values[f"{prefix}_names"]) for prefix, _ in ATTENDEE_GROUPS},
            reviews=[
                ReviewInput(
                    case_id=review["case"],
                    votes_for=review["votes_for"],
                    votes_against=review["votes_against"],
                    votes_abstain=review["votes_abstain"],
                    conclusion=review["conclusion"],
                )
                for review in values["reviews"]
            ],
            once=once,
        )
        try:
            done = once_call(request, token, values, record)
        except DjangoValidationError as error:
            raise DjangoValidationError(review_errors_keyed(error, values["reviews"])) from error
        meeting = self.get_queryset().get(pk=done.record.pk)
        return Response(MeetingSerializer(meeting).data, status=once_status(done.repeated))


def review_errors_keyed(error: DjangoValidationError, reviews: list[dict[str, Any]]) -> Any:
    """The service's errors keyed as the request names its fields: the page's case list ("cases") is `reviews`, and
    a case's own error ("case_12") that row of `reviews` (reviews-1-non_field_errors, {"reviews": {"1": {...}}} in
    the answer); a case listed twice, its last row (the repeat)."""
    if not hasattr(error, "error_dict"):
        return error
    rows = {f"case_{review['case']}": index for index, review in enumerate(reviews)}
    keyed: dict[str, Any] = {}
    for key, messages in error.message_dict.items():
        if key == CASES_FIELD:
            key = "reviews"
        elif key in rows:
            key = f"reviews-{rows[key]}-non_field_errors"
        keyed.setdefault(key, []).extend(messages)
    return keyed
