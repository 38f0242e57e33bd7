"""Reads of screening campaigns: campaigns, the households to screen, the two problem ledgers and the summary table
(seed 003 附件4); progress is screening.selectors_progress. Every read starts from `visible_to(actor)`; numbers are
SQL aggregates, never rows counted in Python."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.approvals import approved_q
from accounts.choices import VILLAGE_ROLES
from accounts.scoping import user_scope_prefix
from households.choices import HouseholdType, LivingStatus, RegionLevel
from households.models import Household, Region
from households.services.closing import nobody_living
from screening.choices import ResultStatus
from screening.choices_campaigns import GUARANTEE_TYPES, ProblemStatus, ProblemType
from screening.models import (
    AreaProblem,
    Campaign,
    CampaignAssignment,
    HouseholdProblem,
    ScreeningForm,
    ScreeningResult,
)

TOWNSHIP_PATH = 9
VILLAGE_PATH = 12


def campaign_list(*, actor: Any) -> QuerySet[Campaign]:
    """The campaigns the actor sees; `village_count` counts the villages in the actor's scope (a village cadre's
    is 1 in a county-wide campaign, as the campaign's page says "范围1个村（本辖区）")."""
    prefix = user_scope_prefix(actor) or ""
    in_scope = Q(villages__path__startswith=prefix) if prefix else Q()
    return (
        Campaign.objects.visible_to(actor)
        .prefetch_related("phases")
        .annotate(village_count=Count("villages", filter=in_scope, distinct=True))
        .order_by("-created_at", "-id")
    )


def campaign_get(*, actor: Any, pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.visible_to(actor).select_related("region"), pk=pk)


def campaign_villages(*, actor: Any, campaign: Campaign) -> QuerySet[Region]:
    """The campaign's villages that the actor sees."""
    return Region.objects.visible_to(actor).filter(campaigns=campaign).select_related("parent").order_by("path")


def count_of(queryset: QuerySet[Any]) -> Coalesce:
    # A correlated COUNT(*) subquery: one per annotated row, with no GROUP BY over the outer query.
    return Coalesce(Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]), 0)


HOUSEHOLD_KINDS = {
    # 填表说明3 screens them to different depths: 脱贫户 and 监测户 for policies too, 一般农户 for 两不愁三保障,
    # water and income. A monitored lifted-out household is in both of the first two.
    "lifted_out": ("脱贫户", Q(household_type=HouseholdType.LIFTED_OUT)),
    "monitored": ("监测户", ~Q(monitoring_category="")),
    "ordinary": ("一般农户", Q(household_type=HouseholdType.ORDINARY, monitoring_category="")),
}
JUDGEMENTS = {"at_risk": "疑似风险", "proposed": "拟纳入监测"}
EMPTIED = "emptied"  # the households left out: nobody living there any more (campaign_households)
# A current result of the automatic screening that still asks for follow-up (the worklist's 待处理 and 已提议).
OPEN_HIT = Q(is_current=True, status__in=[ResultStatus.HIT, ResultStatus.PROPOSED])


def campaign_households_all(*, actor: Any, campaign: Campaign) -> QuerySet[Household]:
    """Every active household of the campaign's villages in the actor's scope, those nobody lives in too (the form's
    page finds one to say why it is refused), annotated as campaign_households lists them."""
    forms = ScreeningForm.objects.filter(campaign=campaign, household=OuterRef("pk"))
    hits = ScreeningResult.objects.filter(OPEN_HIT, household=OuterRef("pk"))
    # "Screened" as membership in the campaign's forms (one hashed set) rather than a lookup per household: the list
    # sorts by it first, over every household of the campaign (a county's 150,000: 0.4 s → tens of ms).
    screened_ids = ScreeningForm.objects.filter(campaign=campaign).values("household_id")
    return (
        Household.objects.visible_to(actor)
        .filter(is_active=True, village__campaigns=campaign)
        .annotate(
            form_id=Subquery(forms.values("pk")[:1]),
            screened=ExpressionWrapper(Q(pk__in=screened_ids), output_field=BooleanField()),
            form_at_risk=Subquery(forms.values("at_risk")[:1]),
            form_proposed=Subquery(forms.values("propose_monitoring")[:1]),
            hit_status=Subquery(hits.values("status")[:1]),
        )
    )


