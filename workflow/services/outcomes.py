"""What an approved case changes on the household (DOMAIN.md "Identification procedure", "Exit"): written here,
since workflow sits above households. Called inside the transition service's transaction."""

from typing import Any

from django.utils import timezone

from households.models import Household
from households.services.common import diff, record_event
from workflow.choices import CaseKind
from workflow.models import Case


def case_outcome_apply(*, actor: Any, case: Case) -> None:
    """The approved case changes the household: written here, since workflow sits above households."""
    household = Household.objects.select_for_update().get(pk=case.household_id)
    fields = ["monitoring_category", "monitoring_start", "risk_types", "national_risk_types"]
    before = {name: getattr(household, name) for name in fields}
    today = timezone.localdate()
    if case.kind in (CaseKind.IDENTIFICATION, CaseKind.REMARK):
        values = {
            "monitoring_category": case.category,
            "monitoring_start": today,
            "risk_types": case.risk_types,
            "national_risk_types": case.national_risk_types,
        }
        summary = "纳入监测" if case.kind == CaseKind.IDENTIFICATION else "风险再标注，重新纳入监测"
    else:
        values = {"monitoring_category": ""}
        summary = "标注“风险消除”，不再按监测对象监测帮扶"
    Household.objects.filter(pk=household.pk).update(**values, updated_at=timezone.now())
    for name, value in values.items():
        setattr(household, name, value)
    record_event(
        actor=actor,
        household=household,
        action=f"workflow.{case.kind}_approved",
        target=case,
        summary=summary,
        changes=diff(household, before, fields),
    )


def case_outcome_revoke(*, actor: Any, case: Case, step_name: str) -> None:
    """A green-channel inclusion (approved first, 001 §四) that its owed review or publicity then refused: the
    household is no longer monitored on it. Help already given stays on record; the history says why."""
    household = Household.objects.select_for_update().get(pk=case.household_id)
    fields = ["monitoring_category", "monitoring_start"]
    before = {name: getattr(household, name) for name in fields}
    values = {"monitoring_category": "", "monitoring_start": None}
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
