"""The exit rule reads a line as the screening rule does: a line "…元以下" (MonitoringLine.inclusive) includes its
figure, so an income equal to it is not yet above the line and the exit is refused; a strict line ("低于") does not."""

import pytest
from django.utils import timezone

from households.choices import LivingStatus
from households.services.income import income_save
from screening.selectors import line_applicable
from workflow.exit_checks import income_refusals

pytestmark = pytest.mark.django_db


def at_the_line(actor, household):
    """This year's income giving a per-capita net income equal to the line in force at the household's place."""
    today = timezone.localdate()
    line, _ = line_applicable(region_path=household.region_path, on_date=today)
    living = household.members.filter(living_status=LivingStatus.LIVING).count()
    income_save(actor=actor, household=household, year=today.year, amounts={"wage_income": line.amount * living})
    return line


def test_an_income_equal_to_an_inclusive_line_is_said_and_to_a_strict_line_is_not(personas, monitored_a):
    today = timezone.localdate()
    line = at_the_line(personas.cadre_a, monitored_a)
    assert not line.inclusive
    assert monitored_a.pk not in income_refusals([monitored_a], today)

    line.inclusive = True
    line.save(update_fields=["inclusive"])

    said = f"人均纯收入 {line.amount:,.0f} 元，等于"
    refusal = income_refusals([monitored_a], today)[monitored_a.pk]
    assert said in refusal and "（标准以下含本数）" in refusal and "不能标注“风险消除”" in refusal
