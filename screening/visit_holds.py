"""What screening holds a visit for (households.visit_holds): the campaign's 入户排查表 that recorded it, and the risk
it found, sent to the township as a 走访发现 flag (screening.services.results.risk_flags_from_visit)."""

from households.models import Visit
from households.services.visit_fix import VOID
from screening.choices import RiskSource

MSG_FORM = (
    "这条走访是集中排查“{campaign}”入户排查表的记录，排查结果和问题整改台账依据它，不能在这里更正或作废；"
    "排查表填错的，请在集中排查中修改该户的排查表。"
)
MSG_RISK_FLAGGED = (
    "这次走访发现的风险（{types}）已作为“走访发现”的风险标记报送乡镇研判，作废走访不会撤回它，所以不能作废。"
    "如属记错农户或误报，请乡镇工作人员在该户的“筛查”中核实处理；收支变化、走访情况写错的，可以更正。"
)


def visit_held(visit: Visit, action: str) -> str | None:
    from screening.models import RiskFlag, ScreeningForm

    form = ScreeningForm.objects.filter(visit=visit).select_related("campaign").first()
    if form is not None:
        return MSG_FORM.format(campaign=form.campaign)
    if action != VOID or not visit.risk_types:
        return None
    # The flag this visit raised: risk_flags_from_visit keeps one active flag per type, dated by the visit that made it.
    raised = RiskFlag.objects.filter(
        household_id=visit.household_id,
        source=RiskSource.VISIT,
        is_active=True,
        risk_type__in=visit.risk_types,
        detected_on=visit.visited_on,
    )
    return MSG_RISK_FLAGGED.format(types="、".join(visit.risk_type_labels())) if raised.exists() else None


def register() -> None:
    from households import visit_holds

    visit_holds.register("screening", visit_held)
