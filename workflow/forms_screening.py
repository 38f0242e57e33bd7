from typing import Any

from django import forms

from config.forms import NamedFieldMessagesMixin
from households.choices import MonitoringCategory, NationalRiskType, RiskType, categories_for
from workflow.choices import Channel
from workflow.forms import NATIONAL_RISK_HELP, NATIONAL_RISK_LABEL
from workflow.services.case_opening import RISK_GUARANTEE_HELP
from workflow.services.proposals import MSG_CHANNEL_HELP, screening_opening, screening_risk_types


class ScreeningOpenForm(NamedFieldMessagesMixin, forms.Form):
    """The identification a screening hit opens (services.proposals.case_open_from_screening): its channel and
    discovery date are the service's (a risk a visit found makes it 基层干部排查), shown and not editable; the hit's
    risk types, and those a visit found, come ticked."""

    channel = forms.ChoiceField(
        label="发现渠道", choices=Channel.choices, disabled=True, required=False, help_text=MSG_CHANNEL_HELP
    )
    discovered_on = forms.DateField(
        label="发现日期",
        disabled=True,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    risk_types = forms.MultipleChoiceField(
        label="风险类型",
        choices=RiskType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=RISK_GUARANTEE_HELP,
    )
    # The case form's (workflow.forms.CaseOpenForm): the same service input, asked the same way.
    national_risk_types = forms.MultipleChoiceField(
        label=NATIONAL_RISK_LABEL,
        choices=NationalRiskType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=NATIONAL_RISK_HELP,
    )
    category = forms.ChoiceField(label="拟纳入监测类别", choices=MonitoringCategory.choices)
    note = forms.CharField(label="说明", required=False, max_length=500)

    def __init__(self, *args: Any, household_type: str = "", result: Any = None, **kwargs: Any) -> None:
        if result is not None:
            risk_types = screening_risk_types(result=result)
            opening = screening_opening(result=result, risk_types=risk_types)
            kwargs["initial"] = {
                "channel": opening.channel,
                "discovered_on": opening.discovered_on,
                "risk_types": risk_types,
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories_for(household_type)
