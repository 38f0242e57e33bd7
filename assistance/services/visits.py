"""回访: a return visit is recorded as a household visit with the effect assessment, and moves the plan's next due
date on by its cadence (000 §三(三)7: 建立定期回访制度，跟踪帮扶效果落实).

A return visit is either made for the plan (kind 帮扶回访, return_visit_record) or is a household's 走访 that the
visitor also counts as the return visit (visit_as_return_visit_record, from the household page: the work team visits
every month, 001 §一, and a second trip for the same household would be asked for nothing), or a 走访 already saved
that its visitor counts afterwards from the plan page (visit_count_as_return_visit: the box was left unticked). All go
through _checked and _counted, the one place that checks a return visit and moves the due date."""

import dataclasses
import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from assistance.choices import Effect
from assistance.following import household_assisted
from assistance.models import Plan, ReturnVisit
from assistance.services.common import ensure_can_assist
from assistance.services.plans import next_due
from config.errors import ApplicationError
from config.once import Once, once_create
from households.choices import VisitKind
from households.models import Visit
from households.services.visits import VisitInput, visit_record

MSG_BAD_EFFECT = "请选择帮扶成效。"
MSG_NOT_FOLLOWED = (
    "该户现在不是监测对象或脱贫户，也不在“绿色通道”先行帮扶中，帮扶方案已不再回访；如需入户，请在农户档案中记录走访。"
)
MSG_BEFORE_PLAN = "回访日期不能早于帮扶方案制定日期（{made:%Y-%m-%d}）：方案制定前没有可回访的帮扶。"
MSG_OTHER_HOUSEHOLD = "该走访不是帮扶方案所属农户的走访。"
MSG_ALREADY_COUNTED = "该走访已作为帮扶回访，无需再记。"
# The return visit's own words: the household visit's notes are them after the effect (帮扶成效：…。), within NOTES_MAX.
# Their limit is a round number short of it, the same whichever effect comes first (it read 不能超过1989字).
NOTE_MAX = 1900
MSG_NOTE_LONG = "回访情况不能超过{n}字（现有{length}字），请精简。"
# 000 §三(三)7: 建立定期回访制度，跟踪帮扶效果落实: a return visit assesses the effect of the plan's measures.
MSG_NO_MEASURE = "该户帮扶方案还没有帮扶措施，回访是跟踪帮扶措施的成效，无从评价：请先“添加帮扶措施”，落实后再回访。"
# The effect is the visitor's own assessment of what they saw (ReturnVisit.recorded_by is the 回访人).
MSG_NOT_VISITOR = "只有走访人本人可以将该走访记为帮扶回访（帮扶成效由走访人评价）。"
# What a 走访 counted as the return visit adds to its own notes, so that the visit's record and the 走访台账 say it.
WITH_VISIT_NOTE = "同时作为帮扶回访，帮扶成效：{effect}。{note}"


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
    once: uuid.UUID | None = None,
    confirm_same_visit: bool | None = None,
) -> Once[ReturnVisit]:
    """A visit made for the plan (kind 帮扶回访), recorded on the plan's page or through the API. ``once``: the
    page's token (config.once); the same page posted again returns the return visit it recorded (``repeated``).
    ``confirm_same_visit``: as the household's visit asks it (households.services.visit_same_day): False refuses a
    return visit the same as one this visitor recorded for the plan that day (the same effect, findings and note:
    the page saved, BACK pressed, the page back under a new token, 保存回访 pressed again), True records it; the
    page and the API ask (False until confirmed), None does not (the demo seed).
    A note too long for the visit's notes is refused at ``note``, the field the cadre and the client filled in."""
    if len(note.strip()) > NOTE_MAX:
        raise ValidationError({"note": MSG_NOTE_LONG.format(n=NOTE_MAX, length=len(note.strip()))})
    notes = f"帮扶成效：{_effect_label(effect)}。{note.strip()}".rstrip("。") + "。"
    visit = VisitInput(
        actor=actor,
        household=plan.household,
        visited_on=visited_on,
        kind=VisitKind.RETURN,
        findings=findings,
        risk_types=risk_types,
        notes=notes,
        confirm_same_visit=confirm_same_visit,
    )
    return _return_visit(plan=plan, visit=visit, effect=effect, note=note, once=once)


@transaction.atomic
def visit_as_return_visit_record(*, plan: Plan, visit: VisitInput, effect: str, note: str = "") -> ReturnVisit:
    """A household's 走访 (monthly, campaign) that also counts as the plan's return visit: the visit is recorded as
    it was made, its notes saying that it was the return visit too, and the due date moves as for any return visit."""
    if visit.household.pk != plan.household_id:
        raise ApplicationError(MSG_OTHER_HOUSEHOLD)
    said = WITH_VISIT_NOTE.format(effect=_effect_label(effect), note=note.strip()).rstrip("。") + "。"
    notes = f"{visit.notes.strip()}\n{said}" if visit.notes.strip() else said
    return _return_visit(plan=plan, visit=dataclasses.replace(visit, notes=notes), effect=effect, note=note).record


def _effect_label(effect: str) -> str:
    """For the visit's notes; an unknown effect is refused by _return_visit before any visit is recorded."""
    return str(Effect(effect).label) if effect in Effect.values else ""


def _return_visit(
    *, plan: Plan, visit: VisitInput, effect: str, note: str, once: uuid.UUID | None = None
) -> Once[ReturnVisit]:
    plan = _checked(actor=visit.actor, plan=plan, visited_on=visit.visited_on, effect=effect)
    return once_create(
        ReturnVisit,
        once,
        lambda once: _return_visit_create(plan=plan, visit=visit, effect=effect, note=note, once=once),
        scope={"plan": plan},
    )


