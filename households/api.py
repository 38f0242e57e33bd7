"""Registry API under /api/v1/: the same selectors and services as the pages, so the same rules and scope."""

from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, viewsets

from accounts.permissions import HasCapability, user_can
from accounts.roles import Capability
from assistance.api_contact_fields import HelpContactShownField
from assistance.contact_shown import prefetch_contact_persons
from config.api import SelectorFilterSet, YesFilter
from config.api_ids import ScopedIdFilter, visible
from households import selectors
from households.api_closed import CLOSING_FIELDS, CLOSING_HINTS, REGISTRY_STATE_HELP, HouseholdClosingRead
from households.api_create import HouseholdCreateMixin
from households.api_fields import PatchFieldsGuard, ScopedHouseholdField, confirm_unusual_field
from households.api_head import HeadChangeMixin
from households.api_labels import HEALTH_LABELS, MEMBER_LABELLED, HouseholdLabels, MemberLabels, with_labels
from households.api_member_reasons import PATCH_HINTS as REASON_HINTS
from households.api_member_reasons import READ_FIELDS as REASON_FIELDS
from households.api_member_reasons import MemberJoinInput, MemberReasonsRead
from households.api_members import MemberStatusMixin
from households.api_moves import HouseholdMergeMixin, HouseholdSplitMixin, MemberTransferMixin
from households.api_params import GRID_HELP, GROUP_HELP, PlaceNeedsVillageMixin, RegionCodeFilterMixin
from households.choices import (
    HouseholdType,
    LivingStatus,
    MonitoringCategory,
    MonitoringState,
    RegionLevel,
    RegistryState,
    RiskType,
    Sex,
)
from households.marking import with_marking
from households.models import Grid, Household, Member, Region
from households.ordering import ORDERING_CHOICES, ORDERING_HELP
from households.phone import household_phone
from households.privacy import HEALTH_FIELDS, sees_health, shown_birth_date, shown_id_number, shown_phone
from households.selectors_search import IdSearchGuard, id_part
from households.services import registry
from households.services.id_search import id_search_begin
from households.services.members import MEMBER_INPUT_FIELDS
from households.services.newborn import NO_ID_FIELD, TYPED_FIELDS, member_input

MSG_READ_ONLY = "您的角色只能查看农户档案。"
MSG_TYPED_WITHOUT_NO_ID = "性别和出生日期由身份证号得出；只有暂无身份证号（no_id_number 为 true）的婴儿才填写。"
MSG_NOT_NULL = "不能为 null（只读角色读取时为 null）：健康状况填代码，无残疾时残疾等级、类别填空字符串。"


