"""Review finding (township 4): an alert about an already monitored household said 纳入监测 and 无返贫致贫风险 could
not be chosen, yet offered both buttons (and 纳入监测's category and risk types). They are not offered now; a post of
either (a page opened before the household was included) is still refused, with the service's own words."""

import datetime as dt
import re

import pytest

from alerts.choices import AlertOutcome
from alerts.models import Alert
from alerts.services.verification import MSG_ALREADY_MONITORED, MSG_MONITORED_NO_RISK
from households.choices import MonitoringCategory
from households.models import Household
from tests.alerts.test_member_health import ILLNESS, raise_alert
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def illness(clerks, people):
    row = ["张大山", people["zhang"].id_number, "白血病", f"{today() - dt.timedelta(days=3):%Y-%m-%d}"]
    return raise_alert(clerks["health"], ILLNESS, row)


def offered(page: str) -> set[str]:
    return set(re.findall(r'<input type="radio" name="outcome" value="([^"]+)"', page))


@pytest.mark.parametrize("who", ["cadre_a", "township"])
def test_a_monitored_households_form_offers_neither_outcome_it_refuses(personas, illness, login, who):
    Household.objects.filter(pk=illness.household_id).update(monitoring_category=MonitoringCategory.MARGINAL)
    page = login(getattr(personas, who)).get(f"/alerts/{illness.pk}/").content.decode()

    choices = offered(page)
    assert AlertOutcome.MONITORED.value in choices and AlertOutcome.WRONG_DATA.value in choices
    assert AlertOutcome.INCLUDE.value not in choices and AlertOutcome.NOT_AT_RISK.value not in choices
    assert 'name="category"' not in page and 'name="risk_types"' not in page
    assert "不能再选“纳入监测”或“无返贫致贫风险”" in page


def test_a_household_not_monitored_is_offered_them(personas, illness, login):
    choices = offered(login(personas.cadre_a).get(f"/alerts/{illness.pk}/").content.decode())
    assert {AlertOutcome.INCLUDE.value, AlertOutcome.NOT_AT_RISK.value} <= choices


@pytest.mark.parametrize(
    ("outcome", "message"),
    [(AlertOutcome.INCLUDE, MSG_ALREADY_MONITORED), (AlertOutcome.NOT_AT_RISK, MSG_MONITORED_NO_RISK)],
)
def test_a_stale_pages_choice_is_refused_in_the_services_words(personas, illness, login, outcome, message):
    Household.objects.filter(pk=illness.household_id).update(monitoring_category=MonitoringCategory.MARGINAL)
    data = {"outcome": outcome, "visited_on": f"{today():%Y-%m-%d}", "note": "户主在家，医保报销后自付不多，收入稳定"}
    response = login(personas.cadre_a).post(f"/alerts/{illness.pk}/", data)

    assert response.context["form"].errors["outcome"] == [message]
    assert Alert.objects.get(pk=illness.pk).status == "pending"
