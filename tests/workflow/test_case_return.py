"""退回村级补正 (review finding 2): the township audit sends a case back to the village review with a note instead
of ending it; the village sees it with the note; a refused or withdrawn case is told to the cadre who opened it."""

import pytest
from django.core.exceptions import ValidationError

from config.errors import ApplicationError
from tests.workflow.helpers import case_act, minutes
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.choices import CaseStatus, CaseStepStatus, Outcome
from workflow.models import CaseStep
from workflow.services.case_return import MSG_RETURN_NOTE_REQUIRED, MSG_RETURN_ONLY_TOWNSHIP
from workflow.services.cases import case_withdraw

pytestmark = pytest.mark.django_db
NOTE = "缺少财产损失证明材料，请村里补充后重新报送"


def _step(case, code):
    return CaseStep.objects.get(case=case, step__code=code)


def test_the_township_returns_the_case_to_the_village_review_which_sees_the_note(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "township_audit")

    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note=NOTE)

    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    review, audit = _step(case, "village_review"), _step(case, "township_audit")
    assert review.status == CaseStepStatus.OPEN and review.return_note == f"乡镇审核退回：{NOTE}"
    assert (audit.status, audit.outcome, audit.note) == (CaseStepStatus.PENDING, Outcome.RETURN, NOTE)
    # The publicity already held stands: the list did not change.
    assert _step(case, "village_publicity").status == CaseStepStatus.DONE
    assert _step(case, "county_approval").status == CaseStepStatus.PENDING
    # The village's 我的任务 lists the case again, with the township's note.
    tasks = login(personas.cadre_a).get("/workflow/").content.decode()
    assert household_a.head_name in tasks and f"乡镇审核退回：{NOTE}" in tasks
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert f"乡镇审核退回：{NOTE}" in page and "补正材料或评议会议记录" in page

    # The village supplies the document and passes its review again: the case goes straight back to the township.
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, attachment=minutes())
    assert _step(case, "township_audit").status == CaseStepStatus.OPEN
    assert _step(case, "village_publicity").status == CaseStepStatus.DONE


def test_a_return_needs_a_note_and_only_a_township_audit_returns(personas, login, household_a):
    case = open_case(personas, household_a)
    with pytest.raises(ApplicationError, match=MSG_RETURN_ONLY_TOWNSHIP):
        case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.RETURN, note="x")
    walk_to(personas, case, "township_audit")
    with pytest.raises(ValidationError) as error:
        case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN)
    assert error.value.message_dict["note"] == [MSG_RETURN_NOTE_REQUIRED]
    response = login(personas.township).post(
        f"/api/v1/cases/{case.pk}/act/",
        {"step_code": "township_audit", "outcome": "return", "note": ""},
        content_type="application/json",
    )
    assert response.status_code == 400 and MSG_RETURN_NOTE_REQUIRED in response.content.decode()
    assert _step(case, "township_audit").status == CaseStepStatus.OPEN


def test_the_case_page_offers_the_return_at_the_township_audit_only(personas, login, household_a):
    case = open_case(personas, household_a)
    cadre_page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert 'value="return"' not in cadre_page
    walk_to(personas, case, "township_audit")
    client = login(personas.township)
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert 'value="return"' in page and "退回村级补正" in page
    form = {"township_audit-step_code": "township_audit", "township_audit-outcome": "return"}
    refused = client.post(f"/workflow/cases/{case.pk}/", form)
    assert refused.status_code == 200 and MSG_RETURN_NOTE_REQUIRED in refused.content.decode()
    done = client.post(f"/workflow/cases/{case.pk}/", {**form, "township_audit-note": NOTE})
    assert done.status_code == 302
    assert _step(case, "village_review").status == CaseStepStatus.OPEN


def test_a_refused_case_is_told_to_the_cadre_who_opened_it(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "township_audit")
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.REJECT, note=NOTE)

    client = login(personas.cadre_a)
    tasks = client.get("/workflow/").content.decode()
    assert "您发起的案件未通过或撤回" in tasks and f"乡镇审核不通过：{NOTE}" in tasks
    home = client.get("/").content.decode()
    assert "未通过或撤回" in home
    # Another village's cadre is told nothing.
    assert "未通过或撤回" not in login(personas.cadre_b).get("/").content.decode()


def test_a_case_withdrawn_by_the_villages_work_team_is_told_but_not_ones_own_withdrawal(
    personas, login, county, household_a, household_b
):
    from accounts.choices import Role
    from tests.factories import UserFactory

    # Only the village withdraws a village's case (services.withdrawal): here its resident work team.
    team = UserFactory(
        username="team_a", role=Role.WORK_TEAM, region_path=county.village_a.path, region_name=county.village_a.name
    )
    mine = open_case(personas, household_a)
    case_withdraw(actor=team, case=mine, note="误选农户")
    tasks = login(personas.cadre_a).get("/workflow/").content.decode()
    assert "撤回：误选农户" in tasks
    own = open_case(personas, household_a)
    case_withdraw(actor=personas.cadre_a, case=own, note="本人撤回的理由")
    tasks = login(personas.cadre_a).get("/workflow/").content.decode()
    assert "本人撤回的理由" not in tasks


def test_a_green_channel_case_is_not_returned_to_the_village(personas, household_a):
    """The re-check's case: a green-channel case returned after its owed review went back to the ordinary steps, its
    township audit and county approval 未开始 again behind ten days of publicity, still showing 绿色通道."""
    from tests.workflow.test_green_channel import open_green
    from workflow.services.case_return import MSG_RETURN_GREEN

    case = open_green(personas.county_officer, household_a)
    with pytest.raises(ApplicationError, match=MSG_RETURN_GREEN[:12]):
        case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note=NOTE)
    assert _step(case, "township_audit").status == CaseStepStatus.OPEN
    assert _step(case, "county_approval").status == CaseStepStatus.OPEN
