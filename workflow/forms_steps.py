"""Forms of a case's steps beside workflow.forms: the act form with the returns (退回村级补正, 退回乡镇补正),
the county approval's 批复日期 and the township announcement's 公告日期, the publicity's posting date, and an
objection with its received date or as anonymous."""

from typing import Any

from django import forms
from django.utils import timezone

from config.forms import NamedFieldMessagesMixin
from config.once import OnceFormMixin
from workflow.choices import RETURN_TO_TOWNSHIP, Outcome, StepKind
from workflow.forms import CaseActForm
from workflow.services.approval_records import DECISIONS, decision_number_problem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MSG_RETURN_HELP = (
    "“退回村级补正”：案件不终止，退回村级评议环节（程序中没有评议环节的退回入户核查环节）补正（如补充证明材料），请在意见中写明需要补正的内容；"
    "村级补正后重新报送乡镇审核。已期满的公示和县级比对结果保留；村级补正时更正风险类型或拟定类别、"
    "改变了公示内容的，已通过的公示（村级公示，以及乡镇审核后的再次公示）均按更正后的内容重新进行。"
)
MSG_RETURN_TOWNSHIP_HELP = (
    "“退回乡镇补正”：案件不终止，退回乡镇审核环节补正（如补充比对证明、公示照片），请在意见中写明需要补正的内容；"
    "乡镇补正后重新报县级审批。已期满的公示和县级比对结果保留，无需重新公示（乡镇再退回村级、村级更正后公示内容改变的，"
    "已通过的公示均须重新进行）。"
)
# Left empty as the API's decided_on is (services.approval_records.single_decision): a number on file brings its
# 批复's date, which a date offered by default (today) would contradict and be refused for.
MSG_DECIDED_ON_HELP = (
    "县级领导小组批复的日期：不晚于今天，不早于本案上报审批前的最后办理日期。"
    "已有批复文号的，留空即按原批复日期；新批复文号留空即为今天。"
)
RETURNED_ATTACHMENT_LABEL = "补正材料或评议会议记录（通过时必传）"
RETURNED_ATTACHMENT_LABEL_TOWNSHIP = "补正材料"
# The steps whose form offers a return (services.case_return): the township's audit and the county's approval.
RETURNABLE_KINDS = (StepKind.TOWNSHIP_AUDIT, StepKind.COUNTY_APPROVAL)


