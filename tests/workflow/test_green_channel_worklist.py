"""A green-channel case waits for the township's audit before the county approver's step (001 §四 "县乡审核";
services.pass_rules.MSG_GREEN_TOWNSHIP_FIRST): until then it is not in the approver's 我的任务 (page, home tile,
API) and its page offers no approval form, because the service would refuse any act on that step (review finding:
the approver saw it as a task and was refused after submitting)."""

import pytest

from config.errors import ApplicationError
from tests.workflow.helpers import case_act, task_tile
from tests.workflow.test_green_channel import open_green
from workflow import selectors
from workflow.choices import Outcome
from workflow.services.cases import MSG_GREEN_TOWNSHIP_FIRST, act_refusal

pytestmark = pytest.mark.django_db

APPROVAL_FORM = "<h2>办理：县级审批"


def test_a_green_case_waiting_for_the_township_is_not_the_approver_s_task(personas, login, household_a):
    case = open_green(personas.county_officer, household_a)
    approver = login(personas.approver)

    assert not selectors.my_tasks(actor=personas.approver).filter(pk=case.pk).exists()
    assert selectors.my_task_count(personas.approver) == 0
    assert "张大山" not in approver.get("/workflow/").content.decode()
    assert task_tile(approver.get("/").content.decode()) in (None, "0")
    listed = approver.get("/api/v1/cases/?mine=yes").json()
    assert case.pk not in [row["id"] for row in listed.get("results", listed)]
    page = approver.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert APPROVAL_FORM not in page and MSG_GREEN_TOWNSHIP_FIRST in page

    # The township's audit is its task meanwhile.
    assert selectors.my_tasks(actor=personas.township).filter(pk=case.pk).exists()
    assert "<h2>办理：乡镇审核" in login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()


def test_once_the_township_has_audited_it_the_approval_is_the_approver_s_task(personas, login, household_a):
    case = open_green(personas.county_officer, household_a)
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    approver = login(personas.approver)

    assert selectors.my_tasks(actor=personas.approver).filter(pk=case.pk).exists()
    assert "张大山" in approver.get("/workflow/").content.decode()
    page = approver.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert APPROVAL_FORM in page and MSG_GREEN_TOWNSHIP_FIRST not in page


@pytest.mark.parametrize("outcome", [Outcome.REJECT, Outcome.RETURN])
def test_the_approver_may_not_act_on_the_step_in_any_way_before_the_township(personas, household_a, outcome):
    case = open_green(personas.county_officer, household_a)

    assert act_refusal(actor=personas.approver, case=case, step_code="county_approval") == MSG_GREEN_TOWNSHIP_FIRST
    with pytest.raises(ApplicationError, match=MSG_GREEN_TOWNSHIP_FIRST[:10]):
        case_act(actor=personas.approver, case=case, step_code="county_approval", outcome=outcome, note="灾情不实")


def test_a_form_posted_for_the_waiting_step_is_refused_with_the_reason(personas, login, household_a):
    case = open_green(personas.county_officer, household_a)

    response = login(personas.approver).post(
        f"/workflow/cases/{case.pk}/",
        {
            "county_approval-step_code": "county_approval",
            "county_approval-outcome": Outcome.PASS,
            "county_approval-document_number": "永巩固〔2026〕9号",
        },
        follow=True,
    )

    page = response.content.decode()
    assert MSG_GREEN_TOWNSHIP_FIRST in page and APPROVAL_FORM not in page
