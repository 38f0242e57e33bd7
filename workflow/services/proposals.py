"""Cases opened from other apps' findings: a screening hit proposed for monitoring (the registry and screening know
no procedure, so the action that joins them lives here, DESIGN.md)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce

from households.choices import RiskType
from households.models import Household
from screening.selectors import household_visit_risks
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.models import Case
from workflow.services.case_opening import chosen_national
from workflow.services.cases import case_open

MSG_CHANNEL_HELP = (
    "按风险的来源确定：所选风险类型中有走访时发现的（风险标记来源为“走访发现”），为“基层干部排查”，发现日期取"
    "走访日期与首次命中日期中较早的一天；否则为“系统筛查命中”，发现日期为首次命中日期。"
)


@dataclass(frozen=True)
class ScreeningOpening:
    channel: str
    discovered_on: dt.date


def _visit_risks(result: Any) -> dict[str, dt.date]:
    """The risks a cadre's visit found on the result's household since its last case closed (or its risk was
    eliminated): a visit before then was that case's finding, not this one's."""
    household = Household.objects.get(pk=result.household_id)
    closed = Case.objects.filter(household=household).exclude(status=CaseStatus.OPEN)
    last_closed = closed.aggregate(on=Max(Coalesce("closed_on", "discovered_on")))["on"]
    settled = [last_closed] if last_closed is not None else []
    if household.risk_eliminated_on is not None:
        # A visit on the day the risk was eliminated counts (selectors_openings._visit_prefill: only earlier is stale).
        settled.append(household.risk_eliminated_on - dt.timedelta(days=1))
    return household_visit_risks(household, after=max(settled, default=None))


def screening_risk_types(*, result: Any) -> list[str]:
    """The risks a case opened from a screening result is for unless the cadre chooses: the hit's, and those a
    visit found (the visit form records them 供发起识别纳入)."""
    found = [code for code in (result.risk_types or []) if code in RiskType.values]
    return list(dict.fromkeys([*found, *_visit_risks(result)]))


def screening_opening(*, result: Any, risk_types: list[str]) -> ScreeningOpening:
    """How the case's risks were found (000 §三(三)1: 农户自主申报、基层干部摸排、部门比对筛查预警). A risk among them
    that a cadre's visit found (a flag 走访发现) makes it the visit's: 基层干部排查, discovered on the earlier of the
    visit and the first hit, so that the channel counts are right; only rules' hits are 系统筛查命中."""
    visits = _visit_risks(result)
    seen = [visits[code] for code in risk_types if code in visits]
    if seen:
        return ScreeningOpening(Channel.CADRE_VISIT, min([*seen, result.first_hit_on]))
    return ScreeningOpening(Channel.SCREENING_HIT, result.first_hit_on)


def case_open_from_screening(
    *,
    actor: Any,
    result: Any,
    category: str,
    risk_types: list[str] | None = None,
    national_risk_types: list[str] | None = None,
    note: str = "",
) -> Case:
    """A screening hit proposed for monitoring opens an identification case: screening's own service marks the
    result proposed (unless the worklist already did), and both happen in one transaction. The national codes are
    the ones chosen or the usual ones, as on the case form (case_opening.chosen_national)."""
    from screening.choices import ResultStatus
    from screening.services.results import result_propose

    with transaction.atomic():
        if result.status != ResultStatus.PROPOSED:  # proposed on the worklist, the case not opened yet
            result = result_propose(actor=actor, result=result, note=note)
        household = Household.objects.get(pk=result.household_id)
        risk_types = risk_types or screening_risk_types(result=result)
        opening = screening_opening(result=result, risk_types=risk_types)
        return case_open(
            actor=actor,
            household=household,
            kind=CaseKind.IDENTIFICATION,
            channel=opening.channel,
            risk_types=risk_types,
            category=category,
            discovered_on=opening.discovered_on,
            national_risk_types=chosen_national(household, risk_types, national_risk_types),
        )
