"""The case list dates a decided case by what decided it: 涞源's 县级审定 is the county bureau's, with no 批复文号
(seed 001 §五, Step.needs_approval_number unset), and read "县级批复于" as if the leading group had approved it;
永修's 县级审批 (000 §三(三)5) is a 批复 and keeps "县级批复于"."""

import pytest

from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act
from tests.workflow.test_notice_procedures import laiyuan_at_approval, text
from workflow.choices import Outcome
from workflow.services.cases import case_act

pytestmark = pytest.mark.django_db


def _row(client, case):
    page = text(client.get("/workflow/cases/", {"q": case.household.head_name}))
    assert f"发现于 {case.discovered_on:%Y-%m-%d}" in page
    return page


def test_laiyuans_case_reads_as_decided_by_its_county_review(personas, login, household_a):
    case = laiyuan_at_approval(personas, household_a)
    case_act(actor=personas.county_officer, case=case, step_code="county_approval", outcome=Outcome.PASS)

    page = _row(login(personas.county_officer), case)

    assert f"县级审定于 {today():%Y-%m-%d}" in page
    assert "县级批复于" not in page


def test_yongxius_case_still_reads_as_approved_by_the_county(personas, login, household_a):
    case = act(
        actor=personas.approver,
        case=at_approval(personas, household_a, personas.cadre_a),
        step_code="county_approval",
        outcome=Outcome.PASS,
    )

    page = _row(login(personas.approver), case)

    assert f"县级批复于 {today():%Y-%m-%d}" in page
    assert "县级审定于" not in page
