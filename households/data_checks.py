"""数据逻辑校验 (seed 004 §三(四): 每月……校验更正数据逻辑问题，动态掌握未纳入社会救助范围的防止返贫监测对象情况).

What the member and household services refuse at entry (one living head, a spouse under 16, a disability without
its grade, birth date and sex from the ID number, 0–12 months of work) cannot be in the registry (a relation that
contradicts the ID number's sex is refused too, but records from before that rule are found here). These checks
find what they cannot refuse: records that time has made inconsistent (a pupil who has grown up, a child still listed
as a labourer), records left behind by a change elsewhere (a deceased member still on 低保, a household with no
living member), data not yet collected (a lifted-out or monitored household's income of this year or the last:
应统尽统), and, for the monthly comparison with 民政, monitored households with no member on 低保 or 特困供养.

Each check is one ORM condition over the members (of active households) or the active households in the actor's
scope, so a county's counts are two aggregate queries and a check's findings one query; nothing loops over the
registry in Python. Kinds: 逻辑错误 (to be corrected), 需核实 (maybe right, to be checked at the next visit), 比对
(a list to compare with a department's own; its findings may be marked 已核实, households.data_check_reviews)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from accounts.scoping import user_scope_key
from households.choices import LabourCapacity, LivingStatus, Relation
from households.data_check_conditions import (
    LIVING,
    SAFETY_NET,
    guarantee_secured,
    labour_mismatch,
    no_income,
    no_living_member,
    no_safety_net,
    relation_sex_mismatch,
    second_spouse,
    spouse_head_sex,
    uninsured,
    working_age_no_skill,
)
from households.data_check_details import HOUSEHOLD, MEMBER
from households.data_check_details import Finding as Finding  # the checks' users read findings from here
from households.data_check_details import age as _age
from households.data_check_details import findings_of as findings_of
from households.data_check_details import household_kind as _household_kind
from households.data_check_details import income as _income
from households.data_check_details import without_number as _without_number
from households.data_check_reviews import CHECK_OUTCOMES, latest_review, reviewed
from households.labour import labour_capacity
from households.member_rules import (  # one definition of each rule, which member entry holds too
    child_labour,
    child_work,
    compulsory_school,
    education_too_high,
    preschool_education,
    stage_age,
    unknown_province,
    work_mismatch,
)
from households.member_rules import years_before as years_before  # the checks' users count ages with it
from households.models import Household, HouseholdIncome, Member
from households.models.changes import registry_version
from households.risk_evidence import guarantee_gaps, secured_of
from households.services.school_age import NOT_ENROLLED, taught_at_home

ERROR, REVIEW, COMPARE = "error", "review", "compare"
KIND_LABELS = {ERROR: "逻辑错误", REVIEW: "需核实", COMPARE: "比对"}
# A member in 职工医保 is insured (households.data_check_conditions.uninsured): the finding names both schemes.
NEITHER_SCHEME = "未参加基本医疗保险（城乡居民医保、职工医保均未参加）"
ERROR_COUNT_SECONDS = 300


@dataclass(frozen=True)
class DataCheck:
    code: str
    label: str
    fix: str
    kind: str
    on: str
    condition: Callable[[dt.date], Any]
    describe: Callable[[Any, dt.date], str]
    # The member field to correct: "更正成员信息" opens the member page at it (its 更多信息 section open).
    field: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def reviewable(self) -> bool:
        return self.code in CHECK_OUTCOMES

    def where(self, today: dt.date, *, checked: bool = False) -> Any:
        """The findings still to deal with, or (`checked`) those marked 已核实 by a review that holds."""
        if not self.reviewable:
            return Q(pk__in=[]) if checked else self.condition(today)
        done = reviewed(self.code, today)
        return self.condition(today) & (done if checked else ~done)


CHECKS = [
    DataCheck(
        "stage_age",
        "在校学段与年龄不符",
        "核实是否已升学、毕业或离校，更新成员的“在校生情况”。",
        ERROR,
        MEMBER,
        lambda today: LIVING & stage_age(today),
        lambda m, today: f"{_age(m, today)}，在校生情况为“{m.get_student_stage_display()}”",
        field="student_stage",
    ),
    DataCheck(
        "child_labour",
        "未满16周岁登记为劳动力",
        "未满16周岁的成员劳动技能应为“无劳动力”，请更正。",
        ERROR,
        MEMBER,
        lambda today: LIVING & child_labour(today),
        lambda m, today: f"{_age(m, today)}，劳动技能为“{m.get_labour_skill_display()}”",
    ),
    DataCheck(
        "child_work",
        "未满16周岁登记有务工",
        "核实是否为童工或录入错误；录入错误的改为“未务工”、务工时间0个月。",
        ERROR,
        MEMBER,
        lambda today: LIVING & child_work(today),
        lambda m, today: (
            f"{_age(m, today)}，务工{m.get_employment_place_display() or '地点未填'} {m.employment_months} 个月"
        ),
    ),
    DataCheck(
        "work_mismatch",
        "务工地点与务工时间不一致",
        "有务工地点的务工时间应大于0个月；务工时间大于0的应填写务工地点。",
        ERROR,
        MEMBER,
        lambda today: LIVING & work_mismatch(today),
        lambda m, today: f"务工地点“{m.get_employment_place_display() or '未填'}”，务工时间 {m.employment_months} 个月",
    ),
    DataCheck(
        "preschool_education",
        "文化程度为“学龄前儿童”但已超过学龄",
        "按实际学历更新成员的“文化程度”。",
        ERROR,
        MEMBER,
        lambda today: LIVING & preschool_education(today),
        lambda m, today: f"{_age(m, today)}，文化程度为“学龄前儿童”",
        field="education",
    ),
    DataCheck(
        "education_too_high",
        "文化程度高于年龄可能达到的程度",
        "核对身份证号后，按实际学历更新成员的“文化程度”（如3岁儿童应为“学龄前儿童”）。",
        ERROR,
        MEMBER,
        lambda today: LIVING & education_too_high(today),
        lambda m, today: f"{_age(m, today)}，文化程度为“{m.get_education_display()}”",
        field="education",
    ),
    DataCheck(
        "id_province",
        "身份证号省级代码不存在",
        "与户口簿、身份证核对后更正身份证号（前两位为省级行政区划代码，如江西为36）。",
        ERROR,
        MEMBER,
        lambda today: LIVING & unknown_province(),
        lambda m, today: f"身份证号前两位为“{m.id_number[:2]}”",
        field="id_number",
    ),
    DataCheck(
        "no_id_number",
        "暂无身份证号的成员",
        "督促办理户口登记；取得身份证号后“更正成员信息”填写，满一周岁仍未落户的尽快核实原因。",
        REVIEW,
        MEMBER,
        lambda today: LIVING & Q(id_number=""),  # registered as babies (households.services.newborn)
        lambda m, today: _without_number(m, today),
        field="id_number",
    ),
    DataCheck(
        "relation_sex",
        "与户主关系与性别不符",
        "核对身份证号（第17位单数为男、双数为女）后，更正成员的“与户主关系”（如男性应为“之子”而非“之女”）。",
        ERROR,
        MEMBER,
        lambda today: LIVING & relation_sex_mismatch(),
        lambda m, today: f"与户主关系为“{m.get_relation_display()}”，身份证号显示为{m.get_sex_display()}性",
    ),
    DataCheck(
        "second_spouse",
        "一户登记有两名及以上配偶",
        "核实谁是户主的配偶；离婚后仍在本户的更正为“其他”，已故或迁出的标记已故/迁出。",
        ERROR,
        MEMBER,
        lambda today: second_spouse(),
        lambda m, today: "与户主关系为“配偶”，本户另有在世成员也登记为配偶",
        field="relation",
    ),
    DataCheck(
        "spouse_sex",
        "配偶与户主性别相同",
        "核对户主和配偶的身份证号（第17位单数为男、双数为女）后，更正身份证号或成员的“与户主关系”。",
        ERROR,
        MEMBER,
        lambda today: spouse_head_sex(),
        lambda m, today: f"与户主关系为“配偶”，与户主同为{m.get_sex_display()}性",
        field="relation",
    ),
    DataCheck(
        "no_skill",
        "劳动年龄成员未填劳动技能",
        "入户核实后填写“劳动技能”：户的劳动能力、帮扶措施和主要劳动力筛查规则都按劳动技能判断。",
        REVIEW,
        MEMBER,
        lambda today: working_age_no_skill(today),
        lambda m, today: f"{_age(m, today)}，劳动技能未填",
        field="labour_skill",
    ),
    DataCheck(
        "gone_on_safety_net",
        "已故或迁出成员仍登记享受低保/特困",
        "告知民政部门停发或转移，并在本页“停止登记”该成员的低保/特困。",
        ERROR,
        MEMBER,
        lambda today: ~LIVING & Q(assistance_status__in=SAFETY_NET),
        lambda m, today: (
            f"{m.get_living_status_display()}（{m.status_changed_on or '日期未填'}），"
            f"仍登记为{m.get_assistance_status_display()}"
        ),
    ),
    DataCheck(
        "no_living_member",
        "有效农户无在世成员",
        "全户已故或迁出的，由乡镇或县在农户页面“办理农户注销”（记录注销原因）；有成员在世的，更正成员状态。",
        ERROR,
        HOUSEHOLD,
        lambda today: no_living_member(),
        lambda h, today: "全部成员已故或迁出",
    ),
    DataCheck(
        "labour_mismatch",
        "户劳动能力与成员劳动技能不符",
        "核实后更正户的“劳动能力”或成员的“劳动技能”；风险消除和帮扶措施建议按成员的劳动技能判断。",
        ERROR,
        HOUSEHOLD,
        labour_mismatch,
        lambda h, today: (
            f"户劳动能力为“{h.get_labour_capacity_display()}”，"
            f"按成员劳动技能应为“{LabourCapacity(labour_capacity(h, h.members.all())).label}”"
        ),
    ),
    DataCheck(
        "income_missing",
        "脱贫户、监测户无本年度或上年度收入",
        "按“应统尽统、应录尽录”录入本年度家庭收支（人均纯收入）。",
        ERROR,
        HOUSEHOLD,
        no_income,
        lambda h, today: f"{_household_kind(h)}，无{today.year - 1}年和{today.year}年收入记录",
    ),
    DataCheck(
        "risk_guarantee",
        "监测对象因住房/饮水风险纳入，但档案记载住房安全/饮水安全有保障",
        "入户核实：仍不安全的，将户的“住房安全有保障”或“饮水安全有保障”改为“否”；已解决的，按程序提出风险消除。",
        ERROR,
        HOUSEHOLD,
        guarantee_secured,
        lambda h, today: "；".join(
            f"风险类型“{gap.label}”，但{gap.missing}"
            for gap in guarantee_gaps(h.risk_types, h.national_risk_types, secured_of(h))
        ),
    ),
    # A member outside the insurance is a logic error only while the household says 基本医疗有保障: once the household
    # records 无保障, the record agrees with itself and what is left is work to do (uninsured_aid), not a wrong entry.
    DataCheck(
        "uninsured",
        "成员未参加基本医疗保险",
        "入户核实参保情况：确未参保的，将户的“基本医疗有保障”改为“否”并动员参保（脱贫人口、监测对象按规定享受参保资助）；"
        "已参保的，“更正成员信息”勾选“参加城乡居民基本医疗保险”或（参加职工医保的）“参加职工基本医疗保险”。",
        ERROR,
        MEMBER,
        lambda today: uninsured() & Q(household__medical_ok=True),
        lambda m, today: f"{_household_kind(m.household)}成员，{NEITHER_SCHEME}；户记载基本医疗有保障",
        field="medical_insurance",
    ),
    DataCheck(
        "uninsured_aid",
        "未参保成员应纳入参保资助",
        "应纳入参保资助：协助办理城乡居民基本医疗保险参保（脱贫人口、监测对象按规定享受参保资助），参保后“更正成员信息”"
        "勾选“参加城乡居民基本医疗保险”，户的“基本医疗有保障”随之改为“是”。",
        REVIEW,
        MEMBER,
        lambda today: uninsured() & Q(household__medical_ok=False),
        lambda m, today: f"{_household_kind(m.household)}成员，{NEITHER_SCHEME}；户已记载基本医疗无保障",
        field="medical_insurance",
    ),
    DataCheck(
        "not_enrolled",
        "义务教育适龄儿童未登记在校",
        "入户核实：确已辍学的，在走访中登记“义务教育有保障”问题并劝返；在校的更新“在校生情况”。",
        REVIEW,
        MEMBER,
        lambda today: (
            LIVING & compulsory_school(today) & Q(student_stage__in=NOT_ENROLLED) & ~taught_at_home()
        ),  # asked about at entry (households.services.school_age): here what was confirmed, or time brought
        lambda m, today: f"{_age(m, today)}，在校生情况为“{m.get_student_stage_display() or '未填'}”",
        field="student_stage",
    ),
    DataCheck(
        "no_safety_net",
        "监测户无成员享受低保/特困",
        "每月与民政部门比对：列出未享受低保/特困的监测户，但不含有劳动年龄内劳动力（普通或技能劳动力，16—64周岁）"
        "且最近年度（本年或上年）人均纯收入不低于监测标准（预警期为预警线）的户——有劳动能力的坚持开发式帮扶（缺什么补什么）。"
        "符合低保、特困条件的，协助申请；已比对不符合或已落实其他帮扶的，点“已核实”记录结果。",
        COMPARE,
        HOUSEHOLD,
        no_safety_net,
        lambda h, today: f"{h.get_monitoring_category_display()}，{h.member_count}人，{_income(h)}",
    ),
]
BY_CODE = {check.code: check for check in CHECKS}


def check_get(code: str) -> DataCheck:
    check = BY_CODE.get(code)
    if check is None:
        raise Http404
    return check


def _members(actor: Any, region_path: str = "") -> QuerySet[Member]:
    members = Member.objects.visible_to(actor).filter(household__is_active=True)
    return members.filter(region_path__startswith=region_path) if region_path else members


def _households(actor: Any, region_path: str = "") -> QuerySet[Household]:
    households = Household.objects.visible_to(actor).filter(is_active=True)
    return households.filter(region_path__startswith=region_path) if region_path else households


def check_counts(*, actor: Any, today: dt.date, region_path: str = "") -> list[tuple[DataCheck, int]]:
    """Every check with the number of its findings in the actor's scope (or the region given inside it): one
    aggregate over the members and one over the households."""
    member_checks = [c for c in CHECKS if c.on == MEMBER]
    household_checks = [c for c in CHECKS if c.on == HOUSEHOLD]
    counts = _members(actor, region_path).aggregate(
        **{c.code: Count("pk", filter=c.where(today)) for c in member_checks}
    )
    households = _households(actor, region_path)
    for check in household_checks:  # Exists conditions: one count each, over an index
        counts[check.code] = households.filter(check.where(today)).count()
    return [(check, counts[check.code] or 0) for check in CHECKS]


def kind_totals(*, actor: Any, today: dt.date, region_path: str = "") -> dict[str, int]:
    """The findings of each kind (error, review, compare) in the actor's scope or a region inside it, for the home
    page and the reports page: kept five minutes per scope, region and day (a county's counts take about a second
    over 150,000 households; the checks page itself always counts afresh), and only while no household, member or
    income is written (households.models.changes), so the tile agrees with the list right after a correction."""
    version = registry_version()
    key = f"data_checks:kinds:{version}:{user_scope_key(actor)}:{region_path}:{today.isoformat()}"
    totals = cache.get(key)
    if totals is None:
        totals = dict.fromkeys(KIND_LABELS, 0)
        for check, count in check_counts(actor=actor, today=today, region_path=region_path):
            totals[check.kind] += count
        cache.set(key, totals, ERROR_COUNT_SECONDS)
    return totals


def error_count(*, actor: Any, today: dt.date) -> int:
    """The errors in the actor's scope, for the home page (kind_totals)."""
    return int(kind_totals(actor=actor, today=today)[ERROR])


