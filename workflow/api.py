"""Workflow API: cases (list, retrieve, open) and acting on a case's current step, scoped to the caller. The
serializers are in workflow.api_case_serializers, what the API modules share in workflow.api_common."""

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import MSG_BAD_CHOICE, SelectorFilterSet, YesFilter
from config.api_ids import ScopedIdFilter, visible
from households.api_params import RegionCodeFilterMixin, filter_error
from households.choices import RegionLevel
from households.models import Consent, Household, Region
from households.region_filter import NO_REGION
from households.selectors_search import IdSearchGuard
from workflow import selectors
from workflow.api_case_serializers import (
    CaseActSerializer,
    CaseOpenSerializer,
    CaseSerializer,
    CaseWithdrawSerializer,
    PublicityPostedSerializer,
)
from workflow.api_common import CasesPermission, api_errors
from workflow.api_corrections import CaseCorrectSerializer
from workflow.api_exit_evidence import CaseDetailSerializer
from workflow.choices import CaseKind, CaseStatus
from workflow.models import Case
from workflow.selectors_announced import dated_cases
from workflow.services import cases as services
from workflow.services import publicity
from workflow.services.batch_announce import step_act
from workflow.services.case_correction import case_correct, correction_check
from workflow.services.case_locks import API, Busy


class CaseFilter(IdSearchGuard, RegionCodeFilterMixin, SelectorFilterSet):
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, method="noop", help_text="案件状态")
    kind = django_filters.ChoiceFilter(choices=CaseKind.choices, method="noop", help_text="案件类别")
    household = ScopedIdFilter(
        method="noop", scope=visible(Household), help_text="农户ID（须在本人管辖范围内，否则为400）"
    )
    mine = YesFilter(
        method="noop",
        help_text="只看待本人角色办理的案件（我的任务；已登记张贴日期、公示期内且无待核异议的不列，未登记张贴日期的公示列入），按发现日期排列",
    )
    step = django_filters.CharFilter(
        method="noop",
        help_text="待本人办理的环节：环节编码（即 steps[].code，如 township_audit）或环节名称（如“乡镇审核”）；"
        "不是本人角色办理的环节为400，并列出可用的编码",
    )
    region = django_filters.CharFilter(method="noop", help_text="乡镇或村的区划代码；不在本人管辖范围内为400")
    overdue = YesFilter(method="noop", help_text="只看超期案件（超过办结时限、公示期满未办或绿色通道欠办）")
    q = django_filters.CharFilter(
        method="noop",
        help_text="户主或成员姓名、户编号（完整或后4位以上），或成员的身份证号（完整18位，或后4位以上、前6位以上；"
        "身份证号脱敏显示的角色只能按后4位或完整号码查找，否则为400），或县级批复的完整批复文号（括号、全角数字"
        "和空格不计，如 ××农组字[2026]12号 即 ××农组字〔2026〕12号）",
    )

    region_code_filters = {"region": (RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE)}

    class Meta:
        model = Case
        fields: list[str] = []

    def is_valid(self) -> bool:
        valid = super().is_valid()
        step = (self.form.cleaned_data.get("step") or "").strip()
        steps = selectors.acting_steps(self.request.user) if valid and step else None
        if steps is not None and step not in steps and step not in steps.values():
            allowed = "、".join(f"{code}（{name}）" for code, name in steps.items())
            filter_error(self.form, "step", MSG_BAD_CHOICE.format(value=step[:20], allowed=allowed))
        return not self.form.errors

    def select(self, filters: dict[str, Any]) -> Any:
        # workflow.selectors.case_list, shared with 我的任务.
        if filters.get("region"):
            region = Region.objects.visible_to(self.request.user).filter(code=filters.pop("region")).first()
            filters["village"] = region.path if region else NO_REGION
        cases = selectors.case_list(actor=self.request.user, filters=filters)
        return cases.order_by("discovered_on", "pk") if filters.get("mine") else cases.order_by("-created_at", "-pk")


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """识别纳入、风险消除、风险再标注案件：按程序逐环节办理，只显示本人管辖范围内的案件。"""

    serializer_class = CaseSerializer
    permission_classes = [CasesPermission]
    filterset_class = CaseFilter

    def get_serializer_class(self) -> Any:
        # One case read alone carries what a 风险消除 rests on (its page's evidence); a list does without it.
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def get_queryset(self) -> Any:
        on_file = Consent.objects.filter(household_id=OuterRef("household_id")).exclude(scan="")
        return dated_cases(selectors.case_queryset(self.request.user).annotate(consent_on_file=Exists(on_file)))

    def filter_queryset(self, queryset: Any) -> Any:
        return dated_cases(super().filter_queryset(queryset))  # the filters' selector starts anew (CaseFilter.select)

    @extend_schema(request=CaseOpenSerializer, responses={201: CaseSerializer})
    def create(self, request: Request) -> Response:
        """发起案件：识别纳入、风险再标注由村干部、驻村工作队、乡镇或县乡村振兴局发起；风险消除由村两委提出，只能由
        村干部或驻村工作队发起（乡镇、县级工作人员发起的返回 403）。"""
        data = CaseOpenSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        case = services.case_open(actor=request.user, **data.validated_data)
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseActSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def act(self, request: Request, pk: str) -> Response:
        """办理当前环节：角色须与环节一致，案件须在本人管辖范围内。带上读取案件时的 version 的，案件此后已有新的办理
        记录时不予办理（409）。"""
        data = CaseActSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version", "")
        try:
            case = step_act(actor=request.user, case=self.get_object(), expected_version=version, read_by=API, **values)
        except Busy as error:
            raise api_errors(error) from error
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(request=PublicityPostedSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"], url_path="publicity-posted")
    def publicity_posted(self, request: Request, pk: str) -> Response:
        """登记公示张贴日期：由公示环节的办理角色登记，公示截止日期按张贴日期重新计算。"""
        data = PublicityPostedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = self.get_object()
        publicity.publicity_posted_record(actor=request.user, case=case, **data.validated_data)
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(request=CaseWithdrawSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """撤回案件：县级审批（无县级审批的程序：其最后环节）前，由本案发起人（村级发起的案件，本村村干部、驻村工作队）填写理由后撤回（误选农户、
        类别，或风险已即时消除）。其他人员返回 403；乡镇、县级在本级办理环节选择“不通过”或“退回村级补正”。"""
        data = CaseWithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_withdraw(actor=request.user, case=self.get_object(), note=data.validated_data["note"])
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(request=CaseCorrectSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        """更正风险类型和拟定类别：仅在乡镇退回村级补正、案件回到村级环节期间，由本村村干部、驻村工作队办理（其他
        角色 403，其他环节 409）；类别须为该户类型可选的类别。更正改变公示内容（拟定类别、公示的风险原因）的，本案
        已通过的各次公示（村级公示，以及县级退回乡镇、乡镇再退回村级时已通过的“乡镇审核后再次公示”）都回到“未开始”，
        各在其前一环节重新办理通过后按更正后的内容重新公示。记入案件记录（原值 → 新值）和审计日志。
        只提交要更正的项：未提交的项保持不变。带上读取案件时的 version 的，案件此后已有新的办理记录（如他人已作更正）时
        不予更正（409）。"""
        case = self.get_object()
        correction_check(actor=request.user, case=case)  # another role 403, another step 409, before the body's 400
        data = CaseCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version", "")
        done = case_correct(actor=request.user, case=case, expected_version=version, read_by=API, **values)
        return Response(CaseSerializer(self.get_queryset().get(pk=done.case.pk)).data)
