"""Visit API under /api/v1/visits/: a 走访 recorded through households.visit_extras and visit_record, like the visit
page; a client's retry of the same POST (its ``once`` token, config.api_once) records once, and the token sent with
another visit (another household's too) is refused (households.services.visit_once). A visit the same as one the
user recorded for the household that day is a 409 naming it unless confirm_same_visit (visit_same_day). The visit's
photo is sent with it (multipart/form-data) and read at /api/v1/visits/{id}/photo/ (households.api_visit_photo)."""

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from config.api_ids import ScopedIdFilter, visible
from config.api_once import ONCE_PARAMETER, once_api_field, once_api_token, once_status
from households import visit_extras
from households.api import RegistryWritePermission
from households.api_fields import ScopedHouseholdField
from households.api_labels import CodeLabelsField, code_label
from households.api_params import RegionCodeFilterMixin
from households.api_visit_fix import FIX_OUTPUT_FIELDS, VisitFixMixin, VisitFixOutputMixin
from households.api_visit_photo import (
    HasPhotoFilterMixin,
    PhotoOutputMixin,
    VisitPhotoMixin,
    leave_out_unsent,
    photo_fields,
)
from households.choices import MANUAL_VISIT_KINDS, RegionLevel, RiskType, VisitKind
from households.models import Household, Visit
from households.place_filter import place_named, place_narrow
from households.privacy import MSG_ALERT_VISIT_NOTES, MSG_VISIT_NOTES_HIDDEN, shown_visit_notes
from households.selectors_visits import visitors_visible
from households.services import visit_changes, visit_once
from households.services import visits as visit_services
from households.services.visit_guarantees import stated_findings
from households.services.visit_stated import LATE_ENTRY, NOT_STATED
from households.services.visits import VisitInput

MSG_FINDING_NULL = "请填写 true（有保障）或 false（无保障）。"
# The page shows a 月度走访's five boxes and records what they say; a client shows none, so an item it leaves out is
# nobody's answer and must not be recorded as one (visit_stated.stated_of: such a visit states all five).
MSG_FINDINGS_REQUIRED = "{kind}须逐项填写两不愁三保障及饮水情况（true 有保障，false 无保障），本次未填写：{items}。"

MSG_KIND_NOT_MANUAL = (
    "“{kind}”的走访不在这里记录（预警核实：/api/v1/alerts/{{id}}/verify/；帮扶回访：/api/v1/assistance/plans/{{id}}/"
    "return-visits/；申报核实：/api/v1/applications/{{id}}/start-verification/），这里只能记录月度走访或集中排查。"
)


