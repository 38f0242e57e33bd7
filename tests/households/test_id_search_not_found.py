"""A search by an ID number that finds no one says so (review ux1, item 2): a whole valid number answered "请输入完整的
18位身份证号或后4位以上", exactly what the cadre had typed. It now names the number (masked for a role that sees
numbers masked) and says the person is not on file or not in the user's area, in the same words whether the person
is registered in another village or nowhere. A number that is not valid says why; a part says what it was."""

import datetime as dt
import re

import pytest

from households.choices import Relation
from households.selectors_search import MSG_ID_HINT
from tests.households.conftest import make_id

pytestmark = pytest.mark.django_db
NOT_FOUND = "档案中没有身份证号为 {} 的人员，或不在您的管辖范围内。"


def hint(client, q: str) -> str:
    return client.get("/households/", {"q": q}).content.decode()


def test_a_whole_number_outside_the_users_area_or_nowhere_reads_the_same(household_a, household_b, personas, login):
    client = login(personas.cadre_a)
    elsewhere = household_b.members.get().id_number  # registered, in village B
    nowhere = make_id(dt.date(1960, 3, 3), 321)

    other_village = hint(client, elsewhere)
    unregistered = hint(client, nowhere)

    assert NOT_FOUND.format(elsewhere) in other_village and "共 0 户" in other_village
    assert NOT_FOUND.format(nowhere) in unregistered
    assert MSG_ID_HINT not in other_village and MSG_ID_HINT not in unregistered


def test_a_read_only_role_sees_the_number_masked(household_a, personas, login):
    nowhere = make_id(dt.date(1960, 3, 3), 321)

    page = hint(login(personas.official), nowhere)

    [said] = re.findall(r"data-id-hint>([^<]*)</li>", page)
    assert said == NOT_FOUND.format(f"{nowhere[:4]}**********{nowhere[-4:]}")


def test_a_wrong_number_or_a_part_says_what_was_wrong(household_a, personas, login):
    client = login(personas.cadre_a)
    number = household_a.members.get(relation=Relation.SON).id_number
    mistyped = number[:17] + ("0" if number[17] != "0" else "1")

    assert "身份证号校验位不正确，请核对后重新输入。" in hint(client, mistyped)
    assert "档案中没有身份证号后4位为 0000 的人员，或不在您的管辖范围内。" in hint(client, "0000")
    assert "档案中没有身份证号开头或末尾为 99999999 的人员，或不在您的管辖范围内。" in hint(client, "99999999")
