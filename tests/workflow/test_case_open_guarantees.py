"""Review finding (official's ledger review): every household monitored for an unsafe house was recorded 住房安全有
保障 = 是. Seed 000 §三(一)8–9: the risk is the only house (the drinking water) being unsafe, found at the visit, so
opening an inclusion for it sets the household's 住房安全有保障 (饮水安全有保障) to 否 in the same act, on the form
and the API alike, with the change in the household's history (workflow.services.case_opening.unsecure_declared)."""

import pytest

from households.models import Household
from tests.clock import today
from tests.workflow.batch_helpers import open_case
from workflow.choices import CaseKind, Channel
from workflow.models import Case
from workflow.services.case_opening import RISK_GUARANTEE_HELP, unsecure_declared

pytestmark = pytest.mark.django_db


def fresh(household):
    return Household.objects.get(pk=household.pk)


def test_the_case_form_says_it_and_opening_for_an_unsafe_house_records_it_not_secured(personas, login, household_a):
    client = login(personas.cadre_a)
    url = f"/workflow/households/{household_a.pk}/cases/new/"
    assert RISK_GUARANTEE_HELP in client.get(url).content.decode()
    body = {
        "kind": "identification",
        "channel": Channel.CADRE_VISIT,
        "risk_types": ["unsafe_housing"],
        "category": "sudden_hardship",
        "discovered_on": today().isoformat(),
    }

    response = client.post(url, body)

    assert response.status_code == 302 and Case.objects.filter(household=household_a).exists()
    household = fresh(household_a)
    assert (household.housing_ok, household.water_ok) == (False, True)
    event = household.events.latest("pk")
    assert event.summary.startswith("发起纳入")
    assert event.changes == [{"field": "housing_ok", "label": "住房安全有保障", "old": "是", "new": "否"}]


def test_the_api_records_unsafe_water_and_says_so_in_the_schema(personas, login, household_a):
    client = login(personas.cadre_a)
    body = {
        "household": household_a.pk,
        "kind": "identification",
        "channel": "cadre_visit",
        "risk_types": ["unsafe_water"],
        "category": "sudden_hardship",
    }

    response = client.post("/api/v1/cases/", body, content_type="application/json")

    assert response.status_code == 201, response.content
    assert (fresh(household_a).housing_ok, fresh(household_a).water_ok) == (True, False)
    assert RISK_GUARANTEE_HELP in client.get("/api/v1/schema/").content.decode()


def test_other_risks_and_an_exit_leave_the_guarantees_alone(personas, household_a):
    open_case(personas.cadre_a, household_a)  # a medical cost
    assert (fresh(household_a).housing_ok, fresh(household_a).water_ok) == (True, True)

    exit_case = Case(kind=CaseKind.EXIT, risk_types=["unsafe_housing"], national_risk_types=["housing"])
    assert unsecure_declared(fresh(household_a), exit_case) == []
    assert fresh(household_a).housing_ok is True
