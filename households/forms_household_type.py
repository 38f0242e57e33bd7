"""户类型 on the household form. 脱贫户 is the 建档立卡 roll's, not the village's to set or change
(households.services.household_rules.type_roll_error): a village's form shows the field read-only, saying where to
ask, and registers a new household as 一般农户. The township and the county bureau choose it as before."""

from typing import Any

from django import forms

from households.choices import HouseholdType
from households.services.household_rules import HELP_TYPE_ROLL, HELP_TYPE_ROLL_NEW, type_roll_locked


def household_type_field(field: forms.ChoiceField, *, actor: Any, creating: bool) -> None:
    """Set the household form's 户类型 field up for `actor`, on the new-household page if `creating`."""
    field.choices = [("", "请选择"), *HouseholdType.choices]
    if not type_roll_locked(actor):
        return
    # A disabled field's value is the record's (or the initial), never the POST's: a crafted one is not read, and
    # the service refuses a village's 脱贫户 all the same (the API's path).
    field.disabled = True
    field.required = False  # no asterisk on what cannot be entered; the record's value stays (model, service)
    field.help_text = HELP_TYPE_ROLL_NEW if creating else HELP_TYPE_ROLL
    if creating:
        field.initial = HouseholdType.ORDINARY
        field.choices = [(HouseholdType.ORDINARY.value, HouseholdType.ORDINARY.label)]
