"""Review finding (registry import #3): when this year's monitoring line is not entered, the income flag of the
提请审批名单 (and of the batch queue and its API) quotes the earlier year's line as standing in, in screening's
words (IncomeLine: 沿用2021年监测标准 6,000 元（2026年未录入）), instead of comparing this year's income with a bare
"2021年监测标准"."""

from decimal import Decimal

import pytest

from households.services.income import income_save
from screening.models import MonitoringLine
from tests.clock import this_year
from tests.workflow.batch_helpers import at_approval
from workflow.selectors_batches import FLAG_INCOME_ABOVE

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich(personas, household_a):
    """Only the seeded 2021 line of 江西省 (6,000 元): 张大山's household (2 people, 20,000 元 each this year) proposed
    for income below the line."""
    MonitoringLine.objects.filter(year__gt=2021).delete()
    assert MonitoringLine.objects.filter(year=2021, region_prefix="36", amount=Decimal("6000")).exists()
    year = this_year()
    income_save(actor=personas.cadre_a, household=household_a, year=year, amounts={"wage_income": Decimal("40000")})
    return at_approval(personas, household_a, personas.cadre_a, risk_types=["low_income"])


def stand_in() -> str:
    return f"{this_year()}年人均纯收入 20,000.00 元，不低于沿用2021年监测标准 6,000 元（{this_year()}年未录入）。"


def test_the_submission_list_says_the_2021_line_stands_in(personas, login, rich):
    page = login(personas.approver).get("/workflow/batches/submission/").content.decode()

    assert FLAG_INCOME_ABOVE in page and stand_in() in page
    assert "不低于2021年监测标准" not in page


def test_the_queue_and_its_api_say_the_same(personas, login, rich):
    client = login(personas.approver)

    page = client.get("/workflow/batches/").content.decode()
    rows = {row["id"]: row for row in client.get("/api/v1/batches/queue/").json()["results"]}

    assert stand_in() in page
    assert rows[rich.pk]["income_flag"] == stand_in()


def test_this_years_line_once_entered_is_quoted_plainly(personas, login, rich):
    MonitoringLine.objects.create(year=this_year(), region_prefix="36", region_label="江西省", amount=Decimal("7000"))

    page = login(personas.approver).get("/workflow/batches/submission/").content.decode()

    assert f"不低于{this_year()}年监测标准 7,000 元。" in page and "沿用" not in page


def test_an_income_at_an_inclusive_line_is_not_flagged(personas, login, rich):
    # 标准以下含本数: screening finds 20,000 元 inside a 20,000 元 inclusive line; the proposal does not contradict it.
    MonitoringLine.objects.create(
        year=this_year(), region_prefix="36", region_label="江西省", amount=Decimal("20000"), inclusive=True
    )

    page = login(personas.approver).get("/workflow/batches/submission/").content.decode()

    assert FLAG_INCOME_ABOVE not in page
