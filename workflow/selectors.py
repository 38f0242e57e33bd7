"""Reads of the workflow app, always through visible_to(actor): out of scope is absent (404)."""

from typing import Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.choices import Role
from households.choices import MonitoringCategory, RegionLevel
from households.models import Household, Region
from households.public_names import members_prefetch
from households.selectors_search import household_match, member_match
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Outcome, StepKind
from workflow.models import Case, CaseStep, Objection, Procedure, Step
from workflow.models.cases import OBJECTION_BLOCKS
from workflow.roles import acting_roles, acts_step
from workflow.selectors_consent import cases_missing_consent
from workflow.selectors_deadlines import Deadline, deadlines_of, overdue_cases, owed_steps, went_ahead
from workflow.selectors_exit_shown import notice_reason, shown_category, shown_risks
from workflow.selectors_posted_names import posted_name_changes
from workflow.selectors_procedures import task_procedures
from workflow.services.approval_records import decided_under_number
from workflow.services.step_waits import (
    WAIT_LABEL,
    WAIT_REASON,
    opener_refusal,
    opener_steps,
    steps_waiting,
    waiting_steps,
)


def case_queryset(actor: Any) -> QuerySet[Case]:
    return (
        Case.objects.visible_to(actor)
        .select_related("household", "household__village__parent", "procedure")
        .prefetch_related(
            Prefetch(
                "case_steps",
                queryset=CaseStep.objects.select_related("step", "acted_by")
                .prefetch_related("objections")
                .order_by("step__order"),
            )
        )
    )


def case_get(*, actor: Any, pk: int) -> Case:
    return get_object_or_404(case_queryset(actor), pk=pk)


def _annotate_timing(case: Case, deadline: Deadline | None) -> Case:
    """`deadline`: the case's reading of the one definition of 超期 (selectors_deadlines.deadlines_of)."""
    case.days_elapsed = (timezone.localdate() - case.discovered_on).days  # type: ignore[attr-defined]
    case.overdue = deadline is not None and deadline.overdue  # type: ignore[attr-defined]
    case.overdue_reasons = deadline.reason_labels if case.overdue else []  # type: ignore[attr-defined, union-attr]
    case.limit_on = deadline.limit_on if deadline is not None else None  # type: ignore[attr-defined]
    case.open_steps = [cs for cs in case.case_steps.all() if cs.status == CaseStepStatus.OPEN]  # type: ignore[attr-defined]
    case.owed_steps = owed_steps(case)  # type: ignore[attr-defined]
    case.went_ahead = went_ahead(case)  # type: ignore[attr-defined]
    # Why a case whose publicity still runs is back in 我的任务: an objection to look into (or one upheld, which
    # only a refusal ends). Read from the prefetched steps' objections: no query per row.
    objections = [o for cs in case.case_steps.all() for o in cs.objections.all()]
    case.objection_pending = any(o.resolved_at is None for o in objections)  # type: ignore[attr-defined]
    case.objection_upheld = any(o.upheld and (not o.earlier_run or o.carried) for o in objections)  # type: ignore[attr-defined]
    return case


def _running_publicity() -> Q:
    """A posted publicity still within its period with no objection to look into or upheld: nothing to do until it
    ends (the hourly task then passes it, services.deadlines.publicity_complete_due). The query form of
    CaseStep.publicity_running, save that a publicity whose posting day is not recorded is not running: it never
    passes until the actor records it (services.publicity), so it is the actor's task (待登记张贴日期)."""
    pending = Objection.objects.filter(OBJECTION_BLOCKS, case_step=OuterRef("pk"))
    posted = Q(step__kind=StepKind.PUBLICITY, posted_on__isnull=False, ends_on__gte=timezone.localdate())
    return posted & ~Exists(pending)


def _open_steps_of(actor: Any) -> QuerySet[CaseStep]:
    return CaseStep.objects.filter(status=CaseStepStatus.OPEN, step__role__in=acting_roles(actor))


def _waiting_on(actor: Any, step_name: str = "") -> QuerySet[CaseStep]:
    """The open steps of the actor's role (of one name or code, if given) that the actor can act on now: a running
    publicity waits for its end, not for the actor; a step that waits on another (services.step_waits: a green
    channel's approval before the township's audit) is not the actor's yet; a green channel's township audit is
    never its opener's (services.step_waits.opener_refusal)."""
    steps = _open_steps_of(actor).exclude(_running_publicity()).exclude(waiting_steps()).exclude(opener_steps(actor))
    return steps.filter(Q(step__name=step_name) | Q(step__code=step_name)) if step_name else steps