def campaign_households(
    *, actor: Any, campaign: Campaign, filters: dict[str, Any] | None = None
) -> QuerySet[Household]:
    """Households to screen: active households of the campaign's villages in the actor's scope, with their form,
    its judgement and the household's open screening hit (系统筛查, so that the two channels meet here). A household
    whose members all died or moved out is not one to screen (nobody to visit: it is for 农户注销, and a form is
    refused, campaign_forms.form_submit): it is left out unless its form was filled before, as campaign_progress
    counts them (its `emptied`), and listed alone with screened=emptied, for the progress's link to them.

    Filters: q, village (code), group (code), kind (HOUSEHOLD_KINDS), screened (yes/no, or emptied: those left out),
    hit (yes: an open screening hit), judged (at_risk / proposed: the form's item 13)."""
    filters = filters or {}
    screened_ids = ScreeningForm.objects.filter(campaign=campaign).values("household_id")
    left_out = nobody_living() & ~Q(pk__in=screened_ids)
    households = campaign_households_all(actor=actor, campaign=campaign)
    households = households.filter(left_out) if filters.get("screened") == EMPTIED else households.exclude(left_out)
    q = (filters.get("q") or "").strip()
    if q:
        households = households.filter(Q(number=q) | Q(head_name__contains=q) | Q(address__contains=q))
    if filters.get("village"):
        households = households.filter(village__code=filters["village"])
    if filters.get("group"):
        households = households.filter(group__code=filters["group"])
    if filters.get("kind") in HOUSEHOLD_KINDS:
        households = households.filter(HOUSEHOLD_KINDS[filters["kind"]][1])
    if filters.get("hit") == "yes":
        households = households.filter(pk__in=ScreeningResult.objects.filter(OPEN_HIT).values("household_id"))
    if filters.get("judged") == "at_risk":
        households = households.filter(pk__in=screened_ids.filter(at_risk=True))
    elif filters.get("judged") == "proposed":
        households = households.filter(pk__in=screened_ids.filter(propose_monitoring=True))
    if filters.get("screened") == "yes":
        households = households.filter(screened=True)
    elif filters.get("screened") == "no":
        households = households.filter(screened=False)
    return households.select_related("village", "group").order_by("screened", "region_path", "number")


def village_groups(*, actor: Any, campaign: Campaign, village_code: str) -> QuerySet[Region]:
    """The villager groups (组) of one of the campaign's villages the actor sees: cadres visit group by group."""
    village = campaign_villages(actor=actor, campaign=campaign).filter(code=village_code).first()
    if village is None:
        return Region.objects.none()
    return Region.objects.filter(parent=village, level=RegionLevel.GROUP).order_by("path")


def campaign_household_get(*, actor: Any, campaign: Campaign, pk: int) -> Household:
    return get_object_or_404(campaign_households_all(actor=actor, campaign=campaign), pk=pk)


def form_get(*, actor: Any, pk: int) -> ScreeningForm:
    return get_object_or_404(
        ScreeningForm.objects.visible_to(actor).select_related(
            "campaign", "household", "household__village", "filled_by"
        ),
        pk=pk,
    )


def assignment_list(*, actor: Any, campaign: Campaign) -> QuerySet[CampaignAssignment]:
    return (
        CampaignAssignment.objects.visible_to(actor)
        .filter(campaign=campaign)
        .select_related("village", "cadre")
        .order_by("region_path", "cadre__username")
    )


def assignment_get(*, actor: Any, pk: int) -> CampaignAssignment:
    return get_object_or_404(
        CampaignAssignment.objects.visible_to(actor).select_related("campaign", "village", "cadre"), pk=pk
    )


def cadre_options(*, actor: Any, campaign: Campaign) -> QuerySet[Any]:
    """Village cadres and work-team members of the campaign's villages in the actor's scope."""
    prefix = user_scope_prefix(actor)
    if prefix is None:
        return get_user_model().objects.none()
    paths = campaign_villages(actor=actor, campaign=campaign).values("path")
    return (
        get_user_model()
        .objects.filter(approved_q(), is_active=True, role__in=VILLAGE_ROLES, region_path__startswith=prefix)
        .filter(region_path__in=paths)
        .order_by("region_path", "username")
    )


