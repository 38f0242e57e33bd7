from typing import Any

from django import forms

from config.forms import NamedFieldMessagesMixin
from households.choices import MonitoringCategory, RiskType, categories_for
from households.selectors import township_options, village_options
from workflow.choices import Channel, GreenChannelCause
from workflow.models import OverdueReason
from workflow.services.case_opening import RISK_GUARANTEE_HELP


class OverdueFilterForm(forms.Form):
    township = forms.ChoiceField(label="乡镇", required=False)
    village = forms.ChoiceField(label="村", required=False)
    reason = forms.ChoiceField(label="超期情形", required=False, choices=[("", "全部"), *OverdueReason.choices])

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        townships = list(township_options(actor=actor))
        self.fields["township"].choices = [("", "全部"), *[(t.code, t.name) for t in townships]]
        if len(townships) <= 1:
            del self.fields["township"]
        # A township chases its villages (the green channel's owed steps are the village's review and publicity).
        villages = list(village_options(actor=actor))
        many = len(townships) > 1
        self.fields["village"].choices = [
            ("", "全部"),
            *[(v.code, f"{v.parent.name} {v.name}" if many and v.parent else v.name) for v in villages],
        ]
        if len(villages) <= 1:
            del self.fields["village"]


class GreenChannelOpenForm(NamedFieldMessagesMixin, forms.Form):
    green_channel_cause = forms.ChoiceField(label="绿色通道事由", choices=GreenChannelCause.choices)
    green_channel_reason = forms.CharField(
        label="开辟理由（突发情况、损失等）", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    green_channel_village_study = forms.CharField(
        label="村“两委”研究意见",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：12月2日村两委研究，同意先行救助。开辟前须已入户核查（在农户档案中记录走访）。",
    )
    channel = forms.ChoiceField(label="发现渠道", choices=Channel.choices)
    risk_types = forms.MultipleChoiceField(
        label="风险类型",
        choices=RiskType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=RISK_GUARANTEE_HELP,  # the ordinary case form's: case_open_green_channel sets them too
    )
    category = forms.ChoiceField(label="拟纳入监测类别", choices=MonitoringCategory.choices)
    discovered_on = forms.DateField(label="发现日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, household_type: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories_for(household_type)
