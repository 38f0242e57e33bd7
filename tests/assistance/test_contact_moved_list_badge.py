"""The 帮扶方案 list (assistance index) and the 回访 list flag a help contact who moved out of the household's scope,
as the plan page does (selectors_contacts.contact_unfit_reason), not only one whose account is deactivated."""

import datetime as dt

import pytest

from accounts.choices import Role
from accounts.models import User
from assistance.models import Plan
from assistance.selectors_contacts import MSG_CONTACT_DEACTIVATED, MSG_CONTACT_MOVED
from assistance.services import contacts, plans
from tests.clock import today
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(personas, county, monitored_a):
    cadre = UserFactory(
        username="chengnan_wu",
        last_name="吴",
        first_name="敏",
        role=Role.VILLAGE_CADRE,
        region_path=county.village_a.path,
        region_name=county.village_a.name,
    )
    contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=cadre)
    plan = plans.plan_create(actor=personas.township, household=monitored_a)
    Plan.objects.filter(pk=plan.pk).update(next_return_due=today() - dt.timedelta(days=3))  # on the 回访 list
    return cadre


def lists(client) -> dict[str, str]:
    return {
        "帮扶方案 list": client.get("/assistance/").content.decode(),
        "回访 list": client.get("/assistance/return-visits/?show=overdue").content.decode(),
    }


def test_a_contact_moved_to_another_village_is_flagged_on_both_lists(personas, county, login, contact):
    User.objects.filter(pk=contact.pk).update(region_path=county.village_b.path, region_name=county.village_b.name)

    for page, html in lists(login(personas.township)).items():
        assert "吴敏" in html, page
        assert MSG_CONTACT_MOVED in html, page


def test_a_deactivated_contact_is_still_said_to_be_deactivated(personas, login, contact):
    User.objects.filter(pk=contact.pk).update(is_active=False)

    for page, html in lists(login(personas.township)).items():
        assert MSG_CONTACT_DEACTIVATED in html, page
        assert MSG_CONTACT_MOVED not in html, page


def test_a_contact_who_still_covers_the_household_is_not_flagged(personas, login, contact):
    for page, html in lists(login(personas.township)).items():
        assert "吴敏" in html, page
        assert MSG_CONTACT_MOVED not in html and MSG_CONTACT_DEACTIVATED not in html, page
