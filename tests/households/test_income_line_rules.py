"""The registry's words about the income line say what screening's rule finds (screening.engine_kinds
_income_below_line): a warning line (预警线) is only for lifted-out and monitored households (seed 004 (三):
脱贫人口和监测对象), and a line marked inclusive (“…元以下”, MonitoringLine.inclusive) takes in an income equal to
it. The income page's 低于/不低于 and the visit notice follow both."""

import datetime as dt
from decimal import Decimal

import pytest

from households.services.visit_changes import MSG_FINDING_AT, large_drop
from screening.models import MonitoringLine, WarningLine
from tests.clock import this_year, today

pytestmark = pytest.mark.django_db

BELOW = "该户收入可能低于监测标准"


@pytest.fixture
def line(db):
    """6,000 元 per head this year, with a 6,500 元 warning line in force today."""
    line = MonitoringLine.objects.create(
        year=this_year(), region_prefix="360425", region_label="永修县", amount=Decimal("6000")
    )
    WarningLine.objects.create(
        line=line, starts_on=today() - dt.timedelta(days=10), ends_on=today() + dt.timedelta(days=10), amount=6500
    )
    return line


def saved_message(client, household, wage_income: str) -> str:
    data = {"year": this_year(), "wage_income": wage_income}
    response = client.post(f"/households/{household.pk}/income/", data, follow=True)
    return "".join(str(message) for message in response.context["messages"])


def test_an_ordinary_household_between_the_line_and_the_warning_line_reads_not_below_the_line(
    personas, household_b, line, login
):
    message = saved_message(login(personas.cadre_b), household_b, "6200")  # one member: 6,200 per head

    assert f"人均纯收入 6,200.00 元，不低于{this_year()}年监测标准 6,000 元。" in message


def test_a_lifted_out_household_between_the_line_and_the_warning_line_reads_below_the_warning_line(
    personas, household_a, line, login
):
    message = saved_message(login(personas.cadre_a), household_a, "18600")  # three members: 6,200 per head

    assert f"人均纯收入 6,200.00 元，低于{this_year()}年预警线 6,500 元。" in message


def test_an_income_under_the_line_quotes_the_line_in_a_warning_period(personas, household_a, line, login):
    message = saved_message(login(personas.cadre_a), household_a, "15000")  # 5,000 per head

    assert f"人均纯收入 5,000.00 元，低于{this_year()}年监测标准 6,000 元。" in message


@pytest.mark.parametrize(
    ("inclusive", "standing"),
    [(True, "等于{year}年监测标准 6,000 元（标准以下含本数）"), (False, "不低于{year}年监测标准 6,000 元")],
)
def test_an_income_exactly_at_the_line_is_inside_it_only_when_the_line_includes_its_figure(
    personas, household_b, line, login, inclusive, standing
):
    MonitoringLine.objects.filter(pk=line.pk).update(inclusive=inclusive)

    message = saved_message(login(personas.cadre_b), household_b, "6000")

    assert f"人均纯收入 6,000.00 元，{standing.format(year=this_year())}。" in message


def test_a_drop_to_exactly_an_inclusive_line_is_told(personas, household_a, line, login):
    MonitoringLine.objects.filter(pk=line.pk).update(inclusive=True)
    WarningLine.objects.filter(line=line).delete()
    client = login(personas.cadre_a)
    saved_message(client, household_a, "21000")  # 7,000 per head

    household_a.visits.create(
        region_path=household_a.region_path, visited_on=today(), visitor=personas.cadre_a, income_change=-3000
    )  # 7,000 − 1,000 = 6,000 per head: at the line, which includes it

    notice = large_drop(household_a, this_year(), today())
    assert f"等于{this_year()}年监测标准 6,000 元（标准以下含本数）：{MSG_FINDING_AT}" in notice.message
    assert BELOW not in notice.message


def test_a_drop_of_an_ordinary_household_to_between_the_line_and_the_warning_line_is_not_told(
    personas, household_b, line, login
):
    saved_message(login(personas.cadre_b), household_b, "7000")
    household_b.visits.create(
        region_path=household_b.region_path, visited_on=today(), visitor=personas.cadre_b, income_change=-600
    )  # 6,400: under the warning line, which is not this household's

    assert large_drop(household_b, this_year(), today()) is None