class VisitSerializer(VisitFixOutputMixin, PhotoOutputMixin, serializers.ModelSerializer):
    household = ScopedHouseholdField(help_text="农户ID")
    visitor = serializers.CharField(source="visitor.username", read_only=True, help_text="走访人账号")
    # Every kind a visit has, as responses carry them (an alert's, a plan's, an application's visit too); what a
    # client records here is a plain visit, checked in validate_kind.
    kind = serializers.ChoiceField(
        choices=VisitKind.choices,
        default=VisitKind.MONTHLY,
        help_text="走访类型。记录走访时只能是 monthly（月度走访）或 campaign（集中排查）；"
        "alert（预警核实）、return（帮扶回访）、application（申报核实）的走访由各自的接口记录，只出现在查询结果中",
    )
    risk_types = serializers.ListField(
        child=serializers.ChoiceField(choices=RiskType.choices),
        required=False,
        help_text="发现的风险类型（risk_found 为 true 时至少一项）",
    )
    kind_display = code_label("kind", "走访类型名称")
    risk_types_display = CodeLabelsField(
        RiskType, source="risk_types", help_text="发现的风险类型名称，与 risk_types 的代码一一对应"
    )
    confirm_changes = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="收入或刚性支出变化超出该户可能的幅度时，确认金额无误"
    )
    confirm_same_visit = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="本人当天已为该户记录过内容相同的走访（走访类型、发现情况、风险类型、收支变化、走访情况都相同）时，"
        "须为 true 才会另记一次，否则返回409并指明已记录的走访",
    )
    once = once_api_field()
    stated_findings = serializers.ListField(
        child=serializers.ChoiceField(choices=visit_services.FINDINGS),
        read_only=True,
        help_text="本次走访核实（填写）了的两不愁三保障及饮水项：月度走访、集中排查为全部五项；预警核实、申报核实、"
        f"帮扶回访只含走访人改动了的项。未列出的项返回 null（{NOT_STATED}），不是该户当时的答复",
    )
    findings_checked = serializers.SerializerMethodField(
        help_text="本次走访是否五项都已核实（stated_findings 含全部五项）；为 false 时逐项看 stated_findings"
    )
    created_at = serializers.DateTimeField(read_only=True, help_text="录入时间：这次走访记入系统的时间（不是走访日期）")
    entered_late = serializers.BooleanField(
        read_only=True, help_text=f"是否{LATE_ENTRY}：录入时间晚于走访所在月份（该月结束后才录入）"
    )
    income_notice = serializers.SerializerMethodField(
        help_text="记录后的提示：本年走访记录的收入累计减少较多（或刚性支出累计增加较多）时，提醒核实并更新年度收支"
    )

    class Meta:
        model = Visit
        fields = [
            "id",
            "household",
            "visited_on",
            "visitor",
            "created_at",
            "entered_late",
            "kind",
            "kind_display",
            "income_change",
            "expense_change",
            "food_clothing_ok",
            "education_ok",
            "medical_ok",
            "housing_ok",
            "water_ok",
            "stated_findings",
            "findings_checked",
            "risk_found",
            "risk_types",
            "risk_types_display",
            "notes",
            "confirm_changes",
            "confirm_same_visit",
            "once",
            "income_notice",
            *FIX_OUTPUT_FIELDS,
        ]
        # Each finding is the visitor's answer: one left out is refused in validate(), not taken from the household.
        extra_kwargs = {
            name: {
                "allow_null": True,
                "help_text": "必填：true 有保障，false 无保障。月度走访、集中排查须五项都填写，"
                "缺项返回400并列出未填写的项，不按该户当前状况代填。"
                f"查询结果中，本次未核实的项（不在 stated_findings 中）为 null（{NOT_STATED}）",
            }
            for name in visit_services.FINDINGS
        } | {
            "notes": {
                "help_text": "走访情况。不能查看健康状况的角色（领导、审批人员）查询时读到的是"
                f"“{MSG_VISIT_NOTES_HIDDEN}”（预警核实的为“{MSG_ALERT_VISIT_NOTES}”），不是原文；"
                "查看身份证号、手机号为遮挡的角色读到的原文中，身份证号和手机号遮挡"
            }
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["household"].queryset = Household.objects.visible_to(request.user)

    def get_fields(self) -> dict[str, Any]:
        # What later apps add (households.visit_extras): the plan's return visit, for a household with a plan.
        fields = {**super().get_fields(), **photo_fields(), **visit_extras.api_fields()}
        leave_out_unsent(fields, visit_services.FINDINGS)
        return fields

    def validate_kind(self, kind: str) -> str:
        if kind not in dict(MANUAL_VISIT_KINDS):
            raise serializers.ValidationError(MSG_KIND_NOT_MANUAL.format(kind=VisitKind(kind).label))
        return kind

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The extras' inputs leave attrs here, checked before anything is saved; perform_create records through them.
        user = self.context["request"].user
        nulls = {name: MSG_FINDING_NULL for name in visit_services.FINDINGS if name in attrs and attrs[name] is None}
        if nulls:
            raise serializers.ValidationError(nulls)
        missing = [name for name in visit_services.FINDINGS if name not in attrs]
        if missing and stated_findings(attrs["kind"]):
            items = "、".join(str(Visit._meta.get_field(name).verbose_name) for name in missing)
            message = MSG_FINDINGS_REQUIRED.format(kind=VisitKind(attrs["kind"]).label, items=items)
            raise serializers.ValidationError({name: message for name in missing})
        self.extras = visit_extras.api_offered(actor=user, household=attrs["household"], data=attrs)
        return attrs

    def to_representation(self, instance: Visit) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["notes"] = shown_visit_notes(self.context["request"].user, instance.kind, instance.notes)
        stated = set(instance.stated_findings or [])
        # A finding not stated is the household's record as it stood: nobody's answer.
        data |= {name: None for name in visit_services.FINDINGS if name not in stated}
        return data

    def get_findings_checked(self, visit: Visit) -> bool:
        return set(visit_services.FINDINGS) <= set(visit.stated_findings or [])

    def get_income_notice(self, visit: Visit) -> str:
        # Set by VisitViewSet.perform_create on the visit it has just recorded; a listed visit has none.
        return getattr(visit, "income_notice", "")


class VisitFilter(RegionCodeFilterMixin, HasPhotoFilterMixin, django_filters.FilterSet):
    household = ScopedIdFilter(scope=visible(Household), help_text="农户ID（须在本人管辖范围内，否则为400）")
    township = django_filters.CharFilter(method="in_place", help_text="乡镇区划代码（须在本人管辖范围内，否则为400）")
    village = django_filters.CharFilter(
        method="in_place",
        help_text="村区划代码（须在本人管辖范围内，否则为400）；同时给出 township 而该村不在该乡镇的，结果为空",
    )
    visitor = ScopedIdFilter(
        scope=visitors_visible,
        help_text="走访人的用户ID（即其 /api/v1/me/ 的 id）；"
        "不存在，或既不是本人管辖范围内的账号、也未在范围内走访过的，为400",
    )
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices, help_text="走访类型")
    visited_from = django_filters.DateFilter(field_name="visited_on", lookup_expr="gte", help_text="走访日期起")
    visited_to = django_filters.DateFilter(field_name="visited_on", lookup_expr="lte", help_text="走访日期止")
    region_code_filters = {"township": (RegionLevel.TOWNSHIP,), "village": (RegionLevel.VILLAGE,)}

    class Meta:
        model = Visit
        fields = ["household", "kind"]

    def in_place(self, queryset: Any, name: str, value: str) -> Any:
        return queryset  # both parameters name one place, read together in filter_queryset

    def filter_queryset(self, queryset: Any) -> Any:
        # The place as the lists read their township and village (households.place_filter): a village outside the
        # township given names no place, and lists nothing. A visit's region path is its household's, as scope reads.
        filters: dict[str, str] = {}
        place_narrow(filters, place_named(actor=self.request.user, query=self.form.cleaned_data))
        visits = super().filter_queryset(queryset)
        return visits.filter(region_path__startswith=filters["region"]) if filters else visits


