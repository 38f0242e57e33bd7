"""API fields other apps' serializers share to name a household or a member (workflow, screening, assistance, the
registry's own).

One field, one message: a household the caller may not see reads exactly like one that does not exist (scope is a
404 everywhere, STYLE.md §5), and in words a township clerk understands rather than DRF's "无效主键 … 对象不存在"
(review township finding 11)."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api_fields import IntegerIdMixin
from households.models import Household, Member

MSG_HOUSEHOLD_NOT_FOUND = "该农户不存在或不在您的管辖范围内。"
MSG_HOUSEHOLD_ID = "农户ID应为整数。"
MSG_HOUSEHOLD_ID_EMPTY = "农户ID不能为空。"
MSG_MEMBER_NOT_FOUND = "该家庭成员不存在或不在您的管辖范围内。"
MSG_MEMBER_ID = "家庭成员ID应为整数。"
MSG_MEMBER_ID_EMPTY = "家庭成员ID不能为空。"


@extend_schema_field(OpenApiTypes.INT)
class ScopedHouseholdField(IntegerIdMixin, serializers.PrimaryKeyRelatedField):
    """A household by id, among those the requesting user may see (Household.objects.visible_to)."""

    default_error_messages = {
        "required": "请填写农户ID。",
        "null": MSG_HOUSEHOLD_ID_EMPTY,
        "does_not_exist": MSG_HOUSEHOLD_NOT_FOUND,
        "incorrect_type": MSG_HOUSEHOLD_ID,
    }

    def get_queryset(self) -> Any:
        return Household.objects.visible_to(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class ScopedMemberField(IntegerIdMixin, serializers.PrimaryKeyRelatedField):
    """A household member by id, among those the requesting user may see (Member.objects.visible_to)."""

    default_error_messages = {
        "required": "请填写家庭成员ID。",
        "null": MSG_MEMBER_ID_EMPTY,
        "does_not_exist": MSG_MEMBER_NOT_FOUND,
        "incorrect_type": MSG_MEMBER_ID,
    }

    def get_queryset(self) -> Any:
        return Member.objects.visible_to(self.context["request"].user)


def confirm_unusual_field() -> serializers.BooleanField:
    """The pages' "仍要保存" (households.services.confirm): an unusual but possible record is refused with a reason
    at its field and at confirm_unusual until it is sent again with confirm_unusual true."""
    return serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="仍要保存：成员年龄与关系不合常理、收支金额异常等需确认的情况，核实无误后传 true 再提交",
    )


MSG_FIELD_READ_ONLY = "“{name}”不能通过此接口修改（只读）。"
MSG_FIELD_UNKNOWN = "本接口没有“{name}”这个字段（是否拼写有误？），可修改：{allowed}。"


class PatchFieldsGuard:
    """For a serializer behind PATCH (a new record's unknown field: config.api_body, as every serializer's): a field
    the update would not write (read-only, unknown to the serializer, or dropped by the view) is a 400 in Chinese
    naming it, and where the change is made (`patch_field_hints`), rather than a 200 with nothing changed, which a
    script took for done. A field the update does not write sent back with the value the record has (a script
    echoing what it read) changes nothing and passes, unread: a household's members as GET gives them are not the
    input of a new member (their sex and birth date, read from the ID number, were refused as typed). Only a
    partial update's top-level object is checked."""

    patch_field_hints: dict[str, str] = {}

    def to_internal_value(self, data: Any) -> Any:
        serializer: Any = self
        checked = serializer.partial and serializer.parent is None and serializer.instance is not None
        if checked and hasattr(data, "keys"):
            errors, echoed = self._unwritten(serializer, data)
            if errors:
                raise serializers.ValidationError(errors)
            if echoed:
                data = data.copy()
                for key in echoed:
                    del data[key]
        return super().to_internal_value(data)  # type: ignore[misc]

    def _unwritten(self, serializer: Any, data: Any) -> tuple[dict[str, list[str]], list[Any]]:
        """({name: [refusal]} for each field sent that the update would not write, [the keys sent back unchanged])."""
        fields = serializer.fields
        writable = [n for n, f in fields.items() if not f.read_only and n not in self.patch_field_hints]
        current: dict[str, Any] | None = None
        errors, echoed = {}, []
        for key in data:
            name = str(key)[:40]
            if name not in fields:
                errors[name] = [MSG_FIELD_UNKNOWN.format(name=name, allowed="、".join(writable))]
            elif name not in writable:
                current = serializer.to_representation(serializer.instance) if current is None else current
                if current.get(name, object()) != data[key]:
                    errors[name] = [self.patch_field_hints.get(name) or MSG_FIELD_READ_ONLY.format(name=name)]
                else:
                    echoed.append(key)
        return errors, echoed
