"""What a measure's dates and amount must be, and when adding one asks first (assistance.services.measures).

Dates: a measure is help for a monitored household (or one helped first in the green channel), so it starts no
earlier than the household was monitored or its plan was made, whichever came first; it is planned at most a year
ahead and ends within five years. A measure is under way (实施中) only once it has started: one dated in the future
has not been 落实 (000 §三(三)7, §四), so it neither shows as under way nor counts as in place for the exit.

Amounts: at most MAX_AMOUNT yuan for one measure; above LARGE_AMOUNT (the ceiling of 脱贫人口小额信贷, the largest
routine measure) the officer is asked to check the figure, as when the same measure for the same person is still
open (a repeat that would inflate the 帮扶措施台账)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accounts.choices import Department, Role
from assistance.catalogue import allowed_departments
from assistance.choices import OPEN_MEASURE_STATUSES, MeasureStatus
from assistance.models import MeasureType, Plan, PlanMeasure
from households.models import Member

MAX_AMOUNT = Decimal("1000000")
LARGE_AMOUNT = Decimal("50000")
START_AHEAD_DAYS = 365
END_AHEAD_YEARS = 5

MSG_STARTS_TOO_EARLY = "开始日期不能早于{what}（{date:%Y-%m-%d}）。"
MONITORED = "该户纳入监测的日期"
PLANNED = "制定帮扶方案的日期"
MSG_STARTS_TOO_LATE = "开始日期不能晚于{date:%Y-%m-%d}：只能安排一年以内开始的措施。"
MSG_ENDS_TOO_LATE = "结束日期不能晚于{date:%Y-%m-%d}（五年以内）。"
MSG_UNDER_WAY_NOT_STARTED = "该措施正在实施，开始日期不能晚于今天。"
MSG_NOT_STARTED = "该措施的开始日期为{date:%Y-%m-%d}，尚未开始，不能改为“实施中”。开始后再改，或先修改开始日期。"
MSG_BAD_DEPARTMENT = "责任部门无效。"
MSG_WRONG_DEPARTMENT = "「{measure}」应由{allowed}负责，不能交由{department}。"
MSG_TOWNSHIP_ONLY = "「{measure}」由乡镇、村落实，不能交由{department}。"
# A measure's notes (实施情况, 办理情况, 终止原因) are added to its 实施情况 or 帮扶成效 and read on a phone: a few
# sentences each.
NOTE_MAX = 500
MSG_NOTE_LONG = "{label}不能超过{n}字（现有{length}字），请精简。"
MSG_AMOUNT_TOO_LARGE = "金额不能超过{limit:,}元。"
MSG_DUPLICATE = "{who}已有同一措施“{measure}”尚未办结（{starts_on:%Y-%m-%d}开始，{status}）。"
MSG_LARGE_AMOUNT = "金额{amount:,}元超过{limit:,}元，请核对金额（单位为元）。"
MSG_CONFIRM_UNUSUAL = "确需添加的，请勾选“仍要添加”。"
MSG_ENDS_IN_PAST = (
    "结束日期{date:%Y-%m-%d}已过：添加后即为“逾期未办结”，公示时仍列为“计划中”。已实施完的，请添加后登记办结；"
    "如确需按此日期添加，请确认“仍要添加”并填写理由。"
)
ASKED_ENDS_IN_PAST = "结束日期已过"
MSG_DEPARTMENT_CLOSES = (
    "“{measure}”的责任部门是{department}，由{department}办结：改为“{new}”须由{department}或县乡村振兴局办理，"
    "村、乡镇只能将其改为“实施中”。"
)
MSG_DEPARTMENT_KEPT = (
    "“{measure}”的责任部门是{department}，村、乡镇不能更改或取消：措施由{department}办结，"
    "确需调整责任部门的，请县乡村振兴局修改。"
)
MSG_DEPARTMENT_KEPT_HELP = "由{department}办结：村、乡镇不能更改或取消责任部门，确需调整的请县乡村振兴局修改。"
CLOSING = (MeasureStatus.DONE, MeasureStatus.STOPPED)


def earliest_start(plan: Plan) -> tuple[dt.date, str]:
    """The earliest start date a measure of this plan may have, and what that date is."""
    planned = timezone.localdate(plan.created_at)
    monitored = plan.household.monitoring_start
    if monitored is not None and monitored < planned:
        return monitored, MONITORED
    return planned, PLANNED


def latest_start(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=START_AHEAD_DAYS)


def latest_end(today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year + END_AHEAD_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + END_AHEAD_YEARS, day=28)


def date_errors(
    *,
    plan: Plan,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    status: str,
    today: dt.date,
    check_start: bool = True,
    check_end: bool = True,
) -> dict[str, str]:
    """The date rules; an edit checks only the dates it changes (check_start, check_end), so an old measure's
    other fields can still be corrected."""
    errors: dict[str, str] = {}
    if starts_on is not None and check_start:
        earliest, what = earliest_start(plan)
        if starts_on < earliest:
            errors["starts_on"] = MSG_STARTS_TOO_EARLY.format(what=what, date=earliest)
        elif starts_on > latest_start(today):
            errors["starts_on"] = MSG_STARTS_TOO_LATE.format(date=latest_start(today))
        elif status == MeasureStatus.IN_PROGRESS and starts_on > today:
            errors["starts_on"] = MSG_UNDER_WAY_NOT_STARTED
    if ends_on is not None and check_end and ends_on > latest_end(today):
        errors["ends_on"] = MSG_ENDS_TOO_LATE.format(date=latest_end(today))
    return errors


def ends_in_past_question(ends_on: dt.date | None, today: dt.date) -> str:
    """What to ask before adding a measure whose end date has passed, or "": it would be overdue (逾期未办结) the
    moment it is saved, and the village notice would print it as still to be carried out (计划中)."""
    return MSG_ENDS_IN_PAST.format(date=ends_on) if ends_on is not None and ends_on < today else ""


def amount_error(amount: Decimal | None) -> str:
    if amount is not None and amount > MAX_AMOUNT:
        return MSG_AMOUNT_TOO_LARGE.format(limit=MAX_AMOUNT)
    return ""


def not_started(measure: PlanMeasure, today: dt.date) -> str:
    """Why the measure cannot be set 实施中 yet, or ""."""
    return MSG_NOT_STARTED.format(date=measure.starts_on) if measure.starts_on > today else ""


def closing_department(actor: object, measure: PlanMeasure) -> str:
    """The department that closes (已完成、已终止) this measure instead of the actor, or "" when the actor may.
    Each measure has its responsible unit (000 §四): one carried out by a department is closed by that department
    (its clerk: measure_status.measure_complete_by_department) or by the county bureau (县乡村振兴局); the village and
    township may only start it. One with no department is the township and village's own to close."""
    if not measure.responsible_department or getattr(actor, "role", None) == Role.COUNTY_OFFICER:
        return ""
    return str(measure.get_responsible_department_display())


