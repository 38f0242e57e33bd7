"""The parameters of each screening rule kind, declared with their types, ranges and defaults, so that a rule with
unknown or out-of-range parameters is refused, in Chinese, before it is saved (screening.services.config) or run
(screening.services.runs). The SQL that evaluates the kinds is screening.engine's."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from screening.choices import RuleKind

MSG_UNKNOWN_PARAM = "规则类型“{kind}”没有参数“{name}”，可用参数：{allowed}。"
MSG_PARAM_TYPE = "参数“{name}”应为{type}。"
MSG_PARAM_RANGE = "参数“{name}”应在{low}到{high}之间。"
MSG_PARAM_CHOICE = "参数“{name}”应为以下之一：{choices}。"
MSG_PARAMS_OBJECT = '规则参数应为“参数名: 值”的对象（如 {{"share": 0.5}}），不能是{given}。'

GUARANTEE_ITEMS = {
    "food_clothing": ("food_clothing_ok", "吃穿有困难"),
    "education": ("education_ok", "义务教育无保障"),
    "medical": ("medical_ok", "基本医疗无保障"),
    "housing": ("housing_ok", "住房安全无保障"),
    "water": ("water_ok", "饮水安全无保障"),
}


@dataclass(frozen=True)
class Param:
    type: type
    default: Any
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    label: str = ""
    # What the parameter does, in words, under its field on the rule's page and in the API's description.
    help: str = ""


PARAMS: dict[str, dict[str, Param]] = {
    RuleKind.INCOME_BELOW_LINE: {
        "use_warning_lines": Param(
            bool,
            True,
            label="是否使用预警线",
            help="勾选后，脱贫户和监测对象在预警时段内人均纯收入低于预警线的也列入筛查；不勾选则只按监测标准比较。",
        ),
        "stable_decline_max": Param(
            float,
            0.1,
            0,
            1,
            label="收入稳定的最大降幅",
            help="收入低于标准、但人均纯收入比上年下降不超过此比例（0.1即10%）且有经济条件较好的分户子女的，"
            "视为“低于标准但无返贫风险”。",
        ),
    },
    RuleKind.RIGID_EXPENSE_SHARE: {
        "share": Param(
            float,
            0.5,
            0.05,
            5,
            label="刚性支出占家庭收入的比例",
            help="刚性支出超过家庭收入的此比例（0.5即50%）时列入筛查。",
        ),
        "min_amount": Param(
            float, 5000, 0, 1_000_000, label="刚性支出最低金额（元）", help="刚性支出达到此金额才列入筛查。"
        ),
    },
    RuleKind.GUARANTEE_FINDING: {
        "item": Param(
            str,
            "housing",
            choices=tuple(GUARANTEE_ITEMS),
            label="保障项目",
            help="最近一次走访发现该项保障有问题的农户列入筛查。",
        ),
    },
    RuleKind.SERIOUS_ILLNESS_UNINSURED: {},
    RuleKind.LABOURER_UNDEREMPLOYED: {
        "months_out": Param(
            int, 6, 1, 12, label="失岗月数", help="本年已过月数减去本年务工月数达到此月数的主要劳动力视为失岗。"
        ),
        "income_drop": Param(
            float,
            0.2,
            0.05,
            0.9,
            label="家庭人均纯收入比上年的最小降幅",
            help="家庭人均纯收入比上年下降达到此比例（0.2即20%）才列入筛查。",
        ),
    },
    RuleKind.LABOURER_DEATH: {
        "months": Param(int, 12, 1, 60, label="死亡后列入筛查的月数", help="主要劳动力死亡后此月数内列入筛查。"),
    },
    RuleKind.BUSINESS_LOSS: {
        "min_loss": Param(
            float,
            10000,
            1000,
            1_000_000,
            label="生产经营亏损最低金额（元）",
            help="筛查年度生产经营性支出减去生产经营性收入（亏损）达到此金额才列入筛查。",
        ),
        "line_multiple": Param(
            float,
            1.5,
            1,
            3,
            label="人均纯收入低于监测标准的倍数",
            help="人均纯收入（已扣除生产经营性支出）低于所在地监测标准的此倍数（1.5即1.5倍）时，视为家庭基本生活出现困难。",
        ),
    },
}

# How a kind reads the registry, in words, where its name alone would mislead (the rules page, the API).
KIND_NOTES: dict[str, str] = {
    RuleKind.RIGID_EXPENSE_SHARE: (
        "刚性支出为医疗、教育、灾害和其他刚性支出之和。命中的风险类型按支出构成确定：单项支出超过家庭收入的设定比例的，"
        "各按其类型（医疗→大病重病重残医疗支出大，灾害→因灾因意外财产损失大，教育及其他→其他风险）；"
        "没有单项超过的，按金额最大的一项。本规则不使用“对应风险类型”的设置。"
    ),
    RuleKind.LABOURER_UNDEREMPLOYED: (
        "主要劳动力指16至64周岁、技能或普通劳动力、非在校生的家庭成员。本年已过月数（不含当月）减去本年务工月数"
        "（“未务工”按0个月）达到失岗月数，且家庭最近一年（本年或上年）人均纯收入比上年下降达到最小降幅的，列入筛查。"
        "没有上年收支记录的农户无法判断收入是否骤减，本规则不予列入，请在走访中核实。"
        "档案只登记本年务工月数，不登记何时失岗：本年已过月数少于失岗月数的月份（按6个月计，即每年1至6月）"
        "本规则不会命中，上年失岗、本年仍未务工的劳动力请在走访中核实。"
    ),
    RuleKind.LABOURER_DEATH: (
        "对应监测对象第4类“主要劳动力意外死亡，造成家庭主要经济来源中断”。成员被标记为“已故”且变更日期在筛查日前"
        "设定月数内，死亡时为16至64周岁、技能或普通劳动力（劳动技能未填的也列入，理由注明“劳动技能未填”）、非在校生的，列入筛查；理由写明成员姓名和死亡日期。"
        "档案不登记死因，是否属意外死亡、家庭基本生活是否出现困难，请在走访中核实。未登记变更日期的已故成员不列入。"
    ),
    RuleKind.BUSINESS_LOSS: (
        "对应监测对象第2类“生产经营失败，累计经济损失较大，出现负债和家庭基本生活出现困难的”。按农户筛查年度"
        "（最近一年）的收支：生产经营性支出减去生产经营性收入为亏损，亏损达到设定金额，且人均纯收入（已扣除生产经营性"
        "支出）低于所在地监测标准的设定倍数（参照000号文件以标准的1.5倍确定监测范围的做法，默认1.5倍）的，视为经济损失"
        "较大、家庭基本生活出现困难，列入筛查；理由写明经营收支、亏损额、人均纯收入和比较的标准。"
        "档案不登记负债和往年累计损失：是否出现负债、往年是否连续亏损，请在走访中核实。所在地没有监测标准的农户本规则不予列入。"
    ),
}

_TYPE_NAMES = {bool: "是或否", float: "数字", int: "整数", str: "文本"}


def _given(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, list):
        return "列表"
    return _TYPE_NAMES.get(type(value), "其他类型")


def validate_params(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """Return the parameters with defaults filled in; ValidationError (Chinese) for unknown or bad ones."""
    declared = PARAMS.get(kind)
    if declared is None:
        raise ValidationError({"kind": f"未知的规则类型“{kind}”。"})
    if not isinstance(params, dict):  # a JSON list, text, number or null sent through the API
        raise ValidationError({"params": MSG_PARAMS_OBJECT.format(given=_given(params))})
    errors: list[str] = []
    for name in params:
        if name not in declared:
            allowed = "、".join(declared) or "无"
            errors.append(MSG_UNKNOWN_PARAM.format(kind=RuleKind(kind).label, name=name, allowed=allowed))
    clean: dict[str, Any] = {}
    for name, spec in declared.items():
        value = params.get(name, spec.default)
        if spec.type is bool and not isinstance(value, bool):
            errors.append(MSG_PARAM_TYPE.format(name=name, type=_TYPE_NAMES[bool]))
            continue
        if spec.type in (int, float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                errors.append(MSG_PARAM_TYPE.format(name=name, type=_TYPE_NAMES[spec.type]))
                continue
            if spec.type is int and not float(value).is_integer():
                errors.append(MSG_PARAM_TYPE.format(name=name, type=_TYPE_NAMES[int]))
                continue
            if not spec.low <= value <= spec.high:  # type: ignore[operator]
                errors.append(MSG_PARAM_RANGE.format(name=name, low=spec.low, high=spec.high))
                continue
        if spec.choices and value not in spec.choices:
            errors.append(MSG_PARAM_CHOICE.format(name=name, choices="、".join(spec.choices)))
            continue
        clean[name] = value
    if errors:
        raise ValidationError({"params": errors})
    return clean


def describe_params(kind: str, params: dict[str, Any]) -> list[str]:
    """The rule's parameters in words, defaults filled in ("刚性支出最低金额（元）：5000"), for the rules page."""
    lines = []
    for name, spec in PARAMS.get(kind, {}).items():
        value = params.get(name, spec.default)
        if isinstance(value, bool):
            shown = "是" if value else "否"
        elif name == "item":
            shown = GUARANTEE_ITEMS.get(value, ("", value))[1]
        elif isinstance(value, float) and value.is_integer():
            shown = str(int(value))
        else:
            shown = str(value)
        lines.append(f"{spec.label}：{shown}")
    return lines
