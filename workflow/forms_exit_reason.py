"""The case page's forms 补充未落实帮扶措施的原因 and 修改未落实帮扶措施的原因 (services.exit_reason): the reason
typed, checked by the service as at the opening, and the case's version the page showed."""

from typing import Any

from django import forms

from config.forms import NamedFieldMessagesMixin
from workflow.services.case_opening import MSG_NO_MEASURE_REASON_LONG
from workflow.services.exit_rules import MSG_NO_MEASURE_REASON_SHORT, NO_MEASURE_REASON_LABEL, NO_MEASURE_REASON_LIMIT

REASON_HELP = (
    "该户帮扶方案中没有实施中或已完成的帮扶措施，本案发起时也未写明原因，乡镇审核、县级审批不能通过。"
    "确未落实措施而风险已消除的，写明原因（4～200 字，如“风险自然消除：家庭成员已稳定务工”），"
    "记入案件记录和审计日志；县级审批通过前可以修改。"
)
CHANGE_HELP = "4～200 字。县级审批通过前可以修改；修改记入案件记录、农户变更记录和审计日志，并保留原来的原因。"


class NoMeasureReasonForm(NamedFieldMessagesMixin, forms.Form):
    no_measure_reason = forms.CharField(
        label=NO_MEASURE_REASON_LABEL,
        max_length=NO_MEASURE_REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": MSG_NO_MEASURE_REASON_SHORT,
            "max_length": MSG_NO_MEASURE_REASON_LONG.format(limit=NO_MEASURE_REASON_LIMIT),
        },
        help_text=REASON_HELP,
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class NoMeasureReasonChangeForm(NoMeasureReasonForm):
    """The reason on file, to be changed: the same field, its own help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["no_measure_reason"].help_text = CHANGE_HELP
