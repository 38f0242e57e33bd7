"""Township batch audit API (乡镇批量审核): the township's cases at their township audit step, each with its version and
what would refuse a pass or a return, and one action over many of them (all or nothing; a case changed since it was
listed answers 409, a case refused by a single audit's rules 400, each naming such cases in extra.cases)."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import choice_param, refuse_unknown_params
from households.api_params import region_param
from households.choices import MonitoringCategory, RegionLevel
from workflow.api_batches import CaseRefSerializer
from workflow.api_common import KIND_HELP, CasesPermission, api_errors, inline_choice_field
from workflow.api_fields import household_news_field
from workflow.api_labels import CaseLabels
from workflow.choices import CaseKind
from workflow.models import Case
from workflow.selectors_township import township_audit_queue, township_audit_rows, township_audit_step_names
from workflow.services.approval_records import MSG_TOO_LONG
from workflow.services.batches import CaseRef
from workflow.services.case_locks import API, Busy
from workflow.services.cases import NOTE_LIMIT
from workflow.services.township_batch import OUTCOME_LABELS, township_batch_audit, township_batch_message

# The queue's query parameters (workflow.selectors_township.township_audit_queue's filters).
QUEUE_PARAMS = ("region", "kind", "step", "overdue")
PLACE_LEVELS = (RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)


class TownshipAuditCaseSerializer(CaseLabels, serializers.ModelSerializer):
    head_name = serializers.CharField(source="household.head_name", read_only=True, help_text="户主姓名")
    household_number = serializers.CharField(source="household.number", read_only=True, help_text="户编号")
    village = serializers.CharField(source="household.village.name", read_only=True, help_text="村")
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    category = inline_choice_field(MonitoringCategory.choices, read_only=True, help_text="拟纳入监测类别")
    version = serializers.CharField(read_only=True, help_text="案件版本，提交审核时原样带回")
    step_code = serializers.CharField(source="audit_step.step.code", read_only=True, help_text="乡镇审核环节编码")
    step_name = serializers.CharField(source="audit_name", read_only=True, help_text="乡镇审核环节名称")
    waiting_days = serializers.IntegerField(read_only=True, help_text="在乡镇审核环节已等待的天数")
    overdue = serializers.BooleanField(read_only=True, help_text="是否超期")
    objection_flag = serializers.CharField(read_only=True, help_text="异议情况：有未核实异议、异议经核实成立，或空")
    audit_refusal = serializers.CharField(
        read_only=True,
        help_text="本人不能审核此案的原因（本人发起的绿色通道案件，须由其他乡镇人员审核），无论通过或退回，"
        "提交审核时不得列入；为空时可以审核",
    )
    pass_refusal = serializers.CharField(
        read_only=True, help_text="暂不能通过的原因（与逐户审核的规则相同）；为空时可以通过"
    )
    return_refusal = serializers.CharField(read_only=True, help_text="不能退回村级补正的原因；为空时可以退回")
    members_count = serializers.IntegerField(source="snapshot.members_count", read_only=True, help_text="家庭人口")
    per_capita_net_income = serializers.CharField(
        source="snapshot.per_capita_net_income", read_only=True, allow_null=True, help_text="人均纯收入（元）"
    )
    income_flag = serializers.CharField(
        read_only=True,
        help_text="以“人均纯收入低于监测范围”申报但最近年度人均纯收入不低于监测标准（及预警线）时的说明；否则为空",
    )
    risk_flags = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="申报的风险类型与档案信息不符的提示（如申报大病医疗支出大但无成员登记患病或残疾、申报住房安全问题但档案记载住房安全有保障），每项一条；供审核参考，不影响办理",
    )
    household_news = household_news_field("审核")
    trail = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="已办结的各环节及日期")

    class Meta:
        model = Case
        fields = ["id", "kind", "kind_display", "category", "category_display", "risk_types", "risk_types_display"]
        fields += ["green_channel", "discovered_on", "head_name"]
        fields += ["household_number", "village", "step_code", "step_name", "version", "waiting_days", "overdue"]
        fields += ["objection_flag", "audit_refusal", "pass_refusal", "return_refusal", "members_count"]
        fields += ["per_capita_net_income"]
        fields += ["income_flag", "risk_flags", "household_news", "trail"]
        read_only_fields = fields


class TownshipAuditDecideSerializer(serializers.Serializer):
    cases = CaseRefSerializer(many=True, help_text="所选案件及其版本")
    outcome = serializers.ChoiceField(
        choices=list(OUTCOME_LABELS.items()),
        help_text=(
            "pass=通过；return=退回村级补正（案件不终止，回到村级评议环节，程序中没有评议环节的回到入户核查环节；"
            "已期满的公示保留）"
        ),
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=NOTE_LIMIT,
        error_messages={"max_length": MSG_TOO_LONG.format(limit=NOTE_LIMIT)},
        help_text=f"意见（不超过 {NOTE_LIMIT} 字），记入每户的乡镇审核意见；退回村级补正时必填",
    )


class TownshipAuditResultSerializer(serializers.Serializer):
    outcome = serializers.CharField(help_text="pass 或 return")
    outcome_display = serializers.SerializerMethodField(help_text="办理结果名称：通过或退回村级补正")
    count = serializers.IntegerField(help_text="办理的户数")
    message = serializers.CharField(help_text="办理结果的说明，退回的写明每户退回至哪个环节（与页面提示相同）")
    cases = serializers.ListField(child=serializers.IntegerField(), help_text="办理的案件ID")

    def get_outcome_display(self, result: dict[str, Any]) -> str:
        return str(OUTCOME_LABELS.get(result["outcome"], result["outcome"]))


class TownshipAuditViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """乡镇批量审核：处于乡镇审核环节的案件，同一意见一并通过或退回村级补正，全部成功或全部不办理。"""

    serializer_class = TownshipAuditCaseSerializer
    permission_classes = [CasesPermission]

    def get_queryset(self) -> Any:
        return township_audit_queue(actor=self.request.user)

    def _filters(self, request: Request) -> dict[str, Any]:
        refuse_unknown_params(request, QUEUE_PARAMS)
        filters: dict[str, Any] = {
            "kind": choice_param(request, "kind", CaseKind.values),
            "overdue": choice_param(request, "overdue", ["yes"]) == "yes",
            "step": choice_param(request, "step", township_audit_step_names()),
        }
        if region := region_param(request, "region", PLACE_LEVELS):
            filters["village"] = region.path
        return filters

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str, description="乡镇或村的区划代码；不在本人管辖范围内为400"),
            OpenApiParameter("kind", str, description=KIND_HELP),
            OpenApiParameter("step", str, description="乡镇审核环节名称，如“乡镇审核”“乡镇汇总初审”"),
            OpenApiParameter("overdue", str, description="yes：只看超期案件"),
        ]
    )
    def list(self, request: Request) -> Response:
        """处于乡镇审核环节的案件（含版本号及不能通过、不能退回的原因），等待最久的在前。"""
        cases = township_audit_queue(actor=request.user, filters=self._filters(request))
        page = self.paginate_queryset(cases)
        rows = township_audit_rows(page, actor=request.user)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        """一户：不在本人管辖范围内或不在乡镇审核环节的，返回 404。"""
        return Response(self.get_serializer(township_audit_rows([self.get_object()], actor=request.user)[0]).data)

    @extend_schema(request=TownshipAuditDecideSerializer, responses={200: TownshipAuditResultSerializer})
    @action(detail=False, methods=["post"])
    def decide(self, request: Request) -> Response:
        """一并通过或退回村级补正：任何一户在取得列表后发生变化（如已由他人办理）或不符合条件（如有未核实异议），
        全部不办理（发生变化的为409，不符合条件的为400；extra.cases 列出这些农户及原因）。
        每户的办理记录与逐户办理相同。"""
        data = TownshipAuditDecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            done = township_batch_audit(
                actor=request.user,
                refs=[CaseRef(ref["id"], ref["version"]) for ref in values["cases"]],
                outcome=values["outcome"],
                note=values.get("note", ""),
                read_by=API,
            )
        except Busy as error:
            raise api_errors(error) from error
        result = {"outcome": values["outcome"], "count": len(done), "cases": [case.pk for case in done]}
        result["message"] = township_batch_message(outcome=values["outcome"], cases=done)
        return Response(TownshipAuditResultSerializer(result).data)
