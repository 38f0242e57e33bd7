"""Review finding 2: a household's edit (household row, then its cases) against a county approval (case rows, then
the household) deadlocked: the approver's page answered 500 and the whole batch was lost. One order now, household
then case (services.case_locks); and a deadlock we do not foresee is retried once, then answered 系统繁忙.

Each test runs real transactions on their own connections. A third connection holds the household row while the two
queue behind it, so that the household-first edit is first in the queue and the approval second, the order that
deadlocked; the tests wait until PostgreSQL shows each waiting (no timed assertion)."""

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone
from psycopg2 import errors as pg_errors

from households.models import Household
from households.services import registry
from tests.workflow.batch_helpers import at_approval, new_household, open_case
from tests.workflow.helpers import DOCUMENT_NUMBER
from tests.workflow.test_applications_village import apply
from workflow.choices import CaseStatus, CaseStepStatus, Outcome
from workflow.choices_applications import ApplicationStatus
from workflow.models import Case, CaseStep
from workflow.models.applications import Application
from workflow.services.applications import application_join_case
from workflow.services.batches import CaseRef, batch_decide, case_version
from workflow.services.case_locks import MSG_BUSY, Busy, deadlock_retried
from workflow.services.cases import case_act

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("audit_log_flushable")]
WAIT_LIMIT = 20  # seconds: a bound on waiting for PostgreSQL to show the queue, never a measured time
RETRY_LOG = "retried once"


def _waiting() -> int:
    """How many backends of the test database wait on a lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _until_waiting(n: int) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while _waiting() < n:
        assert time.monotonic() < deadline, f"{n} transactions never queued on the household"
        time.sleep(0.02)


def _thread(work: Callable[[], object], results: dict, name: str) -> threading.Thread:
    def run() -> None:
        try:
            work()
            results[name] = "ok"
        except Exception as error:  # the test asserts on what each side met
            results[name] = f"{type(error).__name__}: {error}"
        finally:
            connections.close_all()

    return threading.Thread(target=run, name=name)


def _household_first_then(approve: Callable[[], object], household: Household, edit: Callable[[], object]) -> dict:
    """Hold the household on a third connection; queue `edit` (household first) behind it, then `approve`; let go."""
    held, release = threading.Event(), threading.Event()
    results: dict = {}

    def hold() -> None:
        with transaction.atomic():
            Household.objects.select_for_update().get(pk=household.pk)
            held.set()
            release.wait(timeout=WAIT_LIMIT)

    threads = [_thread(hold, results, "holder")]
    threads[0].start()
    assert held.wait(timeout=WAIT_LIMIT)
    threads.append(_thread(edit, results, "edit"))
    threads[-1].start()
    _until_waiting(1)
    threads.append(_thread(approve, results, "approve"))
    threads[-1].start()
    _until_waiting(2)
    release.set()
    for thread in threads:
        thread.join(timeout=2 * WAIT_LIMIT)
    return results


def _group_change(actor, household, group) -> Callable[[], object]:
    return lambda: registry.household_update(actor=actor, household=household, group=group)


def test_a_group_change_and_a_batch_approval_of_the_households_case_both_go_through(
    personas, county, household_a, caplog
):
    """Test A's shape: the township moves a household to another 村民小组 (its cases' region paths follow it under
    the household's lock) while the approver approves a batch with that household's case in it."""
    other = new_household(personas.cadre_a, county.village_a, "赵四", 61)
    cases = [at_approval(personas, household_a, personas.cadre_a), at_approval(personas, other, personas.cadre_a)]
    refs = [CaseRef(case.pk, case_version(case)) for case in cases]
    caplog.set_level(logging.WARNING, logger="workflow.services.case_locks")

    def approve() -> None:
        batch_decide(
            actor=personas.approver,
            refs=refs,
            decision="approve",
            document_number=DOCUMENT_NUMBER,
            decided_on=timezone.localdate(),
        )

    edit = _group_change(personas.township, household_a, county.group_a)
    results = _household_first_then(approve, household_a, edit)

    assert results == {"holder": "ok", "edit": "ok", "approve": "ok"}
    assert RETRY_LOG not in caplog.text  # the order, not the safety net, let both through
    household_a.refresh_from_db()
    assert household_a.group_id == county.group_a.pk and household_a.monitoring_category
    for case in Case.objects.filter(pk__in=[case.pk for case in cases]):
        assert CaseStep.objects.get(case=case, step__code="county_approval").status == CaseStepStatus.DONE
    assert Case.objects.get(pk=cases[0].pk).region_path == county.group_a.path


def test_a_group_change_and_a_single_approval_of_the_households_case_both_go_through(
    personas, county, household_a, caplog
):
    """Test B's shape: the approver approves the case on its own page while the township changes the group."""
    case = at_approval(personas, household_a, personas.cadre_a)
    caplog.set_level(logging.WARNING, logger="workflow.services.case_locks")

    def approve() -> None:
        case_act(
            actor=personas.approver,
            case=case,
            step_code="county_approval",
            outcome=Outcome.PASS,
            document_number=DOCUMENT_NUMBER,
            expected_version=case_version(case),
        )

    edit = _group_change(personas.township, household_a, county.group_a)
    results = _household_first_then(approve, household_a, edit)

    assert results == {"holder": "ok", "edit": "ok", "approve": "ok"}
    assert RETRY_LOG not in caplog.text
    case.refresh_from_db()
    assert case.region_path == county.group_a.path and case.status == CaseStatus.OPEN
    assert CaseStep.objects.get(case=case, step__code="county_approval").status == CaseStepStatus.DONE
    household_a.refresh_from_db()
    assert household_a.group_id == county.group_a.pk and household_a.monitoring_category


