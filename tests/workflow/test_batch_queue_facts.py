"""Review finding (approver #8): the batch approval queue shows what the approver decides on — household size, labour
capacity, per-capita income with its year and what the lower levels did — and flags a case proposed for income below
the monitoring line whose household's income is above it, on the page and in the API queue."""

import datetime as dt
from decimal import Decimal

import pytest

from households.choices import LabourCapacity
from households.models import Household
from households.services.income import income_save
from screening.models import MonitoringLine
from tests.clock import this_year, today
from tests.workflow.batch_helpers import at_approval
from workflow.selectors_batches import FLAG_INCOME_ABOVE

pytestmark = pytest.mark.django_db


@pytest.fixture
def line():
    year = this_year()
    MonitoringLine.objects.filter(year__gte=year - 1).delete()
    return MonitoringLine.objects.create(year=year, region_prefix="36", region_label="江西省", amount=Decimal("6000"))


@pytest.fixture
def queue(personas, household_a, household_b, line):
    """张大山 (2 people, 20,000 元 each) proposed for income below the line; 王五 (1 person, 3,000 元) for medical
    costs."""
    Household.objects.filter(pk=household_a.pk).update(labour_capacity=LabourCapacity.HAS_LABOUR)
    year = this_year()
    income_save(actor=personas.cadre_a, household=household_a, year=year, amounts={"wage_income": Decimal("40000")})
    income_save(actor=personas.cadre_b, household=household_b, year=year, amounts={"wage_income": Decimal("3000")})
    rich = at_approval(personas, household_a, personas.cadre_a, risk_types=["low_income"])
    poor = at_approval(personas, household_b, personas.cadre_b)
    return rich, poor


def row_of(page, name):
    return next(part for part in page.split('<li class="card row-card">')[1:] if name in part)


def test_the_queue_rows_show_the_household_and_flag_the_income(personas, login, queue):
    page = login(personas.approver).get("/workflow/batches/").content.decode()
    rich, poor = row_of(page, "张大山"), row_of(page, "王五")
    assert "家庭人口 2 人" in rich and "劳动能力 有劳动能力" in rich
    assert f"人均纯收入 20,000.00 元（{this_year()}年）" in rich
    assert FLAG_INCOME_ABOVE in rich and f"不低于{this_year()}年监测标准 6,000 元" in rich
    assert "办理经过" in rich and "乡镇审核" in rich
    assert "家庭人口 1 人" in poor and f"人均纯收入 3,000.00 元（{this_year()}年）" in poor
    assert FLAG_INCOME_ABOVE not in poor


def test_the_api_queue_carries_the_same(personas, login, queue):
    rich, poor = queue
    rows = {row["id"]: row for row in login(personas.approver).get("/api/v1/batches/queue/").json()["results"]}
    assert rows[rich.pk]["members_count"] == 2 and rows[rich.pk]["income_year"] == this_year()
    assert rows[rich.pk]["per_capita_net_income"] == "20000.00" and rows[rich.pk]["labour_capacity"] == "has_labour"
    assert rows[rich.pk]["labour_capacity_display"] == "有劳动能力"
    assert "不低于" in rows[rich.pk]["income_flag"] and rows[poor.pk]["income_flag"] == ""
    assert any("乡镇审核" in step for step in rows[rich.pk]["trail"])


def test_an_income_below_a_warning_line_in_force_is_not_flagged(personas, login, queue, line):
    day = today()
    line.warnings.create(starts_on=day - dt.timedelta(days=1), ends_on=day + dt.timedelta(days=1), amount=25000)
    page = login(personas.approver).get("/workflow/batches/").content.decode()
    assert FLAG_INCOME_ABOVE not in row_of(page, "张大山")


def test_the_printed_submission_list_carries_the_same_warning(personas, login, queue):
    """Review finding (county #2): the 提请审批名单 the leading group decides on showed 张大山's income without the
    warning the batch page gives it."""
    page = login(personas.county_officer).get("/workflow/batches/submission/").content.decode()
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split('<tr class="nw">')[1:]
    rich = next(row for row in rows if "张大山" in row)
    poor = next(row for row in rows if "王五" in row)
    assert FLAG_INCOME_ABOVE in rich and f"不低于{this_year()}年监测标准 6,000 元" in rich
    assert FLAG_INCOME_ABOVE not in poor
