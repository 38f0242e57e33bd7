"""When an open step may pass: the one set of rules for services.cases.case_act (one case) and a county batch
approval (services.batches, many cases at once), so that a batch never approves what a single approval refuses.

pass_refusals reads the cases in a few queries whatever their number; case_act asks it about its one case, the
batch about all its cases before it writes anything, and the approval queue (selectors_batches) about the rows on
its page, to flag them before the approver ticks them. A new rule for passing a step belongs here, or one of the
paths will skip it."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max
from django.utils import timezone

from households.models import Visit
from workflow.choices import CaseKind, CaseStepStatus, StepKind
from workflow.models import Case, CaseStep, DepartmentComparison, Objection, Step
from workflow.models.cases import OBJECTION_BLOCKS
from workflow.selectors_consent import cases_missing_consent
from workflow.services.exclusion_rules import inclusion_refusals
from workflow.services.exit_reason import no_measure_refusal
from workflow.services.exit_rules import EXIT_RULE_KINDS, MSG_EXIT_NO_MEASURE, exit_refusals
from workflow.services.income_rules import cases_missing_income, income_missing_message
from workflow.services.step_waits import MSG_GREEN_TOWNSHIP_FIRST, steps_waiting

MSG_PUBLICITY_RUNNING = "“{step}”公示期至{ends_on}，期满后方可办理通过。"
MSG_PUBLICITY_UNPOSTED = "请先登记公示张贴日期（公示自张贴之日起不少于{days}天）。"
MSG_OBJECTION_OPEN = "“{step}”有尚未核实或经核实成立的异议，不能通过；异议成立的请办理“不通过”。"
MSG_LATE_OBJECTION_OPEN = "“{step}”公示期间收到的异议尚未核实或经核实成立，本案暂不能通过；异议成立的请办理“不通过”。"
MSG_CONSENT_MISSING = (
    "该户没有在档的《农户承诺和授权查询书》（签字按手印并上传扫描件），“{step}”不能通过报送乡镇："
    "农户申报时应填写承诺和授权查询书，授权查询家庭资产信息。请先在农户档案中登记并上传扫描件。"
)
MSG_VISIT_MISSING = (
    "“{step}”须先上户核实：立案（发现）以来（{since} 起）尚无对该户的走访记录。"
    "请先在农户档案中记录入户核实走访，再办理通过。"
)
# A running publicity held by an objection (publicity_holds), as its form says it (forms.CaseActForm): no pass at
# the end of the period until the objection is verified (核实), and none at all once it is found true.
MSG_PUBLICITY_OBJECTION_OPEN = (
    "公示期间收到的异议尚未核实，公示期满也不会通过：请先在上方“办理环节”中核实异议。异议不成立的，{after}；"
    "异议经核实成立、需终止本案的，选择“不通过”并填写意见。"
)
MSG_PUBLICITY_OBJECTION_UPHELD = "公示期间收到的异议经核实成立，本公示不能通过：请选择“不通过”并填写意见，终止本案。"
MSG_POST_FIRST = "请张贴公示后登记张贴日期。"
AFTER_OBJECTION_AUTO = "公示期满由系统自动通过"
AFTER_OBJECTION_REVIEW = "公示期满后上传评议会议记录办理通过"
MSG_COMPARISON_FIRST = "请先在“录入部门比对结果”中逐人录入比对结果，“{step}”随比对结果办理。"

# The village's own steps before the list goes to the township: its review, or its household verification.
VILLAGE_KINDS = (StepKind.VILLAGE_REVIEW, StepKind.HOUSEHOLD_VERIFICATION)


def village_step(step: Step) -> bool:
    """One of the village's own steps, or a publicity that is its review as well (Step.with_review: 001 §三)."""
    return step.kind in VILLAGE_KINDS or bool(step.with_review)


# An inclusion's steps that ask its exclusions again (services.exclusion_rules): the decision that changes the
# household (the county's approval, or a district's filing where none precedes it).
INCLUSION_RULE_KINDS = (StepKind.COUNTY_APPROVAL, StepKind.ANNOUNCEMENT)
INCLUSION_KINDS = (CaseKind.IDENTIFICATION, CaseKind.REMARK)

