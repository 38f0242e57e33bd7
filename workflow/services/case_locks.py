"""The one lock order of the workflow, a case's version, and the answer to a deadlock.

One global order: the household row, then the rows about it (its applications, then its cases). The registry edits
a household under its row lock and may then write those rows (households.services.place.region_path_follow moves
their region path), so services.applications.application_join_case locks the household before the application. An
alert's verification locks the alert row first, then the household (households.services.visits.visit_record), then
the case it joins (alerts.services.verification). A move of a case that locked the case first and the household
afterwards (an approval changes the household: services.outcomes; every step writes the household's history)
deadlocked with them. So every service that moves a case locks through here, households before cases, each in
primary-key order (as two batches over overlapping cases must)."""

import datetime as dt
import functools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from django.db import OperationalError, transaction
from django.utils import timezone
from psycopg2 import errors as pg_errors

from config.errors import ApplicationError, Conflict
from households.models import Household
from workflow.models import Case

DEADLOCK_DETECTED = "40P01"  # SQLSTATE
MSG_BUSY = "系统繁忙，请稍后重试。"


@dataclass(frozen=True)
class ReadBy:
    """Who read the version a change is measured against, in the words a refusal tells them: a page the user
    opened (and refreshes), or an API client that read a `version` and sent it back (and reads again: it has no
    page). The templates below, and the batches' (services.batches, services.township_batch), leave these open."""

    since: str  # when the caller last saw the case
    recheck: str  # what to do before trying again
    look: str  # how to see what someone else did

    def say(self, template: str, **values: object) -> str:
        return template.format(since=self.since, recheck=self.recheck, look=self.look, **values)


PAGE = ReadBy(since="页面打开后", recheck="请刷新后重新核对", look="请刷新后查看")
API = ReadBy(since="您提交的版本（version）之后", recheck="请重新读取后核对", look="请重新读取后查看")
REASON_CHANGED = "{since}案件有新的办理记录"
# A single step's page (or an API call) that carried the version it was rendered with, in the batch's words.
MSG_CHANGED = REASON_CHANGED + "（如退回补正后重新报送），本次未作办理，{recheck}。"

logger = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")


class Busy(ApplicationError):
    """PostgreSQL chose this transaction as a deadlock's victim twice: nothing was written, try again."""


class CaseChanged(Conflict):
    """The case changed since the page (or the API client) read its version: nothing was written (the API's 409).
    Said with MSG_CHANGED in the words of whoever read it (ReadBy)."""


def case_version(case: Case) -> str:
    """Every recorded change of a case moves updated_at (services.case_records._event), so it is the case's version:
    in Beijing time (+08:00), as every other time the API gives."""
    return timezone.localtime(case.updated_at).isoformat()


def version_matches(case: Case, version: str) -> bool:
    """Whether `version` names the case's current version: compared as instants, so a version read before it was
    given in Beijing time (2026-11-30T02:00:00.123456+00:00) still matches the same moment in +08:00."""
    try:
        read = dt.datetime.fromisoformat(version)
    except ValueError:
        return False
    return read.tzinfo is not None and read == case.updated_at


def version_check(case: Case, expected: str, read_by: ReadBy = PAGE) -> None:
    """Refuse a case changed since `expected` was read (CaseChanged, in `read_by`'s words); no version, no check."""
    if expected and not version_matches(case, expected):
        raise CaseChanged(read_by.say(MSG_CHANGED))


def _household_lock(case_id: int, *, skip_locked: bool = False) -> bool:
    """Lock the case's household row; False when the case is gone or, with `skip_locked`, the row is held."""
    # A case's household never changes, so an unlocked read names the row to lock first.
    household_id = Case.objects.filter(pk=case_id).values_list("household_id", flat=True).first()
    if household_id is None:
        return False
    households = Household.objects.select_for_update(skip_locked=skip_locked).filter(pk=household_id)
    return households.values_list("pk").first() is not None


def case_lock(case_id: int, *related: str) -> Case:
    """Lock the case's household, then the case; the case with `related` loaded (Case.DoesNotExist if gone)."""
    _household_lock(case_id)
    return Case.objects.select_for_update(of=("self",)).select_related(*related).get(pk=case_id)


def case_try_lock(case_id: int, *related: str) -> Case | None:
    """case_lock for a worker that leaves a case being acted on right now for its next run: None when the case is
    gone or either row is held by another transaction."""
    if not _household_lock(case_id, skip_locked=True):
        return None
    cases = Case.objects.select_for_update(of=("self",), skip_locked=True).select_related(*related)
    return cases.filter(pk=case_id).first()


def cases_lock(case_ids: Iterable[int], *related: str) -> dict[int, Case]:
    """Lock the households of the cases in primary-key order, then the cases in primary-key order; the cases that
    exist, by id, with `related` loaded."""
    ids = sorted(set(case_ids))
    household_ids = sorted(set(Case.objects.filter(pk__in=ids).values_list("household_id", flat=True)))
    list(Household.objects.select_for_update().filter(pk__in=household_ids).order_by("pk").values_list("pk"))
    locked = Case.objects.select_for_update(of=("self",)).select_related(*related).filter(pk__in=ids).order_by("pk")
    return {case.pk: case for case in locked}


def _is_deadlock(error: OperationalError) -> bool:
    cause = error.__cause__
    return isinstance(cause, pg_errors.DeadlockDetected) or getattr(cause, "pgcode", None) == DEADLOCK_DETECTED


def deadlock_retried(service: Callable[P, T]) -> Callable[P, T]:
    """Run a transactional service once more when PostgreSQL chose it as a deadlock's victim (SQLSTATE 40P01:
    rolled back, nothing written), and answer Busy if it is chosen again, never a server error. The lock order
    above prevents the deadlocks we know of; this is the net for any we do not. Inside an outer transaction the
    service is one part of it, which the outermost call retries or not."""

    @functools.wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        if transaction.get_connection().in_atomic_block:
            return service(*args, **kwargs)
        try:
            return service(*args, **kwargs)
        except OperationalError as error:
            if not _is_deadlock(error):
                raise
            # Said in the log: a deadlock the lock order did not prevent is a bug to find.
            logger.warning("deadlock in %s, retried once: %s", service.__qualname__, error)
        try:
            return service(*args, **kwargs)
        except OperationalError as error:
            if not _is_deadlock(error):
                raise
            raise Busy(MSG_BUSY) from error

    return run
