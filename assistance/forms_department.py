"""The department clerk's form on a measure besides closing it (forms.DepartmentDoneForm): 登记实施情况."""

from typing import Any

from django import forms

from assistance.forms import DATE
from assistance.models import PlanMeasure
from config.forms import NamedFieldMessagesMixin


class DepartmentProgressForm(NamedFieldMessagesMixin, forms.Form):
    """Start date, what was done so far and, for a measure with an amount, the actual amount."""

    starts_on = forms.DateField(label="开始实施日期", widget=DATE)
    note = forms.CharField(
        label="实施情况",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写实施情况。"},
    )
    amount = forms.DecimalField(
        label="金额（元）", required=False, max_digits=12, decimal_places=2, help_text="按实际落实的金额填写"
    )

    def __init__(self, *args: Any, measure: PlanMeasure, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "progress")
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = measure.starts_on
        if measure.amount is None:
            del self.fields["amount"]
        else:
            self.fields["amount"].initial = measure.amount
