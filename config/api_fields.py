"""Request-body fields whose refusals say what would have been accepted, as the query filters' do (MSG_BAD_CHOICE):
a choice names the allowed values with their labels, an unknown code names what it is and where its list is."""

from typing import Any

from rest_framework import serializers
from rest_framework.fields import Field

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
    class, and a field declared from DRF's class by mistake would go back to "不是合法选项" unnoticed."""
    serializers.ChoiceField.fail = _fail_naming_choices  # type: ignore[method-assign]


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


MSG_UNKNOWN_FIELD = "未知字段：{name}（是否拼写有误？本接口可填写：{allowed}）。"
# Sent by a browser's form or DRF's browsable API beside the body's fields, never a field of ours.
FORM_EXTRAS = frozenset({"format", "csrfmiddlewaretoken", "_method", "_content", "_content_type"})


class KnownFieldsGuard:
    """For a serializer of a request body: a field it does not have (note=… for notes) is a 400 in Chinese naming
    it and the fields taken, rather than a 201 with what the caller meant silently dropped. A read-only field sent
    back is left to the serializer (ignored, or households.api_fields.PatchFieldsGuard's rule); only the top-level
    object is checked, a multipart upload's file among its fields."""

    def to_internal_value(self, data: Any) -> Any:
        serializer: Any = self
        if serializer.parent is None and hasattr(data, "keys"):
            fields = serializer.fields
            unknown = [str(key)[:40] for key in data if key not in fields and key not in FORM_EXTRAS]
            if unknown:
                allowed = "、".join(name for name, field in fields.items() if not field.read_only)
                raise serializers.ValidationError(
                    {name: [MSG_UNKNOWN_FIELD.format(name=name, allowed=allowed)] for name in unknown}
                )
        return super().to_internal_value(data)  # type: ignore[misc]
