"""A household whose every member died or moved out has no per-capita net income: not 0.00, which read as below
every line, so that screening put a household that is to be closed (注销) on the township's worklist. The year's
row, the household's copy of it (households migration 0008), the API and the pages say none (—), screening does
not hit it, and its page's prompt is to close it."""

import datetime as dt
from decimal import Decimal

import pytest

from households.choices import LivingStatus
from households.models import HouseholdIncome
from households.services import income
from households.services.member_status import member_set_status
from screening.choices import RunKind
from screening.models import ScreeningResult
from screening.services.runs import screening_run
from tests.clock import this_year, today
from tests.screening.test_latest_income import latest

pytestmark = pytest.mark.django_db


@pytest.fixture
def emptied(line, personas, make_household):
    """A household of one whose income (1,000 a head) was below the line; its only member then moved out."""
    household = make_household("1000.00", members=1)
    head = household.members.get()
    member_set_status(
        left_reason="work", actor=personas.county_officer, member=head, status=LivingStatus.MOVED_OUT, on=today()
    )
    return household


def test_the_emptied_household_has_no_per_capita_figure(emptied, personas):
    row = HouseholdIncome.objects.get(household=emptied, year=this_year())

    assert (row.members_count, row.per_capita_net_income) == (0, None)
    assert latest(emptied)[:2] == (this_year(), None)
    # Saving the year again says why there is no figure and what to do.
    saved = income.income_save(
        actor=personas.county_officer, household=emptied, year=this_year(), amounts={"wage_income": Decimal("500")}
    )
    assert saved.per_capita_net_income is None
    assert "无法计算人均纯收入" in income.income_saved_message(saved) and "注销" in income.income_saved_message(saved)


def test_screening_does_not_hit_the_emptied_household(emptied):
    screening_run(kind=RunKind.NIGHTLY, on_date=dt.date(this_year(), 12, 1))

    assert not ScreeningResult.objects.filter(household=emptied, is_current=True).exists()


def test_the_page_and_the_api_say_no_figure(emptied, personas, login):
    client = login(personas.county_officer)

    page = client.get(f"/households/{emptied.pk}/?tab=income").content.decode()
    api = client.get(f"/api/v1/incomes/?household={emptied.pk}").json()

    assert '<td data-label="人均纯收入"><strong>—</strong></td>' in page
    assert "0.00</strong>" not in page.split('data-label="人均纯收入"')[1][:40]
    assert "该户已无在册成员" in page  # the prompt to close it
    rows = api["results"] if isinstance(api, dict) else api
    assert [r["per_capita_net_income"] for r in rows] == [None]