def _filter_problems(problems: QuerySet[Any], filters: dict[str, Any]) -> QuerySet[Any]:
    if filters.get("campaign"):
        problems = problems.filter(campaign=filters["campaign"])
    if filters.get("region"):
        # A township or village code: everything at or below it.
        region = Region.objects.filter(code=filters["region"]).first()
        problems = problems.filter(region_path__startswith=region.path) if region else problems.none()
    for name in ("problem_type", "status", "level"):
        if filters.get(name):
            problems = problems.filter(**{name: filters[name]})
    if filters.get("open") in {"yes", True}:
        problems = problems.exclude(status=ProblemStatus.RECTIFIED)
    elif filters.get("open") in {"no", False}:
        problems = problems.filter(status=ProblemStatus.RECTIFIED)
    if filters.get("overdue") in {"yes", True}:
        # 003 四(三) "时间倒排、任务倒逼": the deadline has passed and the problem is not closed.
        problems = problems.filter(deadline__lt=timezone.localdate()).exclude(status=ProblemStatus.RECTIFIED)
    return problems


def household_problem_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[HouseholdProblem]:
    """户内问题台账 (附件3): filters campaign, region (township or village code), problem_type, status, open, overdue,
    q (head)."""
    filters = filters or {}
    problems = _filter_problems(HouseholdProblem.objects.visible_to(actor), filters)
    q = (filters.get("q") or "").strip()
    if q:
        problems = problems.filter(Q(household__head_name__contains=q) | Q(household__number=q))
    return problems.select_related(
        "campaign", "household", "household__village", "household__village__parent"
    ).order_by("region_path", "household__number", "item", "pk")


def household_problem_get(*, actor: Any, pk: int) -> HouseholdProblem:
    return get_object_or_404(
        HouseholdProblem.objects.visible_to(actor).select_related(
            "campaign", "household", "household__village", "form", "closed_by", "created_by"
        ),
        pk=pk,
    )


def area_problem_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[AreaProblem]:
    """面上问题台账 (附件3-1): filters campaign, level, region, problem_type, status, open, overdue."""
    problems = _filter_problems(AreaProblem.objects.visible_to(actor), filters or {})
    return problems.select_related("campaign", "region").order_by("region_path", "pk")


def area_problem_get(*, actor: Any, pk: int) -> AreaProblem:
    return get_object_or_404(
        AreaProblem.objects.visible_to(actor).select_related("campaign", "region", "closed_by", "created_by"), pk=pk
    )


def area_unit_options(*, actor: Any, campaign: Campaign) -> QuerySet[Region]:
    """Units an area problem may belong to: the campaign's county, its townships and villages, within scope."""
    villages = campaign.villages.values("path")
    townships = campaign.villages.values("parent__path")
    return (
        Region.objects.visible_to(actor)
        .filter(Q(path=campaign.region_path) | Q(path__in=townships) | Q(path__in=villages))
        .order_by("path")
    )


@dataclass
class SummaryRow:
    problem_type: str
    label: str
    guarantee: bool
    found: int = 0
    rectified: int = 0

    @property
    def in_progress(self) -> int:
        # 附件4 has no 待整改 column: every problem found is either rectified or being rectified (边查边改).
        return self.found - self.rectified


@dataclass
class SummaryUnit:
    path: str
    name: str
    rows: list[SummaryRow] = field(default_factory=list)
    proposed_households: int = 0
    proposed_persons: int = 0
    # Ticked ② but already monitored or in an inclusion procedure then: not counted above (the page says how many).
    proposed_known: int = 0
    # A county (or, among villages, township) row holding the area problems of that level.
    above: bool = False

    @property
    def total(self) -> SummaryRow:
        return SummaryRow("", "合计", False, sum(r.found for r in self.rows), sum(r.rectified for r in self.rows))


# 附件4 has twelve types and 合计; a problem entered in the ledger as 其他 is counted on a row the form does not have,
# labelled so that whoever reads the table sees it was added.
OTHER_ROW_LABEL = "其他（附件4未列）"


def _empty_rows() -> list[SummaryRow]:
    return [
        SummaryRow(value, OTHER_ROW_LABEL if value == ProblemType.OTHER else str(label), value in GUARANTEE_TYPES)
        for value, label in ProblemType.choices
    ]


