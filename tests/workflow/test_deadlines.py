"""The periodic completion of publicity steps whose end date has passed with no open or upheld objection."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from accounts.models import AuditEvent
from households.choices import MonitoringCategory
from tests.workflow.helpers import case_act
from workflow.choices import CaseKind, CaseStepStatus, Channel, Outcome
from workflow.models import CaseEvent, CaseStep
from workflow.services.cases import case_open
from workflow.services.deadlines import publicity_complete_due
from workflow.services.objections import objection_add, objection_resolve
from workflow.tasks import complete_due_publicity

pytestmark = pytest.mark.django_db


def _in_publicity(personas, household, *, ended=True, posted=True):
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    case = case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    if posted:  # posted the day it opened: the period stays as computed
        CaseStep.objects.filter(case=case, step__code="village_publicity").update(posted_on=timezone.localdate())
    if ended:
        CaseStep.objects.filter(case=case, step__code="village_publicity").update(
            ends_on=timezone.localdate() - dt.timedelta(days=1)
        )
    return case


def _status(case, code):
    return CaseStep.objects.get(case=case, step__code=code)


def test_ended_publicity_without_objection_is_passed_and_the_case_advances(personas, household_a):
    case = _in_publicity(personas, household_a)
    assert publicity_complete_due(today=timezone.localdate()) == 1
    step = _status(case, "village_publicity")
    assert (step.status, step.outcome, step.acted_by) == (CaseStepStatus.DONE, Outcome.PASS, None)
    assert _status(case, "township_preliminary").status == CaseStepStatus.OPEN
    events = CaseEvent.objects.filter(case=case, actor__isnull=True)
    assert {e.action for e in events} == {"case_act", "step_open"}
    assert all("系统自动" in e.summary for e in events)
    audit = AuditEvent.objects.filter(action="workflow.case_act", object_id=str(case.pk), actor__isnull=True).get()
    assert "系统自动" in audit.summary


def test_running_publicity_is_left(personas, household_a):
    case = _in_publicity(personas, household_a, ended=False)
    assert publicity_complete_due(today=timezone.localdate()) == 0
    # The end day itself still belongs to the publicity.
    ends_on = _status(case, "village_publicity").ends_on
    assert publicity_complete_due(today=ends_on) == 0
    assert publicity_complete_due(today=ends_on + dt.timedelta(days=1)) == 1


def test_open_or_upheld_objection_blocks(personas, household_a):
    case = _in_publicity(personas, household_a)
    objection = objection_add(
        actor=personas.cadre_a, case=case, step_code="village_publicity", raised_by_name="李四", content="有轿车"
    )
    assert publicity_complete_due(today=timezone.localdate()) == 0
    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=True, resolution="属实")
    assert publicity_complete_due(today=timezone.localdate()) == 0
    assert _status(case, "village_publicity").status == CaseStepStatus.OPEN


def test_resolved_objection_does_not_block(personas, household_a):
    case = _in_publicity(personas, household_a)
    objection = objection_add(
        actor=personas.cadre_a, case=case, step_code="village_publicity", raised_by_name="李四", content="疑问"
    )
    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=False, resolution="已解释")
    assert publicity_complete_due(today=timezone.localdate()) == 1


def test_running_twice_does_not_act_twice(personas, household_a):
    case = _in_publicity(personas, household_a)
    assert complete_due_publicity.delay().get() == 1
    assert complete_due_publicity.delay().get() == 0
    assert CaseEvent.objects.filter(case=case, action="case_act", actor__isnull=True).count() == 1
    assert _status(case, "township_preliminary").status == CaseStepStatus.OPEN


def test_batch_is_bounded(personas, household_a, household_b):
    _in_publicity(personas, household_a)
    case_b = case_open(
        actor=personas.cadre_b,
        household=household_b,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    case_act(actor=personas.cadre_b, case=case_b, step_code="village_review", outcome=Outcome.PASS)
    CaseStep.objects.filter(case=case_b, step__code="village_publicity").update(
        ends_on=dt.date(2000, 1, 1), posted_on=dt.date(2000, 1, 1)
    )
    today = timezone.localdate()
    assert publicity_complete_due(today=today, limit=1) == 1
    assert publicity_complete_due(today=today, limit=1) == 1
    assert publicity_complete_due(today=today, limit=1) == 0
    assert CaseStep.objects.filter(step__code="township_preliminary", status=CaseStepStatus.OPEN).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_act_once(personas, household_a, audit_log_flushable):
    case = _in_publicity(personas, household_a)
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def work() -> None:
        try:
            barrier.wait(timeout=10)
            counts.append(publicity_complete_due(today=timezone.localdate()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(counts) == [0, 1]
    assert CaseEvent.objects.filter(case=case, action="case_act", actor__isnull=True).count() == 1
    assert _status(case, "township_preliminary").status == CaseStepStatus.OPEN
