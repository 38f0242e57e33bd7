"""What screening holds a visit for (households.visit_holds): the campaign's 入户排查表 that recorded it; and the date
of a visit whose risk went to the township as a 走访发现 flag (screening.services.results.risk_flags_from_visit),
which is dated by the visit. Voiding such a visit, or a 更正 that takes the risk type off it, withdraws its flag in
the same transaction (visit_withdrawal), unless a case was opened from the risk, which workflow refuses first
(workflow.visit_holds): a flag left active would keep the township's hit standing on a risk nobody found."""

from typing import TYPE_CHECKING, Any

from households.models import Household, Visit
from households.services.common import record_event
from households.services.visit_fix import REDATE
from screening.choices import RiskSource

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from screening.models import RiskFlag

MSG_FORM = (
    "这条走访是集中排查“{campaign}”入户排查表的记录，排查结果和问题整改台账依据它，不能在这里更正或作废；"
    "排查表填错的，请在集中排查中修改该户的排查表。"
)
MSG_RISK_FLAGGED_DATE = (
    "这次走访发现的风险（{types}）已作为“走访发现”的风险标记报送乡镇研判，标记按走访日期登记，所以不能更正日期。"
    "日期记错的，请作废这条走访（风险标记随之撤回）后按实际日期重新记录。"
)
FLAG_WITHDRAWN = "随{act}{visited_on:%Y-%m-%d}的走访撤回风险标记：{risk}（走访发现）"


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
    if action != REDATE or not visit.risk_types:
        return None
    # `visit` carries the corrected date and risk types; its flags are dated by the stored date. A type the
    # correction takes off has its flag withdrawn (visit_withdrawal), so only the types kept hold the date.
    stored = Visit.objects.get(pk=visit.pk)
    kept = _raised(stored).filter(risk_type__in=visit.risk_types).order_by("pk")
    if labels := [flag.get_risk_type_display() for flag in kept]:
        return MSG_RISK_FLAGGED_DATE.format(types="、".join(labels))
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
    return f"撤回这次走访报送乡镇的风险标记（{'、'.join(withdrawn)}）" if withdrawn else ""


def register() -> None:
    from households import visit_holds

    visit_holds.register("screening", visit_held)
    visit_holds.register_withdrawal("screening", visit_withdrawal)
