"""The labour employment ledger's population (脱贫劳动力就业台账, 004 (六)) and its records, for one quarter.

employment_members is the ledger's one "应登记" rule: the page's list, the API's to-register list, the service's
check of who may be recorded, the page's 已登记 count and the reports export all read it, so they agree. A record of
someone outside it (saved before the service checked) is kept, but no list, count or export reads it."""

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.permissions import user_can
from accounts.roles import Capability, sees_registry
from assistance.models import EmploymentRecord
from assistance.quarters import ledger_day
from households.choices import HouseholdType, LabourSkill, LivingStatus, StudentStage
from households.member_rules import age_on
from households.models import Member
from households.risk_evidence import WORKING_AGE

NO_LABOUR = (LabourSkill.LOST, LabourSkill.NONE)
MSG_NOT_LABOURER = "{name}不是劳动力就业台账应登记的人员：{reasons}。请先核实农户档案。"
REASON_LIVING = "档案中为“{status}”"
REASON_CLOSED = "所在农户已注销"
REASON_HOUSEHOLD = "所在农户不是脱贫户或监测户"
REASON_AGE = "按出生日期{birth}计{when}{age}周岁，不在劳动年龄（{low}至{high}周岁）内"
REASON_UNBORN = "按出生日期{birth}计{when}尚未出生"
REASON_NO_LABOUR = "档案中劳动技能为“{skill}”"
REASON_STUDENT = "档案中为在校生（{stage}）"
REASON_OTHER = "不在本人管辖范围内本季度应登记的名单中"
# The ledger's 登记情况 filter, the page's and the API's (employment-members, and the records list for 待补充).
UNREGISTERED, TO_COMPLETE = "unregistered", "to_complete"
REGISTRATION_STATUSES = [(UNREGISTERED, "未登记"), (TO_COMPLETE, "待补充（已登记，本年务工时间待补充）")]


def ledger_scope(rows: Any, actor: Any) -> QuerySet[Any]:
    """The rows the ledger reads for `actor`: the registry's scope (visible_to) for those who read the registry; for
    the 人社 clerk, who leads the ledger (004 (六)) and keeps no registry (accounts.roles.DEPARTMENT_CAPABILITIES),
    the rows of their region, the county: read-only, and only the ledger's own rows (its labourers and records)."""
    if (
        sees_registry(getattr(actor, "role", ""))
        or actor.is_superuser
        or not user_can(actor, Capability.EMPLOYMENT_VIEW)
    ):
        return rows.visible_to(actor)
    return rows.filter(region_path__startswith=actor.region_path) if actor.region_path else rows.none()


def employment_members(
    *, actor: Any, filters: dict[str, Any] | None = None, quarter: tuple[int, int] | None = None
) -> QuerySet[Member]:
    """Working-age (16–64) living members able to work and not at school, of active lifted-out or monitored
    households (脱贫劳动力): their age on the quarter's last day, or today while it runs (quarters.ledger_day)."""
    filters = filters or {}
    day = ledger_day(quarter)
    low, high = WORKING_AGE
    youngest = _years_before(day, low)
    oldest = _years_before(day, high + 1) + dt.timedelta(days=1)
    members = (
        ledger_scope(Member.objects, actor)
        .filter(
            living_status=LivingStatus.LIVING,
            birth_date__lte=youngest,
            birth_date__gte=oldest,
            household__is_active=True,
        )
        .filter(Q(household__household_type=HouseholdType.LIFTED_OUT) | Q(household__monitoring_category__gt=""))
        .exclude(labour_skill__in=NO_LABOUR)
        .filter(student_stage=StudentStage.NONE)
    )
    if filters.get("village"):
        members = members.filter(household__village__code=filters["village"])
    if q := (filters.get("q") or "").strip():
        members = members.filter(Q(name__contains=q) | Q(household__head_name__contains=q))
    return members.select_related("household", "household__village").order_by("region_path", "household_id", "pk")


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February, in a year without one
        return day.replace(year=day.year - years, day=28)


