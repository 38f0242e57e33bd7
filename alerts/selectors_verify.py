"""What the cadre verifying an alert must know of the household first (alerts.views.alert_detail): whether it is
already monitored, and any case open for it, so that the verification does not start a second identification
or miss that one is running. The verification itself is alerts.services.verification."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from accounts.choices import Role
from alerts.choices import AlertOutcome, AlertStatus
from alerts.models import Alert
from alerts.services.member_gone import head_to_mark_first
from alerts.services.verification import MSG_JOINED_CASE
from alerts.services.verification_row import settled_message
from workflow.choices import CaseKind, CaseStatus, CaseStepStatus
from workflow.models import Case, CaseStep

MSG_VERIFIED = "已核实：{name}，{outcome}。{more}"
MSG_CASE_OPENED = "已核实：{name}，纳入监测，已发起识别纳入案件，下一步：{next}。{more}"
_VILLAGE_ROLES = (Role.VILLAGE_CADRE, Role.WORK_TEAM)


@dataclass(frozen=True)
class HouseholdStanding:
    category_label: str  # 监测对象类别, "" when the household is not monitored
    monitoring_start: dt.date | None
    open_case: Case | None  # an identification (or other) case in progress
    open_step: str  # the step it waits on, "" if none

    @property
    def monitored(self) -> bool:
        return bool(self.category_label)

    @property
    def joins_open_case(self) -> bool:
        """纳入监测 joins the open identification case instead of opening one (alerts.services.verification)."""
        return self.open_case is not None and self.open_case.kind == CaseKind.IDENTIFICATION


def household_standing(*, actor: Any, alert: Alert) -> HouseholdStanding:
    """The monitoring status and the open case of the alert's household; the actor sees the alert, hence the
    household and its cases (the same region)."""
    household = alert.household
    cases = Case.objects.visible_to(actor).filter(household=household, status=CaseStatus.OPEN)
    case = cases.filter(kind=CaseKind.IDENTIFICATION).first() or cases.order_by("-created_at").first()
    step = ""
    if case is not None:
        current = CaseStep.objects.filter(case=case, status=CaseStepStatus.OPEN).select_related("step").first()
        step = current.step.name if current else ""
    return HouseholdStanding(
        category_label=household.get_monitoring_category_display() if household.monitoring_category else "",
        monitoring_start=household.monitoring_start,
        open_case=case,
        open_step=step,
    )


MSG_CASE_TO_REVIEW = "该户有在办的{kind}程序（第{number}号，当前步骤：{steps}），请核实是否需要退回或撤回。"
# The outcomes that take the person the alert names out of the household: its cases may rest on them.
PERSON_GONE = (AlertOutcome.MOVED, AlertOutcome.DECEASED)


@dataclass(frozen=True)
class CaseToReview:
    case: Case
    message: str


def cases_to_review(*, actor: Any, alert: Alert) -> list[CaseToReview]:
    """The household's open cases once its alert was verified 已迁出 or 已故 (review fx_verify 5): a case at
    县级部门比对 or 乡镇汇总初审 may rest on the person gone (the members counted, the income per head, the
    illness), and nothing else told its handlers. Said on the alert's page with a link; the case is not changed,
    its handlers decide (workflow: return to the village, or withdraw)."""
    if alert.status != AlertStatus.VERIFIED or alert.outcome not in PERSON_GONE:
        return []
    cases = Case.objects.visible_to(actor).filter(household_id=alert.household_id, status=CaseStatus.OPEN)
    found = []
    for case in cases.order_by("created_at", "pk"):
        steps = CaseStep.objects.filter(case=case, status=CaseStepStatus.OPEN).order_by("step__order")
        names = "、".join(current.step.name for current in steps.select_related("step")) or "无"
        kind = "纳入监测" if case.kind == CaseKind.IDENTIFICATION else case.get_kind_display()
        found.append(CaseToReview(case, MSG_CASE_TO_REVIEW.format(kind=kind, number=case.pk, steps=names)))
    return found


@dataclass(frozen=True)
class HeadFirst:
    name: str
    url: str  # the member's 标记已故/迁出 form, which hands the household over to a new head


def head_first(alert: Alert) -> HeadFirst | None:
    """What the verification page says of a pending alert about a 户主 who leaves others behind: 已故 or 已迁出 is
    refused until the head is marked on their own form (alerts.services.member_gone.MSG_HEAD_FIRST)."""
    if alert.status != AlertStatus.PENDING or (member := head_to_mark_first(alert)) is None:
        return None
    return HeadFirst(name=member.name, url=reverse("households:member_status", args=[member.pk]))


def case_next_steps(case: Case) -> str:
    """The case's open steps and where they are acted: "村级评议（高庄村）" (a village or township step names its
    village or township, a county step its role)."""
    village = case.household.village
    parts = []
    for current in (
        CaseStep.objects.filter(case=case, status=CaseStepStatus.OPEN).select_related("step").order_by("step__order")
    ):
        step = current.step
        if step.role in _VILLAGE_ROLES and village is not None:
            where = village.name
        elif step.role == Role.TOWNSHIP_OFFICER and village is not None and village.parent is not None:
            where = village.parent.name
        else:
            where = step.get_role_display()
        parts.append(f"{step.name}（{where}）")
    return "、".join(parts) or "无"


def verification_message(alert: Alert) -> str:
    """What the page says once an alert is verified (alerts.services.verification.alert_verify's result): the
    outcome, and for 纳入监测 that a case was opened and who acts next, or that the open case was joined; for 已故
    and 已迁出 the member's mark in the registry; the same row's other alerts settled with it."""
    # The member's health updated, or marked 已故 or 迁出 (alerts.services.member_gone), and the row's others.
    health = getattr(alert, "member_health_updated", "") + getattr(alert, "member_gone", "") + settled_message(alert)
    joined = getattr(alert, "joined_open_case", False)
    if alert.outcome == AlertOutcome.INCLUDE and alert.case is not None and not joined:
        return MSG_CASE_OPENED.format(name=alert.person_name, next=case_next_steps(alert.case), more=health)
    more = (MSG_JOINED_CASE if joined else "") + health
    return MSG_VERIFIED.format(name=alert.person_name, outcome=alert.get_outcome_display(), more=more)
