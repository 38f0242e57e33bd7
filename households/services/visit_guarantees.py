"""A visit's found risks against its own 两不愁三保障 findings: a housing or water risk with its guarantee recorded as
secured (households.risk_evidence.RISK_GUARANTEES) is refused by households.services.visits.visit_errors."""

from collections.abc import Callable
from typing import Any

from django.db.models import BooleanField, Case, Q, Value, When

from households.choices import MANUAL_VISIT_KINDS, RiskType, VisitKind
from households.risk_evidence import RISK_GUARANTEES

# What a ledger cell, the visit API's findings_checked and a history row say for the 两不愁三保障 of a visit whose form
# never asked them (findings_unchecked): the values stored are the household's record as it stood, nobody's answer.
UNCHECKED = "未核查"

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


# A later app names more visits whose form did not ask the guarantee items (workflow: a declined self-application's
# verification, recorded with the household's findings as they stood): each source gives a condition on Visit.
_unchecked_sources: dict[str, Callable[[], Any]] = {}


def register_unchecked(key: str, source: Callable[[], Any]) -> None:
    _unchecked_sources[key] = source


def findings_unchecked() -> Q:
    """The visits whose form did not ask 两不愁三保障 and 饮水 (a condition on Visit): an alert's verification (the
    department's alert is what it checks) and what the registered apps add. visit_record stores the household's
    findings as they stood on such a visit; a ledger or the API must say 未核查 for them, not 是/否."""
    condition = Q(kind=VisitKind.ALERT)
    for _, source in sorted(_unchecked_sources.items()):
        condition |= Q(source())
    return condition


def findings_checked_expression() -> Case:
    """findings_unchecked as an annotation on Visit: True where the visit's form asked the guarantee items."""
    return Case(When(findings_unchecked(), then=Value(False)), default=Value(True), output_field=BooleanField())
