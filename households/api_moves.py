"""迁入他户, 分户 and 合户 under /api/v1/members/{id}/transfer/, /api/v1/households/{id}/split/ and
/api/v1/households/{id}/merge/ (households.services.merge):
households.services.moves, as the member pages (households.views_members) call it, offering the same choices as
their forms (households.forms_members.TransferForm, SplitForm). Mixins of households.api's viewsets."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.api_fields import IntegerIdMixin
from households import selectors
from households.api_fields import MSG_HOUSEHOLD_ID, ScopedHouseholdField, confirm_unusual_field
from households.api_head import MSG_RELATION_KEY
from households.api_members import refused_by_state
from households.choices import LabourCapacity, LivingStatus, Relation
from households.models import Household
from households.services import merge, moves

MSG_TARGET_REQUIRED = "请填写迁入的农户ID。"
MSG_TARGET_NOT_FOUND = "迁入的农户不存在、不在您的管辖范围内，或就是该成员所在的农户。"
MSG_TRANSFER_RELATION = "请选择该成员与迁入农户户主的关系。"
MSG_RELATION_CHOICE = "“{input}”不是可用的与户主关系代码。"
MSG_SPLIT_MEMBERS = "请选择分出的成员（本户在世的非户主成员ID列表）。"
MSG_SPLIT_MEMBER_INVALID = "成员ID {pk_value} 不是本户可分出的成员：只能分出本户在世的非户主成员。"
MSG_SPLIT_HEAD_REQUIRED = "请选择新户的户主（分出成员之一的ID）。"
MSG_MEMBER_ID = "家庭成员ID应为整数。"
MSG_MEMBER_ID_EMPTY = "成员ID不能为空。"
MSG_MERGE_TARGET_REQUIRED = "请填写并入的农户ID。"
MSG_MERGE_TARGET_NOT_FOUND = "并入的农户不存在、已注销、不在您的管辖范围内，或就是本户。"
MSG_SPLIT_RELATION_MEMBER = "relations 中的成员ID {pk} 不是随新户主分出的成员：只能给出分出成员中新户主以外成员的关系。"


class TransferTargetField(ScopedHouseholdField):
    """The households the member may move into, as the page offers them (selectors.household_transfer_targets)."""

    default_error_messages = {
        "required": MSG_TARGET_REQUIRED,
        "does_not_exist": MSG_TARGET_NOT_FOUND,
        "incorrect_type": MSG_HOUSEHOLD_ID,
    }

    def get_queryset(self) -> Any:
        member = self.context["member"]
        return selectors.household_transfer_targets(actor=self.context["request"].user, exclude=member.household)


class TransferSerializer(serializers.Serializer):
    target = TransferTargetField(help_text="迁入的农户ID（本人管辖范围内、该成员所在户以外的农户）")
    relation = serializers.ChoiceField(
        choices=Relation.choices,
        error_messages={"required": MSG_TRANSFER_RELATION, "invalid_choice": MSG_RELATION_CHOICE},
        help_text="与迁入农户户主的关系（不能为 head）",
    )


class MemberTransferMixin:
    """POST transfer: a living member other than the head moves into another household."""

    get_object: Any
    get_serializer: Any

    @extend_schema(request=TransferSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str | None = None) -> Response:
        """迁入他户（户间迁移）：本户在世的非户主成员迁入管辖范围内的另一农户，两户本年度人均纯收入重算，两户的变更记录和
        审计日志都记录。户主须先更换户主或用分户；成员已故、迁出或是户主的返回409。
        该成员名下未完成的帮扶措施：迁入户是监测对象（或在绿色通道中）的，随人转入其帮扶方案；不是的，留在原户方案中
        并记入原户变更记录，待核实终止或调整。两户本年度家庭收支须随后核对（收入不自动拆分）。"""
        member = self.get_object()
        data = TransferSerializer(data=request.data, context={"request": request, "member": member})
        data.is_valid(raise_exception=True)
        with refused_by_state():
            member = moves.member_transfer(actor=request.user, member=member, **data.validated_data)
        return Response(self.get_serializer(member).data)


@extend_schema_field(OpenApiTypes.INT)
class SplitMemberField(IntegerIdMixin, serializers.PrimaryKeyRelatedField):
    """A member the household may split off, as the page offers them (forms_members.SplitForm): living, not the
    head."""

    default_error_messages = {
        "required": MSG_SPLIT_HEAD_REQUIRED,
        "null": MSG_MEMBER_ID_EMPTY,
        "does_not_exist": MSG_SPLIT_MEMBER_INVALID,
        "incorrect_type": MSG_MEMBER_ID,
    }

    def get_queryset(self) -> Any:
        household: Household = self.context["household"]
        return household.members.filter(living_status=LivingStatus.LIVING).exclude(relation=Relation.HEAD)


class SplitSerializer(serializers.Serializer):
    members = serializers.ManyRelatedField(
        child_relation=SplitMemberField(),
        allow_empty=False,
        error_messages={"required": MSG_SPLIT_MEMBERS, "empty": MSG_SPLIT_MEMBERS, "not_a_list": MSG_SPLIT_MEMBERS},
        help_text="分出的成员ID列表（本户在世的非户主成员；原户至少保留一名成员）",
    )
    new_head = SplitMemberField(help_text="新户的户主：分出成员之一的ID")
    relations = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text=(
            '可选：分出成员（新户主以外）与新户主的关系，{成员ID: 关系代码}，如 {"12": "spouse"}；'
            "未给出的成员按其与原户主的关系推定，无法推定的记为“其他”。按页面同样的规则核对（关系与性别相符、"
            "配偶与新户主性别不同、只能有一名配偶等），不符的返回400并在 relation_{成员ID} 说明"
        ),
    )
    confirm_unusual = confirm_unusual_field()
    phone = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text="可选：新户联系电话；不给出时沿用原户的联系电话，给空字符串表示不登记",
    )
    labour_capacity = serializers.ChoiceField(
        choices=LabourCapacity.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="可选：新户劳动能力，按分出成员的情况填写，不沿用原户的",
    )

    def validate_relations(self, value: dict[str, str]) -> dict[int, str]:
        if not all(str(key).isascii() and str(key).isdigit() for key in value):
            raise serializers.ValidationError(MSG_RELATION_KEY)
        return {int(key): relation for key, relation in value.items()}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        leaving = {m.pk for m in attrs["members"]} - {attrs["new_head"].pk}
        if stray := sorted(pk for pk in attrs["relations"] if pk not in leaving):
            raise serializers.ValidationError({"relations": MSG_SPLIT_RELATION_MEMBER.format(pk=stray[0])})
        return attrs


class SplitResultSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, Any]:
        # households.api imports this module for HouseholdViewSet's bases: its HouseholdSerializer is read when the
        # fields are, by then loaded.
        from households.api import HouseholdSerializer

        return {
            "household": HouseholdSerializer(read_only=True, help_text="分户新建的农户"),
            "source": HouseholdSerializer(read_only=True, help_text="原农户（分户后）"),
        }


class HouseholdSplitMixin:
    """POST split: members of the household leave to form a new one in the same village and group."""

    get_object: Any
    get_queryset: Any

    @extend_schema(request=SplitSerializer, responses={201: SplitResultSerializer})
    @action(detail=True, methods=["post"])
    def split(self, request: Request, pk: str | None = None) -> Response:
        """分户：所选在世成员分出，在同一村、组新建农户（201，返回新农户和分户后的原农户）。
        新户主以外的成员与新户主的关系可在 relations 中给出（{成员ID: 关系代码}）；未给出的按其与原户主的关系推定
        （如原户主之子为新户主时，其妻为“配偶”、其妹为“之兄弟姐妹”），无法推定的记为“其他”，可随后用
        PATCH /api/v1/members/{id}/ 更正。关系与成员性别不符、配偶与新户主同性、多于一名配偶、配偶未满16周岁的，
        返回400并在 relation_{成员ID} 指明该成员。新户主未满18周岁等需核实的，返回400并在
        confirm_unusual 说明，核实无误后带 confirm_unusual=true 重新提交。两户的变更记录和审计日志都记录。
        监测户分户的，新户沿用监测对象类别、纳入监测日期、风险类型和帮扶联系人，分出成员名下未完成的帮扶措施随人转入
        新户的帮扶方案（新户无方案时按原方案的回访周期建立）；两户本年度家庭收支须随后核对（收入不自动拆分）。"""
        household = self.get_object()
        data = SplitSerializer(data=request.data, context={"request": request, "household": household})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with refused_by_state():
            new = moves.household_split(
                actor=request.user,
                household=household,
                members=list(values["members"]),
                new_head=values["new_head"],
                # A member not given: the service works it out from the relation to the old head (其他 where it
                # cannot), as the page suggests them (services.moves.split_suggestions).
                relations=values["relations"],
                confirm_unusual=values["confirm_unusual"],
                phone=values.get("phone"),
                labour_capacity=values["labour_capacity"],
            )
        both = self.get_queryset().in_bulk([new.pk, household.pk])
        result = SplitResultSerializer(
            {"household": both[new.pk], "source": both[household.pk]}, context={"request": request}
        )
        return Response(result.data, status=status.HTTP_201_CREATED)


class MergeTargetField(ScopedHouseholdField):
    """The households the whole household may merge into: active, in the actor's scope, not itself."""

    default_error_messages = {
        "required": MSG_MERGE_TARGET_REQUIRED,
        "does_not_exist": MSG_MERGE_TARGET_NOT_FOUND,
        "incorrect_type": MSG_HOUSEHOLD_ID,
    }

    def get_queryset(self) -> Any:
        household = self.context["household"]
        return selectors.household_transfer_targets(actor=self.context["request"].user, exclude=household)


