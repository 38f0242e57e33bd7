"""Reviewer's findings on 帮扶联系人 (1, 3, 5): a 包保单位人员's corrected phone reaches every household they help
(a split gives the new household the same contact), and the contacts page lists those households; the dropdown
offers only people the service takes (a grid worker of another grid is none); a start date before the household
existed is refused, and every field's error is given at once."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from assistance.models import HelpContactAssignment
from assistance.selectors import contact_candidates
from assistance.services import contacts
from households.choices import Relation
from households.models import Grid, Household, HouseholdEvent
from households.services import registry
from tests.clock import today
from tests.factories import UserFactory
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db
URL = "/api/v1/assistance/help-contacts/"
PERSON = {"person_name": "王小明", "person_unit": "县农业农村局", "person_phone": "13800138000"}


@pytest.fixture
def second(personas, county):
    """Another household of the village helped by the same person (as a split leaves it)."""
    rows = [member_row("王二", Relation.HEAD, dt.date(1980, 5, 1), 31)]
    return registry.household_create(
        actor=personas.township, village=county.village_a, members=rows, household_type="lifted_out"
    )


def _help_both(personas, monitored_a, second):
    first = contacts.help_contact_assign(actor=personas.township, household=monitored_a, **PERSON)
    contacts.help_contact_assign(actor=personas.township, household=second, **PERSON)
    return first


def test_a_corrected_phone_reaches_every_household_the_person_helps(personas, login, monitored_a, second):
    first = _help_both(personas, monitored_a, second)
    client = login(personas.township)

    answer = client.patch(f"{URL}{first.pk}/", {"person_phone": "13900001111"}, content_type="application/json")

    assert answer.status_code == 200 and answer.json()["households_changed"] == 2
    phones = HelpContactAssignment.objects.filter(ends_on__isnull=True).values_list("person_phone", flat=True)
    assert sorted(phones) == ["13900001111", "13900001111"]
    for household in (monitored_a, second):  # each household's history records its own correction
        event = HouseholdEvent.objects.get(household=household, summary__startswith="更正帮扶联系人")
        assert {"field": "person_phone", "label": "联系电话", "old": "13800138000", "new": "13900001111"} in (
            event.changes
        )
    card = client.get(f"/assistance/households/{second.pk}/card/print/").content.decode()
    assert "13900001111" in card and "13800138000" not in card
    page = client.get("/assistance/contacts/").content.decode()
    assert page.count("<strong>王小明</strong>") == 1 and "2 户" in page
    listed = page.split("data-person-households>")[1].split("</div>")[0]
    assert f"/assistance/households/{monitored_a.pk}/" in listed and f"/assistance/households/{second.pk}/" in listed
    assert "王二" in listed


def test_the_form_says_how_many_households_a_correction_changed(personas, login, monitored_a, second):
    _help_both(personas, monitored_a, second)
    client = login(personas.township)
    form = {"kind": "person", **PERSON, "person_phone": "13900001111", "starts_on": today().isoformat()}

    answer = client.post(f"/assistance/households/{monitored_a.pk}/contact/", form, follow=True)

    assert "已更正帮扶联系人王小明（县农业农村局）的联系信息，共 2 户" in answer.content.decode()


def test_another_person_of_the_same_name_elsewhere_is_left_alone(personas, monitored_a, second):
    first = contacts.help_contact_assign(actor=personas.township, household=monitored_a, **PERSON)
    contacts.help_contact_assign(
        actor=personas.township,
        household=second,
        **{**PERSON, "person_unit": "县人民医院", "person_phone": "13700000000"},
    )

    corrected = contacts.help_contact_correct(actor=personas.township, assignment=first, person_phone="13900001111")

    assert corrected.corrected_households == 1
    assert HelpContactAssignment.objects.get(household=second).person_phone == "13700000000"


def test_the_dropdown_offers_no_grid_worker_of_another_grid(personas, login, county, monitored_a):
    north, south = (
        Grid.objects.create(village=county.village_a, name=n, region_path=county.village_a.path)
        for n in ("第一网格", "第二网格")
    )
    Household.objects.filter(pk=monitored_a.pk).update(grid=north)
    monitored_a.refresh_from_db()
    make = dict(role=Role.VILLAGE_CADRE, region_path=county.village_a.path, region_name=county.village_a.name)
    ours = UserFactory(username="grid_north", last_name="北", first_name="网格员", grid=north, **make)
    theirs = UserFactory(username="grid_south", last_name="南", first_name="网格员", grid=south, **make)

    offered = set(contact_candidates(actor=personas.township, household=monitored_a))
    page = login(personas.township).get(f"/assistance/households/{monitored_a.pk}/contact/").content.decode()

    assert ours in offered and theirs not in offered
    assert "北网格员" in page and "南网格员" not in page
    assert contacts.contact_fits(ours, monitored_a) and not contacts.contact_fits(theirs, monitored_a)


def test_a_start_date_before_the_household_existed_is_refused(personas, monitored_a):
    with pytest.raises(ValidationError) as error:
        contacts.help_contact_assign(
            actor=personas.township, household=monitored_a, **PERSON, starts_on=dt.date(1990, 1, 1)
        )

    first_day = contacts.household_first_day(monitored_a)
    assert error.value.message_dict["starts_on"] == [contacts.MSG_DATE_BEFORE_HOUSEHOLD.format(date=first_day)]
    assert not HelpContactAssignment.objects.filter(household=monitored_a).exists()


def test_every_field_error_is_given_at_once(personas, login, monitored_a):
    contacts.help_contact_assign(actor=personas.township, household=monitored_a, **PERSON)
    future = today() + dt.timedelta(days=3)

    with pytest.raises(ValidationError) as error:
        contacts.help_contact_assign(
            actor=personas.township, household=monitored_a, person_name="李卫东", starts_on=future
        )

    assert set(error.value.message_dict) == {"person_unit", "person_phone", "starts_on", "reason"}
    form = {"kind": "person", "person_name": "李卫东", "starts_on": future.isoformat()}
    page = login(personas.township).post(f"/assistance/households/{monitored_a.pk}/contact/", form).content.decode()
    text = re.sub(r"<[^>]+>", "", page)
    for message in (
        contacts.MSG_PERSON_UNIT_REQUIRED,
        contacts.MSG_PERSON_PHONE_REQUIRED,
        contacts.MSG_DATE_FUTURE,
        contacts.MSG_REASON_REQUIRED,
    ):
        assert message in text