class MemberSerializer(PatchFieldsGuard, MemberLabels, MemberReasonsRead, serializers.ModelSerializer):
    patch_field_hints = {
        **REASON_HINTS,
        "living_status": (
            "人员状态不能在此修改：已故、迁出用 POST /api/v1/members/{id}/set-status/，误标的恢复在世用 "
            "POST /api/v1/members/{id}/restore/（同农户档案页面的家庭成员处登记，记入变更记录）。"
        ),
        "household": (
            "成员不能在此换户：迁入他户用 POST /api/v1/members/{id}/transfer/，"
            "分户用 POST /api/v1/households/{id}/split/。"
        ),
    }

    household = serializers.PrimaryKeyRelatedField(read_only=True, help_text="所属农户ID")
    # 暂无身份证号 (households.services.newborn): a baby's sex and birth date are typed, not read from the number.
    no_id_number = serializers.BooleanField(
        required=False,
        help_text="暂无身份证号：一周岁以下尚未落户的婴儿为 true，此时 id_number 为空，填写 sex 和 birth_date",
    )
    sex = serializers.ChoiceField(
        choices=Sex.choices,
        required=False,
        help_text="性别：由身份证号得出；暂无身份证号（no_id_number 为 true）时填写",
    )
    birth_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=(
            "出生日期：由身份证号得出，暂无身份证号（no_id_number 为 true）时填写；"
            "身份证号脱敏显示的角色读取时为空，见 birth_year"
        ),
    )
    birth_year = serializers.IntegerField(source="birth_date.year", read_only=True, help_text="出生年份")
    living_status = serializers.CharField(read_only=True, help_text="人员状态：living在世/deceased已故/moved_out迁出")
    confirm_unusual = confirm_unusual_field()

    class Meta:
        model = Member
        fields = [
            "id",
            "household",
            *MEMBER_INPUT_FIELDS,
            "no_id_number",
            "sex",
            "birth_date",
            "birth_year",
            "living_status",
        ]
        fields = [*with_labels(fields, MEMBER_LABELLED), *REASON_FIELDS, "confirm_unusual"]
        # null for the read-only roles (households.privacy.sees_health), as the schema says; never taken as input.
        extra_kwargs = {name: {"allow_null": True} for name in HEALTH_FIELDS}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        nulls = {name: MSG_NOT_NULL for name in HEALTH_FIELDS if name in attrs and attrs[name] is None}
        if not attrs.get(NO_ID_FIELD):
            # Read from the number: sent back as the record has them (a script echoing what it read) they pass.
            record = self.instance if isinstance(self.instance, Member) else None
            same = {n for n in TYPED_FIELDS if record is not None and attrs.get(n) == getattr(record, n)}
            nulls |= {name: MSG_TYPED_WITHOUT_NO_ID for name in TYPED_FIELDS if name in attrs and name not in same}
        if nulls:
            raise serializers.ValidationError(nulls)
        return super().validate(attrs)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        # Read-only roles see the ID number masked, as on the pages, and no birth date beside it: the date would
        # rebuild the masked digits (households.privacy).
        data = super().to_representation(instance)
        user = self.context["request"].user
        data["id_number"] = shown_id_number(user, data.get("id_number") or "")
        if shown_birth_date(user, instance.birth_date) is None:
            data["birth_date"] = None
        if not sees_health(user):  # health and disability: null for read-only roles (households.privacy)
            data.update(dict.fromkeys((*HEALTH_FIELDS, *HEALTH_LABELS)))
        return data


class HouseholdSerializer(PatchFieldsGuard, HouseholdLabels, HouseholdClosingRead, serializers.ModelSerializer):
    patch_field_hints = {
        **CLOSING_HINTS,
        "members": "家庭成员不能在此修改：请用 PATCH /api/v1/members/{id}/ 修改、POST /api/v1/members/ 新增。",
        "village": (
            "农户所在村不能在此修改：整户迁入其他村请用 POST /api/v1/households/{id}/relocate/"
            "（乡镇、县乡村振兴局办理，网页为农户页的“整户迁移”）；同村内调整村民小组、网格请修改 group、grid。"
        ),
        "monitoring_category": "监测类别由识别纳入、风险消除等案件办理后改变，请通过 /api/v1/cases/ 发起案件。",
        "risk_eliminated_on": "风险消除日期由风险消除案件办理后记录，请通过 /api/v1/cases/ 发起案件。",
    }

    village = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(), help_text="村区划代码")
    group = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), required=False, allow_null=True, help_text="村民小组代码"
    )
    risk_types = serializers.ListField(
        child=serializers.ChoiceField(choices=RiskType.choices),
        required=False,
        help_text="风险类型（十类）；监测对象的风险类型由识别纳入、风险再标注、风险消除程序改变，PATCH修改返回400",
    )
    members = MemberSerializer(many=True, required=False, help_text="家庭成员；新建时至少一名户主")
    confirm_unusual = confirm_unusual_field()
    help_contact = HelpContactShownField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if "phone" in data:
            data["phone"] = shown_phone(self.context["request"].user, data["phone"] or "")
        return data

    def validate_phone(self, value: str) -> str:
        """The page's rule (households.phone), at the field: {"phone": ["联系电话应为…"]}."""
        try:
            return household_phone(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    head_name = serializers.CharField(read_only=True, help_text="户主姓名")
    household_type_display = serializers.CharField(source="get_household_type_display", read_only=True)
    # Declared for its "": a household not monitored has no category, which the schema's bare enum refused.
    monitoring_category = serializers.ChoiceField(
        choices=MonitoringCategory.choices, allow_blank=True, read_only=True, help_text="监测对象类别；非监测对象为空"
    )
    monitoring_category_display = serializers.CharField(source="get_monitoring_category_display", read_only=True)
    labour_capacity_display = serializers.CharField(source="get_labour_capacity_display", read_only=True)
    number = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="户编号：村区划代码（12位）加4位序号，共16位数字；新建时留空自动生成，修改时不能为空",
    )

    class Meta:
        model = Household
        fields = [
            "id",
            "number",
            "village",
            "group",
            "grid",
            "region_path",
            "address",
            "phone",
            "household_type",
            "household_type_display",
            "monitoring_category",
            "monitoring_category_display",
            "monitoring_start",
            "risk_eliminated_on",
            "head_name",
            "risk_types",
            "risk_types_display",
            "labour_capacity",
            "labour_capacity_display",
            "food_clothing_ok",
            "education_ok",
            "medical_ok",
            "housing_ok",
            "water_ok",
            "national_marking",
            "national_marking_display",
            *CLOSING_FIELDS,
            "former_number",
            "members",
            "help_contact",
            "confirm_unusual",
        ]
        # Set by the cases that change them (workflow.services.outcomes) and the go-live import, never by an edit.
        read_only_fields = [
            "region_path",
            "monitoring_category",
            "monitoring_start",
            "risk_eliminated_on",
        ]


