"""迁入他户's search, when it finds no household, says why in the cases a cadre meets (review: a member of the same
household searched by ID number was answered 档案中没有身份证号为…的人员 though the person exists)."""

import pytest

from households.choices import Relation
from households.selectors_search import MSG_ID_NOT_FOUND
from households.services.moves import MSG_IN_THIS_HOUSEHOLD, MSG_OTHER_VILLAGE, MSG_THIS_NUMBER

pytestmark = pytest.mark.django_db


def _search(client, member, q):
    return client.get(f"/households/members/{member.pk}/transfer/", {"q": q}).content.decode()


def test_the_id_number_of_a_person_of_the_same_household_says_they_are_in_it_already(household_a, personas, login):
    son = household_a.members.get(relation=Relation.SON)
    wife = household_a.members.get(relation=Relation.SPOUSE)

    page = _search(login(personas.cadre_a), son, wife.id_number)

    assert MSG_IN_THIS_HOUSEHOLD in page
    assert MSG_ID_NOT_FOUND.split("{")[0] not in page


def test_the_households_own_number_says_so(household_a, personas, login):
    son = household_a.members.get(relation=Relation.SON)

    assert MSG_THIS_NUMBER in _search(login(personas.cadre_a), son, household_a.number)


def test_a_household_number_of_another_village_is_sent_to_the_township(household_a, household_b, personas, login):
    son = household_a.members.get(relation=Relation.SON)

    page = _search(login(personas.cadre_a), son, household_b.number)

    assert MSG_OTHER_VILLAGE.format(number=household_b.number) in page
    assert household_b.head_name not in page  # nothing of the other village's household is shown


def test_an_unknown_id_number_is_still_answered_as_before(household_a, personas, login):
    son = household_a.members.get(relation=Relation.SON)

    page = _search(login(personas.cadre_a), son, "360425199001011234")

    assert MSG_IN_THIS_HOUSEHOLD not in page and "没有找到" in page
