"""核实不纳入 and its undoing.

003 §二2(2): a household whose income is below the line and is at risk 必须纳入; it is left out only when its income is
stable, 三保障 and drinking water are fine and its separately-registered children are well off. 000 §三(三)1: hits are
checked at the household and a 核实说明 is filed. So a dismissal names the day of the household visit (not in the
future, not before the hit), a 核实说明 of some substance, and confirms the conditions of 003 that apply to the hit.
A dismissal is not final: the township or county may undo it (撤销核实不纳入) with a reason, and a run whose reasons
changed (income fell further, a new rule fired) puts it back on the worklist itself (services.run_apply)."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from config.errors import ApplicationError
from households.models import Household
from households.services.common import ensure_can_edit, record_event
from screening.choices import ResultStatus, RuleKind
from screening.models import ScreeningResult, ScreeningRule
from screening.services.in_procedure import dismiss_refusal
from screening.services.results import ACTION_LABELS, TRANSITIONS, _rescreen, _transition, result_move

NOTE_MIN = 10
NOTE_MAX = 400  # of the result's 500-character note, leaving room for the visit and the conditions confirmed
MSG_VISIT_REQUIRED = "请填写入户核实日期。"
MSG_VISIT_FUTURE = "入户核实日期不能晚于今天。"
MSG_VISIT_BEFORE_HIT = "入户核实日期不能早于该户被筛查命中的日期（{date:%Y-%m-%d}）。"
MSG_NOTE_SHORT = f"请填写核实说明（至少{NOTE_MIN}个字），写明入户核实了什么、为何不纳入。"
MSG_NOTE_LONG = f"核实说明不能超过{NOTE_MAX}个字。"
MSG_INCOME_STABLE = "须入户核实该户收入稳定，方可不纳入；收入不稳定、存在返贫致贫风险的，必须纳入监测对象。"
MSG_GUARANTEES = "须入户核实该户“三保障”和饮水安全无问题，方可不纳入；存在问题的，应提议纳入监测。"
MSG_CHILDREN = (
    "人均纯收入低于监测范围的农户，须同时核实收入稳定、“三保障”和饮水安全无问题、子女经济条件好，方可不纳入；"
    "否则必须纳入监测对象。"
)
MSG_GUARANTEES_ON_FILE = (
    "该户档案记载{fields}为“否”，与勾选的“三保障”和饮水安全无问题不符：入户核实问题已解决的，请先在户档案中将{fields}"
    "改为“是”；问题仍在的，应提议纳入监测。"
)
# The household record's 三保障 and drinking-water fields, which a ticked guarantees_ok may not contradict.
GUARANTEE_FIELDS = ("education_ok", "medical_ok", "housing_ok", "water_ok")
MSG_UNDISMISS_ROLE = "只有乡镇工作人员或县乡村振兴局可以撤销核实不纳入。"
MSG_UNDISMISS_REASON = "请填写撤销核实不纳入的理由。"
MSG_NOT_DISMISSED = "该筛查结果不是“已核实不纳入”，无需撤销。"
UNDISMISS_ROLES = frozenset({Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER})
# The conditions of 003 §二2(2) a dismissal confirms: (field, how the note says it).
CONDITIONS = (
    ("income_stable", "收入稳定"),
    ("guarantees_ok", "“三保障”和饮水安全无问题"),
    ("children_well_off", "子女经济条件好"),
)


def conditions_required(result: ScreeningResult) -> set[str]:
    """Which of CONDITIONS a dismissal of `result` must confirm: none for a household a 不得 fact excludes (the fact
    is the reason); income and guarantees for any other; the children's means too when its income is below the line
    (an income-line rule fired)."""
    if result.status == ResultStatus.EXCLUDED:
        return set()
    below_line = ScreeningRule.objects.filter(code__in=result.rule_codes, kind=RuleKind.INCOME_BELOW_LINE).exists()
    return {"income_stable", "guarantees_ok", *({"children_well_off"} if below_line else set())}


def can_undismiss(actor: Any) -> bool:
    return bool(getattr(actor, "is_superuser", False) or getattr(actor, "role", None) in UNDISMISS_ROLES)


def _unsecured(result: ScreeningResult) -> list[str]:
    """The labels of the household record's 三保障 and water fields that say 否 (住房安全有保障…)."""
    row = Household.objects.filter(pk=result.household_id).values(*GUARANTEE_FIELDS).first() or {}
    return [str(Household._meta.get_field(name).verbose_name) for name in GUARANTEE_FIELDS if row.get(name) is False]


