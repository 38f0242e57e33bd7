"""The set-based path of a batch approval writes exactly what case_act writes for the same approval."""

import datetime as dt
import re

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEvent
from households.choices import MonitoringCategory
from households.models import Household, HouseholdEvent
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import case_act
from workflow.choices import Outcome, StepKind
from workflow.models import Case, CaseEvent, CaseStep
from workflow.services.batch_fast import approve_plain, plain_cases
from workflow.services.batches import CaseRef, batch_decide, case_version

pytestmark = pytest.mark.django_db
NOTE = "批复文号：永巩固〔2026〕9号（2026-01-05）"


def same_size(value):
    # The two households have different numbers of members, so their comparisons checked different numbers of items.
    return re.sub(r"部门比对 \d+ 项", "部门比对 N 项", value) if isinstance(value, str) else value


def records(case, personas):
    """What a user and an auditor see of a case, the two villages' cadres read as one."""
    cadres = {personas.cadre_a.pk, personas.cadre_b.pk}

    def who(rows, index):
        return [
            tuple(
                same_size(v) for v in (*row[:index], "cadre" if row[index] in cadres else row[index], *row[index + 1 :])
            )
            for row in rows
        ]

    household = Household.objects.get(pk=case.household_id)
    return {
        "steps": who(
            CaseStep.objects.filter(case=case)
            .order_by("step__order")
            .values_list("step__code", "status", "outcome", "note", "acted_by", "ends_on"),
            4,
        ),
        "events": who(CaseEvent.objects.filter(case=case).order_by("pk").values_list("action", "summary", "actor"), 2),
        "audit": [
            (a, same_size(s.split("：", 1)[1]), "cadre" if actor in cadres else actor)
            for a, s, actor in AuditEvent.objects.filter(object_type="workflow.case", object_id=str(case.pk))
            .order_by("pk")
            .values_list("action", "summary", "actor")
        ],
        "household_events": [
            (same_size(summary), changes)
            for summary, changes in HouseholdEvent.objects.filter(household=household)
            .order_by("pk")
            .values_list("summary", "changes")
        ][1:],
        "household": (
            household.monitoring_category,
            household.monitoring_start,
            household.risk_types,
            household.national_risk_types,
        ),
        "status": Case.objects.get(pk=case.pk).status,
    }


def test_fast_path_writes_what_case_act_writes(personas, household_a, household_b, django_capture_on_commit_callbacks):
    from screening.models import ScreeningRun

    # One category for both (a lifted-out and an ordinary household), so their records compare equal.
    one = at_approval(personas, household_a, personas.cadre_a, category=MonitoringCategory.SUDDEN_HARDSHIP)
    two = at_approval(personas, household_b, personas.cadre_b, category=MonitoringCategory.SUDDEN_HARDSHIP)
    runs = ScreeningRun.objects.filter(kind="household")
    before = {h: runs.filter(household_id=h).count() for h in (one.household_id, two.household_id)}
    with django_capture_on_commit_callbacks(execute=True):
        case_act(
            actor=personas.approver,
            case=one,
            step_code="county_approval",
            outcome=Outcome.PASS,
            document_number="永巩固〔2026〕9号",
            decided_on=dt.date(2026, 1, 5),
            batch=True,  # as services.batches calls it: the batch records the 批复
        )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        locked = list(Case.objects.select_for_update().select_related("household", "procedure").filter(pk=two.pk))
        steps = {two.pk: CaseStep.objects.select_related("step").get(case=two, step__kind=StepKind.COUNTY_APPROVAL)}
        assert [c.pk for c in plain_cases(locked, steps, Outcome.PASS)] == [two.pk]
        approved = approve_plain(
            actor=personas.approver, cases=locked, steps=steps, note=NOTE, decided_on=dt.date(2026, 1, 5)
        )
        assert [c.pk for c in approved] == [two.pk]
    slow, fast = records(one, personas), records(two, personas)
    assert fast == slow
    assert fast["household"][1] == dt.date(2026, 1, 5)  # 纳入监测日期: the 批复日期, not the day it was recorded
    assert fast["household"][3] == ["illness"]  # the case's national code, as case_act gives it
    assert fast["events"][-1][:2] == ("step_open", "进入环节：公告并标识")

    # Both households are re-screened after the commit (the batch's through a worker's fan-out).
    assert runs.filter(household_id=one.household_id).count() == before[one.household_id] + 1
    assert runs.filter(household_id=two.household_id).count() == before[two.household_id] + 1


def test_a_case_with_an_open_step_before_approval_takes_case_act(personas, household_a, household_b):
    """A green-channel-like case (an earlier step unfinished) is not plain; case_act decides it."""
    one = at_approval(personas, household_a, personas.cadre_a)
    CaseStep.objects.filter(case=one, step__code="township_publicity").update(status="open")
    two = at_approval(personas, household_b, personas.cadre_b)
    cases = list(Case.objects.select_related("household").filter(pk__in=[one.pk, two.pk]).order_by("pk"))
    steps = {
        cs.case_id: cs for cs in CaseStep.objects.select_related("step").filter(step__kind=StepKind.COUNTY_APPROVAL)
    }
    assert [c.pk for c in plain_cases(cases, steps, Outcome.PASS)] == [two.pk]
    assert plain_cases(cases, steps, Outcome.REJECT) == []
    batch = batch_decide(
        actor=personas.approver,
        refs=[CaseRef(c.pk, case_version(c)) for c in cases],
        decision="approve",
        document_number="永巩固〔2026〕9号",
        decided_on=timezone.localdate(),
    )
    assert batch.count == 2
    assert CaseStep.objects.filter(step__code="county_approval", status="done").count() == 2