def _checked(*, actor: Any, plan: Plan, visited_on: dt.date, effect: str) -> Plan:
    """The plan, locked, once this user may record a return visit of that day with that effect."""
    # The plan's lock also queues two posts of the same page: the second finds the first's visit (once_create).
    plan = Plan.objects.select_for_update().select_related("household").get(pk=plan.pk)
    ensure_can_assist(actor, plan.region_path)
    if effect not in Effect.values:
        raise ValidationError({"effect": MSG_BAD_EFFECT})
    if not household_assisted(plan.household):
        # The plan is no longer followed (assistance.following): a visit to the household is an ordinary one.
        raise ApplicationError(MSG_NOT_FOLLOWED)
    if message := no_measure_refusal(plan):
        raise ApplicationError(message)
    # A return visit assesses the help of the plan (跟踪帮扶效果落实): one dated before the plan assesses help that did
    # not exist yet, and would move the next due date back (it counts from the latest visit).
    if message := return_visit_date_error(plan, visited_on):
        raise ValidationError({"visited_on": message})
    return plan


def no_measure_refusal(plan: Plan) -> str:
    """MSG_NO_MEASURE for a plan without any measure (whatever its status), else "": the plan page and the return
    visit form say it before the effect is asked."""
    return "" if plan.measures.exists() else MSG_NO_MEASURE


def return_visit_date_error(plan: Plan, visited_on: dt.date) -> str:
    """MSG_BEFORE_PLAN for a return visit dated before its plan was made, else "" (the return visit form asks it
    too, with the registry's own date checks, households.services.visits.visit_errors)."""
    made = timezone.localdate(plan.created_at)
    return MSG_BEFORE_PLAN.format(made=made) if visited_on < made else ""


def _return_visit_create(
    *, plan: Plan, visit: VisitInput, effect: str, note: str, once: uuid.UUID | None
) -> ReturnVisit:
    actor = visit.actor
    # The registry's own visit service checks the date and records the findings and the history row.
    recorded = visit_record(**dataclasses.replace(visit, household=plan.household).arguments())
    if (already := ReturnVisit.objects.filter(visit=recorded).first()) is not None:
        # The household's visit page posted twice (its own token, config.once): the registry gave back the visit it
        # recorded the first time, already counted as the return visit.
        return already
    return _counted(plan=plan, visit=recorded, effect=effect, note=note, actor=actor, once=once)


@transaction.atomic
def visit_count_as_return_visit(*, actor: Any, plan: Plan, visit: Visit, effect: str, note: str = "") -> ReturnVisit:
    """A 走访 saved without the box ticked, counted afterwards by its visitor from the plan page: the same trip is
    not entered twice. The visit's notes say it, as when counted on the visit form."""
    if (refusal := count_refusal(actor=actor, plan=plan, visit=visit)) is not None:
        raise ApplicationError(refusal)
    plan = _checked(actor=actor, plan=plan, visited_on=visit.visited_on, effect=effect)
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if ReturnVisit.objects.filter(visit=visit).exists():  # counted meanwhile (another tab, a double tap)
        raise ApplicationError(MSG_ALREADY_COUNTED)
    said = WITH_VISIT_NOTE.format(effect=_effect_label(effect), note=note.strip()).rstrip("。") + "。"
    visit.notes = f"{visit.notes.strip()}\n{said}" if visit.notes.strip() else said
    visit.save(update_fields=["notes"])
    return _counted(plan=plan, visit=visit, effect=effect, note=note, actor=actor, once=None, later=True)


def count_refusal(*, actor: Any, plan: Plan, visit: Visit) -> str | None:
    """Why this saved 走访 cannot be counted as the plan's return visit by this user (None: it can); the plan page
    offers the button only when None. Whether the plan is still followed is checked with the effect (_checked)."""
    if visit.household_id != plan.household_id:
        return MSG_OTHER_HOUSEHOLD
    if visit.kind == VisitKind.RETURN or ReturnVisit.objects.filter(visit=visit).exists():
        return MSG_ALREADY_COUNTED
    if visit.visitor_id != actor.pk:
        return MSG_NOT_VISITOR
    if message := no_measure_refusal(plan):
        return message
    if visit.visited_on < (made := timezone.localdate(plan.created_at)):
        return MSG_BEFORE_PLAN.format(made=made)
    return None


def _counted(
    *, plan: Plan, visit: Visit, effect: str, note: str, actor: Any, once: uuid.UUID | None, later: bool = False
) -> ReturnVisit:
    """The return visit of a recorded visit; the due date moved on from the latest one; audited."""
    visited_on = visit.visited_on
    return_visit = ReturnVisit.objects.create(
        plan=plan,
        visit=visit,
        region_path=plan.region_path,
        visited_on=visited_on,
        effect=effect,
        note=note.strip(),
        recorded_by=actor,
        once=once,
    )
    latest = plan.return_visits.order_by("-visited_on").values_list("visited_on", flat=True).first() or visited_on
    due = next_due(latest, plan.return_cadence)
    Plan.objects.filter(pk=plan.pk).update(next_return_due=due)
    kind = VisitKind(visit.kind).label
    made_as = "" if visit.kind == VisitKind.RETURN else (f"由{kind}补记，" if later else f"随{kind}记录，")
    audit_record(
        actor=actor,
        action="assistance.return_visit",
        summary=f"{plan.household.number}：帮扶回访（{made_as}{visited_on:%Y-%m-%d}，{Effect(effect).label}），"
        f"下次回访 {due:%Y-%m-%d}",
        target=return_visit,
    )
    return return_visit
