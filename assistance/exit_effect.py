"""An exit advisory from the plan's return visits: 000 §三(三)7 建立定期回访制度，跟踪帮扶效果落实. A household whose
latest 帮扶回访 found the help 成效不明显 is one whose risk is not known to be stably eliminated (003 §二2(5):
返贫致贫风险已经稳定消除的…方可标注"风险消除"): the proposer, the township and the county are told before they decide
(workflow.advisories; an advisory, not a refusal: the effect is a cadre's judgement)."""

import datetime as dt

from assistance.choices import Effect
from assistance.models import ReturnVisit
from households.models import Household

MSG_POOR_EFFECT = (
    "最近一次帮扶回访（{visited_on:%Y-%m-%d}）评价为成效不明显，风险消除前请核实帮扶措施是否已经见效、"
    "风险是否已经稳定消除。"
)


def poor_latest_effect(households: list[Household], today: dt.date) -> dict[int, str]:
    """Household pk → MSG_POOR_EFFECT where its plan's latest return visit (by date, then as recorded) is poor."""
    latest = (
        ReturnVisit.objects.filter(plan__household_id__in=[household.pk for household in households])
        .order_by("plan__household_id", "-visited_on", "-pk")
        .distinct("plan__household_id")
        .values_list("plan__household_id", "visited_on", "effect")
    )
    return {pk: MSG_POOR_EFFECT.format(visited_on=on) for pk, on, effect in latest if effect == Effect.POOR}
