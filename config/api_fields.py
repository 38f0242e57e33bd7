"""Request-body fields whose refusals say what would have been accepted, as the query filters' do (MSG_BAD_CHOICE):
a choice names the allowed values with their labels, an unknown code names what it is and where its list is."""

from typing import Any

from rest_framework import serializers
from rest_framework.fields import Field

from config import api_body

MSG_BAD_BODY_CHOICE = "“{value}”不是可用的取值，可选：{allowed}。"
MSG_UNKNOWN_CODE = "未知的{what}“{value}”，可选：{allowed}（{listed_at}）。"

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


def _fail_naming_choices(self: serializers.ChoiceField, key: str, **kwargs: Any) -> None:
    if key == "invalid_choice" and any(self.error_messages[key] is stock for stock in _STOCK_INVALID_CHOICE):
        message = MSG_BAD_BODY_CHOICE.format(value=str(kwargs.get("input"))[:40], allowed=choices_text(self.choices))
        raise serializers.ValidationError(message, code=key)
    Field.fail(self, key, **kwargs)


def install() -> None:
    """Every ChoiceField of every serializer (those declared and those ModelSerializer builds from a model's choices,
    MultipleChoiceField and a ListField's child alike) names the allowed values when refusing one. Set on DRF's
    class, once, rather than through a base class of our own: ModelSerializer builds its choice fields from DRF's
    class, and a field declared from DRF's class by mistake would go back to "不是合法选项" unnoticed. Every
    serializer, likewise, refuses a request body's unknown field naming it (config.api_body)."""
    serializers.ChoiceField.fail = _fail_naming_choices  # type: ignore[method-assign]
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
                what=self.what, value=str(kwargs.get("value"))[:40], allowed="、".join(codes), listed_at=self.listed_at
            )
            raise serializers.ValidationError(message, code=key)
        super().fail(key, **kwargs)
