"""A member's 变动原因 in the API (households.member_reasons): read on every member, given when one is added (POST
/api/v1/members/: joined_reason) and when one is marked 迁出 (set-status: left_reason), as on the pages."""

from typing import Any

from rest_framework import serializers

from households.api_labels import code_label
from households.member_reasons import JOIN_CHOICES, LEAVE_CHOICES, NOTE_MAX, JoinReason
from households.services.member_joined import MSG_JOINED_ON_INVALID


def codes(choices: list[tuple[str, str]]) -> str:
    return "、".join(f"{value}（{label}）" for value, label in choices)


JOIN_HELP = f"新增原因：{codes(JOIN_CHOICES)}；必填，暂无身份证号（no_id_number 为 true）的婴儿记为 newborn，不必填写"
LEAVE_HELP = f"迁出原因（living_status 为 moved_out 时必填）：{codes(LEAVE_CHOICES)}；已故记为死亡，不必填写"
JOINED_ON_HELP = (
    "变动日期：成员实际加入本户的日期（出生、结婚、迁入等的日期，YYYY-MM-DD），不是录入日期；不晚于今天，不早于出生日期"
    "和本户在系统中建档的日期。不填时，新生儿（newborn）为出生日期（出生早于本户建档的为建档日期），其他为今天。"
    "记为该成员“新增”变动的变动日期，监测对象变动自该日起计入该成员"
)
NOTE_HELP = f"原因为 other（其他）时必填：具体原因，不超过{NOTE_MAX}字"
MSG_JOIN_CHOICE = "“{input}”不是可用的新增原因，可用：" + codes(JOIN_CHOICES) + "。"
MSG_LEAVE_CHOICE = "“{input}”不是可用的迁出原因，可用：" + codes(LEAVE_CHOICES) + "。"
# The 新增原因 a registry act gives by itself (households.services.member_changes).
GIVEN = [(r.value, r.label) for r in (JoinReason.REGISTERED, JoinReason.TRANSFER, JoinReason.SPLIT, JoinReason.MERGE)]
HINT = "变动原因在添加成员（POST /api/v1/members/）或标记迁出（set-status）时填写，不能在此修改。"
READ_FIELDS = [
    "joined_reason",
    "joined_reason_display",
    "joined_note",
    "left_reason",
    "left_reason_display",
    "left_note",
]
PATCH_HINTS = dict.fromkeys(["joined_reason", "joined_note", "left_reason", "left_note"], HINT)


def _choice(choices: list[tuple[str, str]], message: str, help_text: str) -> Any:
    return serializers.ChoiceField(
        choices=choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid_choice": message},
        help_text=help_text,
    )


def _note() -> Any:
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTE_MAX, help_text=NOTE_HELP)


class MemberReasonsRead(serializers.Serializer):
    """The reasons as a member is read: codes (unrecorded 未记录 for the records from before; left_reason "" while
    living) and their names."""

    joined_reason = serializers.CharField(
        read_only=True,
        help_text="新增原因代码："
        + codes(JOIN_CHOICES)
        + "；随农户登记或户间变动自动记录的："
        + codes(GIVEN)
        + "、unrecorded（未记录）",
    )
    joined_reason_display = code_label("joined_reason", "新增原因名称")
    joined_note = serializers.CharField(
        read_only=True, help_text="新增原因为“其他”时的具体原因；户间迁移、分户、合户时为原农户（如“由农户…迁入”）"
    )
    left_reason = serializers.CharField(
        read_only=True,
        help_text="减少原因代码（在世成员为空字符串）："
        + codes(LEAVE_CHOICES)
        + "、death（死亡）、unrecorded（未记录）",
    )
    left_reason_display = code_label("left_reason", "减少原因名称；在世成员为空字符串")
    left_note = serializers.CharField(read_only=True, help_text="减少原因为“其他”时的具体原因")


class MemberJoinInput(serializers.Serializer):
    """POST /api/v1/members/: the 新增原因 and the 变动日期 given with the new member."""

    joined_reason = _choice(JOIN_CHOICES, MSG_JOIN_CHOICE, JOIN_HELP)
    joined_note = _note()
    # Not a member field (the 成员变动 row's changed_on): given, never read back (the 家庭成员变动台账 lists it).
    joined_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        write_only=True,
        error_messages={"invalid": MSG_JOINED_ON_INVALID},
        help_text=JOINED_ON_HELP,
    )


class MemberLeaveInput(serializers.Serializer):
    """set-status: the 迁出原因 given with 迁出."""

    left_reason = _choice(LEAVE_CHOICES, MSG_LEAVE_CHOICE, LEAVE_HELP)
    left_note = _note()
