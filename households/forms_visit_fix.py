"""The forms of a visit's 更正 and 作废 (households.services.visit_fix). Shape only; the rules are the service's."""

from collections.abc import Iterator
from typing import Any

from django import forms

from households.forms_confirm import amount_messages, confirm_box
from households.services.visit_fix import MSG_CORRECT_REASON, MSG_VOID_REASON, REASON_MAX
from households.services.visits import NOTES_MAX


class VisitCorrectForm(forms.Form):
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

    def __iter__(self) -> Iterator[forms.BoundField]:
        asked = "confirm_changes" in self.errors or bool(self.data.get("confirm_changes"))
        for bound in super().__iter__():
            if bound.name != "confirm_changes" or asked:
                yield bound


class VisitVoidForm(forms.Form):
    reason = forms.CharField(
        label="作废原因",
        max_length=REASON_MAX,
        help_text="如：重复录入、记错农户。作废的走访保留在走访记录中（划去），不再计入走访次数、收支变化和台账。",
        error_messages={"required": MSG_VOID_REASON},
    )