class HouseholdFilter(PlaceNeedsVillageMixin, RegionCodeFilterMixin, IdSearchGuard, SelectorFilterSet):
    q = django_filters.CharFilter(method="noop", help_text="姓名、身份证号或户编号")
    township = django_filters.CharFilter(method="noop", help_text="乡镇区划代码（须在本人管辖范围内，否则为400）")
    village = django_filters.CharFilter(method="noop", help_text="村区划代码（须在本人管辖范围内，否则为400）")
    group = django_filters.CharFilter(method="noop", help_text=GROUP_HELP)
    grid = ScopedIdFilter(method="noop", scope=visible(Grid), help_text=GRID_HELP)
    household_type = django_filters.ChoiceFilter(choices=HouseholdType.choices, method="noop", help_text="户类型")
    monitoring_category = django_filters.ChoiceFilter(
        choices=MonitoringCategory.choices, method="noop", help_text="监测对象类别"
    )
    risk_type = django_filters.ChoiceFilter(choices=RiskType.choices, method="noop", help_text="风险类型")
    monitoring_state = django_filters.ChoiceFilter(
        choices=MonitoringState.choices, method="noop", help_text="监测状态：监测中、已风险消除或未纳入监测"
    )
    monitored = YesFilter(method="noop", help_text="只看监测对象", no="只看非监测对象（未纳入监测的农户）")
    monthly_visit = YesFilter(method="noop", help_text="只看每月应走访户（监测户和脱贫户）")
    visited_this_month = django_filters.ChoiceFilter(
        choices=[("yes", "是"), ("no", "否")], method="noop", help_text="本月是否已走访"
    )
    visited_last_month = django_filters.ChoiceFilter(
        choices=[("yes", "是"), ("no", "否")],
        method="noop",
        help_text="上月应走访的监测户和脱贫户中，上月是否已走访（no 与统计看板“上月未走访的监测户和脱贫户”同一口径）",
    )
    never_visited = YesFilter(method="noop", help_text="纳入监测以来从未走访的监测对象（与统计看板同一口径）")
    ordering = django_filters.ChoiceFilter(choices=ORDERING_CHOICES, method="noop", help_text=ORDERING_HELP)
    registry_state = django_filters.ChoiceFilter(
        choices=RegistryState.choices, method="noop", help_text=REGISTRY_STATE_HELP
    )
    region_code_filters = {
        "township": (RegionLevel.TOWNSHIP,),
        "village": (RegionLevel.VILLAGE,),
        "group": (RegionLevel.GROUP,),
    }

    class Meta:
        model = Household
        fields: list[str] = []

    def select(self, filters: dict[str, Any]) -> Any:
        # The list's own queryset replaces the view's: the members the serializer writes out are fetched here too.
        households = selectors.household_list(actor=self.request.user, filters=filters).prefetch_related("members")
        return with_marking(households)


class RegistryWritePermission(HasCapability(Capability.REGISTRY_VIEW)):  # type: ignore[misc]
    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS") or not super().has_permission(request, view):
            return super().has_permission(request, view)  # a role that may not even read the registry is told so
        self.message = MSG_READ_ONLY
        return user_can(request.user, Capability.REGISTRY_EDIT)


