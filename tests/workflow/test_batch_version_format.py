"""A malformed version sent with a batch (the county's batch approval, the township's batch audit) is the client's
mistake: a 400 at the case's version, nothing done, as on a single case's act; not a 409 saying the case changed."""

import pytest

from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from tests.workflow.township_helpers import at_township
from workflow.api_fields import MSG_BAD_BATCH_VERSION
from workflow.models import BatchItem, CaseStep
from workflow.services.batches import case_version

pytestmark = pytest.mark.django_db


def _versions(good, bad):
    return [{"id": good.pk, "version": case_version(good)}, {"id": bad.pk, "version": "garbage"}]


def test_a_malformed_version_in_a_county_batch_is_a_400_at_that_cases_version(
    personas, login, household_a, household_b
):
    two = [at_approval(personas, household_a, personas.cadre_a), at_approval(personas, household_b, personas.cadre_b)]
    body = {"cases": _versions(*two), "decision": "approve", "document_number": "永巩固〔2026〕41号"}
    body["decided_on"] = today().isoformat()

    answer = login(personas.approver).post("/api/v1/batches/", body, content_type="application/json")

    assert answer.status_code == 400, answer.content
    assert answer.json()["cases"] == {"1": {"version": [MSG_BAD_BATCH_VERSION]}}
    assert "version" in MSG_BAD_BATCH_VERSION
    assert not BatchItem.objects.exists()


def test_a_malformed_version_in_a_township_batch_audit_is_a_400_at_that_cases_version(
    personas, login, household_a, household_b
):
    two = [at_township(personas, household_a, personas.cadre_a), at_township(personas, household_b, personas.cadre_b)]
    body = {"cases": _versions(*two), "outcome": "pass"}

    answer = login(personas.township).post("/api/v1/township-audits/decide/", body, content_type="application/json")

    assert answer.status_code == 400, answer.content
    assert answer.json()["cases"] == {"1": {"version": [MSG_BAD_BATCH_VERSION]}}
    steps = CaseStep.objects.filter(case__in=two, step__code="township_preliminary")
    assert {step.status for step in steps} == {"open"}
