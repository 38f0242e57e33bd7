"""The village's correction of a returned case's risk types and proposed category (services.case_correction). The
form posts the values it showed (config.stale): only what this user changed is corrected, and a field someone else
corrected meanwhile is refused, named with its value now."""

from typing import Any

from django import forms

from config.forms import NamedFieldMessagesMixin
from config.stale import StaleFormMixin
from households.choices import NationalRiskType, RiskType, categories_for
from workflow.forms import NATIONAL_RISK_HELP, NATIONAL_RISK_LABEL
from workflow.models import Case
from workflow.services.case_correction import CORRECT_GUARANTEE_HELP

# Posted back by the page once it has asked for the national codes (an income cause whose code went with a risk type
# removed): what is ticked then is the user's answer.
NATIONAL_ASKED = "national_asked"


class CaseCorrectForm(StaleFormMixin, NamedFieldMessagesMixin, forms.Form):
    risk_types = forms.MultipleChoiceField(
        label="风险类型",
        choices=RiskType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=CORRECT_GUARANTEE_HELP,
    )
    national_risk_types = forms.MultipleChoiceField(
        label=NATIONAL_RISK_LABEL,
        choices=NationalRiskType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=NATIONAL_RISK_HELP,
    )
    category = forms.ChoiceField(label="拟纳入监测类别", choices=[], required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "risk_types": list(case.risk_types),
                "national_risk_types": list(case.national_risk_types),
                "category": case.category,
            },
        )
        super().__init__(*args, **kwargs)
        self.case = case
        # Only the categories this household may be monitored under, as when the case was opened.
        self.fields["category"].choices = [("", "（请选择）"), *categories_for(case.household.household_type)]

    def edited(self) -> dict[str, Any]:
        """What this user changed; the national codes too once the page asked for them (NATIONAL_ASKED): a code
        left ticked then is the cause chosen, not one kept unseen (services.case_correction._national_chosen)."""
        values = super().edited()
        if self.data.get(NATIONAL_ASKED) and "national_risk_types" in self.cleaned_data:
            values.setdefault("national_risk_types", self.cleaned_data["national_risk_types"])
        return values