# The approval queue's flags for a case with an objection (selectors_batches.queue_facts).
FLAG_OBJECTION_OPEN = "有未核实异议"
FLAG_OBJECTION_UPHELD = "异议经核实成立"


def blocking_objections(case_ids: Iterable[int]) -> dict[int, list[Objection]]:
    """Per case, its objections that stop a pass: not yet verified, or verified as true (Objection.blocks)."""
    found: dict[int, list[Objection]] = {}
    rows = (
        Objection.objects.filter(case_step__case_id__in=list(case_ids))
        .filter(OBJECTION_BLOCKS)
        .select_related("case_step__step")
        .order_by("case_step__step__order", "pk")
    )
    for objection in rows:
        found.setdefault(objection.case_step.case_id, []).append(objection)
    return found


def publicity_holds(case: Case, case_step: CaseStep) -> list[Objection]:
    """The objections that keep a publicity from passing at the end of its period (services.deadlines passes none
    with one; pass_refusals's `own` and `late`): its own not yet verified or found true, or one recorded late on a
    publicity of the case that passed before. The case page says so instead of 期满无异议由系统自动通过."""
    held = blocking_objections([case.pk]).get(case.pk, [])
    return [o for o in held if o.case_step_id == case_step.pk or o.case_step.status == CaseStepStatus.DONE]


def objection_flag(objections: list[Objection]) -> str:
    """有未核实异议 when any objection waits for its verification, else 异议经核实成立 when one was found true."""
    if any(objection.resolved_at is None for objection in objections):
        return FLAG_OBJECTION_OPEN
    return FLAG_OBJECTION_UPHELD if objections else ""


def visit_since(case: Case) -> dt.date:
    """The day from which a visit counts for the case: its discovery, or its opening if earlier (the case page's
    立案以来的走访, selectors_case_sources)."""
    return min(case.discovered_on, timezone.localtime(case.created_at).date())


def cases_unvisited(cases: Iterable[Case]) -> set[int]:
    """Which of these cases have no visit to their household recorded since visit_since (any visit: a cadre's, a
    campaign's, an alert's verification), in one query."""
    cases = list(cases)
    if not cases:
        return set()
    rows = Visit.objects.counted().filter(household_id__in={case.household_id for case in cases}).values("household_id")
    latest = dict(rows.annotate(last=Max("visited_on")).values_list("household_id", "last"))
    return {case.pk for case in cases if (latest.get(case.household_id) or dt.date.min) < visit_since(case)}


def visit_refusal(case: Case, step: Step) -> str:
    """What pass_refusals says of a step that asks the household visit first (Step.needs_visit) while none is on
    file, or "": the case page says it before the village acts."""
    if step.needs_visit and case.pk in cases_unvisited([case]):
        return MSG_VISIT_MISSING.format(step=step.name, since=visit_since(case).isoformat())
    return ""


def village_refusal(case: Case, step: Step, today: dt.date) -> str:
    """What pass_refusals says, before the village acts, of a step that asks the household visit first while none
    is on file (visit_refusal), or of a village step whose low-income case lacks the year's income; "" otherwise."""
    if refusal := visit_refusal(case, step):
        return refusal
    if village_step(step) and cases_missing_income([case], today):
        return income_missing_message(step.name, today)
    return ""


