"""The case list's filters (全部案件): status, kind, place, the step a case stands at, channel, green channel,
discovery dates, a household."""

from typing import Any

from django import forms

from config.forms import valid_filters
from households.region_filter import NO_REGION, setup_region_filter
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.selectors_cases import open_step_names

MSG_DATE_RANGE = "截止日期不能早于起始日期。"
ALL = [("", "全部")]


class DateInput(forms.DateInput):
    input_type = "date"


class CaseListFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[*ALL, *CaseStatus.choices])
    kind = forms.ChoiceField(label="案件类别", required=False, choices=[*ALL, *CaseKind.choices])
    village = forms.ChoiceField(label="村", required=False)
    open_step = forms.ChoiceField(label="当前环节", required=False)
    channel = forms.ChoiceField(label="发现渠道", required=False, choices=[*ALL, *Channel.choices])
    green_channel = forms.ChoiceField(label="绿色通道", required=False, choices=[*ALL, ("yes", "是"), ("no", "否")])
    discovered_from = forms.DateField(label="发现日期从", required=False, widget=DateInput)
    discovered_to = forms.DateField(label="发现日期至", required=False, widget=DateInput)
    q = forms.CharField(label="户主姓名或户编号", required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.village_paths = setup_region_filter(self, actor)
        self.fields["open_step"].choices = [*ALL, *[(name, name) for name in open_step_names(actor)]]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("discovered_from"), data.get("discovered_to")
        if start and end and end < start:
            self.add_error("discovered_to", MSG_DATE_RANGE)
        return data

    def filters(self) -> dict[str, Any]:
        """The valid filters (config.forms.valid_filters), the place as its region path."""
        data = valid_filters(self)
        if data.get("village"):
            data["village"] = self.village_paths.get(data["village"], NO_REGION)
        return data

    def chosen_region_code(self) -> str:
        """The 乡镇/村 chosen, as its code, when it is a valid choice (for the announcement link)."""
        return self.cleaned_data.get("village", "") if self.is_bound and "village" not in self.errors else ""
