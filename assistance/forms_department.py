"""The department clerk's forms: the list's filters, and on a measure 登记实施情况 and 办结. Their notes are capped as
the service caps them (measure_checks.NOTE_MAX), the message naming the field."""

from typing import Any

from django import forms
from django.utils import timezone

from assistance.form_notes import note_field
from assistance.forms import DATE
from assistance.models import PlanMeasure
from assistance.selectors_department import department_villages
from config.forms import NamedFieldMessagesMixin, valid_filters
from households.region_filter import NO_REGION, setup_region_filter
from households.selectors_search import id_part
from households.services.id_search import id_search_refusal

# What the clerk has of a person: the name, and the ID number their own data gives (the page shows it masked).
SEARCH_PLACEHOLDER = "姓名、身份证号或其后4位"


class DepartmentFilterForm(forms.Form):
    """The list's filters besides the status (the view checks it: an unknown one is a 400): a name or an ID number, the
    township or village (乡镇/村, as on the township's lists), and the township's two flags."""

    q = forms.CharField(
        label="查找",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": SEARCH_PLACEHOLDER}),
    )
    village = forms.ChoiceField(label="村", required=False)
    overdue = forms.BooleanField(label="只看逾期未办结", required=False)
    late_start = forms.BooleanField(label="只看已到开始日期未实施", required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.village_paths = setup_region_filter(self, actor, villages=department_villages(actor=actor))

    def clean_q(self) -> str:
        """A number the clerk may not search by (a part other than the last 4, the day's limit reached) is said."""
        q = self.cleaned_data["q"].strip()
        if refusal := id_search_refusal(self.actor, id_part(q)):
            raise forms.ValidationError(refusal)
        return q

    @property
    def filter_errors(self) -> list[str]:
        """Each invalid filter as "label：error" (?village=999), for the notice above the (empty) list."""
        return self.filter_errors_besides()

    def filter_errors_besides(self, *names: str) -> list[str]:
        """filter_errors but those of the fields `names` (a place the 范围 line refuses already)."""
        if not self.is_bound or not self.errors:
            return []
        fields = [name for name in self.fields if name not in names]
        return [f"{self.fields[name].label}：{error}" for name in fields for error in self.errors.get(name, [])]

    def filters(self) -> dict[str, Any]:
        """The valid filters, the place as a region path ("region")."""
        data = valid_filters(self)
        if village := data.pop("village", ""):
            data["region"] = self.village_paths.get(village, NO_REGION)
        return data


class DepartmentProgressForm(NamedFieldMessagesMixin, forms.Form):
    """Start date, what was done so far and, for a measure with an amount, the actual amount."""

    starts_on = forms.DateField(label="开始实施日期", widget=DATE)
    note = note_field("实施情况")
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


class DepartmentDoneForm(NamedFieldMessagesMixin, forms.Form):
    note = note_field("办理情况")
    on = forms.DateField(label="完成日期", widget=DATE, initial=timezone.localdate)
