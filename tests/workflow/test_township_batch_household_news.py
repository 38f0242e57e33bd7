"""The township batch audit (乡镇批量审核) says a member found deceased or moved out since the case opened, as the
county's batch approval does (workflow.household_news: one notice, one API field): on its cards, its confirmation
and its API, before the township passes the household on with figures that no longer hold. The county's batch API
gives the same field."""

import datetime as dt

import pytest

from alerts.advisories import GONE_NOT_REGISTERED, MSG_MEMBER_GONE
from alerts.choices import AlertOutcome
from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from tests.workflow.test_batch_household_news import _verified
from tests.workflow.township_helpers import at_township, selection

pytestmark = pytest.mark.django_db
URL = "/workflow/township-audit/"
API_URL = "/api/v1/township-audits/"


def gone(on):
    """What the notice says of 李秀英 (household_a), verified deceased on `on` and still registered living."""
    return MSG_MEMBER_GONE.format(name="李秀英", outcome="已故", date=on, registry=GONE_NOT_REGISTERED)


@pytest.fixture
def two(personas, household_a, household_b):
    return [at_township(personas, household_a, personas.cadre_a), at_township(personas, household_b, personas.cadre_b)]


@pytest.fixture
def news(personas, household_a):
    """李秀英 verified deceased today, after the case opened; 张大山 verified moved out before it opened (known when
    the case was proposed: not news)."""
    _verified(household_a, "李秀英", outcome=AlertOutcome.DECEASED, on=today(), by=personas.cadre_a)
    earlier = today() - dt.timedelta(days=30)
    _verified(household_a, "张大山", outcome=AlertOutcome.MOVED, on=earlier, by=personas.cadre_a)
    return gone(today())


def test_the_township_card_and_its_confirmation_say_a_member_verified_deceased_since_the_case_opened(
    personas, login, two, news
):
    client = login(personas.township)

    page = client.get(URL).content.decode()

    assert page.count("data-household-news") == 1
    assert news in page and "请核实家庭人口和收入后再审核。" in page
    assert "张大山经部门预警" not in page

    confirm = client.post(URL, {"case": selection(two), "outcome": "pass", "note": "情况属实"}).content.decode()

    assert "确认通过 2 户" in confirm
    assert confirm.count("data-household-news") == 1 and news in confirm


def test_the_township_batch_api_gives_the_news_in_its_list_and_for_one_case(personas, login, two, news):
    client = login(personas.township)

    rows = {row["head_name"]: row for row in client.get(API_URL).json()["results"]}
    one = client.get(f"{API_URL}{two[0].pk}/").json()

    assert rows["张大山"]["household_news"] == [news]
    assert rows["王五"]["household_news"] == []
    assert one["household_news"] == [news]


def test_the_county_batch_api_queue_gives_the_same_news(personas, login, household_a, household_b):
    at_approval(personas, household_a, personas.cadre_a)
    at_approval(personas, household_b, personas.cadre_b)
    _verified(household_a, "李秀英", outcome=AlertOutcome.DECEASED, on=today(), by=personas.cadre_a)

    rows = login(personas.approver).get("/api/v1/batches/queue/").json()["results"]

    assert {row["head_name"]: row["household_news"] for row in rows} == {"张大山": [gone(today())], "王五": []}