def check_findings(
    *, actor: Any, check: DataCheck, today: dt.date, region_path: str = "", checked: bool = False
) -> QuerySet[Any]:
    """The members or households the check finds, in the order of the registry (township, village, household);
    `checked`: those marked 已核实 instead, each with its review."""
    if check.on == MEMBER:
        members = _members(actor, region_path).filter(check.where(today, checked=checked))
        return members.select_related("household__village__parent").order_by("region_path", "household__number", "pk")
    households = _households(actor, region_path).filter(check.where(today, checked=checked))
    if checked:
        households = households.annotate(review_id=latest_review(check.code, today))
    latest = HouseholdIncome.objects.filter(household=OuterRef("pk")).order_by("-year")
    head = Member.objects.filter(household=OuterRef("pk"), relation=Relation.HEAD, living_status=LivingStatus.LIVING)
    households = households.annotate(
        head_id_number=Subquery(head.values("id_number")[:1]),
        member_count=Count("members", filter=Q(members__living_status=LivingStatus.LIVING)),
        income_year=Subquery(latest.values("year")[:1]),
        income=Subquery(latest.values("per_capita_net_income")[:1]),
    )
    households = households.select_related("village__parent").prefetch_related("members")  # labour_mismatch's skills
    return households.order_by("region_path", "number", "pk")
