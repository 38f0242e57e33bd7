"""A visit's found risks against its own 两不愁三保障 findings: a housing or water risk with its guarantee recorded as
secured (households.risk_evidence.RISK_GUARANTEES) is refused by households.services.visits.visit_errors."""

from households.choices import MANUAL_VISIT_KINDS, RiskType
from households.risk_evidence import RISK_GUARANTEES

# A housing or water risk says its guarantee is not secured (risk_evidence.RISK_GUARANTEES; the case opening sets it
# to 否): a visit recording both would disagree with itself, and with the household once a case is opened from it.
MSG_RISK_GUARANTEE = (
    "发现的风险类型含“{risk}”，但本次走访记为“{field}”，二者矛盾：确有该风险的，请取消“{field}”（记为无保障）；"
    "否则请取消该风险类型。"
)


def guarantee_errors(risk_types: list[str], guarantees: dict[str, bool]) -> dict[str, str]:
    """A housing or water risk found by a visit that records its guarantee as secured: the guarantee's field →
    why that contradicts (MSG_RISK_GUARANTEE)."""
    return {
        g.field: MSG_RISK_GUARANTEE.format(risk=RiskType(g.seed).label, field=g.label)
        for g in RISK_GUARANTEES
        if g.seed in risk_types and guarantees.get(g.field, False)
    }


def stated_findings(kind: str) -> bool:
    """Whether the visitor states the visit's findings and risks together (the visit page and the visit API's
    月度走访、集中排查), so that the two must agree (guarantee_errors). An alert's or an application's verification
    records the risk it verified on the household's findings as they stand; its case opening sets them."""
    return kind in dict(MANUAL_VISIT_KINDS)
