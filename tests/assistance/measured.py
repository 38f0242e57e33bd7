"""A plan with a measure: a return visit assesses the effect of the plan's measures, and a plan without one has
none to assess (assistance.services.visits.MSG_NO_MEASURE)."""

from assistance.models import MeasureType, Plan
from assistance.services import measures
from tests.clock import today


def measured(plan: Plan) -> Plan:
    """The plan, with one measure answering the household's risk (any household-wide one when none does)."""
    household = plan.household
    types = MeasureType.objects.filter(for_member=False).order_by("pk")
    measure_type = types.filter(risk_types__overlap=household.risk_types or []).first() or types.first()
    measures.measure_add(
        actor=plan.created_by, plan=plan, measure_type=measure_type, starts_on=today(), responsible_person="王干部",
        confirm_mismatch=True, mismatch_reason="测试用措施", confirm_unusual=True,
    )  # fmt: skip
    return plan
