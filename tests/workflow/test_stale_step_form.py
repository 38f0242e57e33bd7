"""Review finding (approver #6): a step form submitted from a stale tab (the step was acted on meanwhile, here by a
batch) is not dropped silently: the case page says the service's own message, as the API does."""

import pytest
from django.utils import timezone

from tests.workflow.batch_helpers import at_approval
from workflow.models import CaseStep
from workflow.services.batches import CaseRef, batch_decide, case_version
from workflow.services.cases import MSG_STEP_DONE

pytestmark = pytest.mark.django_db


def test_a_stale_tab_is_told_the_step_was_acted_on(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    client = login(personas.approver)
    assert "办理：县级审批" in client.get(f"/workflow/cases/{case.pk}/").content.decode()  # tab A
    batch_decide(  # tab B
        actor=personas.approver,
        refs=[CaseRef(case.pk, case_version(case))],
        decision="approve",
        document_number="永巩固〔2026〕24号",
        decided_on=timezone.localdate(),
    )
    response = client.post(  # tab A submits
        f"/workflow/cases/{case.pk}/",
        {
            "county_approval-step_code": "county_approval",
            "county_approval-outcome": "pass",
            "county_approval-document_number": "永巩固〔2026〕25号",
        },
        follow=True,
    )
    page = response.content.decode()
    assert MSG_STEP_DONE.format(step="县级审批") in page and "msg-error" in page
    assert "25号" not in CaseStep.objects.get(case=case, step__code="county_approval").note


def test_another_roles_form_is_told_whose_step_it_is(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    response = login(personas.county_officer).post(
        f"/workflow/cases/{case.pk}/",
        {"county_approval-step_code": "county_approval", "county_approval-outcome": "pass"},
        follow=True,
    )
    assert "“县级审批”环节须由县领导小组办理。" in response.content.decode()