class VisitViewSet(
    VisitFixMixin,
    VisitPhotoMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """走访记录。走访发现的两不愁三保障及饮水情况成为该户的当前状况。走访照片随走访一并提交（multipart/form-data），
    与网页相同：JPG、PNG 或 PDF，不超过 10 MB。录错的走访可更正（PATCH，须填写原因）或作废（POST .../void/）；
    作废的走访仍在列表中（voided 为 true），不计入走访次数、收支变化和台账。"""

    serializer_class = VisitSerializer
    permission_classes = [RegistryWritePermission]
    filterset_class = VisitFilter
    # Multipart for the photo, as the page sends it; JSON for a visit without one.
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return Visit.objects.visible_to(self.request.user).select_related("visitor", "voided_by", "corrected_by")

    @extend_schema(parameters=[ONCE_PARAMETER])
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """记录走访；带 once（或请求头 Idempotency-Key）重试的，只记录一次：
        首次返回201，重复提交（含同时到达的两次提交）返回200及首次的走访；
        同一令牌提交了不同的走访内容（含另一户的走访）返回409，不记录。
        本人当天已为该户记录过内容相同的走访的（如换了令牌再次提交），返回409并指明该走访，不记录；
        确是当天又一次走访的，带 confirm_same_visit=true 提交。
        附照片的，以 multipart/form-data 提交，照片放在 photo 字段：只能是 JPG、PNG 或 PDF，不超过 10 MB，
        否则返回400（photo 下说明），不记录。两不愁三保障及饮水五项须逐项填写（true 或 false），缺项返回400。"""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        once = once_api_token(request, data.pop("once", None))
        household: Household = data.pop("household")
        findings = {name: data.pop(name) for name in visit_services.FINDINGS if name in data}
        visit_input = VisitInput(actor=request.user, household=household, findings=findings, once=once, **data)
        recorded = visit_extras.record(visit_input, serializer.extras)
        visit = recorded.visit
        # Told by visit_record under the household's lock, not asked before it: of two tries at once, the one that
        # waited for the lock is the repeat.
        repeated = not visit_once.visit_recorded_now(visit)
        for name, value in recorded.api.items():  # an extra's read-only fields (next_return_due)
            setattr(visit, name, value)
        notice = visit_changes.drop_notice(visit)
        visit.income_notice = notice.message if notice else ""
        serializer.instance = visit
        return Response(serializer.data, status=once_status(repeated))
