"""The plan page (帮扶方案) and the household's 帮扶 tab flag a help contact who moved out of the household's scope
as the lists and tiles count them (selectors_contacts.contact_unfit_q), not only one whose account is deactivated."""

import pytest

from accounts.choices import Role
from accounts.models import User
from assistance.selectors import contact_needs_change_count
from assistance.selectors_contacts import MSG_CONTACT_DEACTIVATED, MSG_CONTACT_MOVED
from assistance.services import contacts, plans
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
    plans.plan_create(actor=personas.township, household=monitored_a)
    return cadre


def pages(client, household) -> dict[str, str]:
    return {
        "plan page": client.get(f"/assistance/households/{household.pk}/").content.decode(),
        "household panel": client.get(f"/households/{household.pk}/?tab=assistance").content.decode(),
    }


def test_a_contact_moved_to_another_village_is_flagged_on_the_plan_page_and_the_household_panel(
    personas, county, login, monitored_a, contact
):
    User.objects.filter(pk=contact.pk).update(region_path=county.village_b.path, region_name=county.village_b.name)

    shown = pages(login(personas.township), monitored_a)

    assert contact_needs_change_count(actor=personas.township) == 1  # the tile counts them: the pages now agree
    for page, html in shown.items():
        assert MSG_CONTACT_MOVED in html, page
        assert "吴敏" in html, page


def test_a_contact_moved_to_another_township_is_flagged_too(personas, county, login, monitored_a, contact):
    User.objects.filter(pk=contact.pk).update(
        role=Role.TOWNSHIP_OFFICER, region_path=county.township2.path, region_name=county.township2.name
    )

    for page, html in pages(login(personas.township), monitored_a).items():
        assert MSG_CONTACT_MOVED in html, page


def test_a_deactivated_contact_is_still_said_to_be_deactivated(personas, login, monitored_a, contact):
    User.objects.filter(pk=contact.pk).update(is_active=False)

    for page, html in pages(login(personas.township), monitored_a).items():
        assert MSG_CONTACT_DEACTIVATED in html, page
        assert MSG_CONTACT_MOVED not in html, page


def test_a_contact_who_still_covers_the_household_is_not_flagged(personas, login, monitored_a, contact):
    for page, html in pages(login(personas.township), monitored_a).items():
        assert MSG_CONTACT_MOVED not in html and MSG_CONTACT_DEACTIVATED not in html, page
