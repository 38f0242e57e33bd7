"""标记已故/迁出 and 撤销标记 under /api/v1/members/{id}/set-status/ and /restore/: households.services.member_status
and member_restore, as the member pages (households.views_members) call them, with the same rules and messages; and
停止登记 under /safety-net-end/ (member_safety_net_end, as the 数据逻辑校验 page households.views_checks calls it).
A mixin of households.api.MemberViewSet, kept apart to keep that module small."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from config.errors import ApplicationError, Conflict
from households.api_fields import ScopedMemberField, confirm_unusual_field
from households.api_member_reasons import MemberLeaveInput
from households.choices import LivingStatus, Relation
from households.services.member_restore import MSG_MUST_BE_HEAD, member_restore
from households.services.member_status import member_safety_net_end, member_set_status

MSG_RELATION_KEY = "relations 的键应为家庭成员ID（整数）。"
MSG_STATUS_REQUIRED = "请选择变更后的人员状态：deceased（已故）或 moved_out（迁出）。"
MSG_STATUS_CHOICE = "“{input}”不是可用的人员状态，可用：deceased（已故）、moved_out（迁出）；恢复在世请用 restore。"
MSG_ON_REQUIRED = "请填写变更日期（去世或迁出的日期，YYYY-MM-DD）。"
MSG_DATE_INVALID = "日期格式应为 YYYY-MM-DD（如 2026-03-01）。"
MSG_RESTORE_REASON = "请说明撤销的原因（例如：误标了同名成员）。"
MSG_RELATION_CHOICE = "“{input}”不是可用的与户主关系代码。"
RELATIONS_HELP = (
    '其他每名在世成员与新户主的关系：{成员ID: 关系代码}，如 {"12": "spouse"}；'
    "缺少或无效的，错误在 relation_{成员ID} 下说明"
)


@contextmanager
def refused_by_state() -> Iterator[None]:
    """The registry's member services refuse an act the record's current state does not allow (a member already
    已故, one already living, a head moved without a successor) with ApplicationError, which the pages show above
    the form. To an API client that is a 409: the request was well formed, the record is not in the state it
    assumed (another user may have acted since). Bad input stays a 400 (the services' ValidationError)."""
    try:
        yield
    except Conflict:
        raise
    except ApplicationError as error:
        raise Conflict(error.message, error.extra) from error


# The page offers 户主 in its relation list; a client is told the code to send.
MSG_MUST_BE_HEAD_CODE = MSG_MUST_BE_HEAD + "请填写 relation 为 head（户主）。"


@contextmanager
def head_relation_named() -> Iterator[None]:
    """The service's "restored as head" refusal at relation, naming the code a client sends (MSG_MUST_BE_HEAD_CODE)."""
    try:
        yield
    except DjangoValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {}
        if errors.get("relation") == [MSG_MUST_BE_HEAD]:
            raise DjangoValidationError({**errors, "relation": [MSG_MUST_BE_HEAD_CODE]}) from error
        raise


class RelationsField(serializers.DictField):
    """{member id: relation code}, the keys read as integers (JSON object keys are strings)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", RELATIONS_HELP)
        super().__init__(child=serializers.CharField(allow_blank=True), required=False, default=dict, **kwargs)

    def to_internal_value(self, data: Any) -> dict[int, str]:
        value = super().to_internal_value(data)
        if not all(str(key).isascii() and str(key).isdigit() for key in value):
            raise serializers.ValidationError(MSG_RELATION_KEY)
        return {int(key): relation for key, relation in value.items()}


class MemberStatusSerializer(MemberLeaveInput, serializers.Serializer):
    # Named as the member's own field: living_status is what changes. No default: nobody is marked 已故 by omission.
    living_status = serializers.ChoiceField(
        choices=[(LivingStatus.DECEASED, "已故"), (LivingStatus.MOVED_OUT, "迁出")],
        error_messages={"required": MSG_STATUS_REQUIRED, "invalid_choice": MSG_STATUS_CHOICE},
        help_text="变更为：deceased 已故、moved_out 迁出",
    )
    on = serializers.DateField(
        error_messages={"required": MSG_ON_REQUIRED, "invalid": MSG_DATE_INVALID},
        help_text="变更日期（去世或迁出的日期）：不晚于今天，不早于出生日期",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200, help_text="说明")
    new_head = ScopedMemberField(
        required=False, allow_null=True, default=None, help_text="户主已故或迁出时必填：新户主（本户其他在世成员）的ID"
    )
    relations = RelationsField()
    confirm_unusual = confirm_unusual_field()


class MemberStatusResultSerializer(serializers.Serializer):
    income_recomputed = serializers.BooleanField(
        help_text="本年度人均纯收入是否已按在册人口（在世、未迁出的家庭成员）重算（本年度收支已录入时）；离开成员的收入数额仍须核对"
    )
    safety_net_registered = serializers.BooleanField(
        help_text="该成员登记享受低保/特困：请告知民政部门停发（数据逻辑校验“已故或迁出成员仍登记享受低保/特困”列出）"
    )

    def get_fields(self) -> dict[str, Any]:
        # households.api imports this module for MemberViewSet's bases: its MemberSerializer is read when the
        # fields are, by then loaded.
        from households.api import MemberSerializer

        member = MemberSerializer(read_only=True, help_text="标记后的家庭成员（同 GET /api/v1/members/{id}/）")
        return {"member": member, **super().get_fields()}


class MemberRestoreSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=200,
        error_messages={"required": MSG_RESTORE_REASON, "blank": MSG_RESTORE_REASON},
        help_text="撤销原因（例如：误标了同名成员）",
    )
    relation = serializers.ChoiceField(
        choices=Relation.choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid_choice": MSG_RELATION_CHOICE},
        help_text="与现户主的关系；本户已无在世成员时为 head（户主）",
    )
    as_head = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "原户主误标后恢复：恢复后重新担任户主（relation 填与现户主的关系，relations 填其他在世成员与其的关系）"
        ),
    )
    relations = RelationsField(
        help_text='as_head 时：其他每名在世成员（含现户主）与恢复的户主的关系，如 {"12": "spouse"}'
    )
    confirm_unusual = confirm_unusual_field()


class MemberStatusMixin:
    """POST set-status, restore and safety-net-end: a member marked 已故 or 迁出, such a wrong mark undone, and the
    低保/特困 registration of a member no longer living ended."""

    get_object: Any
    get_serializer: Any

    @extend_schema(request=MemberStatusSerializer, responses={200: MemberStatusResultSerializer})
    @action(detail=True, methods=["post"], url_path="set-status")
    def set_status(self, request: Request, pk: str | None = None) -> Response:
        """标记已故或迁出（不能撤回删除，误标用 restore 撤销）。户主已故或迁出的，须指定新户主并给出其他在世成员与
        新户主的关系。新户主未满18周岁、成员年龄与新关系不符等需核实的，返回400并在 confirm_unusual 说明，核实无误后
        带 confirm_unusual=true 重新提交。该成员的低保/特困登记不随之停止（safety_net_registered 为 true 时请告知民政
        部门停发，停发后用 safety-net-end 停止登记），本年度人均纯收入按在册人口重算；记入变更记录和审计日志。该成员
        已是所标状态的返回409。"""
        member = self.get_object()
        data = MemberStatusSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with refused_by_state():
            done = member_set_status(
                actor=request.user,
                member=member,
                status=values["living_status"],
                on=values["on"],
                reason=values["reason"],
                new_head=values["new_head"],
                relations=values["relations"],
                confirm_unusual=values["confirm_unusual"],
                left_reason=values["left_reason"],
                left_note=values["left_note"],
            )
        result = {
            "member": done.member,
            "income_recomputed": done.income_recomputed,
            "safety_net_registered": done.on_safety_net,
        }
        return Response(MemberStatusResultSerializer(result, context={"request": request}).data)

    @extend_schema(request=MemberRestoreSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str | None = None) -> Response:
        """撤销误标的已故或迁出：该成员恢复为在世、重新计入家庭人口，本年度人均纯收入重算；原标记和撤销都记入变更
        记录和审计日志。标记改动过的低保/特困登记一并恢复（此后已停止登记的不恢复，如仍享受请用 PATCH 重新登记）。
        恢复为户主（as_head，或本户无户主时 relation=head）而未满18周岁、成员年龄与关系不符等需核实的，返回400并在
        as_head（或 relation）、relation_{成员ID} 和 confirm_unusual 说明，核实无误后带 confirm_unusual=true 重新提交。
        该成员本就在世的返回409。"""
        member = self.get_object()
        data = MemberRestoreSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with refused_by_state(), head_relation_named():
            member = member_restore(actor=request.user, member=member, **data.validated_data)
        return Response(self.get_serializer(member).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], url_path="safety-net-end")
    def safety_net_end(self, request: Request, pk: str | None = None) -> Response:
        """停止登记：已故或迁出、但仍登记享受低保/特困的成员（数据逻辑校验“已故或迁出成员仍登记享受低保/特困”），
        低保/特困改为“无”，同校验页面的“停止登记”；记入变更记录和审计日志。无请求内容。在世成员（其低保/特困
        请用 PATCH 更正）或没有登记低保/特困的返回409。返回停止登记后的家庭成员。"""
        member = self.get_object()
        with refused_by_state():
            member = member_safety_net_end(actor=request.user, member=member)
        return Response(self.get_serializer(member).data)
