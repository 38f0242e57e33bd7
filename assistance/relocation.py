"""A household moved to another village (households.services.relocation) keeps its help contact when the contact can
still see and help it there (a township's or the county's cadre); a contact of the old village (its cadre, its
resident work team) cannot open the family's file any more, so the assignment ends on the day of the move, recorded
in the household's 变更记录 (003 §二 3(2): a contact who can no longer serve is replaced), and the household is
listed on 帮扶联系人需调整的农户 (a monitored or lifted-out one) for the new village to assign one."""

from typing import Any

from django.utils import timezone

from assistance.closing import PRE_HISTORY_REASON
from assistance.models import HelpContactAssignment
from assistance.services.contacts import contact_fits
from households.models import Household, Region
from households.services.common import record_event

ENDED_SUMMARY = "帮扶联系人{name}的联系因整户迁出{village}结束，请迁入村另行安排帮扶联系人"


def end_contact_on_relocate(actor: Any, household: Household, source: Region) -> None:
    """End the current assignment when its contact cannot see the household in its new village."""
    if household.help_contact_id is None:
        return
    contact = household.help_contact
    if contact is not None and contact_fits(contact, household):
        return
    day = timezone.localdate()
    current = (
        HelpContactAssignment.objects.select_for_update().filter(household=household, ends_on__isnull=True).first()
    )
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
    name = current.contact.get_full_name() or current.contact.get_username()
    record_event(
        actor=actor,
        household=household,
        action="assistance.help_contact_relocated",
        summary=ENDED_SUMMARY.format(name=name, village=source.name),
        changes=[{"field": "help_contact", "label": "帮扶联系人", "old": name, "new": ""}],
        target=current,
    )


def register() -> None:
    from households.services.relocation import register_relocate_follower

    register_relocate_follower(end_contact_on_relocate)
