"""Request-body fields whose refusals say what would have been accepted, as the query filters' do (MSG_BAD_CHOICE):
a choice names the allowed values with their labels, an unknown code names what it is and where its list is."""

import json
from typing import Any

from rest_framework import serializers
from rest_framework.fields import Field

from config import api_body

MSG_BAD_BODY_CHOICE = "“{value}”不是可用的取值，可选：{allowed}。"
MSG_UNKNOWN_CODE = "未知的{what}“{value}”，可选：{allowed}（{listed_at}）。"
MSG_ID_EMPTY = "ID不能为空。"
MSG_ID_NOT_INTEGER = "ID应为整数。"
_SHOWN = 40

# DRF's own wording of an invalid choice ("“fail” 不是合法选项。"), which a field given its own message replaces.
_STOCK_INVALID_CHOICE = (
    serializers.ChoiceField.default_error_messages["invalid_choice"],
    serializers.MultipleChoiceField.default_error_messages["invalid_choice"],
)


def choices_text(choices: dict[Any, Any]) -> str:
    """pass（通过）、return（退回）: each value with its label (the value alone where they are the same)."""
    return "、".join(
        f"{value}（{label}）" if str(label) != str(value) else str(value) for value, label in choices.items()
    )


def shown_value(value: Any) -> str:
    """A value of the request as its sender wrote it, for a message: a string as it is, anything else as JSON (true,
    null, [1, 2]), never Python's True, None or repr."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text[:_SHOWN]


def _fail_naming_choices(self: serializers.ChoiceField, key: str, **kwargs: Any) -> None:
    if key == "invalid_choice":
        kwargs["input"] = shown_value(kwargs.get("input"))
    if key == "invalid_choice" and any(self.error_messages[key] is stock for stock in _STOCK_INVALID_CHOICE):
        message = MSG_BAD_BODY_CHOICE.format(value=kwargs["input"], allowed=choices_text(self.choices))
        raise serializers.ValidationError(message, code=key)
    Field.fail(self, key, **kwargs)


_drf_slug_to_internal_value = serializers.SlugRelatedField.to_internal_value


def _slug_as_sent(self: serializers.SlugRelatedField, data: Any) -> Any:
    # DRF quotes the value looked up through smart_str: "没有区划代码为 {value} 的村" given true read "…为 True 的村".
    return _drf_slug_to_internal_value(self, data if isinstance(data, str) else shown_value(data))


def install() -> None:
    """Every ChoiceField of every serializer (those declared and those ModelSerializer builds from a model's choices,
    MultipleChoiceField and a ListField's child alike) names the allowed values when refusing one. Set on DRF's
    class, once, rather than through a base class of our own: ModelSerializer builds its choice fields from DRF's
    class, and a field declared from DRF's class by mistake would go back to "不是合法选项" unnoticed. Every
    serializer, likewise, refuses a request body's unknown field naming it (config.api_body), and an unknown slug
    (a region code) is quoted as sent (shown_value)."""
    serializers.ChoiceField.fail = _fail_naming_choices  # type: ignore[method-assign]
    serializers.SlugRelatedField.to_internal_value = _slug_as_sent  # type: ignore[method-assign]
    api_body.install()


class CodeRelatedField(serializers.SlugRelatedField):
    """A record named by its code (a measure's code in the county's catalogue): an unknown code is refused naming
    what it is (`what`, e.g. 帮扶措施代码), the codes taken and where their list is (`listed_at`), not DRF's
    "属性 code 为 x 的对象不存在。"."""

    def __init__(self, *, what: str, listed_at: str, **kwargs: Any) -> None:
        self.what = what
        self.listed_at = listed_at
        super().__init__(**kwargs)

    def fail(self, key: str, **kwargs: Any) -> None:
        if key == "does_not_exist":
            codes = self.get_queryset().values_list(self.slug_field, flat=True)
            message = MSG_UNKNOWN_CODE.format(
                what=self.what,
                value=shown_value(kwargs.get("value")),
                allowed="、".join(codes),
                listed_at=self.listed_at,
            )
            raise serializers.ValidationError(message, code=key)
        super().fail(key, **kwargs)


class IntegerIdMixin:
    """For a PrimaryKeyRelatedField over integer ids: a whole number, or its digits in a string, is looked up; null or
    "" (a list's item: a field's own null reaches only its top level) is its "null" message, anything else (true, 1.5,
    "abc", a list) its "incorrect_type", each in the field's own words. DRF looked null up and answered
    "成员ID None 不是本户可分出的成员", named a bool's Python type ("得到的类型为 bool"), and Django took 1.5 for
    id 1. Its does_not_exist message is given the number as read (pk_value)."""

    default_error_messages = {"null": MSG_ID_EMPTY, "incorrect_type": MSG_ID_NOT_INTEGER}

    def to_internal_value(self, data: Any) -> Any:
        field: Any = self
        text = data.strip() if isinstance(data, str) else None
        if data is None or text == "":
            field.fail("null")
        if text is not None and text.isascii() and text.isdigit():
            data = int(text)
        if isinstance(data, bool) or not isinstance(data, int):
            field.fail("incorrect_type", data_type="")
        return super().to_internal_value(data)  # type: ignore[misc]
