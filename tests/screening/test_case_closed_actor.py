"""The screening result follows a closed case under the name of whoever's act closed it (review: a batch
announcement by the township was recorded as the approver's 核实后提请纳入监测 one second later): the township that
announced, not the approver who passed the county's approval; and the audit log names it as what it is, the result
updated because the case was closed, not a proposal nobody made."""

import datetime as dt

import pytest

from accounts.audit_actions import action_label
from accounts.models import AuditEvent
from households.choices import MonitoringCategory, NationalRiskType
from households.models import HouseholdEvent
from screening.choices import ResultStatus, RunKind
from screening.models import ScreeningResult
from screening.services.runs import screening_run
from tests.clock import this_year, today
from tests.workflow.batch_helpers import BEFORE_APPROVAL
from tests.workflow.helpers import DOCUMENT_NUMBER, act_after_publicity
from tests.workflow.township_helpers import refs
from workflow.choices import CaseStatus, Outcome
from workflow.services.batch_announce import batch_announce
from workflow.services.proposals import case_open_from_screening

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def presets(db):
    from workflow.models import Procedure, Step
    from workflow.presets import install

    install(Procedure, Step)


@pytest.fixture
def approved(line, make_household, personas):
    """A household hit and proposed from the worklist, its case passed by the county's approver and waiting at the
    township's announcement."""
    household = make_household("5000")
    screening_run(kind=RunKind.NIGHTLY, on_date=dt.date(this_year(), 1, 5))
    result = ScreeningResult.objects.get(household=household)
    # Income below the line alone: the cadre gives its cause, as on the page (case_opening.MSG_INCOME_CAUSE_REQUIRED).
    case = case_open_from_screening(
        actor=personas.cadre_a,
        result=result,
        category=MonitoringCategory.UNSTABLE_LIFTED_OUT,
        national_risk_types=[NationalRiskType.OTHER],
    )
    actors = {"cadre": personas.cadre_a, "county_officer": personas.county_officer, "township": personas.township}
    for who, code in BEFORE_APPROVAL:
        case = act_after_publicity(actor=actors[who], case=case, step_code=code, outcome=Outcome.PASS)
    case = act_after_publicity(
        actor=personas.approver,
        case=case,
        step_code="county_approval",
        outcome=Outcome.PASS,
        document_number=DOCUMENT_NUMBER,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    return case


def test_the_township_s_batch_announcement_is_who_the_screening_result_follows(
    approved, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch_announce(actor=personas.township, refs=refs([approved]), announced_on=today(), note="已标识")

    approved.refresh_from_db()
    assert approved.status == CaseStatus.APPROVED
    result = ScreeningResult.objects.get(household=approved.household)
    assert (result.status, result.handled_by) == (ResultStatus.MONITORED, personas.township)
    event = AuditEvent.objects.get(action="screening.monitor")
    assert (event.actor, event.actor_username) == (personas.township, personas.township.username)
    assert action_label(event.action) == "随案件办结更新筛查结果"
    assert "提请" not in action_label(event.action)
    row = HouseholdEvent.objects.get(household=approved.household, summary__startswith="筛查结果：已纳入监测")
    assert row.actor == personas.township
    assert not AuditEvent.objects.filter(action__startswith="screening.", actor=personas.approver).exists()


def test_a_case_the_system_closed_is_followed_under_no_one_s_name(approved):
    """A closing event with no actor (the system's, as services.deadlines records) names no one on the result."""
    from screening.receivers import approved_inclusion
    from workflow.models import CaseEvent, CaseStep
    from workflow.services.case_moves import _record

    case_step = CaseStep.objects.select_related("step").get(case=approved, step__code="announcement")
    _record(actor=None, case=approved, case_step=case_step, outcome=Outcome.PASS, note="公告")
    assert CaseEvent.objects.filter(case=approved, action="case_approved", actor__isnull=True).exists()

    closed = approved_inclusion(approved.pk, CaseStatus.APPROVED)
    assert closed is not None and closed.actor is None
