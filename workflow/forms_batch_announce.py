"""Forms of the township batch announcement (批量公告, services.batch_announce)."""

from typing import Any

from django import forms
from django.utils import timezone

from config.forms import NamedFieldMessagesMixin
from workflow.forms_batches import BatchDecisionForm, SelectedCasesField
from workflow.forms_cases import CaseFilterMixin
from workflow.forms_township import KIND_CHOICES
from workflow.services.approval_records import MSG_TOO_LONG
from workflow.services.cases import NOTE_LIMIT


class AnnounceFilterForm(CaseFilterMixin):
    """The queue's filters: village and case kind (纳入 or 风险消除)."""

    village = forms.ChoiceField(label="村", required=False)
    kind = forms.ChoiceField(label="事项", required=False, choices=KIND_CHOICES)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_place(actor)


class BatchAnnounceForm(NamedFieldMessagesMixin, forms.Form):
    """The selected cases travel as "id:version" from the rendered page, as the township batch audit's do."""

    case = SelectedCasesField(label="所选农户", error_messages={"required": "请至少选择一户。"})
    announced_on = forms.DateField(
        label="公告日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="在乡村两级张贴公告的日期：不晚于今天，不早于所选农户的县级批复日期。",
        error_messages={"required": "请填写公告日期。"},
    )
    note = forms.CharField(
        label="备注（选填）",
        required=False,
        max_length=NOTE_LIMIT,
        error_messages={"max_length": MSG_TOO_LONG.format(limit=NOTE_LIMIT)},
        help_text=f"不超过 {NOTE_LIMIT} 字，如公告张贴地点、国家系统标识情况，记入每户的公告环节。",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    clean_case = BatchDecisionForm.clean_case

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["announced_on"].initial = today
        # The picker offers no day after today (the service refuses one: MSG_DATE_FUTURE).
        self.fields["announced_on"].widget.attrs["max"] = today.isoformat()
