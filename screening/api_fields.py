"""A field the screening serializers share (screening.api, screening.serializers_campaigns), and the body of a
county run's start."""

from typing import Any

from rest_framework import serializers

from households.choices import RiskType


class RiskTypeLabelsField(serializers.ListField):
    """A list of risk type codes' labels, in the codes' order (a code no longer in the list, as it is): what
    `<field>_display` is to a choice field, for a list of codes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "风险类型名称，与 risk_types 的代码一一对应")
        super().__init__(child=serializers.CharField(), read_only=True, **kwargs)

    def to_representation(self, data: Any) -> list[str]:
        return [str(RiskType(code).label) if code in RiskType.values else code for code in data]


class RuleParamSerializer(serializers.Serializer):
    """One parameter a rule's kind accepts (screening.rule_params.PARAMS), for a client to build its form from."""

    name = serializers.CharField(help_text="参数键名（params 中的键）")
    label = serializers.CharField(help_text="参数名称")
    type = serializers.ChoiceField(choices=["boolean", "number", "integer", "choice"], help_text="参数类型")
    default = serializers.JSONField(help_text="默认值")
    value = serializers.JSONField(help_text="当前值（未设置的为默认值）")
    minimum = serializers.FloatField(allow_null=True, help_text="最小值（数字参数）")
    maximum = serializers.FloatField(allow_null=True, help_text="最大值（数字参数）")
    choices = serializers.DictField(child=serializers.CharField(), help_text="可选值及其名称（选择参数）")
    help = serializers.CharField(help_text="参数说明")


def rule_param_specs(kind: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    from screening.rule_params import GUARANTEE_ITEMS, PARAMS

    types = {bool: "boolean", float: "number", int: "integer", str: "choice"}
    return [
        {
            "name": name,
            "label": spec.label,
            "type": types[spec.type],
            "default": spec.default,
            "value": params.get(name, spec.default),
            "minimum": spec.low,
            "maximum": spec.high,
            "choices": {key: GUARANTEE_ITEMS[key][1] for key in spec.choices if key in GUARANTEE_ITEMS},
            "help": spec.help,
        }
        for name, spec in PARAMS.get(kind, {}).items()
    ]


SCOPE_COUNTY = "county"
MSG_SCOPE_REQUIRED = '请写明筛查范围：全县重新筛查请发送 {"scope": "county"}。'
_AS_TEMPLATE = MSG_SCOPE_REQUIRED.replace("{", "{{").replace("}", "}}")  # DRF formats a field's messages


class RunStartSerializer(serializers.Serializer):
    """What a run is of, said by the caller: an empty POST started a county-wide run at once (a script's stray call,
    or one that meant a household), so the whole county must be asked for by name."""

    scope = serializers.ChoiceField(
        choices=[(SCOPE_COUNTY, "全县")],
        error_messages={"required": _AS_TEMPLATE, "null": _AS_TEMPLATE},
        help_text="筛查范围：county=全县（必填，本接口只发起全县筛查）",
    )
