"""Forms of the township batch audit (乡镇批量审核) and its printed summary list (乡镇审核汇总名单)."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from config.forms import NamedFieldMessagesMixin
from workflow.choices import Outcome, ProcedureKind, StepKind
from workflow.forms_batches import BatchDecisionForm, SelectedCasesField
from workflow.forms_cases import MSG_DATE_RANGE, CaseFilterMixin, DateInput
from workflow.models import Step
from workflow.roles import acting_roles
from workflow.services.approval_records import MSG_TOO_LONG
from workflow.services.cases import NOTE_LIMIT
from workflow.services.procedures import procedures_in_scope
from workflow.services.township_batch import OUTCOME_LABELS

ALL = [("", "全部")]
# The case kinds as the procedures name them (识别纳入, 风险消除, 风险再标注): the same stable values as CaseKind.
KIND_CHOICES = [*ALL, *ProcedureKind.choices]
MSG_RETURN_HELP = (
    "“退回村级补正”：案件不终止，退回村级评议环节（程序中没有评议环节的，退回入户核查环节）补正，"
    "请在意见中写明需要补正的内容；村级补正后重新报送乡镇审核。"
    "已期满的公示和县级比对结果保留；村级补正时更正风险类型或拟定类别、改变了公示内容的，"
    "已通过的公示（村级公示，以及乡镇审核后的再次公示）均按更正后的内容重新进行。"
)


class TownshipQueueFilterForm(CaseFilterMixin):
    """The queue's filters: village, case kind, the township audit step (Yongxiu has two), only the overdue."""

    village = forms.ChoiceField(label="村", required=False)
    kind = forms.ChoiceField(label="事项", required=False, choices=KIND_CHOICES)
    step = forms.ChoiceField(label="审核环节", required=False)
    overdue = forms.BooleanField(label="只看超期", required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_place(actor)
        names = (
            Step.objects.filter(
                kind=StepKind.TOWNSHIP_AUDIT,
                role__in=acting_roles(actor),
                procedure__in=procedures_in_scope(actor),  # not another county's (乡党委政府审核, 乡镇核查初审)
            )
            .order_by("name")
            .values_list("name", flat=True)
            .distinct()
        )
        self.fields["step"].choices = [*ALL, *[(name, name) for name in names]]
        if len(self.fields["step"].choices) <= 2:
            del self.fields["step"]  # one township audit in the county's procedures: nothing to choose


class TownshipBatchForm(NamedFieldMessagesMixin, forms.Form):
    """The selected cases travel as "id:version" (services.batches.case_version) from the rendered page; the
    opinion follows the single audit form's rules (意见 ≤ NOTE_LIMIT, required for a return)."""

    case = SelectedCasesField(label="所选农户", error_messages={"required": "请至少选择一户。"})
    outcome = forms.ChoiceField(
        label="审核结果",
        choices=list(OUTCOME_LABELS.items()),
        initial=Outcome.PASS,
        widget=forms.RadioSelect,
        help_text=MSG_RETURN_HELP,
    )
    note = forms.CharField(
        label="意见（退回村级补正时必填）",
        required=False,
        max_length=NOTE_LIMIT,
        error_messages={"max_length": MSG_TOO_LONG.format(limit=NOTE_LIMIT)},
        help_text=f"不超过 {NOTE_LIMIT} 字，记入每户的乡镇审核意见。",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    clean_case = BatchDecisionForm.clean_case  # "id:version" → CaseRef, as the county's batch reads them


def month_start(today: dt.date) -> dt.date:
    return today.replace(day=1)


class TownshipSummaryFilterForm(CaseFilterMixin):
    """The summary list's period (the township audit's day, this month by default), kind and village."""

    date_from = forms.DateField(label="审核日期从", required=False, widget=DateInput)
    date_to = forms.DateField(label="审核日期至", required=False, widget=DateInput)
    kind = forms.ChoiceField(label="事项", required=False, choices=KIND_CHOICES)
    village = forms.ChoiceField(label="村", required=False)

    def __init__(self, data: Any = None, *args: Any, actor: Any, **kwargs: Any) -> None:
        today = timezone.localdate()
        if not data:
            data = {"date_from": month_start(today).isoformat(), "date_to": today.isoformat()}
        super().__init__(data, *args, **kwargs)
        self.setup_place(actor)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", MSG_DATE_RANGE)
        return data

    def describe(self) -> list[str]:
        """The filters in use, in words, for the printed heading: 事项：风险消除，村：城南村."""
        parts = []
        for name in ("kind", "village"):
            value = self.cleaned_data.get(name) if self.is_valid() else ""
            if value and name in self.fields:
                parts.append(f"{self.fields[name].label}：{dict(self._flat_choices(name)).get(value, value)}")
        return parts

    def _flat_choices(self, name: str) -> list[tuple[str, str]]:
        flat = []
        for value, label in self.fields[name].choices:
            flat += label if isinstance(label, list | tuple) else [(value, label)]
        return flat
