"""Village review meetings API (read): the meetings in the caller's scope, by village, with each case's votes and
outcome. Meetings are recorded on the page (services.meetings.meeting_record), with the minutes upload."""

from typing import Any

import django_filters
from rest_framework import mixins, serializers, viewsets

from accounts.permissions import HasCapability
from accounts.roles import Capability
from workflow import selectors_meetings as selectors
from workflow.models import MeetingReview, VillageMeeting


class MeetingReviewSerializer(serializers.ModelSerializer):
    head_name = serializers.CharField(source="case.household.head_name", read_only=True, help_text="户主姓名")
    step_code = serializers.CharField(source="case_step.step.code", read_only=True, help_text="评议环节编码")

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


class MeetingFilter(django_filters.FilterSet):
    village = django_filters.CharFilter(field_name="village__code", help_text="村区划代码")

    class Meta:
        model = VillageMeeting
        fields = ["village"]


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """民主评议会议：村两委、驻村工作队、村务监督委员会和村民代表评议，每户以到会人员过半数同意为通过。"""

    serializer_class = MeetingSerializer
    permission_classes = [HasCapability(Capability.REGISTRY_VIEW)]
    filterset_class = MeetingFilter

    def get_queryset(self) -> Any:
        return selectors.meeting_list(actor=self.request.user).prefetch_related(
            "reviews__case__household", "reviews__case_step__step"
        )