def test_a_deadlock_nobody_foresaw_is_retried_once_and_both_sides_go_through(personas, county, household_a, caplog):
    other = new_household(personas.cadre_a, county.village_a, "赵四", 61)
    barrier = threading.Barrier(2, timeout=WAIT_LIMIT)
    attempts: Counter = Counter()
    caplog.set_level(logging.WARNING, logger="workflow.services.case_locks")

    @deadlock_retried
    @transaction.atomic
    def lock_both(first: int, second: int, name: str) -> None:
        attempts[name] += 1
        Household.objects.select_for_update().get(pk=first)
        if attempts[name] == 1:
            barrier.wait()  # each holds its first row before asking for the other's: a real deadlock
        Household.objects.select_for_update().get(pk=second)

    results: dict = {}
    threads = [
        _thread(lambda: lock_both(household_a.pk, other.pk, "a"), results, "a"),
        _thread(lambda: lock_both(other.pk, household_a.pk, "b"), results, "b"),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * WAIT_LIMIT)

    assert results == {"a": "ok", "b": "ok"}
    assert sum(attempts.values()) == 3 and caplog.text.count(RETRY_LOG) == 1


def test_a_second_deadlock_is_answered_busy_not_a_server_error():
    calls = []

    @deadlock_retried
    def always_chosen() -> None:
        calls.append(1)
        raise OperationalError("deadlock detected") from pg_errors.DeadlockDetected()

    with pytest.raises(Busy, match=MSG_BUSY):
        always_chosen()
    assert len(calls) == 2


def test_joining_an_application_to_the_case_waits_for_the_household_before_locking_the_application(
    personas, county, household_a
):
    """Review finding M3: the join locked the application, then the household; the registry's edit of the household
    writes its applications and cases under the household's lock. While the household is held, the join must hold
    nothing else yet, and go through once it is let go."""
    open_case(personas.cadre_a, household_a)
    application = apply(county.village_a)
    held, release = threading.Event(), threading.Event()
    results: dict = {}

    def hold() -> None:
        with transaction.atomic():
            Household.objects.select_for_update().get(pk=household_a.pk)
            held.set()
            release.wait(timeout=WAIT_LIMIT)

    join = lambda: application_join_case(actor=personas.cadre_a, application=application, identity_confirmed=True)  # noqa: E731
    threads = [_thread(hold, results, "holder"), _thread(join, results, "join")]
    threads[0].start()
    assert held.wait(timeout=WAIT_LIMIT)
    threads[1].start()
    _until_waiting(1)
    try:
        # the application is free while the join queues on the household (NOWAIT: an error if it were held)
        with transaction.atomic():
            Application.objects.select_for_update(nowait=True).get(pk=application.pk)
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=2 * WAIT_LIMIT)
    assert results == {"holder": "ok", "join": "ok"}
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CASE_OPENED
