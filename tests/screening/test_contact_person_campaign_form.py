"""The 入户排查表's item 12 asks whether the 帮扶责任人/联系人 is in place (003 附件2 12①): the form shows the one on
file, a person without an account (包保单位人员) with their unit and phone, so the cadre does not tick it as missing."""

import datetime as dt

import pytest

from assistance.services import contacts
from households.choices import Relation
from households.services import registry
from screening.services import campaigns
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


def test_the_screening_form_shows_the_persons_name_unit_and_phone(personas, county, login):
    phase = {"kind": "field_screening", "starts_on": today() - dt.timedelta(days=3), "ends_on": today()}
    campaign = campaigns.campaign_create(
        actor=personas.county_officer, name="冬季集中排查", region=county.county, villages=[county.village_a],
        phases=[phase],
    )  # fmt: skip
    campaigns.assignment_add(
        actor=personas.township, campaign=campaign, village=county.village_a, cadre=personas.cadre_a
    )
    household = registry.household_create(
        actor=personas.cadre_a, village=county.village_a, household_type="ordinary",
        members=[member_row("张大山", Relation.HEAD, dt.date(1970, 1, 1), 1)],
    )  # fmt: skip
    contacts.help_contact_assign(
        actor=personas.township, household=household, person_name="王建国", person_unit="县农业农村局",
        person_phone="13812345678",
    )  # fmt: skip

    page = login(personas.cadre_a).get(f"/campaigns/{campaign.pk}/households/{household.pk}/form/").content.decode()

    line = page[page.index("data-item-contact") :][:400]
    assert "王建国" in line and "县农业农村局" in line and "13812345678" in line
