"""The forms of a visit's 更正 and 作废 (households.services.visit_fix). Shape only; the rules are the service's."""

from collections.abc import Iterator
from typing import Any

from django import forms

from households.choices import RiskType
from households.forms_confirm import amount_messages, confirm_box
from households.services.visit_fix import MSG_CORRECT_REASON, MSG_VOID_REASON, REASON_MAX
from households.services.visit_stated import FINDINGS
from households.services.visits import NOTES_MAX

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VisitCorrectForm(forms.Form):
    visited_on = forms.DateField(
        label="走访日期", widget=DATE, error_messages={"required": "请填写走访日期。", "invalid": "请填写正确的日期。"}
    )
    # Checkboxes as on the visit form (ticked: 有保障); a correction states every finding again.
    food_clothing_ok = forms.BooleanField(label="不愁吃穿", required=False)
    education_ok = forms.BooleanField(label="义务教育有保障", required=False)
    medical_ok = forms.BooleanField(label="基本医疗有保障", required=False)
    housing_ok = forms.BooleanField(label="住房安全有保障", required=False)
    water_ok = forms.BooleanField(label="饮水安全有保障", required=False)
    risk_types = forms.MultipleChoiceField(
        label="发现的风险类型（去掉的，报送乡镇的风险标记随之撤回；新增的，报送乡镇）",
        required=False,
        choices=RiskType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    income_change = forms.DecimalField(
        label="收入变化（元，增加为正，减少为负）", required=False, max_digits=12, decimal_places=2
    )
    expense_change = forms.DecimalField(
        label="刚性支出变化（元，增加为正）", required=False, max_digits=12, decimal_places=2
    )
    notes = forms.CharField(
        label="走访情况", required=False, widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTES_MAX})
    )
    # Shown only once the service has asked (a change beyond the household's plausible range), as on the visit form.
    confirm_changes = forms.BooleanField(label="金额核实无误", required=False, widget=confirm_box())
    reason = forms.CharField(
        label="更正原因",
        max_length=REASON_MAX,
        help_text="如：收入变化多输了一个0。更正前后的内容记入农户变更记录和审计日志。",
        error_messages={"required": MSG_CORRECT_REASON},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("income_change", "expense_change"):
            amount_messages(self.fields[name])

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned form as visit_correct's keyword arguments: the findings as one dict."""
        data = dict(self.cleaned_data)
        return data | {"findings": {name: bool(data.pop(name)) for name in FINDINGS}}

    def findings(self) -> list[forms.BoundField]:
        return [self[name] for name in FINDINGS]

    def finding_errors(self) -> list[str]:
        return [str(e) for name in FINDINGS for e in self[name].errors]

    def __iter__(self) -> Iterator[forms.BoundField]:
        asked = "confirm_changes" in self.errors or bool(self.data.get("confirm_changes"))
        for bound in super().__iter__():
            if bound.name in FINDINGS or bound.name == "visited_on":
                continue  # placed by the template: the date first, the findings as one group (findings())
            if bound.name != "confirm_changes" or asked:
                yield bound


class VisitVoidForm(forms.Form):
    reason = forms.CharField(
        label="作废原因",
        max_length=REASON_MAX,
        help_text="如：重复录入、记错农户。作废的走访保留在走访记录中（划去），不再计入走访次数、收支变化和台账。",
        error_messages={"required": MSG_VOID_REASON},
    )
