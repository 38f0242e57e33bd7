"""A household closed by 合户 is read, not worked on: its page shows no 本月未走访 badge nor 打印明白卡, and links to
the household it went into when the user may see that one (a cross-village merge leaves the village cadre the
number only)."""

import datetime as dt

import pytest

from households.choices import HouseholdType, Relation
from households.services import registry
from households.services.merge import household_merge
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def parents(personas, county):
    rows = [member_row("张老汉", Relation.HEAD, dt.date(1942, 1, 5), 71)]
    return registry.household_create(
        actor=personas.township, village=county.village_a, members=rows, household_type=HouseholdType.ORDINARY
    )


def _as_son(household) -> dict[int, str]:
    said = {"张大山": Relation.SON, "李秀英": Relation.DAUGHTER_IN_LAW, "张小明": Relation.GRANDSON}
    return {m.pk: said[m.name] for m in household.members.all()}


def test_an_active_lifted_out_household_offers_the_card_and_the_visit_badge(household_a, personas, login):
    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/").content.decode()

    assert "打印明白卡" in page and "本月未走访" in page
    assert "data-merged-into" not in page


def test_a_merged_household_shows_no_visit_due_nor_card_and_links_where_it_went(household_a, parents, personas, login):
    household_merge(actor=personas.cadre_a, source=household_a, target=parents, relations=_as_son(household_a))

    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/").content.decode()

    assert "已注销" in page and f"并入农户 {parents.number}" in page
    assert "本月未走访" not in page and "记录走访" not in page
    assert "打印明白卡" not in page
    assert f'<a href="/households/{parents.pk}/" data-merged-into>查看并入的农户：张老汉户 {parents.number}</a>' in page


def test_a_household_merged_into_another_village_names_it_without_a_link_for_the_village_cadre(
    household_a, household_b, personas, login
):
    relations = {m.pk: Relation.OTHER for m in household_a.members.all()}
    household_merge(actor=personas.township, source=household_a, target=household_b, relations=relations)

    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/").content.decode()
    township = login(personas.township).get(f"/households/{household_a.pk}/").content.decode()

    assert f"并入农户 {household_b.number}" in page and "data-merged-into" not in page
    assert f'href="/households/{household_b.pk}/" data-merged-into' in township
