"""迁入他户 picks the destination from a search in the cadre's own scope (review cadre_phone finding 3): a search
box and a list to pick from, rendered by the server (a phone without JavaScript works), the 户编号 still taken."""

import datetime as dt

import pytest

from households.choices import Relation
from households.forms_members import MSG_TARGET_NOT_FOUND, MSG_TARGET_REQUIRED
from households.services import registry
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def chen(personas, county):
    rows = [member_row("陈建华", Relation.HEAD, dt.date(1979, 4, 4), 71)]
    return registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type="ordinary"
    )


def test_searching_by_name_or_the_last_digits_of_an_id_lists_households_in_scope_to_pick(
    household_a, household_b, chen, personas, login
):
    son = household_a.members.get(relation=Relation.SON)
    client = login(personas.cadre_a)
    url = f"/households/members/{son.pk}/transfer/"

    by_name = client.get(url, {"q": "陈建"}).content.decode()
    by_id = client.get(url, {"q": chen.members.get().id_number[-6:]}).content.decode()
    other_village = client.get(url, {"q": "王五"}).content.decode()

    for page in (by_name, by_id):
        assert f'type="radio" name="target" value="{chen.pk}"' in page
        assert f"陈建华户 · {chen.number}" in page
    assert 'method="get"' in by_name and 'name="q"' in by_name
    assert household_b.number not in other_village and "没有找到“王五”的农户" in other_village
    # The member's own household is never offered.
    assert f'value="{household_a.pk}"' not in client.get(url, {"q": "张大山"}).content.decode()


def test_the_household_picked_from_the_results_receives_the_member(household_a, chen, personas, login):
    son = household_a.members.get(relation=Relation.SON)

    response = login(personas.cadre_a).post(
        f"/households/members/{son.pk}/transfer/", {"q": "陈建", "target": chen.pk, "relation": Relation.SON}
    )

    assert response.status_code == 302 and response["Location"] == f"/households/{chen.pk}/"
    son.refresh_from_db()
    assert (son.household_id, son.relation) == (chen.pk, Relation.SON)


def test_the_number_is_still_accepted_and_a_household_out_of_scope_is_refused(
    household_a, household_b, chen, personas, login
):
    son = household_a.members.get(relation=Relation.SON)
    client = login(personas.cadre_a)
    url = f"/households/members/{son.pk}/transfer/"

    refused = client.post(url, {"target_number": household_b.number, "relation": Relation.OTHER}).content.decode()
    picked_out_of_scope = client.post(url, {"target": household_b.pk, "relation": Relation.OTHER}).content.decode()
    nothing = client.post(url, {"relation": Relation.OTHER}).content.decode()
    accepted = client.post(url, {"target_number": chen.number, "relation": Relation.OTHER})

    assert MSG_TARGET_NOT_FOUND in refused
    assert "所选农户不存在或不在您的管辖范围内" in picked_out_of_scope
    assert MSG_TARGET_REQUIRED in nothing
    assert accepted.status_code == 302
    son.refresh_from_db()
    assert son.household_id == chen.pk


def test_a_relation_that_contradicts_the_members_sex_is_refused_at_the_field(household_a, chen, personas, login):
    son = household_a.members.get(relation=Relation.SON)  # a boy, by his ID number

    page = (
        login(personas.cadre_a)
        .post(f"/households/members/{son.pk}/transfer/", {"target": chen.pk, "q": "陈建", "relation": "daughter"})
        .content.decode()
    )

    assert "与户主关系“之女”与身份证号中的性别（男）不符" in page
    son.refresh_from_db()
    assert son.household_id == household_a.pk
