"""Department comparison API (部门比对): list and read the comparisons in the caller's scope, and record one on a
case at its comparison step, through services.comparisons like the page."""

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from config.api_ids import ScopedIdFilter, visible
from workflow import selectors_comparisons as selectors
from workflow.api_common import CasesPermission
from workflow.api_fields import ScopedCaseField
from workflow.choices_comparisons import ComparisonDecision, FindingResult
from workflow.models import Case, ComparisonFinding, DepartmentComparison
from workflow.services.comparisons import FindingInput, comparison_record

ITEM_HELP = "比对项目：property=商品房；vehicle=车辆；deposits=银行存款（理财产品）；securities=有价证券；business=工商注册/企业高管；public_funded=财政供养；housing_fund=住房公积金；income_tax=个人所得税；insurance=保险缴纳"  # noqa: E501


class FindingSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True, help_text="成员姓名")
    item = serializers.CharField(read_only=True, help_text=ITEM_HELP)
    exclusion_kind = serializers.CharField(
        source="exclusion_fact.kind", read_only=True, default="", help_text="据此登记的排除情形"
    )
    item_display = serializers.CharField(source="get_item_display", read_only=True, help_text="比对项目名称")
    result_display = serializers.CharField(source="get_result_display", read_only=True, help_text="比对结果名称")
    exclusion_kind_display = serializers.CharField(
        source="exclusion_fact.get_kind_display", read_only=True, default="", help_text="排除情形名称；未登记为空字符串"
    )

    class Meta:
        model = ComparisonFinding
        fields = ["member", "member_name", "item", "item_display", "result", "result_display", "detail"]
        fields += ["exclusion_kind", "exclusion_kind_display"]
        read_only_fields = fields


class ComparisonSerializer(serializers.ModelSerializer):
    step_code = serializers.CharField(source="case_step.step.code", read_only=True, help_text="比对环节编码")
    findings = FindingSerializer(many=True, read_only=True, help_text="逐人逐项比对结果")
    decision_display = serializers.CharField(source="get_decision_display", read_only=True, help_text="研判结论名称")

    class Meta:
        model = DepartmentComparison
        fields = ["id", "case", "step_code", "compared_on", "decision", "decision_display", "reason", "findings"]
        read_only_fields = fields


class FindingInputSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="家庭成员ID（须为该户在册成员）")
    item = serializers.CharField(help_text=ITEM_HELP)
    result = serializers.ChoiceField(choices=FindingResult.choices, help_text="未比对、无、有")
    detail = serializers.CharField(required=False, allow_blank=True, default="", help_text="具体情况；“有”时必填")


class ComparisonCreateSerializer(serializers.Serializer):
    case = ScopedCaseField(help_text="案件ID（须在本人管辖范围内，且处于部门比对环节）")
    compared_on = serializers.DateField(help_text="比对日期")
    findings = FindingInputSerializer(many=True, help_text="逐人逐项比对结果")
    decision = serializers.ChoiceField(
        choices=ComparisonDecision.choices, required=False, allow_blank=True, help_text="研判结论；发现排除情形时必填"
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="研判理由；发现排除情形时必填"
    )


class ComparisonFilter(django_filters.FilterSet):
    case = ScopedIdFilter(field_name="case", scope=visible(Case), help_text="案件ID（须在本人管辖范围内，否则为400）")

    class Meta:
        model = DepartmentComparison
        fields = ["case"]


class ComparisonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """部门比对：县乡村振兴局逐人比对商品房、车辆、存款、证券、工商、财政供养、公积金、个税、保险；须有承诺授权书。"""

    serializer_class = ComparisonSerializer
    permission_classes = [CasesPermission]
    filterset_class = ComparisonFilter

    def get_queryset(self) -> Any:
        return selectors.comparison_list(actor=self.request.user)

    @extend_schema(request=ComparisonCreateSerializer, responses={201: ComparisonSerializer})
    def create(self, request: Request) -> Response:
        """录入部门比对结果，并按研判结论办理比对环节。"""
        data = ComparisonCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        comparison = comparison_record(
            actor=request.user,
            case=values["case"],
            compared_on=values["compared_on"],
            findings=[
                FindingInput(member_id=f["member"], item=f["item"], result=f["result"], detail=f["detail"])
                for f in values["findings"]
            ],
            decision=values.get("decision", ""),
            reason=values["reason"],
        )
        body = ComparisonSerializer(self.get_queryset().get(pk=comparison.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)
