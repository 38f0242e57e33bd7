"""Assistance API after the plan: help contacts, 防贫保 claims and the quarterly employment ledger."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import ViewOrEdit
from accounts.roles import Capability
from assistance import selectors
from assistance.api import AssistancePermission, codes, expected_status_field
from assistance.api_contacts_read import HelpContactReadMixin
from assistance.choices import ClaimCause, ClaimStatus
from assistance.contact_shown import current_person
from assistance.models import EmploymentRecord, HelpContactAssignment, InsuranceClaim
from assistance.quarters import FIRST_YEAR, LAST_YEAR, QUARTER_FORMAT, parse_quarter
from assistance.selectors_employment import REGISTRATION_STATUSES, TO_COMPLETE
from assistance.services import claims, contacts, employment
from config.api import KnownQueryParamsMixin, choice_param
from households.api_fields import ScopedHouseholdField, ScopedMemberField
from households.choices import EmploymentPlace
from workflow.api_common import inline_choice_field

MSG_QUARTER = "请用 quarter=YYYYQn 指定季度，例如 2026Q4。"
MSG_QUARTER_YEAR = f"季度的年份应在 {FIRST_YEAR} 至 {LAST_YEAR} 年之间，不能是“{{value}}”。"


@extend_schema_field(OpenApiTypes.INT)
class ContactField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": "该账号不存在或不能安排为帮扶联系人。",
        "incorrect_type": "帮扶联系人应为用户ID（整数）。",
    }

    def get_queryset(self) -> Any:
        return selectors.contact_choices(actor=self.context["request"].user)


class HelpContactSerializer(serializers.Serializer):
    """帮扶联系人：系统用户（contact），或包保单位人员（无账号：person_name、person_unit、person_phone 必填，
    person_title 选填），二者只能选一。"""

    household = ScopedHouseholdField(help_text="农户ID")
    contact = ContactField(
        required=False,
        allow_null=True,
        default=None,
        help_text="帮扶联系人为系统用户时：用户ID（须为该户所在村的村干部、驻村工作队员或所在乡镇、县的干部）",
    )
    person_name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=50, help_text="包保单位人员（无账号）的姓名"
    )
    person_unit = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100, help_text="包保单位人员的包保单位/工作单位"
    )
    person_title = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=50, help_text="包保单位人员的职务（选填）"
    )
    person_phone = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=20,
        help_text="包保单位人员的联系电话（手机号或带区号的座机）",
    )
    starts_on = serializers.DateField(required=False, default=None, help_text="开始日期，默认今天")
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="调整原因（更换时必填）")


class HelpContactCorrectSerializer(serializers.Serializer):
    """更正现任包保单位人员（无账号）的单位、职务或联系电话：仍是同一联系人安排，不另起一条；未给出的字段保持不变。"""

    person_name = serializers.CharField(
        required=False, help_text="姓名（选填，须与现任联系人相同：姓名不同的是另一人，请用 POST 安排新的联系人）"
    )
    person_unit = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="包保单位/工作单位")
    person_title = serializers.CharField(required=False, allow_blank=True, max_length=50, help_text="职务（可清空）")
    person_phone = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="联系电话（手机号或带区号的座机）"
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="更正说明（选填）")


def _contact_body(assignment: HelpContactAssignment, *, corrected: bool) -> dict[str, Any]:
    return {
        "id": assignment.pk,
        "household": assignment.household_id,
        "contact": assignment.contact_id,
        "person_name": assignment.person_name,
        "person_unit": assignment.person_unit,
        "person_title": assignment.person_title,
        "person_phone": assignment.person_phone,
        "starts_on": assignment.starts_on,
        "corrected": corrected,
        # The households whose contact was corrected (help_contact_correct counts them); none for a new assignment.
        "households_changed": getattr(assignment, "corrected_households", 1) if corrected else 0,
    }


class HelpContactViewSet(HelpContactReadMixin, KnownQueryParamsMixin, viewsets.GenericViewSet):
    """帮扶联系人：查看（GET 列出本人管辖范围内农户的现任帮扶联系人，可按 needs_contact 筛选未安排、需调整的），
    安排或调整（保留历史）；同一包保单位人员（姓名不变）的单位、职务或电话有变化的，作为更正，不另起一条联系人安排
    （POST 返回 200 和原安排，corrected 为 true；也可 PATCH 该安排）。更正其电话或单位的，同一人（姓名、单位、原电话
    相同）现任帮扶的本人管辖范围内各户一并更正，households_changed 为更正的户数（安排新的联系人时为 0）。"""

    permission_classes = [AssistancePermission]
    serializer_class = HelpContactSerializer

    def get_queryset(self) -> Any:
        return HelpContactAssignment.objects.visible_to(self.request.user).select_related("contact")

    @extend_schema(
        request=HelpContactSerializer,
        responses={201: OpenApiTypes.OBJECT, 200: OpenApiTypes.OBJECT},
        description="安排新的帮扶联系人返回 201；同一包保单位人员只更正单位、职务或电话的返回 200（corrected: true）",
    )
    def create(self, request: Request) -> Response:
        data = HelpContactSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        person = current_person(data.validated_data["household"])
        assignment = contacts.help_contact_assign(actor=request.user, **data.validated_data)
        corrected = person is not None and assignment.pk == person.pk
        return Response(
            _contact_body(assignment, corrected=corrected),
            status=status.HTTP_200_OK if corrected else status.HTTP_201_CREATED,
        )

    @extend_schema(request=HelpContactCorrectSerializer, responses={200: OpenApiTypes.OBJECT})
    def partial_update(self, request: Request, pk: str) -> Response:
        """更正现任包保单位人员的单位、职务或联系电话（审计记录原值和新值）。"""
        assignment = self.get_object()
        data = HelpContactCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = contacts.help_contact_correct(actor=request.user, assignment=assignment, **data.validated_data)
        return Response(_contact_body(assignment, corrected=True))


class ClaimSerializer(serializers.ModelSerializer):
    household = ScopedHouseholdField(help_text="农户ID（须为三类监测对象）")
    member = ScopedMemberField(required=False, allow_null=True, help_text="出险成员ID")
    cause = inline_choice_field(ClaimCause.choices, help_text="出险原因")
    cause_display = serializers.CharField(source="get_cause_display", read_only=True, help_text="出险原因名称")
    status = serializers.CharField(read_only=True, help_text="状态：" + codes(ClaimStatus.choices))
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态名称")
    head_name = serializers.CharField(source="household.head_name", read_only=True, help_text="户主姓名")

    approved_amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="核定金额（元），核准时由县乡村振兴局填写；未核定为 null",
    )
    paid_amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="赔付金额（元），赔付时由县乡村振兴局填写；未赔付为 null",
    )

    class Meta:
        model = InsuranceClaim
        fields = [
            "id",
            "household",
            "head_name",
            "member",
            "cause",
            "cause_display",
            "amount",
            "occurred_on",
            "description",
            "status",
            "status_display",
            "approved_amount",
            "paid_amount",
        ]
        read_only_fields = ["id", "head_name", "status", "approved_amount", "paid_amount"]


class ClaimDecideSerializer(serializers.Serializer):
    status = inline_choice_field(ClaimStatus.choices, help_text="处理结果")
    approved_amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text="核定金额（元）：核准（approved）时必填，不超过申请金额",
    )
    paid_amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text="赔付金额（元）：标记已赔付（paid）时必填，不超过核定金额",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="核定意见")
    expected_status = expected_status_field(
        ClaimStatus.choices,
        help_text="客户端读到的理赔状态；与当前状态不符（他人已处理）时返回409，不作处理。不填则不核对",
    )


class ClaimViewSet(KnownQueryParamsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """防贫保理赔：只赔付三类监测对象。"""

    serializer_class = ClaimSerializer
    permission_classes = [AssistancePermission]
    query_params_known = ("status",)

    @extend_schema(parameters=[OpenApiParameter("status", str, description="状态：" + codes(ClaimStatus.choices))])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if self.action != "list":
            return selectors.claim_list(actor=self.request.user)
        # An unknown status is a 400 naming it (it matched nothing: an empty list read as "no claims").
        status = choice_param(self.request, "status", ClaimStatus.values)
        return selectors.claim_list(actor=self.request.user, filters={"status": status})

    def create(self, request: Request) -> Response:
        """申报防贫保理赔；非监测户会被拒绝。"""
        data = ClaimSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        claim = claims.claim_create(actor=request.user, **data.validated_data)
        return Response(ClaimSerializer(claim, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ClaimDecideSerializer, responses={200: ClaimSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        """核定理赔（核准、赔付或不予赔付）；农户已注销的只能不予赔付，核准或赔付返回400；带 expected_status 的，
        理赔已被他人处理为其他状态时返回409。"""
        data = ClaimDecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = claims.claim_decide(actor=request.user, claim=self.get_object(), **data.validated_data)
        return Response(ClaimSerializer(claim, context={"request": request}).data)


# Without months the service would save 0 (its default for callers that know the member did not work), a 0 nobody
# reported (commit 73045b40): the API asks for them, as the page's form does; null is refused with the quarter named.
MSG_MONTHS_REQUIRED = "请填写本年务工时间（月）；本年未务工的填0。"


class EmploymentSerializer(serializers.ModelSerializer):
    member = ScopedMemberField(help_text="成员ID")
    name = serializers.CharField(source="member.name", read_only=True, help_text="姓名")
    quarter_display = serializers.CharField(source="get_quarter_display", read_only=True, help_text="季度名称")
    place = inline_choice_field(EmploymentPlace.choices, required=False, help_text="务工地点")
    place_display = serializers.CharField(source="get_place_display", read_only=True, help_text="务工地点名称")

    class Meta:
        model = EmploymentRecord
        fields = [
            "id",
            "member",
            "name",
            "year",
            "quarter",
            "quarter_display",
            "employed",
            "place",
            "place_display",
            "months",
            "monthly_income",
            "public_welfare_post",
            "note",
        ]
        read_only_fields = ["id", "name"]
        validators: list = []
        extra_kwargs = {
            "months": {
                "required": True,
                "error_messages": {"required": MSG_MONTHS_REQUIRED},
                "help_text": "本年务工时间（月）；null 为待补充（据农户档案生成该季度台账时，档案未说明本年"
                "务工几个月），保存时须填写",
            }
        }


# The ledger is read by whoever reads the registry and by the 人社 clerk, who leads it (read-only: accounts.roles);
# recording a quarter needs assistance.edit, refused before the body is read.
EmploymentPermission = ViewOrEdit(
    view=Capability.EMPLOYMENT_VIEW, edit=Capability.ASSISTANCE_EDIT, what="劳动力就业台账"
)


def quarter_from(raw: str) -> tuple[int, int]:
    """?quarter=YYYYQn, or a 400 at quarter: malformed, or of a year the ledger has none of (9999Q4's last day is past
    what a date can be: it was a 500)."""
    if parsed := parse_quarter(raw):
        return parsed
    text = raw.strip()
    message = MSG_QUARTER_YEAR.format(value=text) if QUARTER_FORMAT.fullmatch(text) else MSG_QUARTER
    raise DRFValidationError({"quarter": [message]})


def _quarter_param(request: Request) -> tuple[int, int]:
    return quarter_from(request.query_params.get("quarter", ""))


class EmploymentViewSet(KnownQueryParamsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """劳动力就业台账（按季度）：登记或修改某成员某季度的就业情况。"""

    serializer_class = EmploymentSerializer
    permission_classes = [EmploymentPermission]
    query_params_known = ("quarter", "status")

    @extend_schema(
        parameters=[
            OpenApiParameter("quarter", str, required=True, description="季度，如 2026Q4"),
            OpenApiParameter(
                "status",
                str,
                enum=[TO_COMPLETE],
                description="登记情况（与网页“登记情况”相同；未登记的成员没有记录，见 employment-members）："
                + codes([(TO_COMPLETE, dict(REGISTRATION_STATUSES)[TO_COMPLETE])]),
            ),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return EmploymentRecord.objects.none()
        status = choice_param(self.request, "status", [TO_COMPLETE])
        quarter = _quarter_param(self.request)
        return selectors.employment_list(actor=self.request.user, quarter=quarter, filters={"status": status})

    def create(self, request: Request) -> Response:
        """登记（或修改）一个成员一个季度的就业情况。只能登记该季度应登记的劳动力（与 employment-members 名单相同：
        脱贫户和监测户中该季度末16至64周岁、有劳动能力、非在校生的在世成员），否则400（member）并说明原因；本年务工
        时间不能超过该季度末本年的月数，且须与是否务工就业、月均务工收入、公益性岗位一致，否则400并指明字段。"""
        data = EmploymentSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        record = employment.employment_record_save(actor=request.user, **data.validated_data)
        return Response(EmploymentSerializer(record, context={"request": request}).data, status=status.HTTP_201_CREATED)
