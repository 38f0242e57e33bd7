"""已核实 of a data check's finding (households.services.check_reviews)."""

from typing import Any

from django import forms

from households.models.check_reviews import CheckOutcome
from households.services.check_reviews import MSG_OUTCOME, NOTE_MAX


class CheckReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="核实结果",
        widget=forms.RadioSelect,
        error_messages={"required": MSG_OUTCOME, "invalid_choice": MSG_OUTCOME},
    )
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=NOTE_MAX,
        help_text="选择“其他”时必填；可注明比对日期、民政的答复或已落实的帮扶措施。",
    )

    def __init__(self, *args: Any, outcomes: list[CheckOutcome], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.value, o.label) for o in outcomes]