def _check(result: ScreeningResult, reason: str, visited_on: date | None, confirmed: dict[str, bool]) -> None:
    errors: dict[str, str] = {}
    if visited_on is None:
        errors["visited_on"] = MSG_VISIT_REQUIRED
    elif visited_on > timezone.localdate():
        errors["visited_on"] = MSG_VISIT_FUTURE
    elif visited_on < result.first_hit_on:
        errors["visited_on"] = MSG_VISIT_BEFORE_HIT.format(date=result.first_hit_on)
    if len(reason) < NOTE_MIN:
        errors["reason"] = MSG_NOTE_SHORT
    elif len(reason) > NOTE_MAX:
        errors["reason"] = MSG_NOTE_LONG
    required = conditions_required(result)
    missing = [name for name, _ in CONDITIONS if name in required and not confirmed.get(name)]
    messages = {"income_stable": MSG_INCOME_STABLE, "guarantees_ok": MSG_GUARANTEES, "children_well_off": MSG_CHILDREN}
    for name in missing:
        errors[name] = MSG_CHILDREN if "children_well_off" in required else messages[name]
    if "guarantees_ok" in required and confirmed.get("guarantees_ok") and (unsecured := _unsecured(result)):
        errors["guarantees_ok"] = MSG_GUARANTEES_ON_FILE.format(fields="、".join(f"“{label}”" for label in unsecured))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def result_dismiss(
    *,
    actor: Any,
    result: ScreeningResult,
    reason: str,
    visited_on: date | None = None,
    income_stable: bool = False,
    guarantees_ok: bool = False,
    children_well_off: bool = False,
) -> ScreeningResult:
    """核实不纳入 after a household visit (see the module), refused while an inclusion case is open for the household
    (services.in_procedure). The household row is locked first, as case_open locks it, so a case opened meanwhile is
    seen here or takes up no dismissed hit. The note says the visit's day and the conditions confirmed."""
    reason = reason.strip()
    confirmed = {"income_stable": income_stable, "guarantees_ok": guarantees_ok, "children_well_off": children_well_off}
    ensure_can_edit(actor, result.region_path)
    Household.objects.select_for_update().filter(pk=result.household_id).first()
    if refusal := dismiss_refusal(household_id=result.household_id):
        raise ApplicationError(refusal)
    _check(result, reason, visited_on, confirmed)
    required = conditions_required(result)
    said = "、".join(label for name, label in CONDITIONS if name in required)
    note = f"{visited_on:%Y-%m-%d}入户核实{('：' + said) if said else ''}。{reason}"
    return _transition(actor=actor, result=result, action="dismiss", note=note, visited_on=visited_on)


@transaction.atomic
def result_undismiss(*, actor: Any, result: ScreeningResult, reason: str) -> ScreeningResult:
    """撤销核实不纳入: the township or county puts a dismissed result back to 待处理 with the reason (history row and
    audit event), and the household is re-screened at once, so the worklist shows today's reasons (or the result
    leaves it when no rule fires any more, or shows 已是监测对象 when the household is monitored meanwhile)."""
    if not can_undismiss(actor):
        raise PermissionDenied(MSG_UNDISMISS_ROLE)
    if not (reason := reason.strip()):
        raise ValidationError({"reason": MSG_UNDISMISS_REASON})
    if result.status != ResultStatus.DISMISSED:
        raise ApplicationError(MSG_NOT_DISMISSED)
    ensure_can_edit(actor, result.region_path)
    result = _transition(actor=actor, result=result, action="undismiss", note=reason, visited_on=None)
    _rescreen(result.household, now=True)
    return ScreeningResult.objects.filter(pk=result.pk).first() or result


def result_monitored(*, actor: Any, household_id: int, note: str) -> ScreeningResult | None:
    """The household's inclusion case was approved: its result proposed for monitoring (or a hit) is now 已是监测对象,
    with the note of the case. A run that saw the household monitored first (the approval re-screens it) made it so
    already: the note is then the case's all the same. None when there is no such result."""
    allowed = (*TRANSITIONS["monitor"][0], ResultStatus.MONITORED)
    result = ScreeningResult.objects.filter(household_id=household_id, status__in=allowed).first()
    if result is None:
        return None
    if result.status != ResultStatus.MONITORED:
        return result if result_move(actor=actor, result=result, action="monitor", note=note[:500]) else None
    ScreeningResult.objects.filter(pk=result.pk, status=ResultStatus.MONITORED).update(
        handled_by=actor, handled_at=timezone.now(), handle_note=note[:500]
    )
    record_event(
        actor=actor,
        household=Household.objects.get(pk=household_id),
        action="screening.monitor",
        target=result,
        summary=f"筛查结果：{ACTION_LABELS['monitor']}，{note}"[:200],
    )
    return result
