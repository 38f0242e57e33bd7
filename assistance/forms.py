"""Forms of the assistance pages. They validate shape; the rules live in assistance.services."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils import timezone

from accounts.choices import Department
from assistance.choices import (
    TOWNSHIP_VILLAGE,
    TOWNSHIP_VILLAGE_LABEL,
    ClaimCause,
    ClaimStatus,
    MeasureStatus,
    ReturnCadence,
)
from assistance.form_notes import note_field
from assistance.forms_departments import MeasureTypeSelect, edit_choices
from assistance.forms_visits import FINDINGS as FINDINGS
from assistance.forms_visits import CountVisitForm as CountVisitForm
from assistance.forms_visits import ReturnVisitForm as ReturnVisitForm
from assistance.models import MeasureCategory, MeasureType, PlanMeasure
from assistance.selectors import CONTACT_NEEDS_CHANGE
from assistance.services import measure_progress
from assistance.services.measure_checks import MAX_AMOUNT, MSG_AMOUNT_TOO_LARGE
from config.forms import NamedFieldMessagesMixin, valid_filters
from config.stale import StaleFormMixin
from households.choices import EmploymentPlace, LivingStatus
from households.models import Household
from households.region_filter import NO_REGION, setup_region_filter

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"})


SHOWN_STATUS = "expected_status"


class ShownStatusMixin:
    """A decision form (a measure's 办理, a claim's 核定) posts the status its page showed, ``expected_status``, and
    the service refuses a record moved on since, instead of deciding again from its new status unseen (approved
    meanwhile, then rejected from a page that showed it 已申报). Put it first in the form's bases. The page shown
    again after any error carries the status as it is now: a second submit, once the user has checked, goes
    through."""

    fields: dict[str, forms.Field]
    data: Any
    initial: dict[str, Any]
    cleaned_data: dict[str, Any]
    is_bound: bool
    add_prefix: Callable[[str], str]

    def __init__(self, *args: Any, shown_status: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.fields[SHOWN_STATUS] = forms.CharField(required=False, widget=forms.HiddenInput)
        key = self.add_prefix(SHOWN_STATUS)
        # Read before the page's copy is replaced by the status now: the service compares this one.
        self.expected_status = str(self.data.get(key) or "") or None
        if self.is_bound:
            self.data = self.data.copy()
            self.data[key] = shown_status
        else:
            self.initial[SHOWN_STATUS] = shown_status

    def decision(self) -> dict[str, Any]:
        """The cleaned values the service takes, with the status the page showed."""
        data = {k: v for k, v in self.cleaned_data.items() if k != SHOWN_STATUS}
        return data | {"expected_status": self.expected_status}


class PlanFilterForm(forms.Form):
    q = forms.CharField(
        label="查找",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "户主姓名或户编号"}),
    )
    village = forms.ChoiceField(label="村", required=False)
    return_visit = forms.ChoiceField(
        label="回访",
        required=False,
        choices=[("", "全部"), ("overdue", "回访已逾期"), ("due", "7日内到期（含逾期）")],
    )
    contact_state = forms.ChoiceField(
        label="帮扶联系人",
        required=False,
        choices=[("", "全部"), (CONTACT_NEEDS_CHANGE, "需调整")],
    )

    def __init__(self, *args: Any, villages: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [("", "全部"), *[(v.code, f"{v.parent.name} {v.name}") for v in villages]]
        if len(villages) <= 1:
            del self.fields["village"]


MSG_DATE_RANGE = "“至”的日期不能早于“自”的日期。"


class MeasureFilterForm(forms.Form):
    """The measure list's filters; the place (乡镇/村, as on the other worklists) becomes a region path."""

    q = forms.CharField(
        label="查找",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "户主姓名或户编号"}),
    )
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *MeasureStatus.choices])
    overdue = forms.BooleanField(label="只看逾期未办结（已过结束日期，仍为计划中或实施中）", required=False)
    late_start = forms.BooleanField(label="只看已到开始日期未实施（已过开始日期，仍为计划中）", required=False)
    no_end = forms.BooleanField(label="只看未定结束日期（计划中或实施中，无法判断是否逾期）", required=False)
    village = forms.ChoiceField(label="村", required=False)
    category = forms.ChoiceField(label="类别", required=False)
    department = forms.ChoiceField(label="责任部门", required=False, choices=[("", "全部"), *Department.choices])
    date_from = forms.DateField(label="开始日期自", required=False, widget=DATE)
    date_to = forms.DateField(label="开始日期至", required=False, widget=DATE)

    MORE = ("village", "category", "department", "date_from", "date_to")

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = MeasureCategory.objects.values_list("code", "name")
        self.fields["category"].choices = [("", "全部"), *categories]
        self.village_paths = setup_region_filter(self, actor)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", MSG_DATE_RANGE)
        return data

    def filters(self) -> dict[str, Any]:
        """The valid filters (config.forms.valid_filters), the place as a region path ("region")."""
        data = valid_filters(self)
        if village := data.pop("village", ""):
            data["region"] = self.village_paths.get(village, NO_REGION)
        return data

    def more_chosen(self) -> bool:
        """Whether the folded filters hold a choice (or an error), so the page shows them open."""
        return bool(self.errors) or any(self.data.get(name) for name in self.MORE)


