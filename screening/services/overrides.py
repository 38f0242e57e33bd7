"""The county's 不予排除 as its own record (ExclusionOverride): which barring facts it overruled, who, when and why.

The household's screening result shows the latest decision (override_by, override_reason), but the decision lives
here and on the facts it covers (ExclusionFact.overruled_by): a screening run that drops the result (the household
no longer hit) or inserts it anew loses nothing, and a barring fact recorded after the decision bars again until the
county decides on it too (models.results.barring_facts, and the run's SQL, run_apply.BARRED)."""

from typing import Any

from config.errors import ApplicationError
from households.models import Household
from screening.models import ExclusionFact, ExclusionOverride
from screening.models.results import barring_facts

MSG_NOTHING_TO_OVERRULE = "该户目前没有需要作出不予排除决定的排除情形，请刷新后重试。"


def fact_who(fact: ExclusionFact) -> str:
    """Whom the fact is about: a member, a separately registered child, or the whole household."""
    return fact.member.name if fact.member else (f"分户子女{fact.child_name}" if fact.child_name else "整户")


def fact_label(fact: ExclusionFact) -> str:
    """The fact's kind and whom it is about."""
    return f"{fact.get_kind_display()}（{fact_who(fact)}）"


def override_decide(*, actor: Any, household_id: int, reason: str) -> tuple[ExclusionOverride, list[ExclusionFact]]:
    """Record the decision over the household's barring facts not yet overruled, and mark them. The household row is
    locked first, as exclusion_record locks it, so a fact recorded meanwhile is either covered or recorded after."""
    household = Household.objects.select_for_update().get(pk=household_id)
    facts = list(barring_facts().filter(household=household).select_related("member").order_by("recorded_on", "pk"))
    if not facts:
        raise ApplicationError(MSG_NOTHING_TO_OVERRULE)
    decision = ExclusionOverride.objects.create(
        household=household, region_path=household.region_path, decided_by=actor, reason=reason
    )
    ExclusionFact.objects.filter(pk__in=[fact.pk for fact in facts]).update(overruled_by=decision)
    return decision, facts
