"""What the cadre is told after marking a member, and an unknown tab of the household page (review rev-cadre
findings 7b and 12)."""

from decimal import Decimal

import pytest

from households.choices import LivingStatus, Relation
from households.services import income
from households.services.member_status import member_set_status
from tests.clock import today

pytestmark = pytest.mark.django_db


def mark_son_moved_out(client, household):
    son = household.members.get(relation=Relation.SON)
    url = f"/households/members/{son.pk}/status/"
    return client.post(
        url, {"status": "moved_out", "on": today().isoformat(), "left_reason": "work"}, follow=True
    ).content.decode()


def test_without_this_years_income_the_message_says_nothing_of_a_recomputation(household_a, personas, login):
    page = mark_son_moved_out(login(personas.cadre_a), household_a)

    assert "已将 张小明 标记为迁出。" in page
    assert "人均纯收入" not in page and "请核对本年度家庭收支" not in page


def test_with_this_years_income_the_message_says_it_was_recomputed(household_a, personas, login):
    income.income_save(
        actor=personas.cadre_a, household=household_a, year=today().year, amounts={"wage_income": Decimal("30000")}
    )

    page = mark_son_moved_out(login(personas.cadre_a), household_a)

    assert "本年度人均纯收入已按在册人口重算" in page and "请核对本年度家庭收支" in page


def test_the_service_says_whether_it_recomputed_the_years_income(household_a, personas):
    wife, son = household_a.members.get(relation=Relation.SPOUSE), household_a.members.get(relation=Relation.SON)

    first = member_set_status(
        left_reason="work", actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=today()
    )
    income.income_save(
        actor=personas.cadre_a, household=household_a, year=today().year, amounts={"wage_income": Decimal("30000")}
    )
    second = member_set_status(
        left_reason="work", actor=personas.cadre_a, member=wife, status=LivingStatus.DECEASED, on=today()
    )

    assert (first.member, first.income_recomputed) == (son, False)
    assert second.income_recomputed is True


@pytest.mark.parametrize("tab", ["workflow", "nonsense", ""])
def test_an_unknown_tab_opens_the_members_tab(household_a, personas, login, tab):
    page = login(personas.cadre_a).get(f"/households/{household_a.pk}/?tab={tab}").content.decode()

    assert 'aria-current="page">家庭成员</a>' in page and "张小明" in page
    assert "后续版本" not in page
