"""迁入他户's search that finds nothing tells a village cadre where else to go whatever was typed (review registry
finding 6): a name of another village's household said only 没有找到, while its 户编号 said 跨村迁移请报乡镇办理."""

import pytest

from households.choices import Relation
from households.services.moves import MSG_OTHER_VILLAGE, MSG_VILLAGE_ONLY

pytestmark = pytest.mark.django_db


def _search(client, member, q):
    return client.get(f"/households/members/{member.pk}/transfer/", {"q": q}).content.decode()


def test_a_name_of_another_village_s_household_says_to_report_to_the_township(
    household_a, household_b, personas, login
):
    son = household_a.members.get(relation=Relation.SON)
    client = login(personas.cadre_a)

    by_name = _search(client, son, "王五")
    by_id = _search(client, son, household_b.members.get().id_number)
    by_number = _search(client, son, household_b.number)

    assert f"没有找到“王五”的农户。{MSG_VILLAGE_ONLY}。" in by_name
    assert "没有找到" in by_id and MSG_VILLAGE_ONLY in by_id
    assert MSG_OTHER_VILLAGE.format(number=household_b.number) in by_number
    assert by_number.count("跨村迁移请报乡镇办理") == 1  # said once, not twice


def test_the_township_whose_search_covers_its_villages_is_not_told_so(household_a, personas, login):
    son = household_a.members.get(relation=Relation.SON)

    page = _search(login(personas.township), son, "没有此人")

    assert "没有找到“没有此人”的农户" in page and MSG_VILLAGE_ONLY not in page
