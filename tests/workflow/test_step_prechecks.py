"""Review rev-cadre 8: a step's form checks, before its "提交后不能撤回" confirmation, the inputs the service would
refuse it without (workflow.services.step_inputs). The page carries them, and the service refuses each with the very
message the page shows first, so the two cannot drift apart."""

import html
import json
import re

import pytest

from tests.workflow.batch_helpers import at_approval, open_case
from workflow.choices import Outcome, StepKind
from workflow.models import Step
from workflow.services.approval_records import MSG_NUMBER_FORM
from workflow.services.step_inputs import required_inputs

pytestmark = pytest.mark.django_db


def prechecks(page: str) -> list[dict]:
    """The one step form's data-prechecks (the user has one step to act on)."""
    [found] = re.findall(r'data-prechecks="([^"]*)"', page)
    return json.loads(html.unescape(found))


def test_the_review_form_carries_its_prechecks_and_the_service_says_the_same(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a)
    client = login(personas.cadre_a)
    url = f"/workflow/cases/{case.pk}/"

    needs = prechecks(client.get(url).content.decode())

    assert needs == required_inputs(Step.objects.get(procedure=case.procedure, code="village_review"))
    for need in needs:
        data = {"village_review-step_code": "village_review", "village_review-outcome": need["outcome"]}
        page = client.post(url, data).content.decode()
        assert need["message"] in page, need
    assert {(n["outcome"], n["field"]) for n in needs} == {(Outcome.PASS, "attachment"), (Outcome.REJECT, "note")}


def test_the_approval_needs_its_document_number_and_a_return_its_note(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    client = login(personas.approver)
    url = f"/workflow/cases/{case.pk}/"

    needs = prechecks(client.get(url).content.decode())

    # A 不通过 is a 批复 as a 通过 is (services.approval_records.records_decision): both need the number.
    assert {(n["outcome"], n["field"]) for n in needs} == {
        (Outcome.PASS, "document_number"), (Outcome.REJECT, "document_number"), (Outcome.REJECT, "note"),
        (Outcome.RETURN, "note"),
    }  # fmt: skip
    for need in needs:
        data = {"county_approval-step_code": "county_approval", "county_approval-outcome": need["outcome"]}
        if "pattern" in need:  # the 批复文号's form: a number typed without the year in brackets
            data["county_approval-document_number"] = "永农组字2026年12号"
        assert need["message"] in client.post(url, data).content.decode(), need
    assert [n["message"] for n in needs if "pattern" in n] == [MSG_NUMBER_FORM, MSG_NUMBER_FORM]
    assert Step.objects.get(procedure=case.procedure, code="county_approval").kind == StepKind.COUNTY_APPROVAL
