"""农户注销 ends what the household page and the plan page showed as current (review rf2, finding 4): the help
contact's assignment ends on the closing day (至 <day>（农户注销）, no longer 至 今, the household out of the contact's
我联系的农户) and comes back when the closing is undone; unmet 两不愁三保障 read as former, 原…（已注销）."""

import datetime as dt

import pytest

from assistance.models import HelpContactAssignment
from assistance.services.contacts import help_contact_assign
from households.choices import HouseholdType, LivingStatus, Relation
from households.models import Household
from households.services import registry
from households.services.closing import household_close, household_reopen
from households.services.member_status import member_set_status
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def helped(personas, county):
    """张大山's household of one in an unsafe house, 李红梅 (cadre_a) its help contact; he moved out."""
    household = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=[member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11)],
        household_type=HouseholdType.LIFTED_OUT,
        address="城南村3号",
    )
    Household.objects.filter(pk=household.pk).update(housing_ok=False, water_ok=False)
    help_contact_assign(actor=personas.township, household=household, contact=personas.cadre_a)
    member_set_status(
        left_reason="work",
        actor=personas.cadre_a,
        member=household.members.get(),
        status=LivingStatus.MOVED_OUT,
        on=today(),
    )
    return household


def contact_line(page: str) -> str:
    return page.split('<ul class="timeline">')[1].split("</li>")[0]


def test_closing_ends_the_help_contact_s_assignment_on_the_closing_day(helped, personas, login):
    household_close(actor=personas.township, household=helped, reason="all_moved_out")

    (assignment,) = HelpContactAssignment.objects.filter(household=helped)
    assert assignment.ends_on == today() and assignment.ended_by_closing
    helped.refresh_from_db()
    assert helped.help_contact is None

    page = login(personas.township).get(f"/assistance/households/{helped.pk}/").content.decode()
    line = contact_line(page)
    assert f"至 {today():%Y-%m-%d}（农户注销）" in line and "至 今" not in line
    assert "已注销，不再安排" in page

    mine = login(personas.cadre_a).get(f"/assistance/contacts/{personas.cadre_a.pk}/").content.decode()
    assert helped.number not in mine


def test_undoing_the_closing_brings_the_contact_back(helped, personas):
    household_close(actor=personas.township, household=helped, reason="all_moved_out")

    household_reopen(
        actor=personas.township, household=helped, note="误将户主标记为迁出", restore_member=helped.members.get()
    )

    (assignment,) = HelpContactAssignment.objects.filter(household=helped)
    assert assignment.ends_on is None and not assignment.ended_by_closing
    helped.refresh_from_db()
    assert helped.help_contact == personas.cadre_a


def test_a_contact_ended_by_a_change_is_not_brought_back(helped, personas):
    help_contact_assign(
        actor=personas.township, household=helped, contact=personas.township, reason="原联系人调动", starts_on=today()
    )
    household_close(actor=personas.township, household=helped, reason="all_moved_out")

    household_reopen(
        actor=personas.township, household=helped, note="误将户主标记为迁出", restore_member=helped.members.get()
    )

    current = HelpContactAssignment.objects.get(household=helped, ends_on__isnull=True)
    assert current.contact == personas.township
    assert HelpContactAssignment.objects.filter(household=helped, contact=personas.cadre_a, ends_on=today()).exists()


def test_a_closed_household_s_unmet_guarantees_read_as_former(helped, personas, login):
    client = login(personas.township)
    open_page = client.get(f"/households/{helped.pk}/").content.decode()
    household_close(actor=personas.township, household=helped, reason="all_moved_out")

    closed_page = client.get(f"/households/{helped.pk}/").content.decode()

    assert '<span class="badge badge-err">住房不安全</span>' in open_page
    assert '<span class="badge badge-err">住房不安全</span>' not in closed_page
    assert '<span class="badge badge-err">饮水不安全</span>' not in closed_page
    assert "data-former-guarantees>原住房不安全、饮水不安全（已注销）</span>" in closed_page
