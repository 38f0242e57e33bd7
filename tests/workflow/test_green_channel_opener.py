"""Review (township) finding 4: a green-channel case skips the village's review until after the approval (001 §四),
so its 乡镇审核 is the township's only check on the opening: the township officer who opened it may not decide it
(pass, return or refuse); another township officer does, and the case page tells the opener so instead of a form."""

import pytest

from accounts.choices import Role
from config.errors import ApplicationError
from tests.factories import UserFactory
from tests.workflow.helpers import case_act
from tests.workflow.test_green_channel import open_green, status
from workflow.choices import CaseStepStatus, Outcome
from workflow.services.step_waits import MSG_GREEN_OPENER_AUDIT

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(county):
    path, name = county.township.path, county.township.name
    return UserFactory(username="township_colleague", role=Role.TOWNSHIP_OFFICER, region_path=path, region_name=name)


@pytest.mark.parametrize("outcome", [Outcome.PASS, Outcome.REJECT])
def test_the_opener_may_not_decide_the_township_audit_of_their_green_channel_case(personas, household_a, outcome):
    case = open_green(personas.township, household_a)

    with pytest.raises(ApplicationError, match="绿色通道案件须由发起人以外的乡镇人员审核"):
        case_act(actor=personas.township, case=case, step_code="township_audit", outcome=outcome, note="不符合")

    assert status(case, "township_audit") == CaseStepStatus.OPEN


def test_another_township_officer_audits_it_and_the_opener_is_told_on_the_page(personas, login, household_a, colleague):
    case = open_green(personas.township, household_a)

    page = login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert MSG_GREEN_OPENER_AUDIT in page and 'id="act-township_audit"' not in page
    assert 'id="act-township_audit"' in login(colleague).get(f"/workflow/cases/{case.pk}/").content.decode()

    case_act(actor=colleague, case=case, step_code="township_audit", outcome=Outcome.PASS)

    assert status(case, "township_audit") == CaseStepStatus.DONE


def test_a_green_channel_case_the_county_opened_is_audited_by_the_township_as_before(personas, household_a):
    case = open_green(personas.county_officer, household_a)

    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)

    assert status(case, "township_audit") == CaseStepStatus.DONE


def test_the_opener_does_not_find_the_audit_they_may_not_do_in_my_tasks(personas, login, household_a, colleague):
    """Review finding: the case sat in its opener's 我的任务 as 待办：乡镇审核, refused when they acted on it. It is the
    other township officers' task: in their list, tile and API, not in the opener's."""
    from tests.workflow.helpers import task_tile

    case = open_green(personas.township, household_a)
    opener, other = login(personas.township), login(colleague)

    assert case not in opener.get("/workflow/").context["page"].object_list
    assert task_tile(opener.get("/").content.decode()) in (None, "0")
    assert case.pk not in [row["id"] for row in opener.get("/api/v1/cases/?mine=yes").json()["results"]]
    assert case in other.get("/workflow/").context["page"].object_list
    assert task_tile(other.get("/").content.decode()) == "1"
    assert case.pk in [row["id"] for row in other.get("/api/v1/cases/?mine=yes").json()["results"]]
