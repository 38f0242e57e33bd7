"""The help-contacts API's reads: the households of the actor's scope with their current help contact (the list,
scoped as the contacts pages: households that have one or should have one), narrowed by needs_contact to the rows of
a status (selectors_contacts.households_with_contacts); and one assignment (current or ended) by its id. Phones are
masked for those who read phones masked (households.privacy.shown_phone), and so are the ID numbers and phones a
reason quotes (households.privacy.shown_text)."""

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from assistance.api_contact_fields import ContactShownSerializer, shown_contact_data
from assistance.models import HelpContactAssignment
from assistance.selectors_contacts import NEEDS_FILTERS, contact_state, households_with_contacts
from assistance.services.contacts import contact_words
from config.api import choice_param
from households.models import Household
from households.privacy import shown_phone, shown_text

OPEN_ASSIGNMENTS = "open_contact_assignments"


class HelpContactRowSerializer(serializers.Serializer):
    household = serializers.IntegerField(help_text="农户ID")
    household_number = serializers.CharField(help_text="户编号")
    head_name = serializers.CharField(help_text="户主姓名")
    village = serializers.CharField(help_text="所在村")
    assignment = serializers.IntegerField(
        allow_null=True, help_text="现任联系人安排ID（PATCH 更正用）；未安排或系统启用前安排的为 null"
    )
    contact = ContactShownSerializer(allow_null=True, help_text="现任帮扶联系人；未安排为 null")
    status = serializers.ChoiceField(
        choices=[("ok", "正常"), ("needs_change", "需调整"), ("none", "未安排")], help_text="帮扶联系人状态"
    )
    status_display = serializers.CharField(help_text="状态说明：正常、已停用，需调整、未安排等")


class HelpContactAssignmentReadSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="联系人安排ID")
    household = serializers.IntegerField(help_text="农户ID")
    contact = serializers.IntegerField(allow_null=True, help_text="系统用户ID；包保单位人员为 null")
    name = serializers.CharField(help_text="联系人（包保单位人员带单位）")
    person_name = serializers.CharField(help_text="包保单位人员（无账号）的姓名；系统用户为空")
    person_unit = serializers.CharField(help_text="包保单位人员的包保单位/工作单位")
    person_title = serializers.CharField(help_text="包保单位人员的职务（可为空）")
    person_phone = serializers.CharField(help_text="包保单位人员的联系电话（只读角色遮挡）")
    starts_on = serializers.DateField(help_text="开始日期")
    ends_on = serializers.DateField(allow_null=True, help_text="结束日期；现任为 null")
    reason = serializers.CharField(help_text="安排或调整原因（其中的身份证号、手机号对只读角色遮挡）")


def _row(user: Any, household: Household) -> dict[str, Any]:
    status, words = contact_state(household)
    assignments = getattr(household, OPEN_ASSIGNMENTS, [])
    return {
        "household": household.pk,
        "household_number": household.number,
        "head_name": household.head_name,
        "village": household.village.name,
        "assignment": assignments[0].pk if assignments else None,
        "contact": shown_contact_data(user, household),
        "status": status,
        "status_display": words,
    }


class HelpContactReadMixin:
    """list and retrieve for assistance.api_records.HelpContactViewSet."""

    query_params_known = ("needs_contact",)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "needs_contact",
                str,
                enum=list(NEEDS_FILTERS),
                description="按帮扶联系人状态（status）筛选：none：未安排（应有帮扶联系人的农户）；"
                "needs_change：需调整（已停用或已调离，含现不在监测帮扶中、已有联系人的农户）；any：二者",
            )
        ],
        responses={200: HelpContactRowSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        """本人管辖范围内有帮扶联系人或应有帮扶联系人（监测户、脱贫户）的农户，各带现任帮扶联系人及其状态。"""
        needs = choice_param(request, "needs_contact", NEEDS_FILTERS)
        open_rows = HelpContactAssignment.objects.filter(ends_on__isnull=True).order_by("-pk")
        households = households_with_contacts(actor=request.user, needs=needs).prefetch_related(
            Prefetch("help_contact_assignments", queryset=open_rows, to_attr=OPEN_ASSIGNMENTS)
        )
        page = self.paginate_queryset(households)  # type: ignore[attr-defined]
        return self.get_paginated_response([_row(request.user, h) for h in page])  # type: ignore[attr-defined]

    @extend_schema(responses={200: HelpContactAssignmentReadSerializer})
    def retrieve(self, request: Request, pk: str) -> Response:
        """一条帮扶联系人安排（现任或已结束）。"""
        assignment = self.get_object()  # type: ignore[attr-defined]
        return Response(
            {
                "id": assignment.pk,
                "household": assignment.household_id,
                "contact": assignment.contact_id,
                "name": contact_words(assignment),
                "person_name": assignment.person_name,
                "person_unit": assignment.person_unit,
                "person_title": assignment.person_title,
                "person_phone": shown_phone(request.user, assignment.person_phone) if assignment.person_phone else "",
                "starts_on": assignment.starts_on,
                "ends_on": assignment.ends_on,
                "reason": shown_text(request.user, assignment.reason),
            }
        )
