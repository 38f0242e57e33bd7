"""A 户编号 changed on 修改农户 is asked about before it is saved (review registry finding 5): the old number is
retired for good (never given to another household), so the change waits for "仍要保存", shown by the server (no
JavaScript needed), as the registry's other questions are; the API asks for confirm_unusual the same way."""

import datetime as dt

import pytest

from households.choices import HouseholdType, Relation
from households.models import RetiredNumber
from households.services import registry
from households.services.household_rules import MSG_NUMBER_CHANGE
from households.services.registry import MSG_NUMBER_TAKEN
from tests.households.conftest import member_row
from tests.households.page_form import changed, page_form

pytestmark = pytest.mark.django_db


def test_a_changed_number_is_asked_about_then_saved_once_confirmed(household_a, personas, county, login):
    client = login(personas.cadre_a)
    old, new = household_a.number, county.village_a.code + "0555"
    url = f"/households/{household_a.pk}/edit/"
    form = page_form(client.get(url))
    assert "confirm_unusual" not in form  # no box until there is something to confirm

    asked = client.post(url, changed(form, number=new))
    page = asked.content.decode()

    assert asked.status_code == 200
    assert MSG_NUMBER_CHANGE.format(old=old, new=new) in page and 'name="confirm_unusual"' in page
    assert f"修改农户 {old}" in page
    household_a.refresh_from_db()
    assert household_a.number == old and not RetiredNumber.objects.filter(number=old).exists()

    saved = client.post(url, changed(page_form(asked), confirm_unusual=True))

    assert saved.status_code == 302
    household_a.refresh_from_db()
    assert household_a.number == new and RetiredNumber.objects.filter(number=old).exists()


def test_an_edit_keeping_the_number_asks_nothing(household_a, personas, login):
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/edit/"

    saved = client.post(url, changed(page_form(client.get(url)), address="城南村5号"))

    assert saved.status_code == 302
    household_a.refresh_from_db()
    assert household_a.address == "城南村5号"


def test_a_taken_number_is_refused_at_once_not_asked_about(household_a, personas, county, login):
    other = registry.household_create(
        actor=personas.cadre_a,
        village=county.village_a,
        members=[member_row("陈建华", Relation.HEAD, dt.date(1979, 4, 4), 71)],
        household_type=HouseholdType.ORDINARY,
    )
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/edit/"

    page = client.post(url, changed(page_form(client.get(url)), number=other.number)).content.decode()

    assert MSG_NUMBER_TAKEN.format(number=other.number) in page
    assert "将停用" not in page and 'name="confirm_unusual"' not in page


def test_the_api_asks_for_confirm_unusual(household_a, personas, county, login):
    client = login(personas.cadre_a)
    old, new = household_a.number, county.village_a.code + "0556"
    url = f"/api/v1/households/{household_a.pk}/"

    asked = client.patch(url, {"number": new}, content_type="application/json")
    saved = client.patch(url, {"number": new, "confirm_unusual": True}, content_type="application/json")

    assert asked.status_code == 400
    assert asked.json()["number"] == [MSG_NUMBER_CHANGE.format(old=old, new=new)]
    assert "confirm_unusual" in asked.json()
    assert saved.status_code == 200 and saved.json()["number"] == new
