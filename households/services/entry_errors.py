"""What the registry's services would refuse in an entry, asked without saving anything, so that a page's form says
it with its fields' own errors in one round: a blank 姓名 together with a 6-year-old at junior school, a 之女 whose ID
number is a man's, a 村民小组 of another village, not one after the other. The services check all of it again when
they save (households.services.registry)."""

from typing import Any

from django.core.exceptions import ValidationError

from households.models import Grid, Household, Member, Region
from households.services.member_checks import member_add_check, member_update_check, row_errors
from households.services.members import clean_member_rows
from households.services.registry import place_path


def member_errors(
    *, actor: Any, household: Household, data: dict[str, Any], member: Member | None = None, confirm: bool = False
) -> dict[str, list[str]]:
    """member_add's errors for `data` (member None) or member_update's for `member` changed by `data`, as a
    single-member form shows them: field → messages, "__all__" above the form, the confirm box's when asked."""
    if member is None:
        cleaned, errors = member_add_check(actor=actor, household=household, data=data, confirm_unusual=confirm)
    else:
        cleaned, errors = member_update_check(actor=actor, member=member, data=data, confirm_unusual=confirm)
    return row_errors(errors, index=len(cleaned) - 1) if errors else {}


def members_errors(*, actor: Any, rows: list[dict[str, Any]], confirm: bool = False) -> dict[str, list[str]]:
    """household_create's errors of its member rows: "members-<index>-<field>" → messages, "__all__" for the set
    (one head), the confirm box's when asked."""
    _, errors = clean_member_rows(actor=actor, rows=rows, confirm_unusual=confirm)
    return errors.as_validation_error().message_dict if errors else {}


def place_errors(*, village: Region, group: Region | None, grid: Grid | None) -> dict[str, list[str]]:
    """A 村民小组 or 网格 not of the household's village (household_create, household_update)."""
    try:
        place_path(village=village, group=group, grid=grid)
    except ValidationError as error:
        return error.message_dict
    return {}
