"""农户注销 and its undo (households.services.closing)."""

import json
from typing import Any

from django import forms

from households.choices import MANUAL_CLOSED_REASONS, ClosedReason
from households.forms_confirm import ConfirmUnusualMixin
from households.models import Household
from households.services.closing import MSG_NOTE_REQUIRED, reason_from_members, restorable_members

MSG_REASON_REQUIRED = "请选择注销原因。"


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label="注销原因",
        choices=MANUAL_CLOSED_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": MSG_REASON_REQUIRED},
    )
    note = forms.CharField(
        label="说明", required=False, max_length=150, help_text="原因为“其他”时必填；可注明死亡、迁出的时间和去向。"
    )

    def __init__(self, *args: Any, household: Household | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The reason the members' statuses name (全户死亡, 全户迁出, or 其他 for a mix), chosen to start with.
        if household is not None and (reason := reason_from_members(household)):
            self.fields["reason"].initial = reason

    @property
    def prechecks(self) -> str:
        """What the page checks before it asks 确认注销 (js/step_precheck.js), in the server's words: a reason not
        chosen, or 其他 without a note, is said at its field instead of a confirmation followed by an error."""
        rules = [
            {"field": "reason", "message": MSG_REASON_REQUIRED},
            {"field": "note", "when": {"reason": ClosedReason.OTHER.value}, "message": MSG_NOTE_REQUIRED},
        ]
        return json.dumps(rules, ensure_ascii=False)


class ReopenForm(ConfirmUnusualMixin, forms.Form):
    note = forms.CharField(label="撤销原因", max_length=150, help_text="如：误将户主标记为迁出。")

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Nobody left in the household: it is reopened only with the member marked by mistake (services.closing),
        # who becomes 户主; one under 18 (an orphan's household) is asked about, "仍要保存", as a new head is.
        if (marked := restorable_members(household)) is not None:
            field = forms.ModelChoiceField(
                label="同时恢复的成员",
                queryset=marked,
                required=False,
                empty_label="请选择被误标为已故或迁出的成员",
                help_text="该户成员均已故或迁出。撤销注销时一并撤销所选成员的标记，恢复为在世的户主。",
            )
            field.label_from_instance = lambda m: (
                f"{m.name}（{m.get_relation_display()}，{m.get_living_status_display()}）"
            )
            self.fields["restore_member"] = field
            self.add_confirm_field()

    @property
    def restores(self) -> bool:
        """Whether the page asks for the member to restore with it (the confirmation then names them as 户主)."""
        return "restore_member" in self.fields