def close_refusal(actor: object, measure: PlanMeasure, status: str) -> str:
    """Why the actor may not move the measure to `status`, or "" (closing_department)."""
    department = closing_department(actor, measure) if status in CLOSING else ""
    if not department:
        return ""
    new = MeasureStatus(status).label
    return MSG_DEPARTMENT_CLOSES.format(measure=measure.measure_type.name, department=department, new=new)


def department_change_refusal(actor: object, measure: PlanMeasure, new_department: str) -> str:
    """Why the actor may not give the measure `new_department` (blank: the township and village), or "". The
    department that closes a measure is its department (closing_department): were the village or township to
    reassign it, or take it back as their own, they could then close it themselves. So only the county bureau
    changes or removes a measure's department; one without a department may still be given one."""
    department = closing_department(actor, measure) if new_department != measure.responsible_department else ""
    return MSG_DEPARTMENT_KEPT.format(measure=measure.measure_type.name, department=department) if department else ""


def unusual(*, plan: Plan, measure_type: MeasureType, member: Member | None, amount: Decimal | None) -> str:
    """What to ask before adding this measure, or "": the same measure for the same member (or the whole household)
    still open in the plan, or a large amount."""
    said: list[str] = []
    open_same = (
        PlanMeasure.objects.filter(
            plan=plan, measure_type=measure_type, member=member, status__in=OPEN_MEASURE_STATUSES
        )
        .order_by("starts_on", "pk")
        .first()
    )
    if open_same is not None:
        who = f"{member.name}" if member is not None else "该户"
        said.append(
            MSG_DUPLICATE.format(
                who=who,
                measure=measure_type.name,
                starts_on=open_same.starts_on,
                status=MeasureStatus(open_same.status).label,
            )
        )
    if amount is not None and LARGE_AMOUNT < amount <= MAX_AMOUNT:
        said.append(MSG_LARGE_AMOUNT.format(amount=amount, limit=LARGE_AMOUNT))
    return "".join(said) + MSG_CONFIRM_UNUSUAL if said else ""


def note_error(note: str, label: str) -> str:
    """A note longer than NOTE_MAX, said naming its field; "" when it fits."""
    length = len(note.strip())
    return MSG_NOTE_LONG.format(label=label, n=NOTE_MAX, length=length) if length > NOTE_MAX else ""


def department_error(measure_type: MeasureType, department: str) -> str:
    """A department the measure does not go to (catalogue.allowed_departments), said naming those it does go to;
    "" for one of them or for the township and village (blank)."""
    if not department:
        return ""
    if department not in Department.values:
        return MSG_BAD_DEPARTMENT
    allowed = allowed_departments(measure_type)
    if department in allowed:
        return ""
    named = str(Department(department).label)
    if not allowed:
        return MSG_TOWNSHIP_ONLY.format(measure=measure_type.name, department=named)
    labels = [str(Department(code).label) for code in allowed]
    listed = labels[0] if len(labels) == 1 else "、".join(labels[:-1]) + "或" + labels[-1]
    return MSG_WRONG_DEPARTMENT.format(measure=measure_type.name, allowed=listed, department=named)
