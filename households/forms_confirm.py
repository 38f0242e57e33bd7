"""What the registry's forms share beyond households.forms: the "仍要保存" box (households.services.confirm) and the
messages of an amount in yuan."""

from collections.abc import Iterator
from typing import Any

from django import forms

from households.services.confirm import CONFIRM_FIELD, CONFIRM_LABEL

MSG_AMOUNT_INVALID = "请填写金额（数字）。"
MSG_AMOUNT_TOO_LARGE = "金额过大，最多 {digits} 位整数。"
MSG_AMOUNT_DECIMALS = "金额最多保留两位小数。"


def confirm_box(counted: bool = False) -> forms.CheckboxInput:
    """A confirmation's box (仍要保存, 金额核实无误), marked so that static/js/errors.js says it apart from the errors
    it counts: ticking it corrects nothing. A box that carries its own reason, no other field marked red for it
    (the case form's 人均纯收入 question), is `counted`: one of the items to correct or verify."""
    attrs = {"data-confirm": ""}
    if counted:
        attrs["data-confirm-counted"] = ""
    return forms.CheckboxInput(attrs=attrs)


class ConfirmUnusualMixin:
    """A form whose service may ask "仍要保存": the box is on the form always (so a ticked box comes back), and is
    shown, last, once the service has asked (its error is at the box) or when it is ticked already."""

    fields: dict[str, forms.Field]
    errors: Any
    data: Any

    def add_confirm_field(self) -> None:
        self.fields[CONFIRM_FIELD] = forms.BooleanField(label=CONFIRM_LABEL, required=False, widget=confirm_box())

    @property
    def confirm_asked(self) -> bool:
        if CONFIRM_FIELD not in self.fields:
            return False
        return CONFIRM_FIELD in self.errors or bool(self.data.get(self.add_prefix(CONFIRM_FIELD)))  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[forms.BoundField]:
        for bound in super().__iter__():  # type: ignore[misc]
            if bound.name != CONFIRM_FIELD or self.confirm_asked:
                yield bound


def amount_messages(field: forms.Field) -> None:
    """Chinese messages for a DecimalField of yuan instead of Django's "确认总共不超过 12 个数字."."""
    if not isinstance(field, forms.DecimalField):
        return
    digits = (field.max_digits or 0) - (field.decimal_places or 0)
    too_large = MSG_AMOUNT_TOO_LARGE.format(digits=digits)
    field.error_messages.update(
        {
            "invalid": MSG_AMOUNT_INVALID,
            "max_digits": too_large,
            "max_whole_digits": too_large,
            "max_decimal_places": MSG_AMOUNT_DECIMALS,
        }
    )
