"""What workflow holds a visit for (households.visit_holds): a case's step that passed on it, and a case opened from the
risk it found. Voiding such a visit, or moving its date out of what the step asked, would leave a passed step, or a
case, standing on a visit that counts nowhere (Visit.objects.counted()).

The step: a step that asks the household visit first (Step.needs_visit, services.pass_rules: a counted visit dated
from the case's discovery, visit_since) and a green channel's household verification (services.green_channel: a
visit from VISIT_BEFORE_DISCOVERY before the discovery) record no visit when they pass, only that one was on file.
So the hold asks the same question again without this visit: the step, passed after the visit was entered, rests
on it when no other counted visit falls between the day its check counted from and the day it passed (a visit dated
after the pass cannot have been its ground; one entered later but dated inside it, a 补录, can). A case open or
decided (approved, or refused after the step passed) keeps its steps on record; a withdrawn one does not.

The risk: a visit that found risks is the ground of an inclusion case opened from it after it was entered (the
visit's 发起识别, channel 基层干部排查, or the screening hit its flag raised, 系统筛查命中, or the 入户排查表 that
recorded it, 集中排查) sharing one of its risk types. Such a visit is not voided, nor is that type taken off it by a
更正 (RETYPE), nor its date moved (REDATE: the case's channel and discovery day were read from it, and its flag is
dated by it); without such a case, voiding or taking the type off withdraws the visit's flag, and a new date moves
the flag's (screening.visit_holds).

A corrected 入户排查表 restates its visit (households.services.visit_restate) and asks the same (REDATE, RETYPE):
the case and step are named at the form's date or risk types, in words of the form (这份入户排查表, 排查日期: the cadre
edits a form, not a 走访). Its findings and notes no step or case rests on."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from households.choices import RiskType
from households.models import Visit
from households.services.visit_fix import REDATE, RETYPE, VOID
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Channel, Outcome, StepKind
from workflow.models import Case, CaseStep

MSG_STEP_VOID = (
    "这条走访是{kind}案件（第{number}号，{status}）“{step}”环节上户核实的依据：该环节于{acted:%Y-%m-%d}办理通过，"
    "{since:%Y-%m-%d}至当日该户没有其他走访记录，作废后该环节就没有了依据，所以不能作废。"
    "如走访确有记错，请先补录实际的上户核实走访（{since:%Y-%m-%d}至{acted:%Y-%m-%d}之间），再作废这条。"
)
MSG_STEP_REDATE = (
    "这条走访是{kind}案件（第{number}号，{status}）“{step}”环节上户核实的依据：该环节于{acted:%Y-%m-%d}办理通过，"
    "须有{since:%Y-%m-%d}至{acted:%Y-%m-%d}之间的走访。走访日期改为{new:%Y-%m-%d}后该环节就没有了依据，"
    "所以不能这样更正；如日期确有记错，请先补录实际的上户核实走访，再更正这条。"
)
MSG_RISK_CASE = (
    "这次走访发现的风险（{types}）已据以发起{kind}案件（第{number}号，{status}），作废走访会使该案失去发现依据，"
    "所以不能作废。如属记错农户或误报，请在该案中办理撤回或“不通过”；收支变化、走访情况写错的，可以更正。"
)

MSG_RISK_CASE_RETYPE = (
    "这次走访发现的风险（{types}）已据以发起{kind}案件（第{number}号，{status}），不能从走访中去掉。"
    "如属误报，请在该案中办理撤回或“不通过”。"
)
MSG_RISK_CASE_REDATE = (
    "这次走访发现的风险（{types}）已据以发起{kind}案件（第{number}号，{status}），该案的发现渠道和发现日期依据"
    "这次走访的日期（{old:%Y-%m-%d}），所以不能更正日期。如日期确有记错，请在该案中办理撤回后按实际日期重新记录走访、"
    "重新发起。"
)

# The same refusals for a campaign's 入户排查表, whose visit moves only with the form (screening.visit_holds refuses
# its 更正 and 作废): what the cadre edits is the form, so they speak of the form, its 排查日期 and its 风险类型.
MSG_FORM_STEP_REDATE = (
    "这份入户排查表是{kind}案件（第{number}号，{status}）“{step}”环节上户核实的依据：该环节于{acted:%Y-%m-%d}办理通过，"
    "须有{since:%Y-%m-%d}至{acted:%Y-%m-%d}之间的走访。排查日期改为{new:%Y-%m-%d}后该环节就没有了依据，"
    "所以不能这样修改；如排查日期确有记错，请先补录实际的上户核实走访，再修改这份入户排查表。"
)
MSG_FORM_RISK_CASE_RETYPE = (
    "这份入户排查表发现的风险（{types}）已据以发起{kind}案件（第{number}号，{status}），不能从排查表中去掉。"
    "如属误报，请在该案中办理撤回或“不通过”。"
)
MSG_FORM_RISK_CASE_REDATE = (
    "这份入户排查表发现的风险（{types}）已据以发起{kind}案件（第{number}号，{status}），该案的发现渠道和发现日期依据"
    "这份入户排查表的排查日期（{old:%Y-%m-%d}），所以不能修改排查日期。如日期确有记错，请在该案中办理撤回后再修改"
    "排查日期、重新发起。"
)

# Steps of cases that still stand on what they passed: open or decided, not withdrawn.
STANDING = (CaseStatus.OPEN, CaseStatus.APPROVED, CaseStatus.REJECTED)
INCLUSION_KINDS = (CaseKind.IDENTIFICATION, CaseKind.REMARK)
# The channels a visit's risk becomes a case through (selectors_openings.visit_case_initial; a proposed hit; the
# 入户排查表 that recorded the visit, campaign_openings).
RISK_CHANNELS = (Channel.CADRE_VISIT, Channel.SCREENING_HIT, Channel.CAMPAIGN)


def _since(case_step: CaseStep) -> dt.date:
    """The day from which the step's check counted a visit (pass_rules.visit_since; a green channel's verification
    counts from VISIT_BEFORE_DISCOVERY before the discovery, green_channel._validate)."""
    from workflow.services.green_channel import VISIT_BEFORE_DISCOVERY
    from workflow.services.pass_rules import visit_since

    case = case_step.case
    since = visit_since(case)
    if case.green_channel and case_step.step.kind == StepKind.HOUSEHOLD_VERIFICATION:
        since = min(since, case.discovered_on - VISIT_BEFORE_DISCOVERY)
    return since


def resting_steps(visit: Visit, visited_on: dt.date) -> list[tuple[CaseStep, dt.date, dt.date]]:
    """The passed steps that rest on `visit` dated `visited_on` alone (the module docstring), each with the window
    its check asked a visit in (since, the day it passed), in the order they passed."""
    rows = (
        CaseStep.objects.filter(
            case__household_id=visit.household_id,
            case__status__in=STANDING,
            status=CaseStepStatus.DONE,
            outcome=Outcome.PASS,
            acted_at__gte=visit.created_at,
        )
        .filter(Q(step__needs_visit=True) | Q(case__green_channel=True, step__kind=StepKind.HOUSEHOLD_VERIFICATION))
        .select_related("case", "step")
        .order_by("acted_at", "pk")
    )
    found = []
    for case_step in rows:
        since, acted = _since(case_step), timezone.localdate(case_step.acted_at)
        if not since <= visited_on <= acted:
            continue
        others = Visit.objects.counted().filter(
            household_id=visit.household_id, visited_on__gte=since, visited_on__lte=acted
        )
        if not others.exclude(pk=visit.pk).exists():
            found.append((case_step, since, acted))
    return found


def risk_case(visit: Visit, risk_types: list[str]) -> Case | None:
    """The inclusion case opened from the risk of `risk_types` that `visit` found (the module docstring), if any."""
    # A type another counted visit of that day found too (the same visit saved twice) is that visit's ground too.
    same_day = Visit.objects.counted().filter(household_id=visit.household_id, visited_on=visit.visited_on)
    kept = {code for codes in same_day.exclude(pk=visit.pk).values_list("risk_types", flat=True) for code in codes}
    found = [code for code in visit.risk_types if code in risk_types and code not in kept]
    if not found:
        return None
    cases = Case.objects.filter(
        household_id=visit.household_id,
        kind__in=INCLUSION_KINDS,
        status__in=STANDING,
        channel__in=RISK_CHANNELS,
        risk_types__overlap=found,
        created_at__gte=visit.created_at,
    )
    return cases.order_by("created_at", "pk").first()


def _said(case_step: CaseStep, since: dt.date, acted: dt.date) -> dict[str, object]:
    case = case_step.case
    return {
        "kind": case.get_kind_display(),
        "number": case.pk,
        "status": case.get_status_display(),
        "step": case_step.step.name,
        "since": since,
        "acted": acted,
    }


def _of_form(visit: Visit) -> bool:
    """Whether the visit is the record of a campaign's 入户排查表 (its refusals speak of the form)."""
    from screening.models import ScreeningForm

    return ScreeningForm.objects.filter(visit_id=visit.pk).exists()


