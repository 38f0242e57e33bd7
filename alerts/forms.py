import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from alerts.choices import AlertLevel, AlertOutcome, UnregisteredOutcome
from alerts.ingest.services import MAX_UPLOAD_MB
from alerts.models import FeedType
from alerts.selectors import feed_type_list
from alerts.selectors_unregistered import PENDING
from alerts.selectors_unregistered import STATUS_CHOICES as PERSON_STATUS_CHOICES
from households.choices import MonitoringCategory, RiskType, categories_for
from households.models import Region
from households.region_filter import NO_REGION, setup_region_filter
from households.registry_import.reader import EXTENSIONS
from households.selectors import village_options

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STATUS_CHOICES = [("pending", "待核实"), ("overdue", "已逾期"), ("verified", "已核实"), ("all", "全部")]


class UploadForm(forms.Form):
    feed_type = forms.ModelChoiceField(label="数据类型", queryset=FeedType.objects.none(), empty_label="请选择")
    file = forms.FileField(
        label="数据文件",
        help_text=f".xlsx 或 .csv（UTF-8 或 GBK 编码），不超过 {MAX_UPLOAD_MB} MB；表头上方可以有标题行。",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(EXTENSIONS))}),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["feed_type"].queryset = feed_type_list(actor=actor)
        self.fields["feed_type"].label_from_instance = lambda f: f"{f.name}（{f.cadence_text()}）"


class AlertFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)
    feed_type = forms.ModelChoiceField(label="数据类型", required=False, queryset=FeedType.objects.all())
    level = forms.ChoiceField(label="核实层级", required=False, choices=[("", "全部"), *AlertLevel.choices])
    village = forms.ChoiceField(label="村", required=False)
    q = forms.CharField(label="姓名或身份证号", required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["feed_type"].empty_label = "全部"
        self.village_paths = setup_region_filter(self, actor)

    def filters(self) -> dict[str, Any]:
        data = dict(self.cleaned_data) if self.is_valid() else {}
        if data.get("status") == "all":
            data["status"] = ""
        elif not data.get("status"):
            data["status"] = "pending"
        if data.get("village"):
            data["village"] = self.village_paths.get(data["village"], NO_REGION)
        return data


class VerifyForm(forms.Form):
    outcome = forms.ChoiceField(label="核实结果", choices=AlertOutcome.choices, widget=forms.RadioSelect)
    visited_on = forms.DateField(label="入户核实日期", widget=DATE)
    note = forms.CharField(
        label="核实情况",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="无返贫致贫风险时必填理由；迁出、已故请注明去向或日期。",
    )
    category = forms.ChoiceField(
        label="拟纳入的监测对象类别（纳入监测时填写）",
        required=False,
        choices=[("", "请选择"), *MonitoringCategory.choices],
    )
    risk_types = forms.MultipleChoiceField(
        label="风险类型（纳入监测时填写）",
        required=False,
        choices=RiskType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, alert: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"visited_on": timezone.localdate(), "risk_types": [alert.rule.risk_type]})
        super().__init__(*args, **kwargs)
        if alert.household_id:
            household_type = alert.household.household_type
            self.fields["category"].choices = [("", "请选择"), *categories_for(household_type)]


class PeriodForm(forms.Form):
    start = forms.DateField(label="截止日期从", required=False, widget=DATE)
    end = forms.DateField(label="至", required=False, widget=DATE)

    def period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or dt.date(today.year, 1, 1)
        end = data.get("end") or today
        return start, end


class OutcomeFilterForm(forms.Form):
    """The department's own alerts (alerts.selectors.department_outcomes): by feed type, outcome, or the name or
    ID number the department's file gave."""

    feed_type = forms.ModelChoiceField(label="数据类型", required=False, queryset=FeedType.objects.none())
    outcome = forms.ChoiceField(label="核实结果", required=False, choices=[("", "全部"), *AlertOutcome.choices])
    q = forms.CharField(label="姓名或身份证号", required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["feed_type"].queryset = feed_type_list(actor=actor)
        self.fields["feed_type"].empty_label = "全部"

    def filters(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}


class UnregisteredFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=PERSON_STATUS_CHOICES)
    feed_type = forms.ModelChoiceField(label="数据类型", required=False, queryset=FeedType.objects.all())
    q = forms.CharField(label="姓名或身份证号", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["feed_type"].empty_label = "全部"

    def filters(self) -> dict[str, Any]:
        data = dict(self.cleaned_data) if self.is_valid() else {}
        data["status"] = data.get("status") or PENDING
        return data


class UnregisteredBulkCheckForm(forms.Form):
    """One finding for the persons ticked on the list (alerts.services.unregistered.unregistered_check_many).
    Handing a person to a village to register needs that person's village, so it is not offered here."""

    outcome = forms.ChoiceField(
        label="核查结果",
        choices=[c for c in UnregisteredOutcome.choices if c[0] != UnregisteredOutcome.REGISTER],
        widget=forms.RadioSelect,
    )
    checked_on = forms.DateField(label="核查日期", widget=DATE)
    note = forms.CharField(
        label="核查情况",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="所选人员共用这条核查情况，如：经公安户籍系统比对，以上人员户籍均不在本县。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {"checked_on": timezone.localdate(), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)


class UnregisteredCheckForm(UnregisteredBulkCheckForm):
    """The finding for one person: any outcome, and the village that registers them when they should be."""

    outcome = forms.ChoiceField(label="核查结果", choices=UnregisteredOutcome.choices, widget=forms.RadioSelect)
    village = forms.ModelChoiceField(
        label="建档村（应纳入档案时选择）",
        required=False,
        queryset=Region.objects.none(),
        empty_label="请选择",
    )
    field_order = ["outcome", "village", "checked_on", "note"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = village_options(actor=actor)
        self.fields["village"].label_from_instance = lambda v: f"{v.parent.name} {v.name}"
        self.fields["note"].widget.attrs["rows"] = 3
        self.fields[
            "note"
        ].help_text = "写明核查方式和依据，如：经公安户籍系统比对，户籍在某村，长期外出务工，未录入农户档案。"
