"""The conditions of the data checks (households.data_checks) that are more than one line: each a Q or an EXISTS
over the members or households of the actor's scope, evaluated in the database."""

import datetime as dt
import operator
from decimal import Decimal
from functools import reduce

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThan

from households.choices import AssistanceStatus, HouseholdType, LabourCapacity, LabourSkill, LivingStatus, Relation, Sex
from households.labour import FULL
from households.lines import line_table
from households.member_rules import LABOUR, LABOUR_AGE, at_least, below
from households.models import HouseholdIncome, Member
from households.risk_evidence import RISK_GUARANTEES, WORKING_AGE
from households.services.relations import RELATION_SEX

SAFETY_NET = [AssistanceStatus.DIBAO, AssistanceStatus.TEKUN]
LIVING = Q(living_status=LivingStatus.LIVING)


def relation_sex_mismatch() -> Q:
    """A relation that names a sex (之女, 之父 …) on a member whose ID number says the other: entered before the
    member service refused it (households.services.relations), or imported."""
    by_sex: dict[str, list[str]] = {Sex.MALE: [], Sex.FEMALE: []}
    for relation, sex in RELATION_SEX.items():
        by_sex[sex].append(relation)
    return Q(relation__in=by_sex[Sex.MALE], sex=Sex.FEMALE) | Q(relation__in=by_sex[Sex.FEMALE], sex=Sex.MALE)


def second_spouse() -> Q:
    """A living 配偶 with another living 配偶 in the household: imported, or entered before the member service
    refused a second one (households.services.members MSG_SECOND_SPOUSE). Both are listed: which is wrong is the
    cadre's to find out."""
    other = Member.objects.filter(
        household=OuterRef("household"), living_status=LivingStatus.LIVING, relation=Relation.SPOUSE
    ).exclude(pk=OuterRef("pk"))
    return LIVING & Q(relation=Relation.SPOUSE) & Exists(other)


def spouse_head_sex() -> Q:
    """A living 配偶 of the living head's own sex: imported, or entered before the member service refused it
    (households.services.relations MSG_SPOUSE_SEX). A sex not known (no ID number, none typed) is not compared."""
    head = Member.objects.filter(
        household=OuterRef("household"), living_status=LivingStatus.LIVING, relation=Relation.HEAD, sex=OuterRef("sex")
    )
    return LIVING & Q(relation=Relation.SPOUSE, sex__in=[Sex.MALE, Sex.FEMALE]) & Exists(head)


# 16 to 64: the working age the screening rules count a main labourer in (screening.engine_kinds MAIN_LABOURER).
WORKING_AGE_END = 65


def working_age_no_skill(today: dt.date) -> Q:
    """A living member of working age with no 劳动技能: the go-live import carries the national export's blanks, and
    entry does not require it. The household's labour capacity, measures and the labourer rules read the skill."""
    return LIVING & Q(labour_skill="") & at_least(today, LABOUR_AGE) & below(today, WORKING_AGE_END)


def no_living_member() -> Exists:
    return ~Exists(Member.objects.filter(household=OuterRef("pk"), living_status=LivingStatus.LIVING))


def no_income(today: dt.date) -> Q:
    """A lifted-out or monitored household with no income record for this year or the last: the year's income is
    collected during the year, and the last year's serves until it is."""
    counted = Q(household_type=HouseholdType.LIFTED_OUT) | ~Q(monitoring_category="")
    recent = HouseholdIncome.objects.filter(household=OuterRef("pk"), year__in=[today.year, today.year - 1])
    return counted & ~Exists(recent)


def no_safety_net(today: dt.date) -> Q:
    """A monitored household with no living member on 低保 or 特困, to compare with 民政's lists (seed 004 (四)):
    unless it can earn its way, which is development help's, not the safety net's (000 §四, 003: 缺什么补什么; 对有劳动
    能力的，坚持开发式帮扶……防止陷入福利陷阱; the safety net for 无劳动能力或部分丧失劳动能力且无法通过产业就业获得
    稳定收入的). So a household with a full labourer of working age (labourer) whose latest income of this year or
    the last is not inside its line (above_line) is not listed; one below the line stays (004 (二): 符合低收入人口
    监测标准的，积极配合民政部门纳入), as does one whose income is not known."""
    covered = Member.objects.filter(
        household=OuterRef("pk"), living_status=LivingStatus.LIVING, assistance_status__in=SAFETY_NET
    )
    return ~Q(monitoring_category="") & ~Exists(covered) & ~(Exists(labourer(today)) & above_line(today))


