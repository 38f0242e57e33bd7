"""补充未落实帮扶措施的原因 in the API: POST /api/v1/cases/{id}/no-measure-reason/ (services.exit_reason), and
修改未落实帮扶措施的原因: PATCH on the same address, until the county approves the exit; beside
the case's other actions (workflow.api.CaseViewSet: act, withdraw, correct) and answered like them, with the case.
Registered under the same "cases" prefix (api_urls) in a viewset of its own: workflow.api is at its size limit."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from workflow import selectors
from workflow.api_case_serializers import CaseSerializer
from workflow.api_common import CasesPermission
from workflow.api_fields import CaseVersionField
from workflow.selectors_announced import dated_cases
from workflow.services.case_locks import API
from workflow.services.exit_reason import (
    case_no_measure_reason_add,
    case_no_measure_reason_change,
    change_check,
    reason_check,
)
from workflow.services.exit_rules import NO_MEASURE_REASON_LIMIT


class NoMeasureReasonSerializer(serializers.Serializer):
    # Checked by the service as at the opening (4–200 characters), so that the page and the API say the same.
    no_measure_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=f"未落实帮扶措施的原因（4～{NO_MEASURE_REASON_LIMIT} 字，如“风险自然消除：家庭成员已稳定务工”）",
    )
    version = CaseVersionField(
        required=False,
        allow_blank=True,
        help_text="读取案件时的版本（version）：给出时，案件此后有新的办理记录的，不予补充（409）",
    )


class CaseReasonViewSet(viewsets.GenericViewSet):
    """风险消除案件补充未落实帮扶措施的原因。"""

    serializer_class = CaseSerializer
    permission_classes = [CasesPermission]

    def get_queryset(self) -> Any:
        return dated_cases(selectors.case_queryset(self.request.user))

    @extend_schema(request=NoMeasureReasonSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"], url_path="no-measure-reason")
    def no_measure_reason(self, request: Request, pk: str) -> Response:
        """补充未落实帮扶措施的原因：进行中的风险消除案件，该户帮扶方案中没有实施中或已完成的帮扶措施、本案也未写明原因的
        （乡镇审核、县级审批因此不能通过），由正在办理本案当前环节的人员补充（村级环节为本村村干部、驻村工作队；其他人员
        403）；已写明原因、已有措施落实或案件已办结的 409。原因 4～200 字，记入案件记录、农户变更记录和审计日志，县级
        审批通过前可用 PATCH 修改；此后乡镇审核、县级审批按所填原因办理。带上读取案件时的 version 的，案件此后
        已有新的办理记录时不予补充（409）。"""
        case = self.get_object()
        reason_check(actor=request.user, case=case)  # another role 403, no longer needed 409, before the body's 400
        data = NoMeasureReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        case = case_no_measure_reason_add(
            actor=request.user,
            case=case,
            reason=values["no_measure_reason"],
            expected_version=values.get("version", ""),
            read_by=API,
        )
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(request=NoMeasureReasonSerializer, responses={200: CaseSerializer})
    @no_measure_reason.mapping.patch
    def change_no_measure_reason(self, request: Request, pk: str) -> Response:
        """修改未落实帮扶措施的原因：本案已写明原因、县级尚未审批通过的风险消除案件，由正在办理本案当前环节的人员修改
        （其他人员 403）；县级已审批通过（或区级备案已办结）的 409：本案已经县级审批通过，未落实帮扶措施的原因不能再
        修改；未写明原因的 409（请用 POST 补充）。新原因 4～200 字，与原来相同的 400；修改记入案件记录、农户变更记录
        和审计日志，并保留原来的原因。带上读取案件时的 version 的，案件此后已有新的办理记录时不予修改（409）。"""
        case = self.get_object()
        change_check(actor=request.user, case=case)  # another role 403, approved or nothing to change 409
        data = NoMeasureReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        case = case_no_measure_reason_change(
            actor=request.user,
            case=case,
            reason=values["no_measure_reason"],
            expected_version=values.get("version", ""),
            read_by=API,
        )
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)
