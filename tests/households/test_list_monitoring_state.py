"""Review finding (exit flow 2): /households/?risk_type=medical_cost listed a household marked 风险消除 beside the
monitored ones, its row saying only 一般农户, and nothing filtered it out (003 §二2: 全面核查…风险消除的稳定性). Each
row of an exited household now says 已风险消除 with its date, and 监测状态 (监测中 / 已风险消除 / 未纳入监测) filters
the page and the API alike (households.selectors.household_list)."""

import datetime as dt

import pytest

from households.choices import HouseholdType, MonitoringCategory, MonitoringState
from tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db

EXITED_ON = dt.date(2026, 6, 30)


@pytest.fixture
def three(county):
    def make(head, **fields):
        return HouseholdFactory(village=county.village_a, head_name=head, risk_types=["medical_cost"], **fields)

    return {
        MonitoringState.MONITORED: make(
            "甲监测", monitoring_category=MonitoringCategory.MARGINAL, monitoring_start=dt.date(2026, 1, 5)
        ),
        MonitoringState.ELIMINATED: make("乙消除", risk_eliminated_on=EXITED_ON),
        MonitoringState.NEVER: make("丙农户", household_type=HouseholdType.ORDINARY),
    }


def test_an_exited_households_row_says_so_with_its_date(personas, login, three):
    page = login(personas.cadre_a).get("/households/?risk_type=medical_cost").content.decode()

    row = page[page.index("乙消除") : page.index("</li>", page.index("乙消除"))]
    assert "data-risk-eliminated" in row and "已风险消除 2026-06-30" in row
    monitored = page[page.index("甲监测") : page.index("</li>", page.index("甲监测"))]
    assert "data-risk-eliminated" not in monitored


@pytest.mark.parametrize("state", list(MonitoringState))
def test_the_page_filters_by_monitoring_state(personas, login, three, state):
    page = login(personas.cadre_a).get(f"/households/?monitoring_state={state}").content.decode()

    assert 'name="monitoring_state"' in page and "监测状态" in page
    shown = {s for s, household in three.items() if household.head_name in page}
    assert shown == {state}


@pytest.mark.parametrize("state", list(MonitoringState))
def test_the_api_filters_by_monitoring_state(personas, login, three, state):
    response = login(personas.cadre_a).get(f"/api/v1/households/?monitoring_state={state}")

    assert response.status_code == 200, response.content
    body = response.json()
    numbers = {row["number"] for row in body.get("results", body)}
    assert numbers == {three[state].number}


def test_the_api_refuses_an_unknown_state(personas, login, three):
    response = login(personas.cadre_a).get("/api/v1/households/?monitoring_state=gone")

    assert response.status_code == 400
