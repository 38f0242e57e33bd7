"""A measure's flags, in SQL for the lists and ledgers (assistance.selectors.measure_list) and in Python for one
measure in hand: 逾期未办结 (past its end date, still open) and 已到开始日期未实施 (past its start date, still
planned)."""

import datetime as dt

from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from assistance.choices import OPEN_MEASURE_STATUSES, MeasureStatus
from assistance.models import PlanMeasure
from households.models import Household


def overdue_q(today: dt.date) -> Q:
    """逾期未办结: past the end date it was given and still 计划中 or 实施中, for the regular follow-up of 000 §三(三)7
    (建立定期回访制度，跟踪帮扶效果落实). A measure with no end date is never overdue (no_end_q)."""
    return Q(ends_on__lt=today, status__in=OPEN_MEASURE_STATUSES, household__is_active=True)


def _overdue_flag(today: dt.date) -> Case:
    return Case(When(overdue_q(today), then=Value(True)), default=Value(False))


def is_overdue(measure: PlanMeasure, today: dt.date) -> bool:
    """overdue_q for one measure in hand (one not read through measure_list)."""
    return (
        measure.household.is_active
        and measure.ends_on is not None
        and measure.ends_on < today
        and measure.status in OPEN_MEASURE_STATUSES
    )


LATE_START = "已到开始日期未实施"
NO_END = "未定结束日期"


def no_end_q() -> Q:
    """未定结束日期: still 计划中 or 实施中 with no end date, so never overdue. Listed for review, not refused: the
    seeds ask no end date of a 帮扶措施 (000 §三(三)7 asks regular return visits; 004 (十九)(二十) 兜底 and 代缴参保
    are ongoing). 003's 整改时限 is the deadline of a campaign's 问题整改台账 (screening.services.campaign_problems)."""
    return Q(ends_on__isnull=True, status__in=OPEN_MEASURE_STATUSES)


def is_no_end(measure: PlanMeasure) -> bool:
    """no_end_q for one measure in hand."""
    return measure.ends_on is None and measure.status in OPEN_MEASURE_STATUSES


# Marked 风险消除 and not monitored again: 不再按"监测对象"监测帮扶 (000 §三(三)8). Its measures are not closed
# for it (a weakly stable household may be helped on: the plan page asks to end or keep them), but one still
# 计划中 is no longer "late"; one kept is started (实施中), one ended is stopped (已终止). A measure planned after the
# exit (a 脱贫户 is helped on as 脱贫人口, 001 §一) is late like any other.
EXITED = Q(household__monitoring_category="", household__risk_eliminated_on__isnull=False)
BEFORE_EXIT = EXITED & Q(created_at__date__lte=F("household__risk_eliminated_on"))


def late_start_q(today: dt.date) -> Q:
    """已到开始日期未实施: still 计划中 though its start date has passed (000 §三(三)7: 及时落实帮扶措施), of a
    household not closed (已注销: nobody is left to help, as for 逾期未办结), unless it was planned while the household
    was monitored and the household has been marked 风险消除 since (BEFORE_EXIT); a measure starting today is not
    late yet."""
    return Q(status=MeasureStatus.PLANNED, starts_on__lt=today, household__is_active=True) & ~BEFORE_EXIT


def household_exited(household: Household) -> bool:
    """EXITED for one household in hand."""
    return not household.monitoring_category and household.risk_eliminated_on is not None


def is_late_start(measure: PlanMeasure, today: dt.date) -> bool:
    """late_start_q for one measure in hand."""
    late = measure.status == MeasureStatus.PLANNED and measure.starts_on < today
    household = measure.household
    before_exit = household_exited(household) and (
        timezone.localtime(measure.created_at).date() <= household.risk_eliminated_on
    )
    return late and household.is_active and not before_exit


def flags(today: dt.date) -> dict[str, Case]:
    return {
        "overdue": _overdue_flag(today),
        "late_start": Case(When(late_start_q(today), then=Value(True)), default=Value(False)),
    }
