"""Objections to a village publicity that a correction runs again (services.case_correction): seed 003 §二2(4) reports
the list 公示无异议的, and the list reported is the corrected one. A verified objection is the first notice's history:
the case page keeps it as such, and it neither holds nor is counted by the new run. One not yet verified does not
vanish with the notice: it is carried into the new run, said so, and holds its pass until verified."""

import datetime as dt

import pytest
from django.utils import timezone

from config.errors import ApplicationError
from tests.clock import today
from tests.workflow.helpers import act, case_act, minutes, post_publicity
from tests.workflow.steps_helpers import open_case, walk_to
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import CaseStep
from workflow.services.deadlines import NOTE_PUBLICITY_DUE, publicity_complete_due
from workflow.services.objections import objection_add, objection_resolve
from workflow.services.publicity import publicity_posted_record

pytestmark = pytest.mark.django_db
POSTED = dt.date(2000, 1, 1)  # post_publicity's posting day and end: an objection received then came in time


def _publicity(case):
    return CaseStep.objects.get(case=case, step__code="village_publicity")


def _return_and_correct(personas, login, case):
    walk_to(personas, case, "township_audit")
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.RETURN, note="请核实")
    response = login(personas.cadre_a).post(
        f"/api/v1/cases/{case.pk}/correct/", {"category": "unstable"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content.decode()
    assert _publicity(case).status == CaseStepStatus.PENDING
    return case.events.get(action="case_correct").summary


def _rerun(personas, case):
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS, attachment=minutes())
    assert _publicity(case).status == CaseStepStatus.OPEN
    post_publicity(case)


def test_a_verified_objection_stays_with_the_first_notice(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "village_publicity")
    post_publicity(case)
    objection = objection_add(
        actor=personas.cadre_a, case=case, step_code="village_publicity", content="家中有车", raised_by_name="王五"
    )
    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=False, resolution="车辆已报废")
    act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)

    summary = _return_and_correct(personas, login, case)

    assert "原公示期间的异议已核实1件，留作原公示记录" in summary
    page = login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "更正前公示期间收到</span>" in page and "家中有车" in page and "车辆已报废" in page
    # The new notice ends with no objection of its own: its record says so, not the first notice's.
    _rerun(personas, case)
    assert publicity_complete_due(today=today()) == 1
    assert _publicity(case).note == NOTE_PUBLICITY_DUE


def test_an_objection_not_yet_verified_is_carried_into_the_new_run(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "township_audit")
    # Received within the first notice's period, entered after it passed.
    objection = objection_add(
        actor=personas.cadre_a,
        case=case,
        step_code="village_publicity",
        content="收入不符",
        anonymous=True,
        raised_on=POSTED,
    )

    summary = _return_and_correct(personas, login, case)

    assert "原公示期间未核实的异议1件转入重新公示，核实前不得通过" in summary
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "更正前公示期间收到，转入重新公示" in page and "收入不符" in page
    # Entered after the first notice passed, but that notice is gone: only what it is now is said of it.
    assert '<span class="badge badge-warn">期满后补登</span>' not in page
    _rerun(personas, case)
    with pytest.raises(ApplicationError, match="尚未核实"):
        act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)
    assert publicity_complete_due(today=today()) == 0
    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=False, resolution="收入核实无误")
    act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)
    assert _publicity(case).status == CaseStepStatus.DONE


def test_an_objection_upheld_against_the_first_notice_does_not_hold_the_corrected_one(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "township_audit")
    objection = objection_add(
        actor=personas.cadre_a,
        case=case,
        step_code="village_publicity",
        content="类别不对",
        anonymous=True,
        raised_on=POSTED,
    )
    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=True, resolution="应为脱贫不稳定户")

    _return_and_correct(personas, login, case)

    _rerun(personas, case)
    act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)
    assert _publicity(case).status == CaseStepStatus.DONE
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "更正前公示期间收到</span>" in page and "成立：应为脱贫不稳定户" in page


def test_an_objection_carried_into_the_new_run_and_found_true_holds_it(personas, login, household_a):
    """An objection still open at the correction is the new run's: verified as true during it, it stops the pass
    as an objection to the new notice would (the case is then returned or refused, not passed over it)."""
    case = open_case(personas, household_a)
    walk_to(personas, case, "township_audit")
    objection = objection_add(
        actor=personas.cadre_a,
        case=case,
        step_code="village_publicity",
        content="家中有经营性车辆",
        anonymous=True,
        raised_on=POSTED,
    )
    _return_and_correct(personas, login, case)
    _rerun(personas, case)

    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=True, resolution="确有营运车辆")

    with pytest.raises(ApplicationError):
        act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)
    assert _publicity(case).status == CaseStepStatus.OPEN
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "更正前公示期间收到，转入重新公示" in page and "成立：确有营运车辆" in page
    answer = login(personas.cadre_a).get("/api/v1/objections/", {"case": case.pk}).json()["results"][0]
    assert answer["carried"] is True and answer["blocks"] is True


def test_the_first_notices_dates_stay_on_the_case_page_after_it_runs_again(personas, login, household_a):
    case = open_case(personas, household_a)
    walk_to(personas, case, "village_publicity")
    opened_on = today() - dt.timedelta(days=10)
    CaseStep.objects.filter(pk=_publicity(case).pk).update(opened_at=timezone.now() - dt.timedelta(days=10))
    posted = publicity_posted_record(actor=personas.cadre_a, case=case, step_code="village_publicity",
                                     posted_on=opened_on)  # fmt: skip
    assert publicity_complete_due(today=today()) == 1

    _return_and_correct(personas, login, case)

    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    line = f"更正前公示：张贴 {opened_on:%Y-%m-%d} 截止 {posted.ends_on:%Y-%m-%d}（{today():%Y-%m-%d} 系统自动通过）"
    assert f'<div class="small muted" data-earlier-run-dates>{line}</div>' in page
