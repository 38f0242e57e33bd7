"""A request body's null, true, 1.5 or "abc" where an id or a code goes is refused in Chinese words, never with
Python's None or True in the message: POST …/split/ with {"members": [null, null], "new_head": null} answered
"成员ID None 不是本户可分出的成员…", and a relation or a village of true was quoted as “True”."""

import re

import pytest

from households.api_fields import MSG_HOUSEHOLD_ID
from households.api_moves import MSG_MEMBER_ID, MSG_MEMBER_ID_EMPTY, MSG_SPLIT_MEMBER_INVALID
from households.api_relocate import MSG_GRID_ID_TYPE, MSG_VILLAGE_CODE
from households.models import Household
from tests.households.test_api_moves import family  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

PYTHON = re.compile(r"\b(None|True|False)\b")


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def messages(response) -> list[str]:
    assert response.status_code == 400, response.content.decode()[:300]
    found = [m for ms in response.json().values() for m in (ms if isinstance(ms, list) else [ms])]
    assert not any(PYTHON.search(str(m)) for m in found), found
    return found


def test_a_split_of_null_members_says_the_ids_are_empty(family, personas, login):  # noqa: F811
    response = post(
        login(personas.cadre_a), f"/api/v1/households/{family.pk}/split/", {"members": [None, None], "new_head": None}
    )

    messages(response)
    assert response.json()["members"] == [MSG_MEMBER_ID_EMPTY]
    assert response.json()["new_head"] == [MSG_MEMBER_ID_EMPTY]
    assert MSG_MEMBER_ID_EMPTY == "成员ID不能为空。"
    assert family.members.count() == 4 and Household.objects.count() == 1


@pytest.mark.parametrize("value", [True, 1.5, "abc", [1], {"id": 1}])
def test_a_split_member_that_is_not_a_whole_number_says_so(value, family, personas, login):  # noqa: F811
    son = family.members.get(name="刘建国").pk

    response = post(
        login(personas.cadre_a), f"/api/v1/households/{family.pk}/split/", {"members": [value], "new_head": son}
    )

    messages(response)
    assert response.json()["members"] == [MSG_MEMBER_ID]
    assert Household.objects.count() == 1


def test_a_split_member_given_as_digits_is_named_by_its_number(family, personas, login):  # noqa: F811
    head = family.members.get(name="刘老汉").pk

    response = post(
        login(personas.cadre_a), f"/api/v1/households/{family.pk}/split/", {"members": [f" {head} "], "new_head": head}
    )

    assert response.json()["members"] == [MSG_SPLIT_MEMBER_INVALID.format(pk_value=head)]


def test_a_transfer_to_a_household_of_true_says_the_id_is_not_a_number(family, personas, login):  # noqa: F811
    son = family.members.get(name="刘建国")

    response = post(login(personas.cadre_a), f"/api/v1/members/{son.pk}/transfer/", {"target": True, "relation": True})

    messages(response)
    assert response.json()["target"] == [MSG_HOUSEHOLD_ID]
    assert response.json()["relation"] == ["“true”不是可用的与户主关系代码。"]


def test_a_members_relation_of_true_is_quoted_as_sent(family, personas, login):  # noqa: F811
    wife = family.members.get(name="陈桂兰")

    response = login(personas.cadre_a).patch(
        f"/api/v1/members/{wife.pk}/", {"relation": True}, content_type="application/json"
    )

    assert messages(response)[0].startswith("“true”不是可用的")


def test_a_relocation_to_a_village_or_grid_of_true_is_refused_in_words(family, personas, login):  # noqa: F811
    body = {"village": True, "grid": True, "address": "新村1号", "reason": "other", "note": "测试"}

    response = post(login(personas.county_officer), f"/api/v1/households/{family.pk}/relocate/", body)

    messages(response)
    assert response.json()["village"] == [MSG_VILLAGE_CODE.format(value="true")]
    assert response.json()["grid"] == [MSG_GRID_ID_TYPE]
