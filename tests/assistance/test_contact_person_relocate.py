"""A 整户迁移 ends a 包保单位人员's assignment (help contact without an account), as it ends an old-village
cadre's: their unit 包保 the old village (003 §二3(2)). The history row stays, ended on the day of the move, the
变更记录 and the audit log say so, and the household is listed as needing a contact for the new village to name one.
A township's account contact, who still sees the household, stays (帮扶责任人原则上保持不变)."""

import pytest

from accounts.models import AuditEvent
from assistance.models import HelpContactAssignment
from assistance.relocation import ENDED_SUMMARY
from assistance.selectors import household_contact_needs_change, households_needing_contact
from assistance.services import contacts
from households.choices import RelocateReason
from households.models import HouseholdEvent
from households.services.relocation import household_relocate
from tests.clock import today

pytestmark = pytest.mark.django_db
PERSON = {
    "person_name": "王建国",
    "person_unit": "县农业农村局",
    "person_title": "副局长",
    "person_phone": "13812345678",
}


def _assign_person(actor, household, **extra):
    return contacts.help_contact_assign(actor=actor, household=household, **{**PERSON, **extra})


def _relocate(actor, household, village):
    return household_relocate(
        actor=actor, household=household, village=village, address="城北村安置点1号", reason=RelocateReason.RELOCATION
    )


def test_a_relocation_ends_the_person_and_lists_the_household_as_needing_a_contact(personas, county, monitored_a):
    first = _assign_person(personas.township, monitored_a)

    moved = _relocate(personas.township, monitored_a, county.village_b)

    first.refresh_from_db()
    assert first.ends_on == today() and first.person_name == "王建国"  # the history row stays, ended
    assert not HelpContactAssignment.objects.filter(household=moved, ends_on__isnull=True).exists()
    assert moved in households_needing_contact(actor=personas.cadre_b)
    assert household_contact_needs_change(moved) is True
    history = HouseholdEvent.objects.get(household=moved, summary__contains="包保单位人员王建国（县农业农村局）")
    assert "因整户迁出城南村结束" in history.summary and "请迁入村另行安排帮扶联系人" in history.summary
    event = AuditEvent.objects.get(action="assistance.help_contact_relocated")
    assert event.before == {"help_contact": "王建国（县农业农村局）"} and event.after == {"help_contact": ""}


def test_the_relocation_page_names_the_person_and_says_their_contact_ends(personas, monitored_a, login):
    _assign_person(personas.township, monitored_a)

    page = login(personas.township).get(f"/households/{monitored_a.pk}/relocate/").content.decode()

    line = page[page.index("data-relocate-contact") :]
    line = line[: line.index("</li>")]
    assert "王建国（县农业农村局）" in line and "包保单位人员" in line and "联系于迁移当日结束" in line


def test_a_township_account_contact_still_stays_on_a_move_within_the_township(personas, county, monitored_a):
    contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=personas.township)

    moved = _relocate(personas.township, monitored_a, county.village_b)

    assert moved.help_contact == personas.township
    assert HelpContactAssignment.objects.get(household=moved).ends_on is None
    assert not HouseholdEvent.objects.filter(household=moved, summary__contains=ENDED_SUMMARY[:6]).exists()
