"""合户 on a phone: the household to merge into is found by a search (name, ID number, 户编号) and picked from the
results, as 迁入他户's is, instead of typing its 16-digit 户编号; each member's relation is marked required."""

import datetime as dt

import pytest

from households.choices import HouseholdType, Relation
from households.forms_merge import MSG_TARGET_NUMBER
from households.models import Household
from households.services import registry
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def parents(personas, county):
    rows = [member_row("张老汉", Relation.HEAD, dt.date(1942, 1, 5), 71)]
    return registry.household_create(
        actor=personas.township, village=county.village_a, members=rows, household_type=HouseholdType.ORDINARY
    )


def _relations(household) -> dict[str, str]:
    said = {"张大山": Relation.SON, "李秀英": Relation.DAUGHTER_IN_LAW, "张小明": Relation.GRANDSON}
    return {f"relation_{m.pk}": said[m.name] for m in household.members.all()}


def test_the_merge_page_finds_the_household_by_name_and_merges_into_the_one_picked(
    household_a, parents, personas, login
):
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/merge/"

    found = client.get(url, {"q": "张老汉"}).content.decode()

    assert "data-merge-search" in found and "找到 1 户" in found
    assert f'name="pick" value="{parents.pk}"' in found and f"张老汉户 · {parents.number}" in found
    body = {"pick": parents.pk, "q": "张老汉", "target": "", "reason_note": "", **_relations(household_a)}
    confirmation = client.post(url, body).content.decode()
    assert "data-merge-confirm" in confirmation and f"{parents.number}" in confirmation
    done = client.post(url, body | {"confirm": "1"})
    assert done.status_code == 302 and done["Location"] == f"/households/{parents.pk}/"
    assert not Household.objects.get(pk=household_a.pk).is_active


def test_the_relations_are_marked_required_and_a_missing_household_is_said_with_them(household_a, personas, login):
    client = login(personas.cadre_a)
    url = f"/households/{household_a.pk}/merge/"

    form = client.get(url).content.decode()
    refused = client.post(url, {"target": "", "reason_note": ""}).content.decode()

    head = household_a.members.get(relation=Relation.HEAD)
    label = f'<label for="id_relation_{head.pk}">张大山（现为户主）与并入户户主的关系 <span class="req"'
    assert label in form
    assert MSG_TARGET_NUMBER in refused and "请选择张大山与新户主的关系" in refused
