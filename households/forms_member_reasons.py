"""The 变动原因 fields of the member forms (households.member_reasons): 新增原因 on 添加成员, 迁出原因 on 标记已故/迁出,
each with 其他原因, shown while 其他 is chosen (static/js/shown_for.js; without script always shown). The service's
rule (households.services.member_reasons) is asked in clean(), to be said with the fields' own errors."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from households.forms import MemberForm, add_rule_errors
from households.member_reasons import JOIN_CHOICES, LEAVE_CHOICES, NOTE_MAX, JoinReason
from households.services.member_joined import (
    JOINED_ON_FIELD,
    JOINED_ON_LABEL,
    MSG_JOINED_ON_INVALID,
    MSG_JOINED_ON_REQUIRED,
    household_registered_on,
    joined_on_clean,
)
from households.services.member_reasons import (
    MSG_JOIN_REQUIRED,
    MSG_LEAVE_REQUIRED,
    birth_of,
    join_reason_clean,
    leave_reason_clean,
)
from households.services.newborn import NO_ID_FIELD

PLEASE = [("", "请选择")]
HELP_JOIN = "勾选“暂无身份证号”的婴儿记为“新生儿”，不必选择。"
HELP_NOTE = "选“其他”时填写，如“户籍恢复”。"
HELP_JOINED_ON = "成员实际加入本户的日期（出生、结婚、迁入等的日期），不是录入日期；新生儿默认为出生日期。"


def reason_fields(*, label: str, choices: list[tuple[str, str]], required_message: str) -> dict[str, forms.Field]:
    """The reason (a list) and the words for 其他."""
    reason = forms.ChoiceField(
        label=label, choices=[*PLEASE, *choices], required=False, error_messages={"required": required_message}
    )
    note = forms.CharField(label="其他原因", required=False, max_length=NOTE_MAX, help_text=HELP_NOTE)
    return {"reason": reason, "note": note}


def ask(form: forms.BaseForm, clean: Callable[[], Any]) -> None:
    """The service's refusal of the reason, at its fields (unless they have their own error already)."""
    try:
        clean()
    except ValidationError as error:
        add_rule_errors(form, error.message_dict)


class MemberAddForm(MemberForm):
    """添加成员: the member's fields and its 新增原因 (required, but for a baby without an ID number: 新生儿)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = reason_fields(label="新增原因", choices=JOIN_CHOICES, required_message=MSG_JOIN_REQUIRED)
        self.fields["joined_reason"], self.fields["joined_note"] = fields["reason"], fields["note"]
        self.fields["joined_reason"].help_text = HELP_JOIN
        # Marked required on the page unless the 暂无身份证号 box was ticked (a 新生儿 then).
        self.fields["joined_reason"].required = not self.data.get(self.add_prefix(NO_ID_FIELD))
        self.fields[JOINED_ON_FIELD] = joined_on_field(self.household)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        newborn = bool(cleaned.get(NO_ID_FIELD))
        reason, note = cleaned.get("joined_reason", ""), cleaned.get("joined_note", "")
        birth = birth_of(self.rule_input())
        ask(self, lambda: join_reason_clean(reason, note, newborn=newborn, birth=birth))
        on = cleaned.get(JOINED_ON_FIELD)
        if on is not None and self.household is not None:
            chosen = JoinReason.NEWBORN if newborn else reason
            ask(self, lambda: joined_on_clean(on, household=self.household, reason=chosen, birth=birth))
        return cleaned

    def reason_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "reason": data.get("joined_reason", ""),
            "reason_note": data.get("joined_note", ""),
            JOINED_ON_FIELD: data[JOINED_ON_FIELD],
        }


def joined_on_field(household: Any) -> forms.DateField:
    """变动日期 (households.services.member_joined): today to start with, a 新生儿's birth date once it is typed
    (static/js/joined_on.js, unless the cadre changed the day); the phone's date picker offers only the days the
    service accepts, from the household's registration day to today, as 标记已故/迁出's 变更日期 does."""
    bounds = {"max": f"{timezone.localdate():%Y-%m-%d}", "data-joined-on": "1"}
    if household is not None:
        bounds["min"] = f"{household_registered_on(household):%Y-%m-%d}"
    return forms.DateField(
        label=JOINED_ON_LABEL,
        initial=timezone.localdate,
        help_text=HELP_JOINED_ON,
        widget=forms.DateInput(attrs={"type": "date", **bounds}, format="%Y-%m-%d"),
        error_messages={"required": MSG_JOINED_ON_REQUIRED, "invalid": MSG_JOINED_ON_INVALID},
    )


def add_leave_fields(form: forms.BaseForm) -> None:
    """标记已故/迁出's 迁出原因 and 其他原因, asked only of 迁出 (已故 is 死亡)."""
    fields = reason_fields(label="迁出原因（迁出时必填）", choices=LEAVE_CHOICES, required_message=MSG_LEAVE_REQUIRED)
    form.fields["left_reason"], form.fields["left_note"] = fields["reason"], fields["note"]


def ask_leave(form: forms.BaseForm, cleaned: dict[str, Any]) -> None:
    status = cleaned.get("status")
    if status:
        reason, note = cleaned.get("left_reason", ""), cleaned.get("left_note", "")
        ask(form, lambda: leave_reason_clean(status, reason, note))
