"""Review finding 2's safety net: a transaction PostgreSQL chose twice as a deadlock's victim (services.case_locks
.Busy; the retry itself is tested with real deadlocks in test_lock_order) is answered 系统繁忙 by the batch page,
the step page and the API, never with a server error. The service is made to report it: nothing else can force a
second deadlock on demand."""

import pytest
from django.utils import timezone

from tests.workflow.batch_helpers import at_approval
from tests.workflow.test_applications_village import apply
from workflow.models import Batch, CaseStep
from workflow.services.batches import case_version
from workflow.services.case_locks import MSG_BUSY, Busy

pytestmark = pytest.mark.django_db


def busy(**kwargs):
    raise Busy(MSG_BUSY)


@pytest.fixture
def case(personas, household_a):
    return at_approval(personas, household_a, personas.cadre_a)


def test_the_batch_page_says_busy_and_keeps_the_ticks(personas, login, case, monkeypatch):
    monkeypatch.setattr("workflow.views_batches.batch_decide", busy)
    ticked = f"{case.pk}:{case_version(case)}"
    body = {
        "case": [ticked],
        "decision": "approve",
        "document_number": "永巩固〔2026〕20号",
        "decided_on": timezone.localdate().isoformat(),
        "confirmed": "1",
    }
    response = login(personas.approver).post("/workflow/batches/", body)
    page = response.content.decode()
    assert response.status_code == 200 and MSG_BUSY in page and not Batch.objects.exists()
    assert f'value="{ticked}" class="batch-case" checked' in page


def test_the_step_page_and_the_api_say_busy(personas, login, case, monkeypatch):
    # The page and the API act through services.batch_announce.step_act (a township 公告's date), which calls case_act.
    monkeypatch.setattr("workflow.services.batch_announce.case_act", busy)
    client = login(personas.approver)
    form = {
        "county_approval-step_code": "county_approval",
        "county_approval-outcome": "pass",
        "county_approval-document_number": "永巩固〔2026〕31号",
    }
    page = client.post(f"/workflow/cases/{case.pk}/", form)
    assert page.status_code == 200 and MSG_BUSY in page.content.decode()
    body = {"step_code": "county_approval", "outcome": "pass", "document_number": "永巩固〔2026〕31号"}
    api = client.post(f"/api/v1/cases/{case.pk}/act/", body, content_type="application/json")
    assert api.status_code == 503 and api.json()["detail"] == MSG_BUSY
    assert CaseStep.objects.get(case=case, step__code="county_approval").outcome == ""


def test_joining_an_application_through_the_api_says_busy_as_a_503(personas, county, login, monkeypatch):
    """application_join_case retries a deadlock too: a second one is the server's trouble, not a bad request."""
    application = apply(county.village_a)
    monkeypatch.setattr("workflow.services.applications.application_join_case", busy)
    api = login(personas.cadre_a).post(
        f"/api/v1/applications/{application.pk}/join-case/",
        {"identity_confirmed": True},
        content_type="application/json",
    )
    assert api.status_code == 503 and api.json()["detail"] == MSG_BUSY