def employment_list(
    *, actor: Any, quarter: tuple[int, int], filters: dict[str, Any] | None = None
) -> QuerySet[EmploymentRecord]:
    """A quarter of the labour employment ledger (004 (六)): the records of the quarter's labourers
    (employment_members), nobody else's; filters: village, employed, place, public_welfare_post, status
    (TO_COMPLETE: only the records waiting for 本年务工时间, as the page's 登记情况 待补充)."""
    filters = filters or {}
    year, number = quarter
    labourers = employment_members(actor=actor, quarter=quarter).order_by().values("pk")
    records = ledger_scope(EmploymentRecord.objects, actor).filter(year=year, quarter=number, member__in=labourers)
    if filters.get("village"):
        records = records.filter(household__village__code=filters["village"])
    if filters.get("employed") in ("yes", "no"):
        records = records.filter(employed=filters["employed"] == "yes")
    if filters.get("place"):
        records = records.filter(place=filters["place"])
    if filters.get("public_welfare_post") in ("yes", True):
        records = records.filter(public_welfare_post=True)
    if filters.get("status") == TO_COMPLETE:
        records = records.filter(months__isnull=True)
    return records.select_related("member", "household", "household__village", "household__village__parent").order_by(
        "region_path", "household_id", "member_id"
    )


def employment_to_register(*, actor: Any, quarter: tuple[int, int], filters: dict[str, Any]) -> QuerySet[Member]:
    """The working-age members the employment page lists, each annotated `registered` (the quarter has its record)
    and `to_complete` (its record waits for 本年务工时间, 待补充: employment.registry_months); filters: the page's
    village and q, registered (True: registered this quarter, False: 本季度未登记), to_complete (True: only
    those) and status, the 登记情况 filter (UNREGISTERED or TO_COMPLETE)."""
    year, number = quarter
    records = EmploymentRecord.objects.filter(member=OuterRef("pk"), year=year, quarter=number)
    members = employment_members(actor=actor, filters=filters, quarter=quarter).annotate(
        registered=Exists(records), to_complete=Exists(records.filter(months__isnull=True))
    )
    if filters.get("registered") is not None:
        members = members.filter(registered=filters["registered"])
    if filters.get("to_complete") or filters.get("status") == TO_COMPLETE:
        members = members.filter(to_complete=True)
    if filters.get("status") == UNREGISTERED:
        members = members.filter(registered=False)
    return members


def quarter_records(members: list[Member], quarter: tuple[int, int]) -> dict[int, EmploymentRecord]:
    """The quarter's record of each of these members (the page's rows), by member id."""
    year, number = quarter
    rows = EmploymentRecord.objects.filter(year=year, quarter=number, member__in=[m.pk for m in members])
    return {record.member_id: record for record in rows}


def is_labourer(*, actor: Any, member: Member, quarter: tuple[int, int]) -> bool:
    return employment_members(actor=actor, quarter=quarter).filter(pk=member.pk).exists()


def not_labourer_message(member: Member, quarter: tuple[int, int]) -> str:
    """Why a member is not on the quarter's ledger, in the words of employment_members' conditions."""
    household = member.household
    day = ledger_day(quarter)
    reasons = []
    if member.living_status != LivingStatus.LIVING:
        reasons.append(REASON_LIVING.format(status=member.get_living_status_display()))
    if not household.is_active:
        reasons.append(REASON_CLOSED)
    if household.household_type != HouseholdType.LIFTED_OUT and not household.monitoring_category:
        reasons.append(REASON_HOUSEHOLD)
    low, high = WORKING_AGE
    birth, at_end = f"{member.birth_date:%Y年%-m月%-d日}", f"{quarter[0]}年第{quarter[1]}季度末"
    past = day < ledger_day()
    if member.birth_date > day:  # a child born since the quarter ended is not "0周岁" then
        reasons.append(REASON_UNBORN.format(birth=birth, when=at_end if past else "目前"))
    elif not low <= age_on(member.birth_date, day) <= high:
        reasons.append(
            REASON_AGE.format(
                birth=birth,
                when=f"{at_end}为" if past else "现年",
                age=age_on(member.birth_date, day),
                low=low,
                high=high,
            )
        )
    if member.labour_skill in NO_LABOUR:
        reasons.append(REASON_NO_LABOUR.format(skill=member.get_labour_skill_display()))
    if member.student_stage != StudentStage.NONE:
        reasons.append(REASON_STUDENT.format(stage=member.get_student_stage_display()))
    return MSG_NOT_LABOURER.format(name=member.name, reasons="；".join(reasons) or REASON_OTHER)