class MergeSerializer(serializers.Serializer):
    target = MergeTargetField(help_text="并入的农户ID（本人管辖范围内、本户以外的有效农户；村干部限本村）")
    relations = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text='本户每名在册成员与目标农户户主的关系，{成员ID: 关系代码}，如 {"12": "son"}；须逐人给出',
    )
    reason_note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100, help_text="可选：合户说明"
    )

    def validate_relations(self, value: dict[str, str]) -> dict[int, str]:
        if not all(str(key).isascii() and str(key).isdigit() for key in value):
            raise serializers.ValidationError(MSG_RELATION_KEY)
        return {int(key): relation for key, relation in value.items()}


class HouseholdMergeMixin:
    """POST merge: every living member moves into another household, and this one is closed (合户)."""

    get_object: Any
    get_serializer: Any
    get_queryset: Any

    @extend_schema(request=MergeSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str | None = None) -> Response:
        """合户：本户全部在册成员（含户主）迁入管辖范围内的另一农户，本户以“合户”注销，不能直接撤销。
        每名成员与目标户主的关系须在 relations 中给出，不符的（关系与性别不符、第二名配偶等）返回400并在
        relation_{成员ID} 说明。村干部只能在本村合户，跨村的报乡镇办理（400，target）。本户有在办事项或待核实预警的、
        目标农户已注销的，分别返回409和400。两户的变更记录和审计日志都记录，目标农户本年度人均纯收入重算；成员名下
        未完成的帮扶措施按迁入他户的规则处理。返回合户后的目标农户。"""
        household = self.get_object()
        data = MergeSerializer(data=request.data, context={"request": request, "household": household})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with refused_by_state():
            target = merge.household_merge(
                actor=request.user,
                source=household,
                target=values["target"],
                relations=values["relations"],
                reason_note=values["reason_note"],
            )
        return Response(self.get_serializer(self.get_queryset().get(pk=target.pk)).data)
