"""Review finding (涞源 preset): a green channel opens only on a recorded household visit (001 §四 "经入户核查"), yet
涞源's first step 入户核查核实 stayed open and was listed as 欠办 on the case and in the green channel's list. The
visit is the verification: the step passes at the opening, its record naming the visit's date and visitor, and is
not owed. A procedure with no such step (永修's, given a green channel) opens as before."""

import datetime as dt

import pytest

from households.services.visits import visit_record
from tests.clock import today
from tests.workflow.helpers import case_act, sign_consent
from tests.workflow.test_green_channel import open_green
from tests.workflow.test_laiyuan_review_publicity import laiyuan
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import CaseEvent, CaseStep
from workflow.selectors import case_detail

pytestmark = pytest.mark.django_db


def status(case, code):
    return CaseStep.objects.get(case=case, step__code=code).status


def test_laiyuan_household_check_is_done_by_the_visit_and_not_owed(personas, login, household_a):
    laiyuan(personas)
    visited_on = today() - dt.timedelta(days=2)
    visit_record(actor=personas.cadre_a, household=household_a, visited_on=visited_on, notes="入户核查灾情")
    sign_consent(actor=personas.cadre_a, household=household_a)
    case = open_green(personas.county_officer, household_a)

    check = CaseStep.objects.get(case=case, step__code="household_check")
    verified = f"已由{visited_on.isoformat()}走访核实"
    visitor = personas.cadre_a.get_full_name() or personas.cadre_a.username
    assert (check.status, check.outcome) == (CaseStepStatus.DONE, Outcome.PASS)
    assert verified in check.note and visitor in check.note
    assert CaseEvent.objects.filter(case=case, summary__startswith=f"入户核查核实：通过，{verified}").exists()
    # The village's review and publicity opens, as after any verification; the township and county go ahead.
    assert status(case, "village_review_publicity") == CaseStepStatus.OPEN
    assert status(case, "township_check") == CaseStepStatus.OPEN
    assert status(case, "county_approval") == CaseStepStatus.OPEN

    case_act(actor=personas.township, case=case, step_code="township_check", outcome=Outcome.PASS)
    owed = case_detail(actor=personas.township, pk=case.pk).owed_steps
    assert [cs.step.code for cs in owed] == ["village_review_publicity"]
    client = login(personas.township)
    listing = client.get("/workflow/green-channel/").content.decode()
    row = listing.split("欠办环节：")[1].split("</")[0]
    assert "村级评议公示" in row and "入户核查核实" not in row
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    owed_line = page.split("欠办环节")[1].split("</")[0]
    assert "村级评议公示" in owed_line and "入户核查核实" not in owed_line
    assert verified in page


def test_a_procedure_without_a_verification_step_opens_as_before(personas, household_a):
    # Yongxiu's, with a green channel configured (open_green): its seed gives it none of its own.
    case = open_green(personas.county_officer, household_a)
    assert status(case, "village_review") == CaseStepStatus.OPEN
    assert not CaseStep.objects.filter(case=case, status=CaseStepStatus.DONE).exists()
    assert not CaseEvent.objects.filter(case=case, summary__contains="走访核实").exists()


def test_laiyuan_household_check_waits_for_the_consent(personas, household_a):
    """Without the family's signed consent the visit does not pass 入户核查核实: the village passes it with the consent
    (as any verification), so a case that then skips the comparison (免于比对) cannot run without it."""
    laiyuan(personas)
    visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), notes="入户核查灾情")
    case = open_green(personas.county_officer, household_a)

    assert status(case, "household_check") == CaseStepStatus.OPEN
    assert not CaseEvent.objects.filter(case=case, summary__contains="走访核实").exists()
