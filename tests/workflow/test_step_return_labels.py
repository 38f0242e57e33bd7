"""A step's outcome_display says the return of its own level: 退回乡镇补正 at 县级审批 (the case goes back to the
township's audit), 退回村级补正 at 乡镇审核 (back to the village), in the API's step list, the admin's words and the
case page, where it used to read 退回村级补正 for both."""

import pytest

from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import case_act
from workflow.choices import Outcome
from workflow.models import CaseStep

pytestmark = pytest.mark.django_db
NOTE = "缺少县级部门比对的不动产查询证明，请乡镇补充后重新报批。"


@pytest.fixture
def case(personas, household_a):
    return at_approval(personas, household_a, personas.cadre_a)


def steps_of(client, case):
    response = client.get(f"/api/v1/cases/{case.pk}/")
    assert response.status_code == 200
    return {row["code"]: row for row in response.json()["steps"]}


def test_a_county_return_reads_as_a_return_to_the_township_in_the_api_step_list(personas, login, case):
    case_act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.RETURN, note=NOTE)

    steps = steps_of(login(personas.approver), case)

    assert (steps["county_approval"]["outcome"], steps["county_approval"]["outcome_display"]) == (
        "return",
        "退回乡镇补正",
    )
    returned = CaseStep.objects.get(case=case, step__code="county_approval")
    assert returned.get_outcome_display() == "退回乡镇补正"


def test_a_township_return_still_reads_as_a_return_to_the_village(personas, login, case):
    case_act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.RETURN, note=NOTE)
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note="补评议记录")

    steps = steps_of(login(personas.township), case)

    assert steps["township_audit"]["outcome_display"] == "退回村级补正"
    assert steps["county_approval"]["outcome_display"] == "退回乡镇补正"
    assert steps["village_publicity"]["outcome_display"] == "通过"


def test_the_case_page_history_names_the_county_return_as_the_townships(personas, login, case):
    case_act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.RETURN, note=NOTE)

    page = login(personas.approver).get(f"/workflow/cases/{case.pk}/").content.decode()

    assert "退回乡镇补正" in page and "退回村级补正" not in page
