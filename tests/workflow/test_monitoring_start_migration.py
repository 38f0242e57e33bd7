"""Review finding (fx_visit 2): households monitored before 纳入监测日期 was recorded on the approval kept a blank date.
Migration households 0020 fills it from the 批复 that put the household under monitoring where that is unambiguous,
with a history row and an audit event, and leaves every other household as it is."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.models import AuditEvent
from households.models import Household, HouseholdEvent
from tests.workflow.batch_helpers import at_approval
from tests.workflow.helpers import case_act
from workflow.choices import Outcome
from workflow.models import Batch, BatchItem, CaseStep

pytestmark = pytest.mark.django_db

DECIDED_ON = dt.date(2026, 3, 2)
NUMBER = "永巩固〔2026〕7号"


def fill():
    module = importlib.import_module("households.migrations.0020_monitoring_start_from_approval")
    module.fill_monitoring_start(apps, None)


def approved_long_ago(personas, household, cadre=None, number=NUMBER):
    """An inclusion approved under a 批复 of DECIDED_ON, its household's 纳入监测日期 blank as before it was
    recorded."""
    case = at_approval(personas, household, cadre or personas.cadre_a)
    case_act(
        actor=personas.approver,
        case=case,
        step_code="county_approval",
        outcome=Outcome.PASS,
        document_number=number,
    )
    Batch.objects.filter(items__case=case).update(decided_on=DECIDED_ON)
    Household.objects.filter(pk=household.pk).update(monitoring_start=None)
    return case


def start(household):
    return Household.objects.get(pk=household.pk).monitoring_start


def filled_rows(household):
    return HouseholdEvent.objects.filter(household=household, summary__startswith="补记纳入监测日期")


def test_a_blank_date_gets_the_approving_batchs_date_with_a_history_row_and_an_audit_event(personas, household_a):
    approved_long_ago(personas, household_a)

    fill()

    assert start(household_a) == DECIDED_ON
    row = filled_rows(household_a).get()
    assert row.summary == f"补记纳入监测日期：纳入案件的批复日期（批复文号 {NUMBER}）" and row.actor is None
    assert row.changes == [{"field": "monitoring_start", "label": "纳入监测日期", "old": "", "new": "2026-03-02"}]
    event = AuditEvent.objects.get(action="households.monitoring_start_filled", object_id=str(household_a.pk))
    assert event.after == {"monitoring_start": "2026-03-02"} and event.actor_username == "系统升级（数据迁移）"

    # Run again (or with a date since recorded): nothing overwritten, nothing written twice.
    Batch.objects.filter(items__case__household=household_a).update(decided_on=dt.date(2026, 3, 9))
    fill()
    assert start(household_a) == DECIDED_ON and filled_rows(household_a).count() == 1


def test_a_single_approval_recorded_before_batches_is_dated_by_its_step_in_the_countys_day(personas, household_a):
    """No batch: the approval step's day, in Shanghai's time (01:00 on 3 March there is still 2 March in UTC)."""
    case = approved_long_ago(personas, household_a)
    items = BatchItem.objects.filter(case=case)
    batches = list(Batch.objects.filter(items__case=case).values_list("pk", flat=True))
    items.delete()
    Batch.objects.filter(pk__in=batches).delete()
    acted = timezone.make_aware(dt.datetime(2026, 3, 3, 1, 0), timezone.get_fixed_timezone(8 * 60))
    CaseStep.objects.filter(case=case, step__code="county_approval").update(note=f"批复文号：{NUMBER}", acted_at=acted)

    fill()

    assert start(household_a) == dt.date(2026, 3, 3)


def test_an_ambiguous_source_leaves_the_date_blank_and_writes_nothing(personas, household_a, household_b):
    # Two 批复 dates for one case: which one counted cannot be told.
    case = approved_long_ago(personas, household_a)
    other = Batch.objects.create(
        decision="approve",
        document_number="永巩固〔2026〕8号",
        decided_on=dt.date(2026, 3, 5),
        region_path=case.household.region_path[:6],
        actor=personas.approver,
        count=1,
    )
    BatchItem.objects.create(batch=other, case=case, region_path=case.household.region_path, snapshot={})
    # Monitored in another category than its case gave it (the go-live import, say): not that case's monitoring.
    approved_long_ago(personas, household_b, personas.cadre_b, "永巩固〔2026〕9号")
    Household.objects.filter(pk=household_b.pk).update(monitoring_category="sudden_hardship")

    fill()

    assert start(household_a) is None and start(household_b) is None
    assert not HouseholdEvent.objects.filter(summary__startswith="补记纳入监测日期").exists()
    assert not AuditEvent.objects.filter(action="households.monitoring_start_filled").exists()
