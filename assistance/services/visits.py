"""回访: a return visit is recorded as a household visit (kind 帮扶回访) with the effect assessment, and moves the
plan's next due date on by its cadence (000 §三(三)7: 建立定期回访制度，跟踪帮扶效果落实)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from assistance.choices import Effect
from assistance.following import household_followed
from assistance.models import Plan, ReturnVisit
from assistance.services.common import ensure_can_assist
from assistance.services.plans import next_due
from config.errors import ApplicationError
from households.choices import VisitKind
from households.services.visits import visit_record

MSG_BAD_EFFECT = "请选择帮扶成效。"
MSG_NOT_FOLLOWED = (
    "该户现在不是监测对象，也不在“绿色通道”先行帮扶中，帮扶方案已不再回访；如需入户，请在农户档案中记录走访。"
)
MSG_BEFORE_PLAN = "回访日期不能早于帮扶方案制定日期（{made:%Y-%m-%d}）：方案制定前没有可回访的帮扶。"


@transaction.atomic
def return_visit_record(
    *,
    actor: Any,
    plan: Plan,
    visited_on: dt.date,
    effect: str,
    note: str = "",
    findings: dict[str, bool] | None = None,
    risk_types: list[str] | None = None,
) -> ReturnVisit:
    plan = Plan.objects.select_for_update().select_related("household").get(pk=plan.pk)
    ensure_can_assist(actor, plan.region_path)
    if effect not in Effect.values:
        raise ValidationError({"effect": MSG_BAD_EFFECT})
    if not household_followed(plan.household):
        # The plan is no longer followed (assistance.following): a visit to the household is an ordinary one.
        raise ApplicationError(MSG_NOT_FOLLOWED)
    # A return visit assesses the help of the plan (跟踪帮扶效果落实): one dated before the plan assesses help that did
    # not exist yet, and would move the next due date back (it counts from the latest visit).
    made = timezone.localdate(plan.created_at)
    if visited_on < made:
        raise ValidationError({"visited_on": MSG_BEFORE_PLAN.format(made=made)})
    # The registry's own visit service checks the date and records the findings and the history row.
    visit = visit_record(
        actor=actor,
        household=plan.household,
        visited_on=visited_on,
        kind=VisitKind.RETURN,
        findings=findings,
        risk_types=risk_types,
        notes=f"帮扶成效：{Effect(effect).label}。{note.strip()}".rstrip("。") + "。",
    )
    return_visit = ReturnVisit.objects.create(
        plan=plan,
        visit=visit,
        region_path=plan.region_path,
        visited_on=visited_on,
        effect=effect,
        note=note.strip(),
        recorded_by=actor,
    )
    latest = plan.return_visits.order_by("-visited_on").values_list("visited_on", flat=True).first() or visited_on
    due = next_due(latest, plan.return_cadence)
    Plan.objects.filter(pk=plan.pk).update(next_return_due=due)
    audit_record(
        actor=actor,
        action="assistance.return_visit",
        summary=f"{plan.household.number}：帮扶回访（{visited_on:%Y-%m-%d}，{Effect(effect).label}），"
        f"下次回访 {due:%Y-%m-%d}",
        target=return_visit,
    )
    return return_visit
