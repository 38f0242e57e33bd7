"""户类型 脱贫户 is the 建档立卡 roll (001 §一 全部建档立卡脱贫人口, 004 §(二)): it decides the monthly visit, the
warning lines and 防贫保. A village cadre or work team may neither put a household on it nor take one off, on the
edit page, by PATCH /api/v1/households/<id>/ or by registering a new household as 脱贫户; the township and the county
bureau correct it, with the change in the household's history and the audit log. Before, a cadre switched it
freely."""

import datetime as dt

import pytest

from accounts.choices import Role
from accounts.models import AuditEvent
from households.choices import HouseholdType, Relation
from households.models import Household, HouseholdEvent
from households.services.household_rules import HELP_TYPE_ROLL, HELP_TYPE_ROLL_NEW, MSG_TYPE_ROLL
from tests.factories import UserFactory
from tests.households.conftest import member_row
from tests.households.page_form import changed, page_form

pytestmark = pytest.mark.django_db


def patch(client, household, body):
    return client.patch(f"/api/v1/households/{household.pk}/", body, content_type="application/json")


def new_household_body(county, household_type):
    head = member_row("周建国", Relation.HEAD, dt.date(1969, 8, 15), 113)
    return {"village": county.village_a.code, "household_type": household_type, "members": [head]}


@pytest.fixture
def work_team_a(county):
    return UserFactory(
        username="work_team_a", role=Role.WORK_TEAM, region_path=county.village_a.path, region_name="城南村"
    )


# The village: refused at the field, everywhere


def test_a_village_cadre_cannot_patch_a_household_off_the_roll(personas, login, household_a):
    response = patch(login(personas.cadre_a), household_a, {"household_type": "ordinary"})

    assert response.status_code == 400
    assert response.json()["household_type"] == [MSG_TYPE_ROLL]
    assert Household.objects.get(pk=household_a.pk).household_type == HouseholdType.LIFTED_OUT
    assert not AuditEvent.objects.filter(action="household.update").exists()


def test_a_village_cadre_cannot_patch_a_household_onto_the_roll(personas, login, household_b):
    response = patch(login(personas.cadre_b), household_b, {"household_type": "lifted_out"})

    assert response.status_code == 400
    assert response.json()["household_type"] == [MSG_TYPE_ROLL]
    assert Household.objects.get(pk=household_b.pk).household_type == HouseholdType.ORDINARY


def test_a_work_team_cannot_take_a_household_off_the_roll_either(work_team_a, login, household_a):
    response = patch(login(work_team_a), household_a, {"household_type": "ordinary"})

    assert response.status_code == 400
    assert response.json()["household_type"] == [MSG_TYPE_ROLL]


def test_a_cadre_patching_the_type_on_record_changes_nothing_and_is_not_refused(personas, login, household_a):
    response = patch(login(personas.cadre_a), household_a, {"household_type": "lifted_out", "address": "城南村5号"})

    assert response.status_code == 200, response.content.decode()[:300]
    assert Household.objects.get(pk=household_a.pk).address == "城南村5号"


def test_a_village_cadre_cannot_register_a_household_as_lifted_out_by_api(personas, login, county):
    client = login(personas.cadre_a)

    refused = client.post(
        "/api/v1/households/", new_household_body(county, "lifted_out"), content_type="application/json"
    )
    created = client.post(
        "/api/v1/households/", new_household_body(county, "ordinary"), content_type="application/json"
    )

    assert refused.status_code == 400
    assert refused.json()["household_type"] == [MSG_TYPE_ROLL]
    assert created.status_code == 201, created.content.decode()[:300]
    assert Household.objects.get().household_type == HouseholdType.ORDINARY


def test_the_cadres_edit_page_shows_the_type_read_only_with_where_to_ask(personas, login, household_a):
    client = login(personas.cadre_a)

    page = client.get(f"/households/{household_a.pk}/edit/")

    field = page.context["form"]["household_type"]
    assert field.field.disabled
    assert HELP_TYPE_ROLL in page.content.decode()
    # a crafted POST of the read-only field is not read: the household stays on the roll
    posted = client.post(f"/households/{household_a.pk}/edit/", changed(page_form(page), household_type="ordinary"))
    assert posted.status_code == 302
    assert Household.objects.get(pk=household_a.pk).household_type == HouseholdType.LIFTED_OUT


def test_the_cadres_new_household_page_registers_an_ordinary_household(personas, login, county):
    client = login(personas.cadre_a)

    page = client.get("/households/new/")

    field = page.context["form"]["household_type"]
    assert field.field.disabled
    assert [value for value, _ in field.field.choices] == [HouseholdType.ORDINARY]
    assert HELP_TYPE_ROLL_NEW in page.content.decode()
    head = member_row("周建国", Relation.HEAD, dt.date(1969, 8, 15), 113)
    form = page_form(page)
    form.update({f"members-0-{name}": value for name, value in head.items()})
    response = client.post("/households/new/", changed(form, household_type="lifted_out"))
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Household.objects.get().household_type == HouseholdType.ORDINARY


# The township and the county bureau: allowed, recorded with before and after


@pytest.mark.parametrize("who", ["township", "county_officer"])
def test_the_township_or_county_puts_a_household_on_the_roll_with_before_and_after(personas, login, household_b, who):
    response = patch(login(getattr(personas, who)), household_b, {"household_type": "lifted_out"})

    assert response.status_code == 200, response.content.decode()[:300]
    assert Household.objects.get(pk=household_b.pk).household_type == HouseholdType.LIFTED_OUT
    event = HouseholdEvent.objects.filter(household=household_b).latest("pk")
    assert event.changes == [{"field": "household_type", "label": "户类型", "old": "一般农户", "new": "脱贫户"}]
    audit = AuditEvent.objects.filter(action="household.update").latest("pk")
    assert (audit.before, audit.after) == ({"household_type": "一般农户"}, {"household_type": "脱贫户"})
    assert audit.actor_id == getattr(personas, who).pk


def test_the_townships_edit_page_lets_the_type_change(personas, login, household_a):
    client = login(personas.township)
    page = client.get(f"/households/{household_a.pk}/edit/")
    assert not page.context["form"]["household_type"].field.disabled
    assert HELP_TYPE_ROLL not in page.content.decode()

    response = client.post(f"/households/{household_a.pk}/edit/", changed(page_form(page), household_type="ordinary"))

    assert response.status_code == 302
    assert Household.objects.get(pk=household_a.pk).household_type == HouseholdType.ORDINARY