class StepActForm(CaseActForm):
    """CaseActForm whose outcomes include a return only where the service allows it: 退回村级补正 at a township
    audit, 退回乡镇补正 at a county approval; with the case's version the page was rendered with, which the service
    compares under the case's lock (services.case_locks.case_version): a page from before a return refuses."""

    # Not required: a page rendered before the field existed still submits, unchecked, as it did.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    announced_on = forms.DateField(
        label="公告日期",
        required=False,  # left empty: today (services.batch_announce.step_act)
        widget=DATE,
        help_text="在乡村两级张贴公告的日期：不晚于今天，不早于县级批复日期。",
    )

    decided_on = forms.DateField(
        label="批复日期",
        required=False,  # left empty: its number's 批复's date, else today (services.approval_records.single_decision)
        widget=DATE,
        help_text=MSG_DECIDED_ON_HELP,
    )

    def __init__(
        self,
        *args: Any,
        returnable: bool = False,
        returned: bool = False,
        announcing: bool = False,
        refused: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        """`refused`: the outcomes the service refuses at this step whatever is filled in
        (services.outcome_rules.outcome_refusals), not offered."""
        approval, review = kwargs.get("approval", False), kwargs.get("review", False)
        # A county approval by a 批复 with its number and date (Step.needs_approval_number), not the bureau's 审定.
        numbered = approval and kwargs.get("numbered", True)
        refused = refused or {}
        returnable = returnable and Outcome.RETURN not in refused
        super().__init__(*args, **kwargs)
        # The township's 公告 step (services.batch_announce.step_act) and the county's approval take their date, no
        # later day in the picker: the 公告日期 today by default, the 批复日期 empty (MSG_DECIDED_ON_HELP).
        for name, dated in (("announced_on", announcing), ("decided_on", numbered)):
            if dated:
                self.fields[name].widget.attrs["max"] = timezone.localdate().isoformat()
            else:
                del self.fields[name]
        if announcing:
            self.fields["announced_on"].initial = timezone.localdate()
        if numbered:
            self.order_fields(["step_code", "outcome", "note", "document_number", "decided_on"])  # the 批复 together
        field = self.fields["outcome"]
        if returnable and self.running_until is None:
            help_text = MSG_RETURN_TOWNSHIP_HELP if approval else MSG_RETURN_HELP
            field.help_text = " ".join(filter(None, [str(field.help_text or ""), help_text]))
            if approval:
                field.choices = [
                    (v, RETURN_TO_TOWNSHIP if v == Outcome.RETURN else label) for v, label in field.choices
                ]
        else:
            field.choices = [c for c in field.choices if c[0] != Outcome.RETURN]
        field.choices = [c for c in field.choices if c[0] not in refused]
        if returned:
            self.fields["attachment"].label = (
                RETURNED_ATTACHMENT_LABEL if review else RETURNED_ATTACHMENT_LABEL_TOWNSHIP
            )

    def clean(self) -> dict[str, Any]:
        """A decision's 批复文号 missing or no document number is said with the form's other errors, by the service's
        rule (services.approval_records: a 通过 and a 不通过 alike are the leading group's 批复; services.cases.case_act
        refuses the same for the API); a return records no number. The field is here only at a county approval that
        asks one (Step.needs_approval_number)."""
        data = super().clean()
        deciding = "document_number" in self.fields and data.get("outcome") in DECISIONS
        if deciding and (problem := decision_number_problem(data.get("document_number") or "")):
            self.add_error("document_number", problem)
        return data


class PublicityPostedForm(NamedFieldMessagesMixin, forms.Form):
    """The day the notice was posted; the period is counted from it (services.publicity)."""

    step_code = forms.CharField(widget=forms.HiddenInput)
    posted_on = forms.DateField(
        label="张贴日期",
        widget=DATE,
        help_text="公示名单实际张贴的日期，不早于本环节开始日，不晚于今天；公示期从张贴日起算。",
    )


MSG_STEP_REQUIRED = "请选择异议针对的公示环节。"
MSG_NO_PUBLICITY = "本案目前没有正在公示或已公示完毕的环节，不能登记公示异议。"


class ObjectionRecordForm(OnceFormMixin, NamedFieldMessagesMixin, forms.Form):
    """An objection, with the page's token (config.once): the same page posted twice records it once."""

    step_code = forms.CharField(widget=forms.HiddenInput)
    anonymous = forms.BooleanField(label="匿名反映（不登记异议人）", required=False)
    raised_by_name = forms.CharField(label="异议人", max_length=50, required=False)
    raised_on = forms.DateField(
        label="收到日期",
        required=False,  # left empty: today (services.objections)
        widget=DATE,
        help_text="收到书面、电话或当面反映的日期：公示期内收到、期满后才登记的，也按收到日期登记。",
    )
    content = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, steps: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        """`steps`: the publicities to choose from (code, name) when the page was opened without its step (?step=):
        then the step is a visible choice, the only one preselected, instead of a hidden field left empty."""
        kwargs.setdefault("initial", {}).setdefault("raised_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        if steps is not None:
            self.fields["step_code"] = forms.ChoiceField(
                label="公示环节",
                choices=steps,
                widget=forms.RadioSelect,
                error_messages={"required": MSG_STEP_REQUIRED},
                help_text="" if steps else MSG_NO_PUBLICITY,
            )
            if len(steps) == 1:
                self.initial["step_code"] = steps[0][0]
