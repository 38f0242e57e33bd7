"""What screening holds a visit for (households.visit_holds): the campaign's 入户排查表 that recorded it. And what it
follows of the visit: a visit whose risk went to the township as a 走访发现 flag (screening.services.results
.risk_flags_from_visit) dates the flag. Voiding such a visit, or a 更正 (or a corrected 入户排查表) that takes the
risk type off it, withdraws its flag in the same transaction (visit_withdrawal); one that corrects its date moves the
flag's date with it (visit_redating). A case opened from the risk is workflow's to hold first
(workflow.visit_holds: it refuses the voiding, the type taken off and the new date): a flag left active would keep
the township's hit standing on a risk nobody found, and a flag left on the old date would give the case opened from
it a day nobody visited (its channel and discovery date, workflow.services.proposals).

A household proposed for monitoring (已提议纳入监测) whose identification is not opened yet keeps its proposal: the
proposal is the worklist's decision on the rules' hit, which no visit flag feeds (screening.engine); what a flag adds
is read when the case opens (workflow.services.proposals: its risk types, 基层干部排查 and the visit's day), so a
withdrawn or moved flag is not carried into it. The withdrawal's words say so, for whoever proposed it."""

from typing import TYPE_CHECKING, Any

from households.models import Household, Visit
from households.services.common import record_event
from screening.choices import ResultStatus, RiskSource

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from screening.models import RiskFlag

MSG_FORM = (
    "这条走访是集中排查“{campaign}”入户排查表的记录，排查结果和问题整改台账依据它，不能在这里更正或作废；"
    "排查表填错的，请在集中排查中修改该户的排查表。"
)
FLAG_WITHDRAWN = "随{act}{visited_on:%Y-%m-%d}的走访撤回风险标记：{risk}（走访发现）"
FLAG_REDATED = "随更正走访日期，风险标记“{risk}”（走访发现）的发现日期由{old:%Y-%m-%d}改为{new:%Y-%m-%d}"
FLAG_NOTE = "{on:%Y-%m-%d} 走访发现"  # as risk_flags_from_visit notes it
PROPOSAL_KEPT = "；该户已提议纳入监测（尚未发起识别），发起识别时不再计入撤回的风险"


def _raised(visit: Visit) -> "QuerySet[RiskFlag]":
    """The flags this visit raised: risk_flags_from_visit keeps one active flag per type, dated by the visit that
    made it. A type another counted visit of that day found too (the same visit saved twice) is that visit's as
    well: voiding the copy leaves it."""
    from screening.models import RiskFlag

    same_day = Visit.objects.counted().filter(household_id=visit.household_id, visited_on=visit.visited_on)
    kept = {code for codes in same_day.exclude(pk=visit.pk).values_list("risk_types", flat=True) for code in codes}
    return RiskFlag.objects.filter(
        household_id=visit.household_id,
        source=RiskSource.VISIT,
        is_active=True,
        risk_type__in=[code for code in visit.risk_types if code not in kept],
        detected_on=visit.visited_on,
    )


def visit_held(visit: Visit, action: str) -> str | None:
    from screening.models import ScreeningForm

    form = ScreeningForm.objects.filter(visit=visit).select_related("campaign").first()
    if form is not None:
        return MSG_FORM.format(campaign=form.campaign)
    return None


def visit_withdrawal(actor: Any, visit: Visit, risk_types: list[str]) -> str:
    """Withdraw the flags of `risk_types` that `visit` (as recorded) raised, each with its own 变更记录 row and audit
    event (screening.flag_withdraw): the visit is voided, or a 更正 took those types off it. The household is
    re-screened on commit (record_event). What it did, in words."""
    if not visit.risk_types or not risk_types:
        return ""
    household = Household.objects.get(pk=visit.household_id)
    withdrawn = []
    for flag in _raised(visit).filter(risk_type__in=risk_types).order_by("pk"):
        if not type(flag).objects.filter(pk=flag.pk, is_active=True).update(is_active=False):
            continue  # withdrawn meanwhile: the household's lock is held, so only by another path
        act = "作废" if visit.voided_at is not None else "更正"
        summary = FLAG_WITHDRAWN.format(act=act, visited_on=visit.visited_on, risk=flag.get_risk_type_display())
        record_event(
            actor=actor,
            household=household,
            action="screening.flag_withdraw",
            target=flag,
            summary=summary,
            changes=[{"field": "is_active", "label": "有效", "old": "是", "new": "否"}],
        )
        withdrawn.append(flag.get_risk_type_display())
    if not withdrawn:
        return ""
    return f"撤回这次走访报送乡镇的风险标记（{'、'.join(withdrawn)}）{_proposal_words(visit.household_id)}"


def _proposal_words(household_id: int) -> str:
    """What the withdrawal means for the household's proposal (the module docstring): "" when it has none waiting
    for its identification."""
    from screening.models import ScreeningResult
    from screening.selectors_inclusion import inclusion_cases_open

    if not ScreeningResult.objects.filter(household_id=household_id, status=ResultStatus.PROPOSED).exists():
        return ""
    return "" if inclusion_cases_open([household_id]) else PROPOSAL_KEPT


def visit_redating(actor: Any, recorded: Visit, corrected: Visit) -> str:
    """Move the flags `recorded` (the visit as it was) raised of the types `corrected` keeps to the corrected date,
    or to the day another counted visit found the type first, if it falls between (the flag says the first day a
    visit found the risk); each with its own 变更记录 row and audit event (screening.flag_redate). A type taken off
    was withdrawn before (visit_withdrawal). What it did, in words."""
    if recorded.visited_on == corrected.visited_on:
        return ""
    household = Household.objects.get(pk=recorded.household_id)
    moved = []
    for flag in _raised(recorded).filter(risk_type__in=corrected.risk_types).order_by("pk"):
        earlier, later = sorted([recorded.visited_on, corrected.visited_on])
        others = Visit.objects.counted().filter(
            household_id=recorded.household_id,
            risk_types__contains=[flag.risk_type],
            visited_on__gt=earlier,
            visited_on__lt=later,
        )
        first = others.exclude(pk=recorded.pk).order_by("visited_on").values_list("visited_on", flat=True).first()
        new_on = first if first is not None and corrected.visited_on > recorded.visited_on else corrected.visited_on
        note = FLAG_NOTE.format(on=new_on)
        if not type(flag).objects.filter(pk=flag.pk, is_active=True).update(detected_on=new_on, note=note):
            continue
        risk, old_on = flag.get_risk_type_display(), f"{flag.detected_on:%Y-%m-%d}"
        record_event(
            actor=actor,
            household=household,
            action="screening.flag_redate",
            target=flag,
            summary=FLAG_REDATED.format(risk=risk, old=flag.detected_on, new=new_on),
            changes=[
                {"field": "detected_on", "label": "发现日期", "old": old_on, "new": f"{new_on:%Y-%m-%d}"},
                {"field": "note", "label": "说明", "old": flag.note, "new": note},
            ],
        )
        moved.append(f"{risk}改为{new_on:%Y-%m-%d}")
    return f"走访报送乡镇的风险标记发现日期随之更正（{'、'.join(moved)}）" if moved else ""


def register() -> None:
    from households import visit_holds

    visit_holds.register("screening", visit_held)
    visit_holds.register_withdrawal("screening", visit_withdrawal)
    visit_holds.register_redating("screening", visit_redating)
