from typing import Any

from django import forms

from config.forms import NamedFieldMessagesMixin, valid_filters
from config.once import OnceFormMixin
from households.choices import RiskType
from households.region_filter import NO_REGION, setup_region_filter
from screening.choices import ExclusionKind, ResultStatus
from screening.models import MonitoringLine, ScreeningRule
from screening.rule_params import GUARANTEE_ITEMS, PARAMS, Param
from screening.selectors_backlog import WAITING_CHOICES
from screening.services import dismissal
from screening.services.results import MSG_WITHDRAW_REASON, WITHDRAW_REASON_LIMIT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorklistFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=ResultStatus.choices)
    village = forms.ChoiceField(label="村", required=False)
    risk_type = forms.ChoiceField(label="风险类型", required=False, choices=[("", "全部"), *RiskType.choices])
    waiting = forms.ChoiceField(label="等待时间", required=False, choices=[("", "全部"), *WAITING_CHOICES])
    q = forms.CharField(label="户主或户编号", required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One 乡镇/村 choice (a township whole, or one of its villages), as on the other worklists.
        self.village_paths = setup_region_filter(self, actor)

    def filters(self) -> dict[str, Any]:
        """The valid filters (config.forms.valid_filters), the place as a region path ("region")."""
        data = valid_filters(self)
        if village := data.pop("village", ""):
            data["region"] = self.village_paths.get(village, NO_REGION)
        return data


class DismissForm(NamedFieldMessagesMixin, forms.Form):
    """核实不纳入 (services.dismissal): the visit's day, the conditions of 003 §二2(2) the hit asks, the 核实说明."""

    visited_on = forms.DateField(
        label="入户核实日期", widget=DATE, error_messages={"required": dismissal.MSG_VISIT_REQUIRED}
    )
    income_stable = forms.BooleanField(label="已入户核实：收入稳定", required=False)
    guarantees_ok = forms.BooleanField(label="已入户核实：“三保障”和饮水安全无问题", required=False)
    children_well_off = forms.BooleanField(label="已入户核实：子女经济条件好", required=False)
    reason = forms.CharField(
        label="核实说明",
        min_length=dismissal.NOTE_MIN,
        max_length=dismissal.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": dismissal.MSG_NOTE_SHORT, "min_length": dismissal.MSG_NOTE_SHORT},
        help_text=f"写明入户核实的情况和不纳入的依据，至少{dismissal.NOTE_MIN}个字。"
        "收入低于监测范围、存在返贫致贫风险的农户必须纳入监测，不能核实不纳入。",
    )

    def __init__(self, *args: Any, result: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        required = dismissal.conditions_required(result)
        for name, _ in dismissal.CONDITIONS:
            if name not in required:
                del self.fields[name]


class UndismissForm(NamedFieldMessagesMixin, forms.Form):
    reason = forms.CharField(
        label="撤销理由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": dismissal.MSG_UNDISMISS_REASON},
        help_text="撤销后该户回到“待处理”，并立即按当前数据重新筛查。",
    )


class ProposeForm(NamedFieldMessagesMixin, forms.Form):
    note = forms.CharField(label="说明（可选）", max_length=500, required=False)


class OverrideForm(NamedFieldMessagesMixin, forms.Form):
    justification = forms.CharField(
        label="不予排除的书面理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExclusionForm(OnceFormMixin, NamedFieldMessagesMixin, forms.Form):
    kind = forms.ChoiceField(label="排除情形", choices=ExclusionKind.choices)
    target = forms.ChoiceField(label="涉及对象")
    child_name = forms.CharField(label="分户子女姓名", required=False, max_length=50)
    child_id_number = forms.CharField(label="分户子女身份证号", required=False, max_length=18)
    note = forms.CharField(label="说明", required=False, max_length=300)

    def __init__(self, *args: Any, household: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = household.members.filter(living_status="living")
        self.fields["target"].choices = [
            ("household", "整户"),
            ("child", "分户子女"),
            *[(str(m.pk), f"成员：{m.name}") for m in members],
        ]


class ExclusionWithdrawForm(NamedFieldMessagesMixin, forms.Form):
    reason = forms.CharField(
        label="撤销理由",
        max_length=WITHDRAW_REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": MSG_WITHDRAW_REASON},
    )


class RiskFlagForm(NamedFieldMessagesMixin, forms.Form):
    risk_type = forms.ChoiceField(label="风险类型", choices=RiskType.choices)
    note = forms.CharField(label="说明", required=False, max_length=300)


class LineForm(NamedFieldMessagesMixin, forms.ModelForm):
    # Two worded choices rather than a checkbox: the county picks the wording of its own document.
    inclusive = forms.TypedChoiceField(
        label=MonitoringLine._meta.get_field("inclusive").verbose_name,
        choices=[("False", "须低于标准（如“收入低于监测范围”）"), ("True", "标准以下，含本数（如“10420元以下”）")],
        coerce=lambda value: value == "True",
        required=False,
        empty_value=False,
        initial="False",
        widget=forms.RadioSelect,
        help_text="按本地文件的表述选择：“…元以下”含本数，人均纯收入等于标准也在监测范围内；“低于监测范围”须低于标准。"
        "预警线始终按“低于”判断。",
    )

    class Meta:
        model = MonitoringLine
        fields = ["year", "region_prefix", "region_label", "amount", "inclusive", "basis"]

    def validate_unique(self) -> None:
        """Uniqueness per year and region is the service's rule, with a Chinese message."""


class WarningForm(NamedFieldMessagesMixin, forms.Form):
    starts_on = forms.DateField(label="起始日期", widget=DATE)
    ends_on = forms.DateField(label="截止日期", widget=DATE)
    amount = forms.DecimalField(label="预警线（元/人·年）", max_digits=10, decimal_places=2)


PARAM_PREFIX = "param_"


def _number(value: float | None) -> str:
    return "" if value is None else (str(int(value)) if float(value).is_integer() else str(value))


def param_field(spec: Param, value: Any) -> forms.Field:
    """One rule parameter as a labelled, typed field (screening.rule_params.PARAMS): a checkbox, a number kept in
    its range with Chinese messages naming it, or a choice of the guarantee items by name."""
    label = spec.label
    if spec.type is bool:
        return forms.BooleanField(label=label, required=False, initial=bool(value), help_text=spec.help)
    if spec.choices:
        choices = [(key, GUARANTEE_ITEMS[key][1] if key in GUARANTEE_ITEMS else key) for key in spec.choices]
        return forms.ChoiceField(
            label=label,
            choices=choices,
            initial=value,
            help_text=spec.help,
            error_messages={"required": f"请选择{label}。", "invalid_choice": f"请从列表中选择{label}。"},
        )
    low, high = _number(spec.low), _number(spec.high)
    help_text = f"{spec.help}取值{low}到{high}，默认{_number(spec.default)}。"
    messages = {
        "required": f"请填写{label}。",
        "invalid": f"{label}应为{'整数' if spec.type is int else '数字'}。",
        "min_value": f"{label}应在{low}到{high}之间。",
        "max_value": f"{label}应在{low}到{high}之间。",
    }
    field_class = forms.IntegerField if spec.type is int else forms.FloatField
    field = field_class(
        label=label,
        min_value=spec.low,
        max_value=spec.high,
        initial=value,
        help_text=help_text,
        error_messages=messages,
    )
    if spec.type is float:
        field.widget.attrs["step"] = "any"
    return field


def param_field_names(rule: ScreeningRule) -> list[str]:
    """The form fields of a saved rule's parameters (param_<key>), in PARAMS order."""
    return [PARAM_PREFIX + name for name in PARAMS.get(rule.kind, {})]


class TypedParamsMixin:
    """One typed field per parameter of the rule's kind (named param_<key>), for the county's rule page and the
    configuration site alike; params() gives them back for screening.services.config.screening_rule_save, which
    checks them again."""

    instance: ScreeningRule
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_param_fields(self) -> None:
        current = self.instance.params or {}
        self.param_names = list(PARAMS.get(self.instance.kind, {})) if self.instance.pk else []
        for name in self.param_names:
            spec = PARAMS[self.instance.kind][name]
            self.fields[PARAM_PREFIX + name] = param_field(spec, current.get(name, spec.default))

    def params(self) -> dict[str, Any]:
        return {name: self.cleaned_data[PARAM_PREFIX + name] for name in self.param_names}


class RuleForm(TypedParamsMixin, NamedFieldMessagesMixin, forms.ModelForm):
    """A rule's name, risk type and switch, and its parameters (TypedParamsMixin)."""

    class Meta:
        model = ScreeningRule
        fields = ["name", "risk_type", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_param_fields()
        self.order_fields(["name", "risk_type", *(PARAM_PREFIX + name for name in self.param_names), "is_active"])
