"""The year's income (review of the household registry, findings 3 and 4): a member added wrote "离开本户成员的收入…"
in the history although nobody left; and the import took 收入年度 from 2020 while the page and the API take it from
2015. The recomputation is worded by direction; one earliest year (households.services.income.FIRST_YEAR) for all."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from households.choices import LivingStatus
from households.models import HouseholdEvent, HouseholdIncome
from households.registry_import.columns import BY_KEY
from households.services import income, registry
from households.services.member_status import member_set_status
from tests.clock import today
from tests.households.conftest import make_id
from tests.households.test_registry_import import GROUP_A, hn
from tests.households.test_registry_import_income import rows, run, xlsx_upload

pytestmark = pytest.mark.django_db


def _this_years_income(household, personas):
    income.income_save(
        actor=personas.cadre_a, household=household, year=today().year, amounts={"wage_income": Decimal("30000")}
    )


def _recompute_summary(household) -> str:
    return HouseholdEvent.objects.filter(household=household, summary__startswith="家庭人口由").latest("pk").summary


def test_a_member_added_asks_for_their_income_and_says_nothing_of_one_who_left(household_a, personas):
    _this_years_income(household_a, personas)
    data = {"name": "张小红", "id_number": make_id(dt.date(1998, 3, 3), 24), "relation": "daughter"}

    registry.member_add(
        reason="moved_in", actor=personas.cadre_a, household=household_a, data=data | {"health": "healthy"}
    )

    summary = _recompute_summary(household_a)
    assert summary.startswith(
        f"家庭人口由 3 人变为 4 人，{today().year}年人均纯收入由 10,000.00 元重算为 7,500.00 元。"
    )
    assert "新加入本户成员如有收入，请计入本年度收支。" in summary
    assert "离开本户" not in summary


def test_a_member_who_left_still_asks_for_their_income_to_be_taken_out(household_a, personas):
    _this_years_income(household_a, personas)
    son = household_a.members.get(name="张小明")

    member_set_status(left_reason="work", actor=personas.cadre_a, member=son, status=LivingStatus.MOVED_OUT, on=today())

    summary = _recompute_summary(household_a)
    assert "离开本户成员的收入如已不再计入本户，请修改本年度收支。" in summary
    assert "新加入" not in summary


def test_manual_entry_and_the_import_share_the_earliest_year(household_a, personas):
    income.income_save(actor=personas.cadre_a, household=household_a, year=2015, amounts={"wage_income": Decimal(1)})
    with pytest.raises(ValidationError) as refused:
        income.income_save(
            actor=personas.cadre_a, household=household_a, year=2014, amounts={"wage_income": Decimal(1)}
        )
    assert refused.value.message_dict["year"] == [f"年度应在2015年到{today().year}年之间。"]
    assert "2015年到今年之间" in BY_KEY["income_year"].note


def test_the_import_takes_an_income_year_before_2020_as_manual_entry_does(personas, county):
    record = run(personas.county_officer, xlsx_upload(rows(h1_income={"收入年度": "2016", "工资性收入": "1000"})))

    assert record.households_created == 3, record.message
    assert HouseholdIncome.objects.get(household__number=hn("H1", GROUP_A)).year == 2016