def pass_refusals(cases: list[Case], steps: dict[int, CaseStep], today: dt.date) -> dict[int, str]:
    """Why each case's open step `steps[case.pk]` may not pass today, in the words case_act refuses it with (the
    first reason of each case, in case_act's order); a case that may pass is not in the answer."""
    if not cases:
        return {}
    ids = [case.pk for case in cases]
    objections = blocking_objections(ids)
    compared = set(
        DepartmentComparison.objects.filter(case_step__in=[steps[i].pk for i in ids]).values_list(
            "case_step__case_id", flat=True
        )
    )
    waiting = steps_waiting([steps[i].pk for i in ids])  # a green channel's approval before the township's audit
    # An exit's household still monitored: not yet marked 风险消除 (services.outcomes), so the step decides it; an
    # announcement after the county's approval records the marking and asks nothing again.
    exits = [
        case
        for case in cases
        if case.kind == CaseKind.EXIT
        and steps[case.pk].step.kind in EXIT_RULE_KINDS
        and case.household.monitoring_category
    ]
    # No measure in place refuses the exit unless its proposer recorded why (Case.no_measure_reason).
    reasons = {case.household_id for case in exits if case.no_measure_reason}
    not_eliminated = exit_refusals((case.household for case in exits), today, reasons=reasons)
    # An inclusion not yet decided (the household not yet monitored on it): an exclusion recorded meanwhile bars it.
    excluded = inclusion_refusals(
        case.household_id
        for case in cases
        if case.kind in INCLUSION_KINDS
        and steps[case.pk].step.kind in INCLUSION_RULE_KINDS
        and not case.household.monitoring_category
    )
    # Seed 003 §二2(4): the application carries the signed consent (附件1), so the village's list goes up with it
    # on file; the county's comparison of the family's assets needs it (services.comparisons).
    unsigned = cases_missing_consent(case for case in cases if steps[case.pk].step.kind in VILLAGE_KINDS)
    # 000 §三(三)2 上户核实 before the village's meeting, 001 §三 入户核查核实: where the county's step asks it.
    unvisited = cases_unvisited(case for case in cases if steps[case.pk].step.needs_visit)
    # 000 §三(一)1: 人均纯收入低于监测范围 is the income of the year against its line: the village passes it on with
    # that income on file (services.income_rules).
    no_income = cases_missing_income((case for case in cases if village_step(steps[case.pk].step)), today)
    refusals: dict[int, str] = {}
    for case in cases:
        case_step = steps[case.pk]
        step = case_step.step
        own = [o for o in objections.get(case.pk, []) if o.case_step_id == case_step.pk]
        # An objection received during a publicity but recorded after it passed (services.objections) reopens
        # nothing; while it is open or upheld, no further step of the case may pass (a refusal or a return may).
        late = [o for o in objections.get(case.pk, []) if o.case_step.status == CaseStepStatus.DONE]
        if step.kind == StepKind.PUBLICITY and case_step.posted_on is None:
            # 000 §三(三)2/4: the days count from the posting (services.publicity); a notice nobody posted never ran.
            reason = MSG_PUBLICITY_UNPOSTED.format(days=step.days or 5)
        elif case_step.publicity_running(today):
            reason = MSG_PUBLICITY_RUNNING.format(step=step.name, ends_on=case_step.ends_on.isoformat())
        elif own:
            reason = MSG_OBJECTION_OPEN.format(step=step.name)
        elif late:
            reason = MSG_LATE_OBJECTION_OPEN.format(step=late[0].case_step.step.name)
        elif step.kind == StepKind.DEPARTMENT_COMPARISON and case.pk not in compared:
            # 七严四甄别: a comparison passes only on the findings recorded per member (services.comparisons, which
            # also demands the signed consent); a clear risk may skip it where the procedure allows (001 §三).
            reason = MSG_COMPARISON_FIRST.format(step=step.name)
        elif case_step.pk in waiting:
            # The county went ahead of the village (services.green_channel), never ahead of the township.
            reason = MSG_GREEN_TOWNSHIP_FIRST
        elif case.pk in unvisited:
            reason = MSG_VISIT_MISSING.format(step=step.name, since=visit_since(case).isoformat())
        elif case.pk in unsigned:
            reason = MSG_CONSENT_MISSING.format(step=step.name)
        elif case.pk in no_income:
            reason = income_missing_message(step.name, today)
        elif case.household_id in not_eliminated:
            # Asked again: the household's labour, income, findings or measures may have changed while it ran.
            reason = not_eliminated[case.household_id]
            if reason == MSG_EXIT_NO_MEASURE:  # the reason may be added on the case page (services.exit_reason)
                reason = no_measure_refusal(case)
        elif case.household_id in excluded:
            # Asked again: a department feed or the county's comparison may have recorded one while it ran.
            reason = excluded[case.household_id]
        else:
            continue
        refusals[case.pk] = reason
    return refusals
