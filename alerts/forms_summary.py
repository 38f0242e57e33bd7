"""The 预警汇总 period (the page and the API): alerts raised from date_from to date_to, this year by default."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from alerts.forms import DATE
from config.forms import NamedFieldMessagesMixin

MSG_SUMMARY_RANGE_REVERSED = "“至”的日期不能早于“预警日期从”的日期。"


class SummaryPeriodForm(NamedFieldMessagesMixin, forms.Form):
    """A bad date or a reversed range is said at its field, never replaced by the default period."""

    date_from = forms.DateField(label="预警日期从", required=False, widget=DATE)
    date_to = forms.DateField(label="至", required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault("initial", {"date_from": dt.date(today.year, 1, 1), "date_to": today})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", MSG_SUMMARY_RANGE_REVERSED)
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("date_from") or dt.date(today.year, 1, 1), data.get("date_to") or today