def visit_held(visit: Visit, action: str) -> str | None:
    if action in (RETYPE, REDATE) and _of_form(visit):
        return _held(visit, action, MSG_FORM_STEP_REDATE, MSG_FORM_RISK_CASE_RETYPE, MSG_FORM_RISK_CASE_REDATE)
    return _held(visit, action, MSG_STEP_REDATE, MSG_RISK_CASE_RETYPE, MSG_RISK_CASE_REDATE)


def _held(visit: Visit, action: str, step_redate: str, risk_retype: str, risk_redate: str) -> str | None:
    if action == VOID:
        if steps := resting_steps(visit, visit.visited_on):
            return MSG_STEP_VOID.format(**_said(*steps[0]))
        return _risk_refusal(visit, visit.risk_types, MSG_RISK_CASE)
    if action == RETYPE:
        # `visit` carries the new risk types; what it takes off is what the stored visit found and it does not.
        stored = Visit.objects.get(pk=visit.pk)
        dropped = [code for code in stored.risk_types if code not in visit.risk_types]
        return _risk_refusal(stored, dropped, risk_retype)
    if action == REDATE:
        # `visit` carries the new date; the steps and the case rest on it as stored.
        stored = Visit.objects.get(pk=visit.pk)
        for case_step, since, acted in resting_steps(visit, stored.visited_on):
            if not since <= visit.visited_on <= acted:
                return step_redate.format(**_said(case_step, since, acted), new=visit.visited_on)
        return _risk_refusal(stored, stored.risk_types, risk_redate)
    return None


def _risk_refusal(visit: Visit, risk_types: list[str], message: str) -> str | None:
    if (case := risk_case(visit, risk_types)) is None:
        return None
    types = "、".join(label for code, label in RiskType.choices if code in risk_types)
    kind, status = case.get_kind_display(), case.get_status_display()
    return message.format(types=types, kind=kind, number=case.pk, status=status, old=visit.visited_on)


def register() -> None:
    from households import visit_holds

    visit_holds.register("workflow", visit_held)
