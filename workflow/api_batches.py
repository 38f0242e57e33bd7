"""Batch approval API: the queue at the county approval step (with each case's version), past batches, and one
decision over many cases (all or nothing; a case changed since the queue was read answers 409, a case a rule refuses
400, each naming the cases in extra.cases)."""

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import choice_param, refuse_unknown_params
from households.api_params import region_param
from households.choices import LabourCapacity, MonitoringCategory, RegionLevel
from workflow import selectors_batches as selectors
from workflow.api_common import KIND_HELP, CasesPermission, api_errors, inline_choice_field
from workflow.api_fields import MSG_BAD_BATCH_VERSION, CaseVersionField, household_news_field
from workflow.api_labels import CaseLabels
from workflow.choices import CaseKind, Channel
from workflow.models import Batch, BatchDecision, BatchItem, Case
from workflow.services.approval_records import DOCUMENT_NUMBER_LIMIT, MSG_TOO_LONG
from workflow.services.batches import CaseRef, batch_decide, case_version
from workflow.services.case_locks import API, Busy
from workflow.services.cases import NOTE_LIMIT

# The queue's query parameters (workflow.selectors_batches.approval_queue's filters).
QUEUE_PARAMS = ("township", "kind", "channel", "min_days")
MSG_MIN_DAYS = "min_days 应为0或正整数（天数），不能是“{value}”。"
MSG_MIN_DAYS_LIMIT = "min_days（待审批天数）不能超过 {limit} 天，不能是“{value}”。"


def _min_days(request: Request) -> int | None:
    """?min_days=: None when absent, a 400 naming it when not a whole number of days (it was ignored, and the whole
    queue came back as if filtered) or past MIN_DAYS_LIMIT (a million days overflowed the date arithmetic: a 500)."""
    value = (request.query_params.get("min_days") or "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit():
        raise serializers.ValidationError({"min_days": [MSG_MIN_DAYS.format(value=value[:20])]})
    if int(value) > selectors.MIN_DAYS_LIMIT:
        message = MSG_MIN_DAYS_LIMIT.format(limit=selectors.MIN_DAYS_LIMIT, value=value[:20])
        raise serializers.ValidationError({"min_days": [message]})
    return int(value)


class BatchItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = BatchItem
        fields = ["case", "snapshot"]
        read_only_fields = fields


class BatchSerializer(serializers.ModelSerializer):
    decision_display = serializers.CharField(source="get_decision_display", read_only=True, help_text="审批结论")
    items = BatchItemSerializer(
        many=True,
        read_only=True,
        help_text="审批时的农户信息（仅本辖区农户），与打印的批准名单同序：先纳入后消除，各按区划、户编号",
    )
    in_scope = serializers.IntegerField(read_only=True, help_text="其中本辖区的户数（县级用户即全部）")

    class Meta:
        model = Batch
        fields = ["id", "decision", "decision_display", "document_number", "decided_on", "note", "count"]
        fields += ["in_scope", "created_at", "items"]
        read_only_fields = fields


class QueueCaseSerializer(CaseLabels, serializers.ModelSerializer):
    head_name = serializers.CharField(source="household.head_name", read_only=True, help_text="户主姓名")
    village = serializers.CharField(source="household.village.name", read_only=True, help_text="村")
    version = serializers.SerializerMethodField(help_text="案件版本，提交审批时原样带回")
    approval_role = serializers.CharField(read_only=True, help_text="县级审批环节的办理角色")
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    category = inline_choice_field(MonitoringCategory.choices, read_only=True, help_text="拟纳入监测类别")
    # A risk elimination has none (its queue entry read '', which the schema's enum did not allow).
    channel = serializers.ChoiceField(
        choices=Channel.choices, allow_blank=True, read_only=True, help_text="发现渠道；风险消除为空字符串"
    )
    objection_flag = serializers.CharField(
        read_only=True, help_text="异议情况：有未核实异议、异议经核实成立，或空（无影响审批的异议）"
    )
    pass_refusal = serializers.CharField(
        read_only=True, help_text="暂不能批准的原因（与单户审批的规则相同）；为空时可以批准"
    )
    members_count = serializers.IntegerField(source="snapshot.members_count", read_only=True, help_text="家庭人口")
    # The code, as /api/v1/households/ gives it, and its label beside it (the snapshot keeps the label).
    labour_capacity = inline_choice_field(
        LabourCapacity.choices,
        source="household.labour_capacity",
        read_only=True,
        allow_blank=True,
        help_text="劳动能力代码（与 /api/v1/households/ 相同）；未登记为空",
    )
    labour_capacity_display = serializers.CharField(
        source="snapshot.labour_capacity", read_only=True, help_text="劳动能力（中文）"
    )
    income_year = serializers.IntegerField(
        source="snapshot.income_year", read_only=True, allow_null=True, help_text="最近收入年度"
    )
    per_capita_net_income = serializers.CharField(
        source="snapshot.per_capita_net_income", read_only=True, allow_null=True, help_text="人均纯收入（元）"
    )
    income_flag = serializers.CharField(
        read_only=True,
        help_text="以“人均纯收入低于监测范围”申报但最近年度人均纯收入不低于监测标准（及预警线）时的说明；否则为空",
    )
    trail = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="办理经过：已办结的各环节及日期"
    )
    risk_flags = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="申报的风险类型与档案信息不符的提示（如申报大病医疗支出大但无成员登记患病或残疾、申报住房安全问题但档案记载住房安全有保障），每项一条；供审批参考，不影响办理",
    )
    household_news = household_news_field("审批")

    class Meta:
        model = Case
        fields = ["id", "kind", "kind_display", "channel", "channel_display", "category", "category_display"]
        fields += ["risk_types", "risk_types_display", "discovered_on", "head_name", "village"]
        fields += ["green_channel", "approval_role", "version", "objection_flag", "pass_refusal"]
        fields += ["members_count", "labour_capacity", "labour_capacity_display", "income_year"]
        fields += ["per_capita_net_income", "income_flag", "risk_flags", "household_news", "trail"]
        read_only_fields = fields

    def get_version(self, case: Case) -> str:
        return case_version(case)


class CaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="案件ID")
    version = CaseVersionField(bad_message=MSG_BAD_BATCH_VERSION, help_text="列表中取得的案件版本，原样带回")


class BatchCreateSerializer(serializers.Serializer):
    cases = CaseRefSerializer(many=True, help_text="所选案件及其版本")
    decision = serializers.ChoiceField(choices=BatchDecision.choices, help_text="approve=批准；reject=不予批准")
    document_number = serializers.CharField(
        max_length=DOCUMENT_NUMBER_LIMIT,
        error_messages={"max_length": MSG_TOO_LONG.format(limit=DOCUMENT_NUMBER_LIMIT)},
        help_text="批复文号；同一批复分几批办理的，文号和批复日期相同，已用于其他日期的文号不能再用",
    )
    # Optional as on the batch page (workflow.forms_batches): services.batches.batch_date fills it in.
    decided_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="批复日期：可不填，缺省为该批复文号已有批复的日期，没有的为今天（与批量审批页面留空相同）；"
        "不得晚于今天，不得早于所选农户上报审批前的最后办理日期，同一批复文号须为同一日期",
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=NOTE_LIMIT,
        error_messages={"max_length": MSG_TOO_LONG.format(limit=NOTE_LIMIT)},
        help_text=f"意见（不超过 {NOTE_LIMIT} 字）；不予批准时必填",
    )


class BatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """县级批量审批：同一批复文号审批多户，全部成功或全部不办理。"""

    serializer_class = BatchSerializer
    permission_classes = [CasesPermission]

    def get_queryset(self) -> Any:
        # A township or village reads the county's batches with its own households' cases only.
        items = selectors.batch_items(actor=self.request.user)
        return selectors.batch_list(actor=self.request.user).prefetch_related(Prefetch("items", queryset=items))

    @extend_schema(request=BatchCreateSerializer, responses={201: BatchSerializer})
    def create(self, request: Request) -> Response:
        """批量批准或不予批准：任何一户在取得列表后发生变化或不符合批准条件（如有未核实异议），整批不办理
        （取得列表后发生变化的为409，不符合批准条件的为400；extra.cases 列出这些农户及原因，extra.title 为标题）。"""
        data = BatchCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            batch = batch_decide(
                actor=request.user,
                refs=[CaseRef(ref["id"], ref["version"]) for ref in values["cases"]],
                decision=values["decision"],
                document_number=values["document_number"],
                decided_on=values.get("decided_on"),  # none: batch_date's, as the page's blank date
                note=values.get("note", ""),
                read_by=API,
            )
        except Busy as error:
            raise api_errors(error) from error
        return Response(BatchSerializer(self.get_queryset().get(pk=batch.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("township", str, description="乡镇区划代码；不在本人管辖范围内为400"),
            OpenApiParameter("kind", str, enum=CaseKind.values, description=KIND_HELP),
            OpenApiParameter("channel", str, enum=Channel.values, description="发现渠道"),
            OpenApiParameter(
                "min_days",
                int,
                description=f"在县级审批环节已等待的最少天数（0至 {selectors.MIN_DAYS_LIMIT} 的整数；其他值为400）",
            ),
        ],
        responses={200: QueueCaseSerializer(many=True)},
    )
    @action(detail=False, methods=["get"])
    def queue(self, request: Request) -> Response:
        """处于县级审批环节的案件（含版本号），可按 township、kind、channel、min_days 筛选。"""
        refuse_unknown_params(request, QUEUE_PARAMS)
        township = region_param(request, "township", (RegionLevel.TOWNSHIP,))
        filters: dict[str, Any] = {
            "township": township.code if township else "",
            "kind": choice_param(request, "kind", CaseKind.values),
            "channel": choice_param(request, "channel", Channel.values),
            "min_days": _min_days(request),
        }
        page = self.paginate_queryset(selectors.approval_queue(actor=request.user, filters=filters))
        rows = selectors.annotate_rows(page)
        return self.get_paginated_response(QueueCaseSerializer(rows, many=True).data)
