"""Campaign API under /api/v1/: the same selectors and services as the pages, so the same rules and scope."""

from typing import Any

import django_filters
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import SelectorFilterSet, YesFilter, refuse_unknown_params
from config.api_ids import ScopedIdFilter, visible
from households.api import RegistryWritePermission
from screening import selectors_campaigns as selectors
from screening import selectors_progress as progress_selectors
from screening.api_campaign_rows import PROGRESS_ROWS, SummaryUnitSerializer
from screening.choices_campaigns import AreaLevel, ProblemStatus, ProblemType
from screening.models import AreaProblem, Campaign, CampaignAssignment, HouseholdProblem, ScreeningForm
from screening.serializers_campaigns import (
    AreaProblemSerializer,
    AssignmentSerializer,
    CampaignCloseSerializer,
    CampaignSerializer,
    CloseSerializer,
    HouseholdProblemSerializer,
    PlanSerializer,
    ReopenSerializer,
    ScreeningFormSerializer,
    summary_unit_data,
)
from screening.serializers_close_check import CampaignCloseCheckSerializer, close_check_data
from screening.services import campaign_close, campaign_edit, campaign_problems, campaign_roles, campaigns

MSG_PROGRESS_BY = "by 只能为 village（按村）或 township（按乡镇汇总）。"


class CampaignViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """集中排查：名称、阶段与日期、排查范围（村）。县乡村振兴局发起本县的排查，乡镇工作人员发起本乡镇的排查（范围只能是
    本乡镇的村）；发起单位及其上级县乡村振兴局可修改（已有排查表或问题的村不能移除）、结束排查（POST close，结束后
    不再接收排查表和新问题，已登记问题继续整改销号；结束前可用 GET close-check 查看尚未完成的工作），
    未填写排查表、未登记问题的排查可删除（DELETE）。
    村、乡镇看到覆盖本辖区的排查。"""

    serializer_class = CampaignSerializer
    permission_classes = [RegistryWritePermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.campaign_list(actor=self.request.user).select_related("created_by", "closed_by")

    def perform_destroy(self, instance: Any) -> None:
        campaign_close.campaign_delete(actor=self.request.user, campaign=instance)

    @extend_schema(
        request=CampaignCloseSerializer,
        summary="结束排查（发起的乡镇或县乡村振兴局）：此后不再接收排查表和新问题，已登记问题继续整改销号；"
        "入户排查阶段未结束、有村未安排排查人或有户未排查时须 acknowledged=true",
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        body = CampaignCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        campaign = campaign_close.campaign_close(
            actor=request.user, campaign=self.get_object(), acknowledged=body.validated_data["acknowledged"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=campaign.pk)).data)

    @extend_schema(
        summary="结束排查前的检查（只读，与结束排查页的确认内容相同）：尚未完成的工作"
        "（有则结束时须 acknowledged=true）、未安排排查人和未排完的村、无在世在户人员未列入排查的户数、已登记问题数；"
        "发起的乡镇或县乡村振兴局可查看",
        responses=CampaignCloseCheckSerializer,
    )
    @action(detail=True, methods=["get"], url_path="close-check", pagination_class=None)
    def close_check(self, request: Request, pk: str) -> Response:
        refuse_unknown_params(request, (), paged=False)
        campaign = self.get_object()
        if not campaign_roles.can_organise(request.user, campaign):
            raise PermissionDenied(campaign_roles.MSG_CLOSE_ROLE)  # as the page: only who may end it reads the check
        check = progress_selectors.close_check(actor=request.user, campaign=campaign)
        closed = ""
        if campaign.closed_at:
            closed = campaign_close.MSG_ALREADY_CLOSED.format(
                name=campaign.name, date=f"{timezone.localdate(campaign.closed_at):%Y-%m-%d}"
            )
        data = close_check_data(campaign, check, campaign_close.campaign_counts(campaign), closed)
        return Response(CampaignCloseCheckSerializer(data).data)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = campaigns.campaign_create(
            actor=self.request.user,
            name=data["name"],
            region=data["region"],
            villages=list(data["villages"]),
            phases=[dict(p) for p in data["phases"]],
        )

    def perform_update(self, serializer: Any) -> None:
        """PATCH changes what it names. `phases` is merged by kind: a phase listed replaces the stored phase of that
        kind, the others stay (a duplicate kind in the list is refused by the service)."""
        campaign, data = serializer.instance, serializer.validated_data
        phases = list(campaign.phases.values("kind", "starts_on", "ends_on"))
        if data.get("phases") is not None:
            given = [dict(p) for p in data["phases"]]
            phases = [p for p in phases if p["kind"] not in {g["kind"] for g in given}] + given
        serializer.instance = campaign_edit.campaign_update(
            actor=self.request.user,
            campaign=campaign,
            name=data.get("name", campaign.name),
            villages=list(data["villages"]) if "villages" in data else list(campaign.villages.all()),
            phases=phases,
            region=data.get("region"),
        )

    @extend_schema(
        summary=(
            "排查进度：各村（或各乡镇汇总）已排查户数 / 总户数、疑似风险、拟纳入、问题与未销号数、排查人数，"
            "及无在世在户人员、未列入排查的户数"
        ),
        parameters=[
            OpenApiParameter(
                "by", str, enum=["village", "township"], description="village 按村（默认）；township 按乡镇汇总"
            ),
            OpenApiParameter("township", str, description="乡镇区划代码：只看该乡镇的村"),
        ],
        responses={200: PROGRESS_ROWS},
    )
    @action(detail=True, methods=["get"], pagination_class=None)  # one list, not paged
    def progress(self, request: Request, pk: str) -> Response:
        refuse_unknown_params(request, ("by", "township"), paged=False)
        campaign = self.get_object()
        by = request.query_params.get("by", "village")
        if by not in ("village", "township"):
            raise ValidationError({"by": [MSG_PROGRESS_BY]})
        code = request.query_params.get("township", "")
        township = selectors.summary_townships(actor=request.user, campaign=campaign).filter(code=code).first()
        if code and township is None:
            return Response([])
        rows = list(progress_selectors.campaign_progress(actor=request.user, campaign=campaign, township=township))
        # 面上问题 above the villages: in their township's line, else a line of their own (level county/township).
        areas = progress_selectors.area_progress(actor=request.user, campaign=campaign, township=township)
        if by == "township":
            townships = progress_selectors.progress_by_township(rows, areas)
            return Response(
                [
                    {"township": t.region.code, "name": t.region.name, "villages": t.villages, **t.numbers}
                    | {"level": "township"}
                    for t in townships
                ]
                + [
                    {
                        "township": a.region.code,
                        "name": a.region.name,
                        "villages": 0,
                        **a.numbers,
                        "level": a.region.level,
                    }
                    for a in progress_selectors.areas_apart(areas, townships)
                ]
            )
        keys = [*progress_selectors.PROGRESS_KEYS, "screeners"]
        above = {"screeners": 0, "township": ""}
        return Response(
            [
                {"village": r.code, "name": r.name, "township": r.parent.name, **{k: getattr(r, k) for k in keys}}
                | {"level": "village"}
                for r in rows
            ]
            + [
                {"village": a.region.code, "name": a.region.name, **a.numbers, **above, "level": a.region.level}
                for a in areas
            ]
        )

    @extend_schema(
        summary="整改情况汇总表（附件4）",
        parameters=[OpenApiParameter("township", str, description="乡镇区划代码：按该乡镇下各村汇总；不填按乡镇汇总")],
        responses={200: SummaryUnitSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)  # one table, not paged
    def summary(self, request: Request, pk: str) -> Response:
        refuse_unknown_params(request, ("township",), paged=False)
        campaign = self.get_object()
        code = request.query_params.get("township", "")
        township = selectors.summary_townships(actor=request.user, campaign=campaign).filter(code=code).first()
        units = selectors.summary_table(actor=request.user, campaign=campaign, township=township)
        return Response([summary_unit_data(u) for u in [*units, selectors.summary_totals(units)]])


class AssignmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """排查任务：哪位村干部排查哪个村。乡镇或县级工作人员安排。"""

    serializer_class = AssignmentSerializer
    permission_classes = [RegistryWritePermission]
    filterset_fields = ["campaign"]

    def get_queryset(self) -> Any:
        return CampaignAssignment.objects.visible_to(self.request.user).select_related("village", "cadre")

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = campaigns.assignment_add(actor=self.request.user, **serializer.validated_data)

    def perform_destroy(self, instance: CampaignAssignment) -> None:
        campaigns.assignment_remove(actor=self.request.user, assignment=instance)


class ScreeningFormViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """入户排查表（附件2）。每户每次排查一份；有问题的项目生成户内问题台账记录。"""

    serializer_class = ScreeningFormSerializer
    permission_classes = [RegistryWritePermission]
    filterset_fields = ["campaign", "household", "at_risk", "propose_monitoring"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return (
            ScreeningForm.objects.visible_to(self.request.user)
            .select_related("filled_by", "household")
            .prefetch_related("problems")
        )

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = campaigns.form_submit(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer: Any) -> None:
        form, data = serializer.instance, serializer.validated_data
        serializer.instance = campaigns.form_update(
            actor=self.request.user,
            form=form,
            answers=data.get("answers", form.answers),
            at_risk=data.get("at_risk", form.at_risk),
            propose_monitoring=data.get("propose_monitoring", form.propose_monitoring),
            filled_on=data.get("filled_on", form.filled_on),
            per_capita_income=data.get("per_capita_income", form.per_capita_income),
            food_clothing_problem=data.get("food_clothing_problem", form.food_clothing_problem),
            food_clothing_note=data.get("food_clothing_note", form.food_clothing_note),
            risk_types=data.get("risk_types", form.risk_types),
            confirm_judgement=data.get("confirm_judgement", False),
        )


class ProblemFilter(SelectorFilterSet):
    """The ledgers' filters; the filtering itself is the selector's, shared with the ledger pages."""

    campaign = ScopedIdFilter(
        method="noop", scope=visible(Campaign), help_text="集中排查ID（须在本人管辖范围内，否则为400）"
    )
    region = django_filters.CharFilter(method="noop", help_text="乡镇或村区划代码")
    problem_type = django_filters.ChoiceFilter(choices=ProblemType.choices, method="noop", help_text="问题类型")
    status = django_filters.ChoiceFilter(choices=ProblemStatus.choices, method="noop", help_text="整改状态")
    open = YesFilter(method="noop", help_text="只看未销号的问题", no="只看已销号的问题")
    overdue = YesFilter(method="noop", help_text="只看逾期未整改（整改时限已过、尚未销号）的问题")


class HouseholdProblemFilter(ProblemFilter):
    q = django_filters.CharFilter(method="noop", help_text="户主姓名或户编号")

    class Meta:
        model = HouseholdProblem
        fields: list[str] = []

    def select(self, filters: dict[str, Any]) -> Any:
        return selectors.household_problem_list(actor=self.request.user, filters=filters)


class AreaProblemFilter(ProblemFilter):
    level = django_filters.ChoiceFilter(choices=AreaLevel.choices, method="noop", help_text="面上问题层级")

    class Meta:
        model = AreaProblem
        fields: list[str] = []

    def select(self, filters: dict[str, Any]) -> Any:
        return selectors.area_problem_list(actor=self.request.user, filters=filters)


class ProblemViewSetMixin(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Shared by both ledgers: PATCH sets the four lists (nothing else); start/close/reopen move the status."""

    permission_classes = [RegistryWritePermission]
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=PlanSerializer, summary="填写或修改整改措施、责任人、责任单位、整改时限（四项清单）")
    def partial_update(self, request: Request, pk: str) -> Response:
        body = PlanSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        problem = self.get_object()
        plan = {name: body.validated_data.get(name, getattr(problem, name)) for name in campaign_problems.PLAN_FIELDS}
        return self._moved(campaign_problems.problem_plan(actor=request.user, problem=problem, **plan))

    def _moved(self, problem: Any) -> Response:
        return Response(self.get_serializer(problem).data)

    @extend_schema(request=None, summary="开始整改（须已填写整改措施、责任人、责任单位、整改时限）")
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        return self._moved(campaign_problems.problem_start(actor=request.user, problem=self.get_object()))

    @extend_schema(request=CloseSerializer, summary="销号：须上传或填写整改佐证材料")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        body = CloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        problem = campaign_problems.problem_close(actor=request.user, problem=self.get_object(), **body.validated_data)
        return self._moved(problem)

    @extend_schema(request=ReopenSerializer, summary="重新打开已销号的问题（乡镇或县级）")
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        body = ReopenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        problem = campaign_problems.problem_reopen(actor=request.user, problem=self.get_object(), **body.validated_data)
        return self._moved(problem)


class HouseholdProblemViewSet(ProblemViewSetMixin, viewsets.GenericViewSet):
    """户内问题整改台账（附件3）。"""

    serializer_class = HouseholdProblemSerializer
    filterset_class = HouseholdProblemFilter

    def get_queryset(self) -> Any:
        return HouseholdProblem.objects.visible_to(self.request.user).select_related("household", "closed_by")

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = campaign_problems.household_problem_create(
            actor=self.request.user, **serializer.validated_data
        )


class AreaProblemViewSet(ProblemViewSetMixin, viewsets.GenericViewSet):
    """面上问题整改台账（附件3-1）：县级、乡镇、村级层面的问题。"""

    serializer_class = AreaProblemSerializer
    filterset_class = AreaProblemFilter

    def get_queryset(self) -> Any:
        return AreaProblem.objects.visible_to(self.request.user).select_related("region", "closed_by")

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = campaign_problems.area_problem_create(
            actor=self.request.user, **serializer.validated_data
        )
