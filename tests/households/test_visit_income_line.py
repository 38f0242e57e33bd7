"""A visit's drop in income against the monitoring line (seed 000 §三(一)1, 004 (二); DOMAIN.md "Who is monitored").

The prompt fires when the year's per-capita net income, less the drops recorded at visits, comes inside the line the
household is screened against: "该户收入可能低于监测标准" under screening's own 监测标准, "该户收入可能低于预警线"
under its 预警线 in a warning period when the income rule uses warning lines (tests/households/
test_visit_line_findings.py: each case's words). A sharp drop (收入骤减, 000 §三 type 3) is still told on its own."""

import datetime as dt
from decimal import Decimal

import pytest

from households.services import income
from households.services.visit_changes import MSG_FINDING_WARNING, large_drop
from screening.choices import RuleKind
from screening.models import MonitoringLine, ScreeningRule, WarningLine
from tests.clock import this_year, today
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db

BELOW = "该户收入可能低于监测标准"


@pytest.fixture
def line(db):
    """The county's line this year: 6,000 元 per head (screening's table, as the county bureau enters it)."""
    ScreeningRule.objects.get_or_create(
        code="INCOME_BELOW_LINE",
        defaults={"name": "人均纯收入低于监测标准", "kind": RuleKind.INCOME_BELOW_LINE, "risk_type": "low_income"},
    )
    return MonitoringLine.objects.create(
        year=this_year(), region_prefix="360425", region_label="永修县", amount=Decimal("6000")
    )


def earning(personas, household, amount: str):
    """This year's figures with a net income of `amount` (household_a has 3 members)."""
    return income.income_save(
        actor=personas.cadre_a, household=household, year=this_year(), amounts={"wage_income": Decimal(amount)}
    )


def post_visit(client, household, **fields):
    findings = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")
    data = {"visited_on": today().isoformat(), "kind": "monthly", **dict.fromkeys(findings, "on"), **fields}
    return client.post(f"/households/{household.pk}/visits/new/", data, follow=True).content.decode()


def test_a_drop_that_takes_the_income_below_the_line_says_it_may_be_below_it(personas, household_a, line, login):
    earning(personas, household_a, "21000")  # 7,000 per head

    # 3,300 of 21,000 (16 %) is no sharp drop, but leaves 7,000 − 1,100 = 5,900 per head, below 6,000.
    page = post_visit(login(personas.cadre_a), household_a, income_change="-3300")

    assert BELOW in page
    assert "人均纯收入约 5,900.00 元" in page and "人均 7,000.00 元" in page and "监测标准 6,000 元" in page
    assert f"/households/{household_a.pk}/income/?year={this_year()}" in page


def test_a_small_drop_that_stays_above_the_line_says_nothing(personas, household_a, line, login):
    earning(personas, household_a, "21000")

    page = post_visit(login(personas.cadre_a), household_a, income_change="-2700")  # 6,100 per head

    assert BELOW not in page and f"/income/?year={this_year()}" not in page


def test_the_line_is_screenings_and_follows_it_when_the_county_changes_it(personas, household_a, line):
    year = this_year()
    earning(personas, household_a, "21000")
    household_a.visits.create(
        region_path=household_a.region_path, visited_on=today(), visitor=personas.cadre_a, income_change=-3300
    )
    assert BELOW in large_drop(household_a, year, today()).message

    MonitoringLine.objects.filter(pk=line.pk).update(amount=Decimal("5000"))

    assert large_drop(household_a, year, today()) is None


def test_in_a_warning_period_the_warning_line_is_the_line(personas, household_a, line, login):
    WarningLine.objects.create(
        line=line, starts_on=today() - dt.timedelta(days=10), ends_on=today() + dt.timedelta(days=10), amount=7500
    )
    earning(personas, household_a, "24000")  # 8,000 per head

    page = post_visit(login(personas.cadre_a), household_a, income_change="-2100")  # 7,300: above 6,000, below 7,500

    assert f"低于{this_year()}年预警线 7,500 元：{MSG_FINDING_WARNING}" in page and BELOW not in page


def test_without_warning_lines_in_the_income_rule_the_monitoring_line_is_the_line(personas, household_a, line):
    WarningLine.objects.create(
        line=line, starts_on=today() - dt.timedelta(days=10), ends_on=today() + dt.timedelta(days=10), amount=7500
    )
    ScreeningRule.objects.filter(kind=RuleKind.INCOME_BELOW_LINE).update(params={"use_warning_lines": False})
    earning(personas, household_a, "24000")
    household_a.visits.create(
        region_path=household_a.region_path, visited_on=today(), visitor=personas.cadre_a, income_change=-2100
    )

    assert large_drop(household_a, this_year(), today()) is None


def test_a_sharp_drop_is_still_told_when_the_income_stays_above_the_line(personas, household_a, line, login):
    MonitoringLine.objects.filter(pk=line.pk).update(amount=Decimal("1000"))
    earning(personas, household_a, "21000")

    page = post_visit(login(personas.cadre_a), household_a, income_change="-6400")  # 30 %, 4,866.67 per head

    assert BELOW not in page
    assert "收入累计减少 6,400.00 元" in page and "30%" in page and f"/income/?year={this_year()}" in page


def test_the_api_says_it_too(personas, household_a, line, login):
    earning(personas, household_a, "21000")
    body = {"household": household_a.pk, "visited_on": today().isoformat(), "income_change": "-3300", **ALL_SECURED}

    response = login(personas.cadre_a).post("/api/v1/visits/", body, content_type="application/json")

    assert response.status_code == 201 and BELOW in response.json()["income_notice"]
