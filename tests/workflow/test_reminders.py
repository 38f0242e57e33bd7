"""Overdue cases and their daily reminders: once per case and day, never twice, shown in 我的任务."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from tests.workflow.batch_helpers import open_case
from workflow.models import Case, CaseReminder, CaseStep, Procedure
from workflow.services.reminders import reminders_send
from workflow.tasks import send_overdue_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_case(personas, household_a):
    case = open_case(personas.cadre_a, household_a)
    Procedure.objects.filter(pk=case.procedure_id).update(limit_days=15)
    Case.objects.filter(pk=case.pk).update(discovered_on=timezone.localdate() - dt.timedelta(days=20))
    return case


def test_overdue_case_is_reminded_once_a_day(personas, login, late_case):
    today = timezone.localdate()
    assert reminders_send(today=today) == 1
    assert reminders_send(today=today) == 0
    reminder = CaseReminder.objects.get()
    assert reminder.roles == ["village_cadre"] and reminder.reasons == ["past_limit"]
    assert "超过办结时限" in reminder.summary and "村级评议" in reminder.summary
    # The next day (a fake date), one more.
    assert reminders_send(today=today + dt.timedelta(days=1)) == 1
    assert CaseReminder.objects.count() == 2
    page = login(personas.cadre_a).get("/workflow/").content.decode()
    assert "催办" in page and "超过办结时限" in page
    # Another village's cadre and the township (not its step) are not reminded.
    assert "超过办结时限" not in login(personas.cadre_b).get("/workflow/").content.decode()
    assert "催办" not in login(personas.township).get("/workflow/").content.decode()


def test_case_within_its_limit_is_not_reminded(personas, household_a):
    case = open_case(personas.cadre_a, household_a)
    Procedure.objects.filter(pk=case.procedure_id).update(limit_days=15)
    assert reminders_send(today=timezone.localdate()) == 0


def test_publicity_past_its_end_is_overdue(personas, login, household_a):
    from tests.workflow.helpers import act_after_publicity
    from workflow.choices import Outcome
    from workflow.services.objections import objection_add

    case = open_case(personas.cadre_a, household_a)
    case = act_after_publicity(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    CaseStep.objects.filter(case=case, step__code="village_publicity").update(ends_on=dt.date(2020, 1, 1))
    objection_add(
        actor=personas.cadre_a, case=case, step_code="village_publicity", raised_by_name="李四", content="疑问"
    )
    assert reminders_send(today=timezone.localdate()) == 1
    assert CaseReminder.objects.get().reasons == ["publicity_ended"]
    page = login(personas.township).get("/workflow/overdue/?reason=publicity_ended").content.decode()
    assert "张大山" in page and "公示期满未办结" in page
    assert "张大山" not in login(personas.cadre_b).get("/workflow/overdue/").content.decode()


def test_the_task_runs_the_service(personas, late_case):
    assert send_overdue_reminders.delay().get() == 1
    assert send_overdue_reminders.delay().get() == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_remind_once(personas, household_a, audit_log_flushable):
    case = open_case(personas.cadre_a, household_a)
    Procedure.objects.filter(pk=case.procedure_id).update(limit_days=15)
    Case.objects.filter(pk=case.pk).update(discovered_on=timezone.localdate() - dt.timedelta(days=20))
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def work() -> None:
        try:
            barrier.wait(timeout=10)
            counts.append(reminders_send(today=timezone.localdate()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(counts) == [0, 1]
    assert CaseReminder.objects.filter(case=case).count() == 1


def test_the_village_work_team_is_reminded_of_the_village_step(county, login, late_case):
    from accounts.choices import Role
    from tests.factories import UserFactory

    team = UserFactory(
        username="team_a", role=Role.WORK_TEAM, region_path=county.village_a.path, region_name=county.village_a.name
    )
    reminders_send(today=timezone.localdate())

    page = login(team).get("/workflow/").content.decode()
    assert "催办" in page and "超过办结时限" in page
