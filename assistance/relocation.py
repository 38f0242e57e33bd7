"""A household moved to another village (households.services.relocation) keeps its help contact when the contact can
still see and help it there (a township's or the county's cadre: 003 §二3(2), 帮扶责任人原则上保持不变); a contact of
the old village (its cadre, its resident work team) cannot open the family's file any more, so the assignment ends on
the day of the move (003 §二3(2): 无法履行帮扶责任的…及时进行调整). A 包保单位人员 (a person without an account) ends
too: their unit answers for the old village under its 包保 arrangement (驻村帮扶, 定点帮扶), and the new village's
households are another unit's (调整由包保单位与乡镇协调). Either way the end is recorded in the household's 变更记录
and the audit log, the history row kept, and the household is listed on 帮扶联系人需调整的农户 (a monitored or
lifted-out one) for the new village to assign one."""

from typing import Any

from django.utils import timezone

from assistance.closing import PRE_HISTORY_REASON
from assistance.models import HelpContactAssignment
from assistance.services.contacts import contact_fits, contact_words
from households.models import Household, Region
from households.services.common import record_event

ENDED_SUMMARY = "帮扶联系人{name}的联系因整户迁出{village}结束，请迁入村另行安排帮扶联系人"
PERSON_ENDED_SUMMARY = (
    "包保单位人员{name}的帮扶联系因整户迁出{village}结束（包保关系在原村），请迁入村另行安排帮扶联系人"
)


def end_contact_on_relocate(actor: Any, household: Household, source: Region) -> None:
    """End the current assignment when its contact is a 包保单位人员 or an account that cannot see the household in
    its new village."""
    current = (
        HelpContactAssignment.objects.select_for_update().filter(household=household, ends_on__isnull=True).first()
    )
    if household.help_contact_id is not None:
        contact = household.help_contact
        if contact is not None and contact_fits(contact, household):
            return
    elif current is None or not current.is_person:
        return
    day = timezone.localdate()
    if current is None:  # a contact set before the history existed: recorded first, as help_contact_assign does
        current = HelpContactAssignment(
            household=household,
            region_path=household.region_path,
            contact_id=household.help_contact_id,
            starts_on=min(household.monitoring_start or timezone.localdate(household.created_at), day),
            reason=PRE_HISTORY_REASON,
            assigned_by=actor,
        )
    current.ends_on = day
    current.save()
    Household.objects.filter(pk=household.pk).update(help_contact=None)
    household.help_contact = None
    if current.is_person:
        name = contact_words(current)
        summary = PERSON_ENDED_SUMMARY.format(name=name, village=source.name)
    else:
        name = current.contact.get_full_name() or current.contact.get_username()
        summary = ENDED_SUMMARY.format(name=name, village=source.name)
    record_event(
        actor=actor,
        household=household,
        action="assistance.help_contact_relocated",
        summary=summary if len(summary) <= 200 else summary[:199] + "…",  # a history row's summary is 200 characters
        changes=[{"field": "help_contact", "label": "帮扶联系人", "old": name, "new": ""}],
        target=current,
    )


def register() -> None:
    from households.services.relocation import register_relocate_follower

    register_relocate_follower(end_contact_on_relocate)
