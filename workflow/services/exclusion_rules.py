"""The hard rule of an inclusion (识别纳入, 风险再标注): seed 003 §二2(2) "…家中有消费型轿车、家中有财政供养人员、
企业高管等不得确定为监测对象". A household with an active exclusion fact of those kinds
(screening.choices.BARRING_EXCLUSIONS, the facts a screening run excludes on) is not opened an inclusion
(services.case_opening), and its county approval does not pass (services.pass_rules: single, batches, queues, API),
asked again there because a fact may be recorded while the procedure runs (a department feed, the county's
comparison). As services.exit_rules does for an exit.

Unless the county overruled it: its 不予排除 with a written reason on the household's screening result
(screening.services.results.result_override_exclusion, kept in ScreeningResult.override_reason), which a screening
run reads the same way (screening.services.run_apply: an overridden result is no longer excluded). A fact recorded
by mistake is withdrawn instead (the household's 筛查 tab), and then refuses nothing."""

from collections.abc import Iterable
from dataclasses import dataclass

from screening.choices import BARRING_EXCLUSIONS
from screening.models import ExclusionFact, ScreeningResult

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
    overruled: str  # the county's written reason for 不予排除, "" when it has not overruled


def fact_label(fact: ExclusionFact) -> str:
    """The fact's kind and whom it is about: a member, a separately registered child, or the whole household."""
    who = fact.member.name if fact.member else (f"分户子女{fact.child_name}" if fact.child_name else "整户")
    return f"{fact.get_kind_display()}（{who}）"


def _overruled(ids: list[int]) -> dict[int, str]:
    rows = ScreeningResult.objects.filter(household_id__in=ids).exclude(override_reason="")
    return dict(rows.values_list("household_id", "override_reason"))


def barring_facts(household_ids: Iterable[int]) -> dict[int, list[ExclusionFact]]:
    """Household pk → its active barring facts the county has not overruled (oldest first); others left out."""
    ids = list(household_ids)
    if not ids:
        return {}
    overruled = _overruled(ids)
    facts = (
        ExclusionFact.objects.filter(household_id__in=ids, is_active=True, kind__in=BARRING_EXCLUSIONS)
        .exclude(household_id__in=list(overruled))
        .select_related("member")
        .order_by("household_id", "recorded_on", "pk")
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
    overruled = _overruled([household_id]).get(household_id, "")
    facts = ExclusionFact.objects.filter(household_id=household_id, is_active=True).select_related("member")
    return [
        ExclusionNote(fact_label(fact), fact.kind in BARRING_EXCLUSIONS, overruled)
        for fact in facts.order_by("recorded_on", "pk")
    ]