def publicity_running(*, actor: Any) -> QuerySet[CaseStep]:
    """The actor's role's posted publicity steps in scope still running, soonest end first: shown beside 我的任务
    (公示中). One not posted yet is among the tasks (_waiting_on)."""
    cases = Case.objects.visible_to(actor).filter(status=CaseStatus.OPEN)
    return (
        _open_steps_of(actor)
        .filter(_running_publicity(), case__in=cases)
        .select_related("step", "case__household__village")
        .order_by("ends_on", "case_id")
    )


def acting_steps(actor: Any) -> dict[str, str]:
    """The steps the actor's role acts on in the procedures its tasks can be at (selectors_procedures.
    task_procedures: not another county's or province's), code to name (the API's ?step=)."""
    procedures = [procedure.pk for procedure in task_procedures(actor)]
    steps = Step.objects.filter(role__in=acting_roles(actor), procedure__in=procedures).values_list("code", "name")
    return dict(sorted(set(steps)))


def case_filter(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """Cases in the actor's scope, filtered by: mine (open, with an open step for the actor's role), step (the name
    or code of such a step), village (a region path prefix), kind, status, household, overdue (overdue_cases), q (the
    head's or a member's name, a member's ID number or part of it, the household number, or the 批复文号 that decided
    the case). Unordered, unjoined: for counts, and for case_list."""
    filters = filters or {}
    cases = Case.objects.visible_to(actor)
    if filters.get("mine") or filters.get("step"):
        waiting = _waiting_on(actor, filters.get("step") or "")
        cases = cases.filter(status=CaseStatus.OPEN, pk__in=waiting.values("case_id"))
    if filters.get("village"):
        cases = cases.filter(region_path__startswith=filters["village"])
    for name in ("kind", "status", "household"):
        if filters.get(name):
            cases = cases.filter(**{name: filters[name]})
    if filters.get("overdue"):
        cases = cases.filter(pk__in=overdue_cases(today=timezone.localdate()).values("pk"))
    if q := (filters.get("q") or "").strip():
        # As the household list searches (households.selectors_search): a member's name or ID number, whole or its
        # last 4+ (first 6+) characters, as well as the head's name and the household number, whole or its last 4+
        # digits (through the index on the reversed number, households migration 0025).
        # Each a subquery, not a join: under the OR a join's condition would be a filter on every case's household,
        # where a subquery reads its index (the reversed number's, the member's) once.
        households = Household.objects.visible_to(actor).filter(household_match(q)).values("pk")
        members = member_match(actor, q).values("household_id")
        match = Q(household__in=households) | Q(household__in=members)
        # A whole 批复文号 typed (永农组字[2026]12号, as the batch form compares it) finds the cases it decided too;
        # anything else reads no batch (services.approval_records.decided_under_number).
        if (decided := decided_under_number(q)) is not None:
            match |= Q(pk__in=decided)
        cases = cases.filter(match)
    return cases


def case_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """case_filter with what a list shows of each case (household, village, procedure, steps)."""
    return case_queryset(actor).filter(pk__in=case_filter(actor=actor, filters=filters).values("pk"))


def my_tasks(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """Open cases in the actor's scope with an open step for the actor's role, oldest discovery first."""
    return case_list(actor=actor, filters={**(filters or {}), "mine": True}).order_by("discovered_on", "pk")


# Followed on the page by "，可到全部案件查看" with the link (templates/workflow/tasks.html).
MSG_NOT_MY_TASK = "该户案件不在您的待办中（当前环节：{steps}）"
MSG_NOT_MY_TASK_CLOSED = "该户案件{status}，不在待办中"
MSG_NOT_MY_TASKS = "找到的 {count} 件案件都不在您的待办中"


def tasks_search_elsewhere(*, actor: Any, q: str) -> str:
    """What an empty 我的任务 says when its search finds cases in the actor's scope that wait on no step of the
    actor's (a household whose case is with the township, say), instead of the hint for a mistyped search; "" when
    the search finds no such case (workflow.views.my_tasks)."""
    q = (q or "").strip()
    if not q:
        return ""
    mine = case_filter(actor=actor, filters={"mine": True, "q": q}).values("pk")
    cases = list(
        case_filter(actor=actor, filters={"q": q})
        .exclude(pk__in=mine)
        .prefetch_related(
            Prefetch(
                "case_steps",
                queryset=CaseStep.objects.filter(status=CaseStepStatus.OPEN).select_related("step"),
                to_attr="open_now",
            )
        )
        .order_by("-created_at")
    )
    if not cases:
        return ""
    if len({case.household_id for case in cases}) > 1:
        return MSG_NOT_MY_TASKS.format(count=len(cases))
    open_cases = [case for case in cases if case.status == CaseStatus.OPEN]
    steps = list(dict.fromkeys(cs.step.name for case in open_cases for cs in case.open_now))
    if steps:
        return MSG_NOT_MY_TASK.format(steps="、".join(steps))
    return MSG_NOT_MY_TASK_CLOSED.format(status=cases[0].get_status_display())


def with_timing(cases: Any) -> list[Case]:
    """Days since discovery, overdue, the open and owed steps, for each case of a page of 我的任务."""
    cases = list(cases)
    deadlines = deadlines_of([case.pk for case in cases])
    # An inclusion whose family's signed consent is not on file: said on its row from the day it opens.
    missing = cases_missing_consent(cases)
    for case in cases:
        case.consent_missing = case.pk in missing  # type: ignore[attr-defined]
    return [_annotate_timing(case, deadlines.get(case.pk)) for case in cases]


def my_task_count(actor: Any) -> int:
    """How many cases wait on the actor's role (the home page's 我的任务 tile), those whose publicity waits for its
    posting day among them (selectors_notices.unposted_publicity counts those steps for 公示待登记张贴)."""
    return case_filter(actor=actor, filters={"mine": True}).count()


def role_step_kinds(actor: Any) -> frozenset[str]:
    """The kinds of step (StepKind) the actor's role acts on in the procedures its tasks can be at
    (selectors_procedures.task_procedures: the county's active ones, and a stopped one whose open cases in the
    actor's scope carry on under it; never another county's). Kept on the user object, which lives for one request:
    the menu asks three times on every page, the home tiles and 我的任务 again. One query."""
    kinds = getattr(actor, "_workflow_step_kinds", None)
    if kinds is None:
        roles = acting_roles(actor)
        step_kinds = ArrayAgg("steps__kind", filter=Q(steps__role__in=roles), distinct=True, default=Value([]))
        procedures = task_procedures(actor, Procedure.objects.annotate(role_kinds=step_kinds)) if roles else []
        kinds = frozenset(kind for procedure in procedures for kind in procedure.role_kinds)  # type: ignore[attr-defined]
        actor._workflow_step_kinds = kinds
    return kinds


def acts_in_procedures(actor: Any) -> bool:
    """Whether the actor's role has a step in one of the county's active procedures."""
    return bool(role_step_kinds(actor))


def uses_township_batch(actor: Any) -> bool:
    """Whom the township batch audit (乡镇批量审核) is for: a role acting a township audit step."""
    return StepKind.TOWNSHIP_AUDIT in role_step_kinds(actor)


def uses_approval_queue(actor: Any) -> bool:
    """Whom the county batch approval (批量审批) is for: a role acting a county approval step (the leading group's
    approver), and the county bureau, which prints its queue as the submission list (提请审批名单) for the leading
    group. A township or a village follows the county's decisions on its own households (审批批次) instead."""
    return getattr(actor, "role", None) == Role.COUNTY_OFFICER or StepKind.COUNTY_APPROVAL in role_step_kinds(actor)


def case_steps_of(*, actor: Any, case: Case) -> tuple[list[CaseStep], list[tuple[CaseStep, str]]]:
    """The open steps of the actor's role on an annotated case (case_detail): those the actor may act on now, each
    with its form on the case page; and those that wait on another step (services.step_waits) with the reason
    services.cases.case_act would refuse them with, which the page shows instead of a form."""
    steps = [cs for cs in case.open_steps if acts_step(actor, cs.step.role)]  # type: ignore[attr-defined]
    waiting = {pk: WAIT_REASON for pk in steps_waiting([cs.pk for cs in steps])}
    # A green channel's township audit is not its opener's (services.step_waits.opener_refusal).
    waiting |= {cs.pk: refusal for cs in steps if (refusal := opener_refusal(actor, case, cs.step))}
    return [cs for cs in steps if cs.pk not in waiting], [(cs, waiting[cs.pk]) for cs in steps if cs.pk in waiting]


def case_detail(*, actor: Any, pk: int) -> Case:
    """The case for its page; each step carries `status_label`, its status as the page says it: an open step that
    waits on another (services.step_waits) says what for, not 办理中, for whoever looks."""
    case = with_timing([case_get(actor=actor, pk=pk)])[0]
    label_steps(list(case.case_steps.all()))
    return case


# A step acted on with 不通过 (a publicity's objection found true, a refused audit) ended the case there: it is done,
# but said as refused, not 已完成 beside the steps that passed.
REFUSED_LABEL = "未通过"


def label_steps(case_steps: list[CaseStep]) -> None:
    """Give each case step `status_label`, its status as the case page and the API say it: an open step that waits
    on another (services.step_waits: a green channel's county approval before the township's audit) says what for
    (WAIT_LABEL), not 办理中; a step refused (Outcome.REJECT) says REFUSED_LABEL, not 已完成. One query, and none when
    no step could wait."""
    could_wait = [
        cs.pk
        for cs in case_steps
        if cs.status == CaseStepStatus.OPEN and cs.step.kind == StepKind.COUNTY_APPROVAL and cs.case.green_channel
    ]
    waiting = steps_waiting(could_wait)
    for cs in case_steps:
        label = REFUSED_LABEL if cs.status == CaseStepStatus.DONE and cs.outcome == Outcome.REJECT else None
        cs.status_label = WAIT_LABEL if cs.pk in waiting else label or cs.get_status_display()  # type: ignore[attr-defined]


def step_status_label(case_step: CaseStep) -> str:
    """One case step's status as the case page says it (label_steps), unless already labelled."""
    if not hasattr(case_step, "status_label"):
        label_steps([case_step])
    return case_step.status_label  # type: ignore[attr-defined]


def household_cases(*, actor: Any, household: Household) -> list[Case]:
    return with_timing(case_queryset(actor).filter(household=household))


def objection_get(*, actor: Any, pk: int) -> Objection:
    return get_object_or_404(Objection.objects.visible_to(actor).select_related("case_step__step"), pk=pk)


def publicity_notice(*, actor: Any, village_code: str, township_stage: bool = False) -> tuple[Region, list[CaseStep]]:
    """A village's open publicity steps, for the printed notice (公示名单): the village's own (after its review,
    signed by the village committee) or, with township_stage, the township's after its audit (signed by the
    township government); one notice never mixes the two. The village must be in scope (404). Each step carries
    posted_name_change (selectors_posted_names: the head renamed since the posting, or None); a notice of any
    length costs the same few queries."""
    village = get_object_or_404(
        Region.objects.visible_to(actor).select_related("parent"), code=village_code, level=RegionLevel.VILLAGE
    )
    case_steps = (
        CaseStep.objects.filter(
            case__in=Case.objects.visible_to(actor).filter(household__village=village, status=CaseStatus.OPEN),
            status=CaseStepStatus.OPEN,
            step__kind=StepKind.PUBLICITY,
        )
        .filter(Q(step__role=Role.TOWNSHIP_OFFICER) if township_stage else ~Q(step__role=Role.TOWNSHIP_OFFICER))
        .select_related("step", "case__household__group")
        .prefetch_related(members_prefetch("case__household__"))  # the heads' public names (households.public_names)
        .annotate(shown_category=shown_category("case__"), shown_risks=shown_risks("case__"))
        .order_by("opened_at", "pk")
    )
    case_steps = list(case_steps)
    renamed = posted_name_changes(case_steps)
    for cs in case_steps:
        cs.posted_name_change = renamed.get(cs.pk)  # type: ignore[attr-defined]
        # An exit's row: the category being lifted and 风险已消除 with the risks it was included for.
        category = cs.shown_category  # type: ignore[attr-defined]
        cs.notice_category = MonitoringCategory(category).label if category in MonitoringCategory.values else ""  # type: ignore[attr-defined]
        cs.notice_reason = notice_reason(cs.case.kind, cs.shown_risks)  # type: ignore[attr-defined]
    return village, case_steps


def household_in_green_channel(household: Household) -> bool:
    """Is the household in the green channel (001 §四): an open or approved identification (or re-mark) case opened
    through it. The assistance app lets help start before the case is approved on this."""
    return Case.objects.filter(
        household=household,
        kind__in=[CaseKind.IDENTIFICATION, CaseKind.REMARK],
        green_channel=True,
        status__in=[CaseStatus.OPEN, CaseStatus.APPROVED],
    ).exists()


def case_decision_step_name(case: Case) -> str:
    """The step until which the case may be withdrawn (case_withdrawable), as its procedure names it: the county's
    approval (县级审批, Laiyuan's 县级审定), else its last step, which decides (Taogou's 区级备案公告, 003 §二2(4))."""
    steps = Step.objects.filter(procedure_id=case.procedure_id)
    step = steps.filter(kind=StepKind.COUNTY_APPROVAL).order_by("order").first() or steps.order_by("-order").first()
    return step.name if step is not None else ""


def case_withdrawable(case: Case) -> bool:
    """An open case the county has not approved yet may be withdrawn (services.cases.case_withdraw)."""
    return (
        case.status == CaseStatus.OPEN
        and not CaseStep.objects.filter(case=case, step__kind=StepKind.COUNTY_APPROVAL, outcome=Outcome.PASS).exists()
    )
