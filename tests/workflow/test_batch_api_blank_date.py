"""Review finding (county 3): POST /api/v1/batches/ required decided_on while the batch page lets it be blank and
works it out (services.batches.batch_date: the earlier batch's date for a 批复文号 on file, else today). The API
now takes it blank or missing by the same rule, and its schema says so."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from workflow.choices import CaseStepStatus
from workflow.models import Batch, CaseStep
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db
NUMBER = "永防返贫〔2026〕78号"


def backdated(case, days=10):
    CaseStep.objects.filter(case=case, status=CaseStepStatus.DONE).update(
        acted_at=timezone.now() - dt.timedelta(days=days)
    )
    type(case).objects.filter(pk=case.pk).update(discovered_on=today() - dt.timedelta(days=days + 5))
    case.refresh_from_db()
    return case


def post(client, case, **extra):
    body = {
        "cases": [{"id": case.pk, "version": case_version(case)}],
        "decision": "approve",
        "document_number": NUMBER,
        **extra,
    }
    return client.post("/api/v1/batches/", body, content_type="application/json")


def test_the_api_without_a_date_adds_households_to_an_older_batch_under_its_date(
    personas, login, household_a, household_b
):
    first = backdated(at_approval(personas, household_a, personas.cadre_a))
    older = today() - dt.timedelta(days=4)
    batch_decide(
        actor=personas.approver,
        refs=[CaseRef(first.pk, case_version(first))],
        decision="approve",
        document_number=NUMBER,
        decided_on=older,
    )
    second = backdated(at_approval(personas, household_b, personas.cadre_b))

    response = post(login(personas.approver), second)

    assert response.status_code == 201, response.content
    assert response.json()["decided_on"] == older.isoformat()
    assert list(Batch.objects.order_by("pk").values_list("decided_on", flat=True)) == [older, older]


def test_the_api_with_a_null_date_and_a_new_number_is_today(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)

    response = post(login(personas.approver), case, decided_on=None)

    assert response.status_code == 201, response.content
    assert Batch.objects.get().decided_on == today()


def test_the_schema_says_the_date_may_be_left_out(personas, login):
    schema = login(personas.approver).get("/api/v1/schema/", {"format": "json"}).json()
    request = schema["components"]["schemas"]["BatchCreateRequest"]

    assert "decided_on" not in request["required"]
    assert request["properties"]["decided_on"]["nullable"] is True
    assert "缺省为该批复文号已有批复的日期，没有的为今天" in request["properties"]["decided_on"]["description"]
