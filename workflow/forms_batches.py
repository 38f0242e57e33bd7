from typing import Any

from django import forms
from django.utils import timezone

from config.forms import NamedFieldMessagesMixin
from households.selectors import township_options
from workflow.choices import CaseKind, Channel
from workflow.forms_cases import MSG_DATE_RANGE, DateInput
from workflow.models import BatchDecision
from workflow.selectors_batches import MIN_DAYS_LIMIT
from workflow.services.approval_records import (
    DOCUMENT_NUMBER_LIMIT,
    MSG_TOO_LONG,
    NUMBER_EXAMPLE,
    number_form_problem,
)
from workflow.services.batches import CaseRef
from workflow.services.cases import NOTE_LIMIT

MSG_BAD_SELECTION = "所选案件无效，请刷新页面后重新选择。"
MSG_DECIDED_ON_HELP = (
    "县级领导小组批复的日期：不晚于今天，不早于所选农户上报审批前的最后办理日期。"
    "已有批复文号的，留空即按原批复日期；新批复文号留空即为今天。"
)


class QueueFilterForm(forms.Form):
    township = forms.ChoiceField(label="乡镇", required=False)
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *CaseKind.choices])
    channel = forms.ChoiceField(label="发现渠道", required=False, choices=[("", "全部"), *Channel.choices])
    min_days = forms.IntegerField(label="待审批天数≥", required=False, min_value=0, max_value=MIN_DAYS_LIMIT)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        townships = list(township_options(actor=actor))
        self.fields["township"].choices = [("", "全部"), *[(t.code, t.name) for t in townships]]
        if len(townships) <= 1:
            del self.fields["township"]

    def describe(self, filters: dict[str, Any]) -> list[str]:
        """The filters in use, in words, for a printed list's heading: 乡镇：涂埠镇."""
        parts = []
        for name, value in filters.items():
            if value in ("", None) or name not in self.fields:
                continue
            field = self.fields[name]
            shown = dict(field.choices).get(value, value) if isinstance(field, forms.ChoiceField) else value
            parts.append(f"{field.label}：{shown}")
        return parts


class SelectedCasesField(forms.MultipleChoiceField):
    """Any "id:version" strings: which cases exist and are in scope is the service's check, not the form's. Ticked
    on the page (the rows' checkboxes, rendered by the batch templates), so not a hidden field: its error ("请至少选择
    一户") is said once, by the list, not again by partials/form_errors.html as a page missing its hidden input."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value: str) -> bool:
        return True


class BatchDecisionForm(NamedFieldMessagesMixin, forms.Form):
    """The selected cases travel as "id:version" (services.batches.case_version) from the rendered page."""

    case = SelectedCasesField(label="所选农户", error_messages={"required": "请至少选择一户。"})
    decision = forms.ChoiceField(
        label="审批结论", choices=BatchDecision.choices, initial=BatchDecision.APPROVE, widget=forms.RadioSelect
    )
    document_number = forms.CharField(
        label="批复文号",
        max_length=DOCUMENT_NUMBER_LIMIT,
        error_messages={"max_length": MSG_TOO_LONG.format(limit=DOCUMENT_NUMBER_LIMIT)},
        help_text=f"按批复文件填写，如：{NUMBER_EXAMPLE}。同一批复分几批办理的，填写相同的文号和批复日期。",
    )
    # Left empty as a single approval's (workflow.forms_steps.MSG_DECIDED_ON_HELP): a number on file brings its
    # 批复's date (services.batches.batch_date), which today offered by default would contradict and be refused for.
    decided_on = forms.DateField(
        label="批复日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=MSG_DECIDED_ON_HELP,
    )
    note = forms.CharField(
        label="意见（不予批准时必填）",
        required=False,
        max_length=NOTE_LIMIT,
        error_messages={"max_length": MSG_TOO_LONG.format(limit=NOTE_LIMIT)},
        help_text=f"不超过 {NOTE_LIMIT} 字。",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_document_number(self) -> str:
        """Said with the form's other errors (no case ticked, say); services.batches.batch_validate refuses it too."""
        number = self.cleaned_data["document_number"]
        if problem := number_form_problem(number):
            raise forms.ValidationError(problem)
        return number

    def clean_case(self) -> list[CaseRef]:
        refs = []
        for value in self.cleaned_data["case"]:
            case_id, _, version = value.partition(":")
            if not (case_id.isascii() and case_id.isdigit()) or not version:
                raise forms.ValidationError(MSG_BAD_SELECTION)
            refs.append(CaseRef(int(case_id), version))
        return refs


class BatchHistoryFilterForm(forms.Form):
    """审批批次's search and filters (selectors_batch_history.batch_history). An invalid one is said above the list,
    which then lists nothing rather than every batch under a filter the user believes is on (as the case list)."""

    number = forms.CharField(
        label="批复文号",
        required=False,
        max_length=DOCUMENT_NUMBER_LIMIT,
        error_messages={"max_length": MSG_TOO_LONG.format(limit=DOCUMENT_NUMBER_LIMIT)},
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "完整或部分文号，如〔2026〕12号"}),
        help_text="括号写法、全角数字和空格不计，与批量审批比对文号的方式相同。",
    )
    date_from = forms.DateField(label="批复日期从", required=False, widget=DateInput)
    date_to = forms.DateField(label="批复日期至", required=False, widget=DateInput)
    decision = forms.ChoiceField(label="审批结论", required=False, choices=[("", "全部"), *BatchDecision.choices])
    kind = forms.ChoiceField(label="事项", required=False, choices=[("", "全部"), *CaseKind.choices])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", MSG_DATE_RANGE)
        return data

    @property
    def filter_errors(self) -> list[str]:
        """Each invalid filter as "label：error", for the notice above the (empty) list."""
        if not self.is_bound or not self.errors:
            return []
        return [f"{self.fields[name].label}：{error}" for name in self.fields for error in self.errors.get(name, [])]

    def in_use(self) -> bool:
        """Whether any filter is set (an empty list then says none matched, not that none was ever decided)."""
        return self.is_bound and any(self.data.get(name) for name in self.fields)
