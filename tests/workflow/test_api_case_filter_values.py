"""Case and household list filters take the values a script has in hand (review API integrator finding 4): ?step=
the steps[].code the responses carry (the Chinese name still works), yes/no flags as true/false/1/0 too, a bad
value listed against the allowed ones; a malformed version on act is a 400 at version, not a 409 "case changed"."""

import pytest

from config.api import MSG_BAD_YES, MSG_NO_NOT_A_FILTER
from households.choices import MonitoringCategory
from households.models import Household
from tests.workflow.helpers import sign_consent
from workflow.api_fields import MSG_BAD_VERSION
from workflow.choices import CaseKind, Channel
from workflow.models import CaseStep
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_a(personas, household_a):
    sign_consent(actor=personas.cadre_a, household=household_a)
    return case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content.decode()[:300]
    return [row["id"] for row in response.json()["results"]]


def test_the_case_list_takes_the_step_code_the_responses_carry(personas, login, case_a):
    client = login(personas.cadre_a)
    step = next(s for s in client.get(f"/api/v1/cases/{case_a.pk}/").json()["steps"] if s["status"] == "open")

    assert _ids(client.get("/api/v1/cases/", {"step": step["code"]})) == [case_a.pk]
    assert _ids(client.get("/api/v1/cases/", {"step": step["name"]})) == [case_a.pk]
    refused = client.get("/api/v1/cases/", {"step": "zzz"})
    assert refused.status_code == 400 and f"{step['code']}（{step['name']}）" in refused.json()["step"][0]


@pytest.mark.parametrize("value", ["yes", "true", "True", "1"])
def test_flags_take_true_and_1_as_yes(personas, login, case_a, value):
    client = login(personas.cadre_a)

    assert _ids(client.get("/api/v1/cases/", {"mine": value})) == [case_a.pk]
    assert client.get("/api/v1/cases/", {"overdue": value}).status_code == 200
    assert client.get("/api/v1/households/", {"monitored": value}).status_code == 200


@pytest.mark.parametrize("value", ["no", "false", "0"])
def test_monitored_set_to_false_keeps_the_households_not_monitored(personas, login, household_a, household_b, value):
    # ?monitored=false returned every household, the monitored ones included, as if no filter had been given.
    Household.objects.filter(pk=household_a.pk).update(monitoring_category=MonitoringCategory.values[0])
    client = login(personas.county_officer)
    everyone = client.get("/api/v1/households/", {"page_size": 500}).json()["results"]
    others = client.get("/api/v1/households/", {"monitored": value, "page_size": 500}).json()["results"]

    assert {row["id"] for row in others} == {row["id"] for row in everyone if not row["monitoring_category"]}
    assert any(row["monitoring_category"] for row in everyone) and others


@pytest.mark.parametrize("value", ["no", "false", "0"])
def test_a_flag_that_cannot_be_negated_refuses_false_naming_the_values_taken(personas, login, case_a, value):
    client = login(personas.cadre_a)

    for name in ("overdue", "mine"):
        refused = client.get("/api/v1/cases/", {name: value})
        assert refused.status_code == 400
        assert refused.json()[name] == [
            MSG_BAD_YES.format(allowed="yes、true、1" + MSG_NO_NOT_A_FILTER) % {"value": value}
        ]


def test_a_bad_flag_value_lists_the_allowed_ones(personas, login):
    client = login(personas.cadre_a)

    for path, name in [("/api/v1/cases/", "mine"), ("/api/v1/cases/", "overdue"), ("/api/v1/households/", "monitored")]:
        refused = client.get(path, {name: "maybe"})
        assert refused.status_code == 400
        assert refused.json()[name][0].startswith("“maybe”不是可用的取值，可用：yes、true、1")
    assert "no、false、0" in client.get("/api/v1/households/", {"monitored": "maybe"}).json()["monitored"][0]


def test_the_schema_documents_the_values_each_flag_takes(personas, login):
    schema = login(personas.cadre_a).get("/api/v1/schema/", {"format": "json"}).json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/households/"]["get"]["parameters"]}
    case_params = {p["name"]: p for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}

    assert params["monitored"]["schema"]["enum"] == ["0", "1", "false", "no", "true", "yes"]
    assert "只看非监测对象" in params["monitored"]["description"]
    assert case_params["overdue"]["schema"]["enum"] == ["1", "true", "yes"]
    assert "no/false/0 为400" in case_params["overdue"]["description"]


def test_a_bad_outcome_on_act_lists_the_outcomes(personas, login, case_a):
    body = {"step_code": "village_review", "outcome": "fail", "version": 1}

    response = login(personas.cadre_a).post(f"/api/v1/cases/{case_a.pk}/act/", body, content_type="application/json")

    assert response.status_code == 400
    message = response.json()["outcome"][0]
    assert message.startswith("“fail”不是可用的取值，可选：") and "pass（通过）" in message and "return（" in message


def test_a_malformed_version_on_act_is_a_400_naming_version(personas, login, case_a):
    client = login(personas.cadre_a)
    body = {"step_code": "village_review", "outcome": "pass", "version": "garbage"}

    response = client.post(f"/api/v1/cases/{case_a.pk}/act/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["version"] == [MSG_BAD_VERSION]
    assert CaseStep.objects.get(case=case_a, step__code="village_review").status == "open"


def test_the_act_outcome_return_is_labelled_for_both_levels(personas, login, case_a):
    body = {"step_code": "village_review", "outcome": "fail", "version": 1}

    response = login(personas.cadre_a).post(f"/api/v1/cases/{case_a.pk}/act/", body, content_type="application/json")

    # One `return` for the township's (to the village) and the county's (to the township).
    message = response.json()["outcome"][0]
    assert "return（退回补正（乡镇审核退回村级，县级审批退回乡镇））" in message and "退回村级补正" not in message