def summary_table(*, actor: Any, campaign: Campaign, township: Region | None = None) -> list[SummaryUnit]:
    """附件4 per unit: the campaign's townships, or the villages of one township. Household and area problems
    both count; an area problem above the unit level (a county-level one among townships) is its own unit."""
    length = VILLAGE_PATH if township is not None else TOWNSHIP_PATH
    within = {"region_path__startswith": township.path} if township is not None else {}
    unit = Substr("region_path", 1, length)
    found = Count("pk")
    rectified = Count("pk", filter=Q(status=ProblemStatus.RECTIFIED))
    counts: dict[tuple[str, str], list[int]] = {}
    for model in (HouseholdProblem, AreaProblem):
        rows = (
            model.objects.visible_to(actor)
            .filter(campaign=campaign, **within)
            .annotate(unit=unit)
            .values("unit", "problem_type")
            .annotate(found=found, rectified=rectified)
            .order_by()
        )
        for row in rows:
            cell = counts.setdefault((row["unit"], row["problem_type"]), [0, 0])
            cell[0] += row["found"]
            cell[1] += row["rectified"]
    living = Q(household__members__living_status=LivingStatus.LIVING)
    proposals = {
        row["unit"]: row
        for row in ScreeningForm.objects.visible_to(actor)
        .filter(campaign=campaign, propose_monitoring=True, **within)
        .annotate(unit=unit)
        .values("unit")
        .annotate(
            households=Count("pk", distinct=True, filter=Q(known_when_proposed=False)),
            persons=Count("household__members", filter=living & Q(known_when_proposed=False)),
            known=Count("pk", distinct=True, filter=Q(known_when_proposed=True)),
        )
        .order_by()
    }
    villages = campaign_villages(actor=actor, campaign=campaign)
    if township is not None:
        villages = villages.filter(path__startswith=township.path)
    paths = {path[:length] for path in villages.values_list("path", flat=True)}
    paths |= {key[0] for key in counts} | set(proposals)
    names = dict(Region.objects.filter(path__in=paths).values_list("path", "name"))
    units = []
    for path in sorted(paths):
        unit_row = SummaryUnit(path=path, name=names.get(path, path), rows=_empty_rows(), above=len(path) < length)
        for row in unit_row.rows:
            row.found, row.rectified = counts.get((path, row.problem_type), [0, 0])
        proposal = proposals.get(path, {})
        unit_row.proposed_households = proposal.get("households", 0)
        unit_row.proposed_persons = proposal.get("persons", 0)
        unit_row.proposed_known = proposal.get("known", 0)
        units.append(unit_row)
    return units


def summary_totals(units: list[SummaryUnit]) -> SummaryUnit:
    """The 合计 block: the units added up, type by type."""
    total = SummaryUnit(path="", name="合计", rows=_empty_rows())
    for index, row in enumerate(total.rows):
        row.found = sum(u.rows[index].found for u in units)
        row.rectified = sum(u.rows[index].rectified for u in units)
    total.proposed_households = sum(u.proposed_households for u in units)
    total.proposed_persons = sum(u.proposed_persons for u in units)
    total.proposed_known = sum(u.proposed_known for u in units)
    return total


def summary_scope(*, actor: Any, township: Region | None) -> tuple[str, str]:
    """The region path the summary covers and its unit as the page and the file name it ("涂埠镇各村"): a village
    cadre's covers their village only, and must not read as the township's table they would stamp and send up."""
    if township is None:
        return "", "按乡镇汇总"
    prefix = user_scope_prefix(actor) or ""
    if len(prefix) > len(township.path):
        village = Region.objects.filter(path=prefix).first()
        if village is not None:
            return village.path, village.name
    return township.path, f"{township.name}各村"


def summary_townships(*, actor: Any, campaign: Campaign) -> QuerySet[Region]:
    """Townships whose villages the campaign covers and the actor sees (the summary's drill-down choices)."""
    parents = campaign_villages(actor=actor, campaign=campaign).values("parent_id")
    return Region.objects.filter(pk__in=parents).order_by("path")


def organiser_villages(actor: Any, *, campaign: Campaign | None = None) -> QuerySet[Region]:
    """The villages an organiser may put in a campaign's scope: those of their scope not retired (撤销,
    Region.objects.active()); on editing, those of the campaign's county or township, a village of the campaign
    retired since staying listed (services.campaigns refuses only a retired village newly added)."""
    villages = Region.objects.visible_to(actor).filter(level=RegionLevel.VILLAGE).select_related("parent")
    if campaign is None:
        return villages.filter(is_active=True)
    villages = villages.filter(path__startswith=campaign.region_path)
    return villages.filter(Q(is_active=True) | Q(pk__in=campaign.villages.values("pk")))
