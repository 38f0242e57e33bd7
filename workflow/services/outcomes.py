"""What an approved case changes on the household (DOMAIN.md "Identification procedure", "Exit"): written here,
since workflow sits above households. Called inside the transition service's transaction.

The household's dates are the case's 批复日期 (workflow.decisions.approval_date), not the day the approver records
it: the batch's decided_on, else the day of a single approval (services.approval_records.single_decision_date: its
number's earlier batches' date, else the day it is recorded). 纳入监测日期 (monitoring_start) of an inclusion or a
re-mark, as the statistics count it from its 批复 (workflow.decisions.decided). 风险消除时间 (risk_eliminated_on) of an
exit too, where Yongxiu's township 公告并标注风险消除 follows the 批复: 000 §三(三)8 has the household 退出监测范围
"按照……乡镇审核、县级审批的程序", the last step of which is the 批复, and then marked 风险消除 "及时" in the system,
a marking that records the decision rather than makes it. A procedure without a county approval (Taogou's
区级备案公告, 003 §二2(4)(5): 提交区级乡村振兴部门备案公告…标注“风险消除”) decides at its last step,
on the day it closes the case (workflow.decisions.approved_on reads it the same way)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from households.models import Household, HouseholdEvent
from households.services.common import diff, record_event
from workflow.choices import CaseKind
from workflow.models import Case
from workflow.services.case_records import ADVISORIES

# The household's fields an approved case changes (services.batch_fast writes the same for many at once).
OUTCOME_FIELDS = ["monitoring_category", "monitoring_start", "risk_types", "national_risk_types", "risk_eliminated_on"]


def case_outcome_values(case: Case, on: dt.date) -> tuple[dict[str, Any], str]:
    """The household's new values after `case` is approved `on` its 批复日期, and the history's summary. An exit
    marks 风险消除 (000 §三(三)8) as of that day; an inclusion or a re-mark starts monitoring that day and ends any
    风险消除, so that a later new risk is told from a first one."""
    if case.kind in (CaseKind.IDENTIFICATION, CaseKind.REMARK):
        values = {
            "monitoring_category": case.category,
            "monitoring_start": on,
            "risk_types": case.risk_types,
            "national_risk_types": case.national_risk_types,
            "risk_eliminated_on": None,
        }
        return values, "纳入监测" if case.kind == CaseKind.IDENTIFICATION else "风险再标注，重新纳入监测"
    return {"monitoring_category": "", "risk_eliminated_on": on}, "标注“风险消除”，不再按监测对象监测帮扶"


def case_outcome_apply(*, actor: Any, case: Case, on: dt.date, advisories: list[str] | None = None) -> None:
    """The case approved `on` its 批复日期 (or, without a county approval, its closing day) changes the household.
    `advisories`: what the approver was shown (an exit's), kept in the audit row beside the changed values."""
    household = Household.objects.select_for_update().get(pk=case.household_id)
    before = {name: getattr(household, name) for name in OUTCOME_FIELDS}
    values, summary = case_outcome_values(case, on)
    Household.objects.filter(pk=household.pk).update(**values, updated_at=timezone.now())
    for name, value in values.items():
        setattr(household, name, value)
    changes = diff(household, before, OUTCOME_FIELDS)
    record_event(
        actor=actor,
        household=household,
        action=f"workflow.{case.kind}_approved",
        target=case,
        summary=summary,
        changes=changes,
        after=approved_after(changes, advisories),
    )


def approved_after(changes: list[dict[str, Any]], advisories: list[str] | None) -> dict[str, Any] | None:
    """The approval's audit `after`: the new values, and the advisories shown at the approval (none: as
    households.services.common.record_event writes it by default)."""
    if not advisories:
        return None
    return {**{change["field"]: change["new"] for change in changes}, ADVISORIES: advisories}


def _eliminated_before(household: Household) -> dt.date | None:
    """The 风险消除时间 the household had until its latest inclusion cleared it: the newest history row that changed
    it holds it as its old value (services.common.diff writes a date as YYYY-MM-DD)."""
    event = (
        HouseholdEvent.objects.filter(household=household, changes__contains=[{"field": "risk_eliminated_on"}])
        .order_by("-pk")
        .first()
    )
    old = next((c["old"] for c in event.changes if c["field"] == "risk_eliminated_on"), "") if event else ""
    return dt.date.fromisoformat(old) if old else None


def case_outcome_revoke(*, actor: Any, case: Case, step_name: str) -> None:
    """A green-channel inclusion (approved first, 001 §四) that its owed review or publicity then refused: the
    household is no longer monitored on it. Help already given stays on record; the history says why. A revoked
    re-mark leaves the household marked 风险消除 as before it, so that its next new risk is again a re-mark."""
    household = Household.objects.select_for_update().get(pk=case.household_id)
    fields = ["monitoring_category", "monitoring_start", "risk_eliminated_on"]
    before = {name: getattr(household, name) for name in fields}
    values: dict[str, Any] = {"monitoring_category": "", "monitoring_start": None}
    if case.kind == CaseKind.REMARK:
        values["risk_eliminated_on"] = _eliminated_before(household)
    Household.objects.filter(pk=household.pk).update(**values, updated_at=timezone.now())
    for name, value in values.items():
        setattr(household, name, value)
    record_event(
        actor=actor,
        household=household,
        action="workflow.green_channel_revoked",
        target=case,
        summary=f"绿色通道先行纳入后，“{step_name}”未通过：撤销纳入监测（已落实的帮扶记录保留）",
        changes=diff(household, before, fields),
    )