class HouseholdViewSet(
    HouseholdCreateMixin,
    HeadChangeMixin,
    HouseholdSplitMixin,
    HouseholdMergeMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """农户档案。列表筛选与网页一致；新建时一并提交家庭成员；所有修改写入变更记录和审计日志。

    修改只用 PATCH，且只提交要修改的字段：未提交的字段保持当前值（包括他人在您读取之后保存的修改）。
    不支持 PUT（整体替换会把读取时的旧值写回，覆盖他人的修改），PUT 返回 405。

    提交有误时返回 400，一次列出全部错误：字段的错误在字段名下；家庭成员的错误按成员在 members 中的序号（从0起，
    字符串）列出，如 {"members": {"0": {"id_number": ["…"]}, "1": {"name": ["…"]}}}；不属于某个字段的错误
    （如未指定户主）在 non_field_errors 下。"""

    serializer_class = HouseholdSerializer
    permission_classes = [RegistryWritePermission]
    filterset_class = HouseholdFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        households = Household.objects.visible_to(self.request.user).prefetch_related("members")
        # help_contact (assistance.api_contact_fields): the account joined, a person without one prefetched.
        return with_marking(prefetch_contact_persons(households.select_related("village", "group", "help_contact")))

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        members = [member_input(m, MEMBER_INPUT_FIELDS) for m in data.pop("members", [])]
        serializer.instance = registry.household_create(actor=self.request.user, members=members, **data)

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("members", None)
        data.pop("village", None)
        confirm = data.pop("confirm_unusual", False)
        serializer.instance = registry.household_update(
            actor=self.request.user, household=serializer.instance, confirm_unusual=confirm, **data
        )

    def filter_queryset(self, queryset: Any) -> Any:  # the list's filters (active only) hide no closed household here
        return super().filter_queryset(queryset) if self.action == "list" else queryset


class MemberFilter(IdSearchGuard, django_filters.FilterSet):
    id_search_parameters = ("id_number",)
    household = ScopedIdFilter(scope=visible(Household), help_text="农户ID（须在本人管辖范围内，否则为400）")
    id_number = django_filters.CharFilter(
        method="by_id_number", help_text="身份证号（完整18位；身份证号脱敏显示的角色按此查找记入审计日志）"
    )
    living_status = django_filters.ChoiceFilter(choices=LivingStatus.choices, help_text="人员状态")

    class Meta:
        model = Member
        fields = ["household", "id_number", "living_status"]

    def by_id_number(self, queryset: Any, name: str, value: str) -> Any:
        number = id_part(value)
        # No number (not one, or nothing given) matches no one, never the babies without one (id_number "").
        if not number or not id_search_begin(self.request.user, number):
            return queryset.none()
        return queryset.filter(id_number=number)


class MemberCreateSerializer(MemberJoinInput, MemberSerializer):
    household = ScopedHouseholdField(help_text="所属农户ID")

    class Meta(MemberSerializer.Meta):
        fields = [*MemberSerializer.Meta.fields, "joined_on"]


class MemberViewSet(
    MemberStatusMixin,
    MemberTransferMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """家庭成员。身份证号校验校验位，性别和出生日期由身份证号得出（暂无身份证号的婴儿除外，见 no_id_number）；
    不能删除，只能标记已故或迁出（set-status）、误标的撤销（restore），迁入他户用 transfer。
    修改与农户相同：只用 PATCH，只提交要修改的字段，未提交的保持当前值；PUT 返回 405。"""

    permission_classes = [RegistryWritePermission]
    filterset_class = MemberFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self) -> Any:
        return MemberCreateSerializer if self.action == "create" else MemberSerializer

    def get_queryset(self) -> Any:
        return Member.objects.visible_to(self.request.user)

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        household, confirm = data.pop("household"), data.pop("confirm_unusual", False)
        serializer.instance = registry.member_add(
            actor=self.request.user,
            household=household,
            data=member_input(data, MEMBER_INPUT_FIELDS),
            reason=data.pop("joined_reason", ""),
            reason_note=data.pop("joined_note", ""),
            joined_on=data.pop("joined_on", None),
            confirm_unusual=confirm,
        )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        confirm = data.pop("confirm_unusual", False)
        serializer.instance = registry.member_update(
            actor=self.request.user,
            member=serializer.instance,
            data=member_input(data, MEMBER_INPUT_FIELDS),
            confirm_unusual=confirm,
        )