class PlanForm(NamedFieldMessagesMixin, forms.Form):
    return_cadence = forms.TypedChoiceField(
        label="回访周期", choices=ReturnCadence.choices, coerce=int, initial=ReturnCadence.MONTHLY
    )
    note = forms.CharField(
        label="方案说明（致贫返贫风险、帮扶思路）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanEditForm(StaleFormMixin, PlanForm):
    """The plan's 修改 form: only what the user changed is written (config.stale)."""


class MeasureForm(NamedFieldMessagesMixin, forms.Form):
    measure_type = forms.ModelChoiceField(
        label="帮扶措施", queryset=MeasureType.objects.none(), widget=MeasureTypeSelect(attrs={"data-measure-type": ""})
    )
    member = forms.ModelChoiceField(label="落实到成员", required=False, queryset=None, empty_label="（全户）")  # type: ignore[arg-type]
    content = forms.CharField(label="具体内容", required=False, max_length=300)
    # Blank: the catalogue's default department and unit (assistance.services.measures.measure_add).
    responsible_department = forms.ChoiceField(
        label="责任部门",
        required=False,
        choices=[("", "按措施目录默认"), (TOWNSHIP_VILLAGE, TOWNSHIP_VILLAGE_LABEL), *Department.choices],
    )
    responsible_unit = forms.CharField(
        label="责任单位", required=False, max_length=100, help_text="留空则按措施目录的默认责任单位"
    )
    responsible_person = forms.CharField(label="责任人", max_length=50)
    starts_on = forms.DateField(label="开始日期", widget=DATE, initial=timezone.localdate)
    ends_on = forms.DateField(label="结束日期", required=False, widget=DATE)
    # No max_digits: "确认小数点前不超过 10 位" says nothing a clerk can use; the limit is said in yuan.
    amount = forms.DecimalField(
        label="金额（元）",
        required=False,
        decimal_places=2,
        max_value=MAX_AMOUNT,
        error_messages={"max_value": MSG_AMOUNT_TOO_LARGE.format(limit=MAX_AMOUNT)},
        widget=MONEY,
    )
    # Asked only when the service finds the measure does not answer the household's needs: none of its risks,
    # or the safety net for a household that can work (assistance.fit).
    confirm_mismatch = forms.BooleanField(label="仍要添加", required=False)
    mismatch_reason = forms.CharField(label="仍要添加的理由", required=False, max_length=200)
    # Asked only when the same measure is still open for the same member, or the amount is large
    # (assistance.services.measure_checks.unusual).
    confirm_unusual = forms.BooleanField(label="仍要添加", required=False)

    MISMATCH_FIELDS = ("confirm_mismatch", "mismatch_reason")
    UNUSUAL_FIELDS = ("confirm_unusual",)

    def __init__(self, *args: Any, household: Household, edit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = MeasureType.objects.filter(is_active=True).select_related("category")
        self.fields["measure_type"].queryset = types
        self.fields["measure_type"].label_from_instance = lambda t: f"{t.category.name}｜{t.name}"
        self.fields["member"].queryset = household.members.filter(living_status=LivingStatus.LIVING)
        self.fields["member"].label_from_instance = lambda m: f"{m.name}（{m.get_relation_display()}）"
        if edit:
            # A saved measure has its department: blank there is the township and village, not "the default".
            for name in ("measure_type", "member", *self.MISMATCH_FIELDS, *self.UNUSUAL_FIELDS):
                del self.fields[name]
            self.fields["responsible_department"].choices = [
                (TOWNSHIP_VILLAGE, TOWNSHIP_VILLAGE_LABEL),
                *Department.choices,
            ]
            self.fields["responsible_unit"].help_text = ""
            if not self.initial.get("responsible_department"):
                self.initial["responsible_department"] = TOWNSHIP_VILLAGE

    def main_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in (*self.MISMATCH_FIELDS, *self.UNUSUAL_FIELDS)]

    def _asked(self, names: tuple[str, ...]) -> list[forms.BoundField]:
        """A confirmation, once the service has asked for it (or the officer has already given it)."""
        if not all(name in self.fields for name in names):
            return []
        asked = any(name in self.errors for name in names) or bool(self.data.get(names[0]))
        return [self[name] for name in names] if asked else []

    def mismatch_fields(self) -> list[forms.BoundField]:
        return self._asked(self.MISMATCH_FIELDS)

    def unusual_fields(self) -> list[forms.BoundField]:
        return self._asked(self.UNUSUAL_FIELDS)


class MeasureEditForm(StaleFormMixin, MeasureForm):
    """A saved measure's 修改 form: only what the user changed is written (config.stale)."""

    def __init__(self, *args: Any, household: Household, measure_type: MeasureType, **kwargs: Any) -> None:
        super().__init__(*args, household=household, edit=True, **kwargs)
        current = self.initial.get("responsible_department") or ""
        self.fields["responsible_department"].choices = edit_choices(measure_type, current)


class MeasureStatusForm(ShownStatusMixin, NamedFieldMessagesMixin, forms.Form):
    status = forms.ChoiceField(label="改为", choices=MeasureStatus.choices, widget=forms.RadioSelect)
    note = note_field(
        "办理情况（改为实施中的，记入实施情况；完成或终止时必填，记入帮扶成效）", name="办理情况", required=False
    )
    # As on the department's form: help given last month is recorded as done last month, not today.
    on = forms.DateField(
        label="完成日期（改为“已完成”时填写）", required=False, widget=DATE, initial=timezone.localdate
    )

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [c for c in MeasureStatus.choices if c[0] in allowed]
        if MeasureStatus.DONE not in allowed:
            del self.fields["on"]


class MeasureProgressForm(NamedFieldMessagesMixin, forms.Form):
    """登记实施进展 on an 实施中 measure (assistance.services.measure_progress): the day and what was done."""

    note = note_field("进展情况")
    on = forms.DateField(label="进展日期", widget=DATE, initial=timezone.localdate, help_text="不能晚于今天")

    def __init__(self, *args: Any, measure: PlanMeasure, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "progress")  # beside the status form's note on the same page
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["on"].widget.attrs["max"] = f"{timezone.localdate():%Y-%m-%d}"

    def clean(self) -> dict[str, Any]:
        """A measure closed or moved since the page was opened is said before anything typed (the service checks
        again, under its lock)."""
        if refused := measure_progress.refusal(self.measure):
            raise forms.ValidationError(refused)
        return super().clean()

    def clean_on(self) -> Any:
        """Said with an empty note, not after it is filled in (the service checks it again)."""
        on = self.cleaned_data["on"]
        if misdated := measure_progress.date_error(self.measure, on, timezone.localdate()):
            raise forms.ValidationError(misdated)
        return on


class ClaimForm(NamedFieldMessagesMixin, forms.Form):
    cause = forms.ChoiceField(label="出险原因", choices=ClaimCause.choices)
    member = forms.ModelChoiceField(label="出险成员", required=False, queryset=None, empty_label="（全户）")  # type: ignore[arg-type]
    occurred_on = forms.DateField(label="出险日期", widget=DATE, initial=timezone.localdate)
    amount = forms.DecimalField(label="申请金额（元）", decimal_places=2, max_digits=12, widget=MONEY)
    description = forms.CharField(label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = household.members.filter(living_status=LivingStatus.LIVING)


class ClaimDecideForm(ShownStatusMixin, NamedFieldMessagesMixin, forms.Form):
    status = forms.ChoiceField(label="处理结果", choices=ClaimStatus.choices, widget=forms.RadioSelect)
    # Blank, never pre-filled: the approver types what was approved or paid (assistance.services.claims).
    approved_amount = forms.DecimalField(
        label="核定金额（元，核准时必填）", required=False, decimal_places=2, max_digits=12, widget=MONEY
    )
    paid_amount = forms.DecimalField(
        label="赔付金额（元，赔付时必填）", required=False, decimal_places=2, max_digits=12, widget=MONEY
    )
    note = forms.CharField(label="核定意见（不予赔付时必填）", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, allowed: list[str], claim: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [c for c in ClaimStatus.choices if c[0] in allowed]
        # Only the amount the next step records: approving records what is approved, paying what is paid.
        if ClaimStatus.APPROVED not in allowed:
            del self.fields["approved_amount"]
        elif claim is not None:
            self.fields["approved_amount"].help_text = f"不超过申请金额 {claim.amount:,.2f} 元。"
        if ClaimStatus.PAID not in allowed:
            del self.fields["paid_amount"]
        elif claim is not None:
            self.fields["paid_amount"].help_text = (
                f"不超过核定金额 {claim.approved_amount:,.2f} 元。"
                if claim.approved_amount is not None
                else f"不超过申请金额 {claim.amount:,.2f} 元。"
            )


class YesNoField(forms.TypedChoiceField):
    """是/否 radios over a boolean. A boolean given to show (the record's value, as config.stale puts it back after a
    refusal) is shown as its radio, and read back as itself. The coercion takes its own result too: config.stale's
    seen values are coerced already, and has_changed coerces what it is given again."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(choices=[("1", "是"), ("0", "否")], coerce=lambda v: v is True or v in ("1", "True"), **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return ("1" if value else "0") if isinstance(value, bool) else value


class EmploymentForm(StaleFormMixin, NamedFieldMessagesMixin, forms.Form):
    employed = YesNoField(label="是否务工就业")
    place = forms.ChoiceField(label="务工地点", choices=EmploymentPlace.choices, required=False)
    months = forms.IntegerField(label="本年务工时间（月）", min_value=0, initial=0)
    monthly_income = forms.DecimalField(
        label="月均务工收入（元）",
        decimal_places=2,
        max_digits=10,
        required=False,
        help_text="不清楚的可先不填（台账中显示为空）。",
        widget=MONEY,
    )
    public_welfare_post = forms.BooleanField(label="公益性岗位", required=False)
    note = forms.CharField(label="备注", required=False, max_length=200)


class QuarterForm(NamedFieldMessagesMixin, forms.Form):
    quarter = forms.RegexField(label="季度", regex=r"^\d{4}Q[1-4]$", required=False)