def labourer(today: dt.date) -> QuerySet[Member]:
    """The household's living skilled or ordinary labourers of working age (households.risk_evidence.WORKING_AGE, the
    age the assistance rules count a labourer in: households.labour.working_skill)."""
    ages = at_least(today, WORKING_AGE[0]) & below(today, WORKING_AGE[1] + 1)
    return Member.objects.filter(LIVING & ages, household=OuterRef("pk"), labour_skill__in=FULL)


NO_INCOME, NO_LINE = Decimal("-1"), Decimal("1e12")


def above_line(today: dt.date) -> Q:
    """A monitored household whose latest per-capita net income of this year or the last is not inside the line of
    its place (the warning line in a warning period: households.lines.line_table), as screening's rule 收入低于监测标准
    reads it. No line set, or no recent income: not above (nothing is known to be)."""
    table = line_table(on_date=today, warned=True)
    if not table:
        return Q(pk__in=[])
    recent = HouseholdIncome.objects.filter(household=OuterRef("pk"), year__in=[today.year, today.year - 1])
    # No NULL may reach the comparison (its NOT would drop the household): no income is below, no line is above.
    income = Coalesce(Subquery(recent.order_by("-year").values("per_capita_net_income")[:1]), Value(NO_INCOME))
    amount = Case(*[When(region_path__startswith=t.prefix, then=Value(t.amount)) for t in table], default=NO_LINE)
    inclusive = Case(*[When(region_path__startswith=t.prefix, then=Value(t.inclusive)) for t in table], default=True)
    return Q(GreaterThan(income, amount)) | Q(Exact(income, amount) & Exact(inclusive, False))


def labour_mismatch(today: dt.date) -> Q:
    """The household's labour capacity against what its living members' skills settle (households.labour
    capacity_from_skills): a skilled or ordinary labourer makes 有劳动能力, else a weak one 弱劳动能力, else, every
    skill given, 无劳动能力. A household whose field says otherwise is listed; one whose members' skills settle
    nothing (a blank skill and no labourer), or whose field is blank, is not.

    One pass over each household's living members, the settled capacity computed there (the field where nothing
    is settled): five EXISTS tests, ORed, took 1.4 s over 150,000 households. The findings prefetch the members."""
    living = Member.objects.filter(household=OuterRef("pk"), living_status=LivingStatus.LIVING).order_by()
    settled = (
        living.values("household")
        .alias(
            full=Count("pk", filter=Q(labour_skill__in=FULL)),
            weak=Count("pk", filter=Q(labour_skill=LabourSkill.WEAK)),
            unsettled=Count("pk", filter=Q(labour_skill__in=[*LABOUR, ""])),
        )
        .annotate(
            capacity=Case(
                When(full__gt=0, then=Value(LabourCapacity.HAS_LABOUR)),
                When(weak__gt=0, then=Value(LabourCapacity.PARTIAL)),
                When(unsettled=0, then=Value(LabourCapacity.NONE)),
                default=OuterRef("labour_capacity"),
                output_field=CharField(),
            )
        )
        .values("capacity")
    )
    # No living member: no row, a NULL capacity, and no finding (有效农户无在世成员 lists the household).
    return ~Q(labour_capacity="") & ~Exact(F("labour_capacity"), Subquery(settled))


def guarantee_secured(today: dt.date) -> Q:
    """A monitored household declared for an unsafe house or water (seed type or national code) that its record
    says is secured (households.risk_evidence.RISK_GUARANTEES)."""
    said = [
        (Q(risk_types__contains=[g.seed]) | Q(national_risk_types__contains=[g.national])) & Q(**{g.field: True})
        for g in RISK_GUARANTEES
    ]
    return ~Q(monitoring_category="") & reduce(operator.or_, said)


def lifted_or_monitored() -> Q:
    """A member of a lifted-out or a monitored household."""
    return Q(household__household_type=HouseholdType.LIFTED_OUT) | ~Q(household__monitoring_category="")


def uninsured() -> Q:
    """A living member of a lifted-out or monitored household in no basic medical insurance: neither the residents'
    (Member.medical_insurance) nor the employees' (Member.employee_medical_insurance, 职工医保 through a job) (seed
    001: 卫健 reports those outside it monthly; 过渡期内…全部纳入医保参保资助范围，确保应保尽保)."""
    return LIVING & lifted_or_monitored() & Q(medical_insurance=False, employee_medical_insurance=False)
