"""The hard rule of an inclusion (识别纳入, 风险再标注): seed 003 §二2(2) "…家中有消费型轿车、家中有财政供养人员、
企业高管等不得确定为监测对象". A household with an active exclusion fact of those kinds
(screening.choices.BARRING_EXCLUSIONS, the facts a screening run excludes on) is not opened an inclusion
(services.case_opening), and its county approval does not pass (services.pass_rules: single, batches, queues, API),
asked again there because a fact may be recorded while the procedure runs (a department feed, the county's
comparison). As services.exit_rules does for an exit.

Unless the county overruled it: its 不予排除 with a written reason (screening.services.results.
result_override_exclusion), a record of its own (screening.ExclusionOverride) that covers the barring facts on file
when the county decided (ExclusionFact.overruled_by); one recorded afterwards (a car bought since) bars again until
the county decides on it too. Which facts bar is screening.models.results.barring_facts, the definition a screening
run's SQL says too (screening.services.run_apply.BARRED). A fact recorded by mistake is withdrawn instead (the
household's 筛查 tab), and then refuses nothing."""

from collections.abc import Iterable
from dataclasses import dataclass

from screening.choices import BARRING_EXCLUSIONS
from screening.models import ExclusionFact
from screening.models.results import barring_facts as barring
from screening.services.overrides import fact_label

RULE = "按规定，家中有消费型轿车、家中有财政供养人员、企业高管等不得确定为监测对象。"
WAYS_OUT = (
    "如经核实不适用，请由县乡村振兴局在该户筛查结果上作出“不予排除”的决定（须填写书面理由）；"
    "如系误录，请在农户档案“筛查”页撤销该排除情形。"
)
MSG_EXCLUDED_OPEN = "该户有排除情形：{facts}，不能发起{kind}。" + RULE + WAYS_OUT
MSG_EXCLUDED_PASS = "该户有排除情形：{facts}，不能纳入监测。" + RULE + WAYS_OUT


@dataclass(frozen=True)
class ExclusionNote:
    """An active exclusion fact as an inclusion case shows it: barring (不得纳入) unless the county overruled it."""

    label: str  # 家中有消费型轿车（张大山）
    barring: bool
    overruled: str  # the county's written reason for 不予排除 of this fact, "" when it has not overruled it


def barring_facts(household_ids: Iterable[int]) -> dict[int, list[ExclusionFact]]:
    """Household pk → its active barring facts the county has not overruled (oldest first); others left out."""
    ids = list(household_ids)
    if not ids:
        return {}
    facts = (
        barring().filter(household_id__in=ids).select_related("member").order_by("household_id", "recorded_on", "pk")
    )
    found: dict[int, list[ExclusionFact]] = {}
    for fact in facts:
        found.setdefault(fact.household_id, []).append(fact)
    return found


def inclusion_refusals(household_ids: Iterable[int]) -> dict[int, str]:
    """Household pk → why it may not be determined a monitored household now (MSG_EXCLUDED_PASS)."""
    return {
        pk: MSG_EXCLUDED_PASS.format(facts="、".join(fact_label(fact) for fact in facts))
        for pk, facts in barring_facts(household_ids).items()
    }


def opening_refusal(household_id: int, kind_label: str) -> str:
    """Why an inclusion case of the kind may not be opened for the household ("" when it may)."""
    facts = barring_facts([household_id]).get(household_id, [])
    if not facts:
        return ""
    return MSG_EXCLUDED_OPEN.format(facts="、".join(fact_label(fact) for fact in facts), kind=kind_label)


def exclusion_notes(household_id: int) -> list[ExclusionNote]:
    """The household's active exclusion facts for an inclusion case's page: the barring ones, overruled or not, and
    the others the county weighs (七严四甄别: commercial property, deposits, a business, a well-off child)."""
    facts = ExclusionFact.objects.filter(household_id=household_id, is_active=True)
    return [
        ExclusionNote(
            fact_label(fact), fact.kind in BARRING_EXCLUSIONS, fact.overruled_by.reason if fact.overruled_by else ""
        )
        for fact in facts.select_related("member", "overruled_by").order_by("recorded_on", "pk")
    ]
