"""核实: a cadre's visit to the household an alert names, with its outcome (seed 001 §二: 部门筛查预警 → 入户核查).

Including the household opens an identification case through the workflow service (channel 部门筛查预警) and
marks the risk with source "alert"; a household whose identification case is already open is joined to it (a note
in the case's record names the alert and the risk types the cadre found: the workflow owns the case's risk types,
which it has no step to change), and the cadre is told so. "Already monitored" links the alert to the household's
case. "部门数据有误" (a mistyped ID number, say) goes back to the department, which sees it with the note written
for it (department_note, required then) on its outcomes page and corrects the row; it holds no later alert back
(alerts.ingest.staging). The cadre's own note (核实情况) stays with the registry: it may name the household's income,
benefits or illness, which the department may not see (DOMAIN.md, review rev-clerk 4). Overdue alerts
are escalated by alerts.services.due. The alert row is locked and its status repeated in the UPDATE, so two
cadres verifying at once cannot both succeed. A health or disability alert may update the named member's health
in the same act (alerts.services.member_health); one verified 已故 or 已迁出 marks the member so in the registry, with
the date the cadre gives (alerts.services.member_gone)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from alerts.choices import AlertOutcome, AlertStatus
from alerts.models import Alert
from alerts.privacy import recorded_name
from alerts.services.department_note import department_note_problem
from alerts.services.member_gone import gone_words, member_gone_mark, member_gone_problems, member_gone_result
from alerts.services.member_health import MSG_UPDATED as MSG_HEALTH_UPDATED
from alerts.services.member_health import member_health_check, member_health_update
from alerts.services.verification_row import row_siblings, settle_row_siblings
from assistance.models import Plan
from config.errors import ApplicationError
from households.choices import MonitoringCategory, RiskType, VisitKind
from households.models import Household
from households.national import household_national_risk_types
from households.services.common import ensure_can_edit
from households.services.visits import visit_record
from screening.choices import RiskSource
from screening.models import RiskFlag
from screening.services.results import risk_flag_add
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.models import Case
from workflow.services.cases import case_note, case_open

MSG_ALREADY_VERIFIED = "该预警已由{who}于{date}核实，请刷新后查看。"
MSG_REASON_REQUIRED = "请填写核实情况（无返贫致贫风险的理由）。"
# The date is its own field (alerts.services.member_gone): the note says where to, or what the visit learned.
MSG_WHERE_REQUIRED = "请在核实情况中注明迁往何处。"
MSG_DEATH_NOTE_REQUIRED = "请填写核实情况（入户了解到的去世情况）。"
MSG_CATEGORY_REQUIRED = "纳入监测时请选择拟纳入的监测对象类别。"
MSG_NOT_MONITORED = "该户不是监测对象，也没有办理中的识别案件，请选择其他核实结果。"
MSG_ALREADY_MONITORED = "该户已是监测对象，请选择“已是监测对象”。"
MSG_BAD_OUTCOME = "请选择核实结果。"
# 无返贫致贫风险 closes the alert for good and the department reads it: the reason has to say something (review api 4).
REASON_MIN_LENGTH = 10
MSG_REASON_SHORT = (
    f"请在核实情况中写明无返贫致贫风险的理由（至少{REASON_MIN_LENGTH}个字，如医保报销后的自付金额、家庭收入来源）。"
)
# A monitored household has a risk, that is why it is monitored; an alert about it is followed up through its case
# and assistance plan (004 §三(三): 对纳入监测预警范围的…监测对象要因户施策加大帮扶力度), so it is 已是监测对象
# even when the alert's own risk proves unfounded (the note says so).
MSG_MONITORED_NO_RISK = "该户已是监测对象，请选择“已是监测对象”；预警反映的情况经核实不属实的，请在核实情况中写明。"
# Every outcome records a 预警核实 visit (counted as the household's visit of the month): what the cadre found there
# is written, whichever the outcome; no outcome is ever chosen for the cadre (review ux1).
MSG_NOTE_REQUIRED = "请填写核实情况（入户看到的情况，记入走访记录）。"
NOTE_MESSAGES: dict[str, str] = {
    AlertOutcome.NOT_AT_RISK: MSG_REASON_REQUIRED,
    AlertOutcome.MOVED: MSG_WHERE_REQUIRED,
    AlertOutcome.DECEASED: MSG_DEATH_NOTE_REQUIRED,
}
MSG_WRONG_DATA_NOTE = (
    "请在“反馈报送部门的说明”中写明部门数据哪里有误（如：身份证号与姓名不符，请核对），以便报送部门更正；"
    "请勿写入档案中的姓名等信息。"
)
MSG_JOINED_CASE = "该户已有办理中的识别案件，已并入现有识别案件（案件风险类型未变，核实发现的风险已记入案件记录）。"
MSG_DATE_FUTURE = "核实日期不能晚于今天。"
MSG_DATE_BEFORE = "核实日期不能早于预警日期（{date}）。"


def _validate(
    alert: Alert,
    outcome: str,
    visited_on: dt.date,
    note: str,
    category: str,
    department_note: str = "",
    joins: bool = False,
    left_on: dt.date | None = None,
    left_reason: str = "",
    left_note: str = "",
    found: dict[str, str] | None = None,
) -> None:
    """`joins`: 纳入监测 joins the household's open identification case, whose category stays: none is asked.
    `left_on`: the date of death or of moving out, for 已故 and 已迁出, and the 迁出原因 (member_gone_problems).
    `found`: what else was refused already (the health update's own rules), said with these in one round."""
    errors = {**(found or {}), **member_gone_problems(alert, outcome, left_on, visited_on, left_reason, left_note)}
    if outcome not in AlertOutcome.values:
        errors["outcome"] = MSG_BAD_OUTCOME
    if not note:
        errors["note"] = note_required_message(outcome)
    elif outcome == AlertOutcome.NOT_AT_RISK and len(note) < REASON_MIN_LENGTH:
        errors["note"] = MSG_REASON_SHORT
    if outcome == AlertOutcome.NOT_AT_RISK and alert.household.monitoring_category:
        errors["outcome"] = MSG_MONITORED_NO_RISK
    if outcome == AlertOutcome.WRONG_DATA and not department_note:
        errors["department_note"] = MSG_WRONG_DATA_NOTE
    elif problem := department_note_problem(department_note, alert=alert, outcome=outcome, visited_on=visited_on):
        errors["department_note"] = problem  # the department reads it: no number, name or registry word
    if outcome == AlertOutcome.INCLUDE and not joins and category not in MonitoringCategory.values:
        errors["category"] = MSG_CATEGORY_REQUIRED
    if visited_on > timezone.localdate():
        errors["visited_on"] = MSG_DATE_FUTURE
    elif visited_on < alert.raised_on:
        errors["visited_on"] = MSG_DATE_BEFORE.format(date=alert.raised_on)
    if errors:
        raise ValidationError(errors)


def _health_problems(alert: Alert, outcome: str, health: str, grade: str) -> dict[str, str]:
    """What the member's health update refuses (alerts.services.member_health), checked before anything is written
    and said with the verification's other refusals (an outcome refused for a 户主 among them)."""
    if not health:
        return {}
    try:
        member_health_check(alert=alert, outcome=outcome, health=health, grade=grade)
    except ValidationError as error:
        return {field: messages[0] for field, messages in error.message_dict.items()}
    return {}


def note_required_message(outcome: str) -> str:
    """What an empty 核实情况 is refused with for the outcome: why no risk, where to or when, or what was found."""
    return NOTE_MESSAGES.get(outcome, MSG_NOTE_REQUIRED)


def joins_open_case(household: Household) -> bool:
    """纳入监测 joins the household's open identification case instead of opening one (_include): the case keeps its
    category and risk types, so the verification asks for neither (the page hides them, the API need not send them)."""
    if household.monitoring_category:
        return False
    return Case.objects.filter(household=household, kind=CaseKind.IDENTIFICATION, status=CaseStatus.OPEN).exists()


def household_case(household: Household) -> Case | None:
    """The case an "already monitored" alert points to: the open identification case, else the approved one."""
    cases = Case.objects.filter(household=household, kind__in=[CaseKind.IDENTIFICATION, CaseKind.REMARK])
    return (
        cases.filter(status=CaseStatus.OPEN).order_by("-created_at").first()
        or cases.filter(status=CaseStatus.APPROVED).order_by("-created_at").first()
    )


def _include(
    *,
    actor: Any,
    alert: Alert,
    household: Household,
    category: str,
    risk_types: list[str],
    health_updated: bool = False,
) -> tuple[Case, bool]:
    """The identification case the household is included through, and whether it was already open (joined)."""
    if household.monitoring_category:
        raise ApplicationError(MSG_ALREADY_MONITORED)
    case = Case.objects.filter(household=household, kind=CaseKind.IDENTIFICATION, status=CaseStatus.OPEN).first()
    joined = case is not None
    if case is not None:
        # The case's risk types were read out at its village review and publicity; the workflow has no step that
        # changes them, so the alert's are recorded in the case's record for the steps still to come to weigh.
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        labels = "、".join(str(RiskType(code).label) for code in risk_types)
        # Not the person's name beside the new health: the note is also the audit event's summary.
        health = "；已同时更新该成员的健康状况（见农户变更记录）" if health_updated else ""
        case_note(
            actor=actor,
            case=case,
            summary=f"并入部门预警（{alert.get_department_display()}：{recorded_name(alert)}）："
            f"入户核实认为有{labels or '风险'}，案件风险类型未变{health}",
        )
    else:
        case = case_open(
            actor=actor,
            household=household,
            kind=CaseKind.IDENTIFICATION,
            channel=Channel.DEPARTMENT_ALERT,
            risk_types=risk_types,
            category=category,
            discovered_on=alert.raised_on,
            national_risk_types=household_national_risk_types(household, risk_types),
        )
    risk_type = alert.rule.risk_type
    if not RiskFlag.objects.filter(household=household, risk_type=risk_type, source=RiskSource.ALERT, is_active=True):
        risk_flag_add(actor=actor, household=household, risk_type=risk_type, note=alert.detail, source=RiskSource.ALERT)
    return case, joined


@transaction.atomic
def alert_verify(
    *,
    actor: Any,
    alert: Alert,
    outcome: str,
    visited_on: dt.date,
    note: str = "",
    department_note: str = "",
    category: str = "",
    risk_types: list[str] | None = None,
    member_health: str = "",
    member_disability_grade: str = "",
    member_disability_type: str = "",
    left_on: dt.date | None = None,
    left_reason: str = "",
    left_note: str = "",
) -> Alert:
    """`note`: what the visit found, for the registry only (required: it is the visit record's content);
    `department_note`: what the reporting department reads beside the outcome (required for 部门数据有误).
    `member_health` (a Health value, "" for none): also update the named member's health, through the member edit
    (alerts.services.member_health); with it the disability grade and type when the new value is 残疾.
    `left_on`: for 已故 and 已迁出, the day the person died or moved out (required): the member is marked so in the
    registry in the same act (alerts.services.member_gone), unless already marked or in another household; 已迁出
    with its 迁出原因 (`left_reason`, 其他 with `left_note`)."""
    ensure_can_edit(actor, alert.region_path)
    locked = Alert.objects.select_for_update(of=("self",)).select_related("rule", "household", "verified_by")
    alert = locked.get(pk=alert.pk)
    if alert.status != AlertStatus.PENDING:
        who = alert.verified_by.get_full_name() or alert.verified_by.username if alert.verified_by else "他人"
        raise ApplicationError(MSG_ALREADY_VERIFIED.format(who=who, date=alert.verified_on))
    note, department_note = note.strip(), department_note.strip()
    household = alert.household
    include = outcome == AlertOutcome.INCLUDE
    joins = include and joins_open_case(household)
    left = {"left_on": left_on, "left_reason": left_reason, "left_note": left_note}
    found = _health_problems(alert, outcome, member_health, member_disability_grade)
    _validate(alert, outcome, visited_on, note, category, department_note, joins=joins, found=found, **left)
    siblings = row_siblings(alert)  # the same row's other alerts, settled with this one (verification_row)
    risk_types = [code for code in (risk_types or [alert.rule.risk_type]) if code in RiskType.values]
    updated_member = None
    if member_health:
        updated_member = member_health_update(
            actor=actor,
            alert=alert,
            outcome=outcome,
            health=member_health,
            grade=member_disability_grade,
            disability_type=member_disability_type,
        )
    health_text = (
        MSG_HEALTH_UPDATED.format(name=updated_member.name, health=updated_member.get_health_display())
        if updated_member
        else ""
    )
    marked = member_gone_mark(actor=actor, alert=alert, outcome=outcome, **left) if left_on else None
    gone = member_gone_result(alert, outcome, marked)
    gone_text = gone.message if gone else ""
    left_text = f"{gone_words(outcome)}日期：{left_on:%Y-%m-%d}。" if left_on and gone_text else ""
    visit = visit_record(
        actor=actor,
        household=household,
        visited_on=visited_on,
        kind=VisitKind.ALERT,
        risk_found=include,
        risk_types=risk_types if include else [],
        notes=f"核实部门预警（{alert.get_department_display()}）：{alert.detail}。"
        f"结果：{AlertOutcome(outcome).label}。{left_text}{note}{health_text}{gone_text}",
    )
    case, joined = None, False
    if include:
        case, joined = _include(
            actor=actor,
            alert=alert,
            household=household,
            category=category,
            risk_types=risk_types,
            health_updated=updated_member is not None,
        )
    elif outcome == AlertOutcome.MONITORED:
        case = household_case(household)
        if case is None and not household.monitoring_category:
            raise ApplicationError(MSG_NOT_MONITORED)
    # Already monitored: the alert is followed up through the household's assistance plan, when it has one.
    plan = Plan.objects.filter(household=household).first() if outcome == AlertOutcome.MONITORED else None
    updated = Alert.objects.filter(pk=alert.pk, status=AlertStatus.PENDING).update(
        status=AlertStatus.VERIFIED,
        outcome=outcome,
        outcome_note=note[:300],
        department_note=department_note[:300],
        case=case,
        visit=visit,
        verified_by=actor,
        verified_on=visited_on,
    )
    if not updated:  # cannot happen under the row lock; kept so a change to the locking fails loudly
        raise ApplicationError(MSG_ALREADY_VERIFIED.format(who="他人", date=visited_on))
    alert.refresh_from_db()
    audit_record(
        actor=actor,
        action="alerts.verify",
        # The household and the department, not the person's name beside the department's detail (a diagnosis, a
        # medical bill): the audit log is read by the audit admin, who sees who did what, not the registry.
        summary=f"核实部门预警（{recorded_name(alert)}，户 {alert.household.number}）：{alert.get_outcome_display()}",
        target=alert,
        after={
            "outcome": outcome,
            "note": note,
            "department_note": department_note,
            "case": case.pk if case else None,
            "joined_case": joined,
            "plan": plan.pk if plan else None,
            # Whether the member's health was updated; its values are in the member edit's own (health-masked) event.
            "member_health_updated": updated_member is not None,
            # 已故, 已迁出: the date given, and whether the member was marked (its own event: member.status).
            "left_on": left_on.isoformat() if left_on and gone_text else None,
            "member_marked": marked is not None,
        },
    )
    alert.settled_alerts = settle_row_siblings(actor=actor, alert=alert, siblings=siblings, visited_on=visited_on)
    # Read by the page and the API to tell the cadre that no new case was opened (MSG_JOINED_CASE).
    alert.joined_open_case = joined
    # Read by the page to tell the cadre that the member's health was updated, "" when it was not.
    alert.member_health_updated = health_text
    # Read by the page (its words) and the API (alerts.api_verified): the member marked 已故 or 迁出 in the registry,
    # or what the registry already held; "" and None for the outcomes that keep the person.
    alert.member_gone = gone_text
    alert.member_gone_result = gone
    return alert
