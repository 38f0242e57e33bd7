"""纳入监测日期 (Household.monitoring_start) and 风险消除时间 (Household.risk_eliminated_on) are the case's 批复日期,
the date the ledgers and the case page call so (workflow.decisions.approval_date), not the day the approver recorded
the approval: a batch's decided_on on either of its paths (services.batch_fast, case_act), a single approval's
number's earlier batch date, else the day it is recorded; an exit's stays its 批复日期 when the township announces it
later (services.outcomes)."""

import datetime as dt

import pytest
from django.utils import timezone

from households.models import Household
from tests.clock import today
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import act, act_after_publicity, exit_ready
from workflow.choices import CaseKind, CaseStepStatus, Channel, Outcome
from workflow.decisions import approved_on
from workflow.models import Case, CaseStep
from workflow.services.batches import CaseRef, batch_decide, case_version
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db
NUMBER = "永巩固〔2026〕17号"


def backdated(case, days=10):
    """The case as if its steps before the approval were done `days` days ago (a 批复 may not be dated before)."""
    CaseStep.objects.filter(case=case, status=CaseStepStatus.DONE).update(
        acted_at=timezone.now() - dt.timedelta(days=days)
    )
    Case.objects.filter(pk=case.pk).update(discovered_on=today() - dt.timedelta(days=days + 5))
    case.refresh_from_db()
    return case


def decide(personas, cases, decided_on, number=NUMBER):
    return batch_decide(
        actor=personas.approver,
        refs=[CaseRef(c.pk, case_version(c)) for c in cases],
        decision="approve",
        document_number=number,
        decided_on=decided_on,
    )


def the_approval_date(case):
    return Case.objects.filter(pk=case.pk).annotate(day=approved_on()).get().day


def test_a_batch_dates_the_inclusion_by_its_decision(personas, household_a):
    case = backdated(at_approval(personas, household_a, personas.cadre_a))
    decided_on = today() - dt.timedelta(days=3)
    decide(personas, [case], decided_on)

    household = Household.objects.get(pk=household_a.pk)
    assert household.monitoring_start == decided_on == the_approval_date(case)


def test_a_batch_case_act_takes_dates_it_by_the_decision_too(personas, household_a):
    """A case the set-based path leaves to case_act (a green channel's) is dated by the batch all the same."""
    case = backdated(at_approval(personas, household_a, personas.cadre_a))
    Case.objects.filter(pk=case.pk).update(green_channel=True)
    case.refresh_from_db()
    decided_on = today() - dt.timedelta(days=4)
    decide(personas, [case], decided_on)

    assert Household.objects.get(pk=household_a.pk).monitoring_start == decided_on == the_approval_date(case)


def test_a_single_approval_under_an_earlier_batchs_number_takes_its_date(personas, household_a, household_b):
    first = backdated(at_approval(personas, household_a, personas.cadre_a))
    decided_on = today() - dt.timedelta(days=2)
    decide(personas, [first], decided_on)
    second = backdated(at_approval(personas, household_b, personas.cadre_b))

    act(actor=personas.approver, case=second, step_code="county_approval", outcome=Outcome.PASS, document_number=NUMBER)

    assert Household.objects.get(pk=household_b.pk).monitoring_start == decided_on == the_approval_date(second)


def test_a_single_approval_under_a_new_number_is_dated_the_day_it_is_recorded(personas, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    act(actor=personas.approver, case=case, step_code="county_approval", outcome=Outcome.PASS)

    assert Household.objects.get(pk=household_a.pk).monitoring_start == today() == the_approval_date(case)


def test_an_exit_is_dated_by_its_decision_not_its_later_announcement(personas, monitored_a):
    """Yongxiu's exit: 风险消除 takes effect at the 批复 (000 §三(三)8); the 公告并标注风险消除 records it."""
    exit_ready(monitored_a)
    case = case_open(
        actor=personas.cadre_a,
        household=monitored_a,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    for actor, code in [
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_audit"),
    ]:
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)
    case = backdated(case)
    decided_on = today() - dt.timedelta(days=5)
    decide(personas, [case], decided_on)
    case.refresh_from_db()
    act(actor=personas.township, case=case, step_code="announcement", outcome=Outcome.PASS)

    household = Household.objects.get(pk=monitored_a.pk)
    assert household.monitoring_category == ""
    assert household.risk_eliminated_on == decided_on == the_approval_date(case)
