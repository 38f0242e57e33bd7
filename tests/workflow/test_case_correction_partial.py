"""Village correction of a returned case through the API (POST /api/v1/cases/{id}/correct/) is a partial body: a
field the client leaves out stays as the case has it. A client correcting only the category must not reset a
national code chosen on purpose (因残 for a medical cost) to the usual one."""

import pytest

from households.choices import MonitoringCategory
from tests.config.schema_check import openapi
from tests.workflow.helpers import case_act
from tests.workflow.steps_helpers import walk_to
from workflow.api_corrections import MSG_CORRECT_NOTHING
from workflow.choices import CaseKind, Channel, Outcome
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def _returned(personas, household):
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["disability"],  # a deliberate choice: the usual code would be 因病
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    walk_to(personas, case, "township_audit")
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note="请核实")
    return case


def _correct(client, case, body):
    return client.post(f"/api/v1/cases/{case.pk}/correct/", body, content_type="application/json")


def test_a_field_left_out_of_the_body_stays_as_it_is(personas, login, household_a):
    case = _returned(personas, household_a)
    client = login(personas.cadre_a)

    same_types = _correct(client, case, {"risk_types": ["medical_cost"], "category": "unstable"})

    assert same_types.status_code == 200, same_types.content.decode()
    assert same_types.json()["national_risk_types"] == ["disability"]
    case.refresh_from_db()
    assert case.category == MonitoringCategory.UNSTABLE_LIFTED_OUT and case.national_risk_types == ["disability"]
    assert "国家系统风险类型" not in case.events.get(action="case_correct").summary

    # Only the category: the risk types and their codes stay.
    only_category = _correct(client, case, {"category": "sudden_hardship"})
    assert only_category.status_code == 200, only_category.content.decode()
    case.refresh_from_db()
    assert case.category == MonitoringCategory.SUDDEN_HARDSHIP
    assert case.risk_types == ["medical_cost"] and case.national_risk_types == ["disability"]

    # A risk type added: the medical cost keeps its 因残, the new type takes its own code.
    more = _correct(client, case, {"risk_types": ["medical_cost", "unemployment"]})
    assert more.status_code == 200, more.content.decode()
    case.refresh_from_db()
    assert case.category == MonitoringCategory.SUDDEN_HARDSHIP
    assert sorted(case.national_risk_types) == ["disability", "unstable_employment"]

    # The codes sent empty on purpose: the usual ones, as on the page when no box is ticked.
    usual = _correct(client, case, {"national_risk_types": []})
    assert usual.status_code == 200, usual.content.decode()
    case.refresh_from_db()
    assert sorted(case.national_risk_types) == ["illness", "unstable_employment"]


def test_an_empty_body_corrects_nothing(personas, login, household_a):
    case = _returned(personas, household_a)
    response = _correct(login(personas.cadre_a), case, {})
    assert response.status_code == 400 and MSG_CORRECT_NOTHING in response.content.decode()
    assert not case.events.filter(action="case_correct").exists()


def test_the_schema_says_every_field_may_be_left_out(personas, login):
    schema = openapi(login(personas.cadre_a))
    body = schema["paths"]["/api/v1/cases/{id}/correct/"]["post"]["requestBody"]["content"]["application/json"]
    name = body["schema"]["$ref"].rsplit("/", 1)[-1]
    component = schema["components"]["schemas"][name]
    assert not component.get("required")
    assert "不改" in component["properties"]["national_risk_types"]["description"]
