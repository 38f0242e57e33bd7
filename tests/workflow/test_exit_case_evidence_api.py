"""Review alertout, finding 2: what a 风险消除 rests on (its household's per-capita income against the line, its
两不愁三保障 and water findings, its measures), shown on its case page since 8ac9e2da, is read by the case API too:
GET /api/v1/cases/{id}/ carries it as exit_evidence, from the page's own selectors, and the schema says so."""

import pytest
from django.utils import timezone

from households.models import Household
from tests.config.schema_check import assert_matches_schema, openapi
from tests.workflow.batch_helpers import open_case
from tests.workflow.helpers import exit_ready
from tests.workflow.test_services import run_exit
from workflow.choices import CaseKind, Channel
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def exit_case(personas, monitored_a):
    exit_ready(monitored_a)
    return case_open(
        actor=personas.cadre_a,
        household=monitored_a,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )


def test_an_exit_read_alone_carries_its_income_guarantees_and_measures(personas, login, exit_case):
    Household.objects.filter(pk=exit_case.household_id).update(water_ok=False)
    client = login(personas.approver)

    response = client.get(f"/api/v1/cases/{exit_case.pk}/")

    evidence = response.json()["exit_evidence"]
    year = timezone.localdate().year
    assert evidence["as_of_closing"] is False
    assert evidence["income"]["year"] == year and evidence["income"]["entered"] is True
    assert evidence["income"]["per_capita"] == "60000.00"
    guarantees = {g["code"]: (g["label"], g["secured"]) for g in evidence["guarantees"]}
    assert guarantees["water_ok"] == ("饮水安全无保障", False)
    assert all(secured for code, (_, secured) in guarantees.items() if code != "water_ok")
    assert evidence["measures"] == "共 1 项：实施中 1 项"
    assert_matches_schema(openapi(client), "/api/v1/cases/{id}/", "get", response)


def test_a_decided_exit_says_its_income_is_as_it_closed(personas, login, monitored_a):
    case = run_exit(personas, monitored_a)

    evidence = login(personas.township).get(f"/api/v1/cases/{case.pk}/").json()["exit_evidence"]

    assert evidence["as_of_closing"] is True and evidence["income"]["per_capita"] == "60000.00"


def test_other_cases_carry_none_and_the_list_does_without_it(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a)
    client = login(personas.township)

    response = client.get(f"/api/v1/cases/{case.pk}/")

    assert response.json()["exit_evidence"] is None
    assert_matches_schema(openapi(client), "/api/v1/cases/{id}/", "get", response)
    assert "exit_evidence" not in client.get("/api/v1/cases/").json()["results"][0]
