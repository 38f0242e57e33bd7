"""The other alerts of the same file row, settled with the one verified (review alerts finding 3). One row of the
卫健 feed can name a person both 未参加城乡居民医疗保险 and 累计支出超过20000元 (seed 001 §二 ⑥), two rules of one
push; the visit that verified one alert saw the person's household once (seed 004 §三: the department's row is
checked at one 入户排查), and left the other 待核实, to escalate as overdue though nobody would visit again.

Each alert settled keeps its own record: its outcome (the one verified), who verified it and when, the same visit,
case and note for the department, its 核实情况 saying it was settled with the other, and its own audit event."""

import datetime as dt
from typing import Any

from accounts.audit import audit_record
from alerts.choices import AlertOutcome, AlertStatus
from alerts.models import Alert
from alerts.privacy import recorded_name
from screening.choices import RiskSource
from screening.models import RiskFlag
from screening.services.results import risk_flag_add

NOTE_SETTLED = "（与同一数据行的预警“{rule}”一并核实）"
MSG_SETTLED = "同一数据行的另外 {n} 条预警（{rules}）已按相同结果一并核实。"


def row_siblings(alert: Alert) -> list[Alert]:
    """The person's other alerts still pending from the same upload row, locked (the caller's transaction)."""
    others = Alert.objects.select_for_update(of=("self",)).select_related("rule", "household")
    others = others.filter(
        upload_id=alert.upload_id, line=alert.line, member_id=alert.member_id, status=AlertStatus.PENDING
    )
    return list(others.exclude(pk=alert.pk).order_by("pk"))


def settle_row_siblings(*, actor: Any, alert: Alert, siblings: list[Alert], visited_on: dt.date) -> list[Alert]:
    """Verify `siblings` (row_siblings, read before `alert` was verified) as `alert` was: same outcome, visit, case
    and department note; a 纳入监测 also flags each sibling's own risk, as its verification would have."""
    settled = []
    note = NOTE_SETTLED.format(rule=alert.rule_name)
    for other in siblings:
        own_note = (alert.outcome_note[: 300 - len(note)] + note) if alert.outcome_note else note
        updated = Alert.objects.filter(pk=other.pk, status=AlertStatus.PENDING).update(
            status=AlertStatus.VERIFIED,
            outcome=alert.outcome,
            outcome_note=own_note,
            department_note=alert.department_note,
            case=alert.case,
            visit=alert.visit,
            verified_by=actor,
            verified_on=visited_on,
        )
        if not updated:
            continue
        household, risk_type = other.household, other.rule.risk_type
        if alert.outcome == AlertOutcome.INCLUDE and not RiskFlag.objects.filter(
            household=household, risk_type=risk_type, source=RiskSource.ALERT, is_active=True
        ):
            risk_flag_add(
                actor=actor, household=household, risk_type=risk_type, note=other.detail, source=RiskSource.ALERT
            )
        other.refresh_from_db()
        audit_record(
            actor=actor,
            action="alerts.verify",
            summary=f"核实部门预警（{recorded_name(other)}，户 {household.number}）：{other.get_outcome_display()}"
            f"（与同一数据行的预警一并核实）",
            target=other,
            after={
                "outcome": other.outcome,
                "note": own_note,
                "department_note": other.department_note,
                "case": other.case_id,
                "settled_with": alert.pk,
            },
        )
        settled.append(other)
    return settled


def settled_message(alert: Alert) -> str:
    """What the page says of the siblings alert_verify settled with `alert` ("" when none)."""
    settled = getattr(alert, "settled_alerts", [])
    if not settled:
        return ""
    return MSG_SETTLED.format(n=len(settled), rules="、".join(f"“{other.rule_name}”" for other in settled))
