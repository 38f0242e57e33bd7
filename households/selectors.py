import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.scoping import user_grid_id, user_scope_prefix
from accounts.user_import import GridEntry, RegionEntry
from households.choices import (
    DisabilityGrade,
    Health,
    HouseholdType,
    LivingStatus,
    MonitoringCategory,
    MonitoringState,
    NationalRiskType,
    RegionLevel,
    RegistryState,
    RiskType,
)
from households.form_sheet import FormSheet as FormSheet
from households.form_sheet import SheetMember, sheet_proposal
from households.models import Grid, Household, HouseholdEvent, Member, Region, Visit
from households.national import household_codes, household_national_risk_types
from households.ordering import household_order
from households.selectors_search import former_number, household_match, member_match
from households.selectors_visits import MONTHLY_VISIT as MONTHLY_VISIT
from households.selectors_visits import household_last_visit as household_last_visit
from households.selectors_visits import household_visited_this_month as household_visited_this_month
from households.selectors_visits import last_month_unvisited as last_month_unvisited
from households.selectors_visits import last_month_visit_due as last_month_visit_due
from households.selectors_visits import last_month_visited as last_month_visited
from households.selectors_visits import month_start as month_start
from households.selectors_visits import monthly_visit_households as monthly_visit_households
from households.selectors_visits import never_visited as never_visited
from households.selectors_visits import previous_month as previous_month
from households.selectors_visits import unvisited_between as unvisited_between
from households.selectors_visits import visit_due as visit_due
from households.services.income import FIRST_YEAR
from households.services.members import age_on


def region_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Region]:
    filters = filters or {}
    regions = Region.objects.visible_to(actor)
    if filters.get("level"):
        regions = regions.filter(level=filters["level"])
    if filters.get("parent"):
        regions = regions.filter(parent__code=filters["parent"])
    if filters.get("q"):
        regions = regions.filter(name__contains=filters["q"])
    return regions.select_related("parent")


def region_by_path(path: str) -> Region | None:
    """An unscoped lookup for account administration: which region does a scope path name."""
    return Region.objects.filter(path=path).first()


def region_choices_for_scope() -> list[tuple[str, str]]:
    """County, township and village paths with indented names, for choosing a user's scope."""
    rows = Region.objects.active().exclude(level="group").order_by("path").values_list("path", "name", "level")
    indent = {"county": "", "township": "　", "village": "　　"}
    return [(path, f"{indent.get(level, '')}{name}（{path}）") for path, name, level in rows]


def grid_choices_for_scope() -> list[tuple[str, list[tuple[int, str]]]]:
    """Every grid, grouped under its village (涂埠镇城南村（360425100201）) in the order of the tree and of the grids'
    numbers, for limiting a village cadre to one (accounts.admin). Unscoped, as region_choices_for_scope."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for grid in grids_in_order(Grid.objects.select_related("village__parent")):
        village = grid.village
        label = f"{village.parent.name if village.parent else ''}{village.name}（{village.path}）"
        groups.setdefault(label, []).append((grid.pk, grid.name))
    return list(groups.items())


def grid_by_pk(pk: int) -> Grid | None:
    """An unscoped lookup for account administration: the grid a cadre is limited to."""
    return Grid.objects.select_related("village").filter(pk=pk).first()


def grid_directory() -> list[GridEntry]:
    """Every grid with its village's path, for finding a cadre's grid from what a sheet says (accounts.user_import)."""
    rows = Grid.objects.values_list("pk", "region_path", "name")
    return [GridEntry(pk=pk, village_path=path, name=name) for pk, path, name in rows]


def region_directory() -> list[RegionEntry]:
    """Every county, township and village with the names above it, for finding a scope from what a sheet says
    (accounts.user_import); a retired (撤销) one marked `retired`, to be refused as a new scope."""
    regions = Region.objects.exclude(level="group").order_by("path")
    rows = list(regions.values_list("path", "code", "name", "level", "is_active"))
    names = {row[0]: row[2] for row in rows}
    entries = []
    for path, code, name, level, active in rows:
        above = tuple(names[p] for p in (path[:6], path[:9]) if len(p) < len(path) and p in names)
        entries.append(
            RegionEntry(path=path, code=code, name=name, level=level, parent_names=above, retired=not active)
        )
    return entries


def household_list(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Household]:
    """Households the actor may see, filtered as the list page and the API filter them: those 在册 unless
    `registry_state` asks for the closed ones too (全部) or only (已注销)."""
    filters = filters or {}
    households = Household.objects.visible_to(actor)
    if (state := filters.get("registry_state") or RegistryState.ACTIVE) != RegistryState.ALL:
        households = households.filter(is_active=state != RegistryState.CLOSED)
    q = (filters.get("q") or "").strip()
    if q:
        # Not correlated: PostgreSQL finds the matching members once and tests each household against their hash,
        # where EXISTS probed the members of every household in scope (half the time over a county).
        members = member_match(actor, q).values("household_id")
        households = households.filter(household_match(q) | Q(pk__in=members))
    for name, lookup in (
        ("township", "village__parent__code"),
        ("village", "village__code"),
        ("group", "group__code"),
        ("grid", "grid_id"),
        ("household_type", "household_type"),
        ("monitoring_category", "monitoring_category"),
    ):
        if filters.get(name):
            households = households.filter(**{lookup: filters[name]})
    if filters.get("monitored") in {"yes", True}:
        households = households.exclude(monitoring_category="")
    elif filters.get("monitored") in {"no", False}:
        households = households.filter(monitoring_category="")
    state = filters.get("monitoring_state")
    if state == MonitoringState.MONITORED:
        households = households.exclude(monitoring_category="")
    elif state == MonitoringState.ELIMINATED:
        households = households.filter(monitoring_category="", risk_eliminated_on__isnull=False)
    elif state == MonitoringState.NEVER:
        households = households.filter(monitoring_category="", risk_eliminated_on__isnull=True)
    if filters.get("monthly_visit") in {"yes", True}:
        households = monthly_visit_households(households)
    if filters.get("risk_type"):
        households = households.filter(risk_types__contains=[filters["risk_type"]])
    visited = Visit.objects.counted().filter(household=OuterRef("pk"), visited_on__gte=month_start())
    if filters.get("visited_this_month") in {"yes", True}:
        households = households.filter(Exists(visited))
    elif filters.get("visited_this_month") in {"no", False}:
        households = households.exclude(Exists(visited))
    today = timezone.localdate()
    if filters.get("visited_last_month") in {"yes", True}:
        households = last_month_visited(households, today)
    elif filters.get("visited_last_month") in {"no", False}:
        households = last_month_unvisited(households, today)
    if filters.get("never_visited") in {"yes", True}:
        households = never_visited(households)
    # Per-row subqueries rather than a join and GROUP BY over every member: with the page's LIMIT, PostgreSQL
    # sorts the households first and computes them only for the rows shown (150,000 households: 0.6 s → tens of ms).
    living = (
        Member.objects.filter(household=OuterRef("pk"), living_status=LivingStatus.LIVING)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # The latest visit's day, shown on each row: one backward step of the visit_household_date index per row shown.
    last = Visit.objects.counted().filter(household=OuterRef("pk")).order_by("-visited_on").values("visited_on")[:1]
    return (
        households.select_related("village", "group", "grid", "grid__village")
        .annotate(living_members=Coalesce(Subquery(living), 0), visited_this_month=Exists(visited))
        .annotate(last_visited_on=Subquery(last), former_number=former_number(q))
        .order_by(*household_order(filters.get("ordering")))
    )


def household_get(*, actor: Any, pk: int) -> Household:
    """One household in the actor's scope, or 404."""
    return get_object_or_404(
        Household.objects.visible_to(actor).select_related(
            "village", "group", "grid", "help_contact", "village__parent"
        ),
        pk=pk,
    )


def household_form_sheet(*, actor: Any, pk: int, today: dt.date | None = None) -> FormSheet:
    """The collection sheet of one household in the actor's scope, or 404 (the same scope as the detail page). While
    an inclusion of the household is open, its category and risks are the proposal's (households.form_sheet)."""
    household = household_get(actor=actor, pk=pk)
    today = today or timezone.localdate()
    township = household.village.parent
    county = township.parent if township is not None else None
    living = household_members(household).filter(living_status=LivingStatus.LIVING)
    income = household.incomes.order_by("-year").first()
    proposal = sheet_proposal(actor=actor, household=household)
    category, risk_types = household.monitoring_category, list(household.risk_types)
    if proposal is not None:
        category, risk_types = proposal.category or category, proposal.risk_types or risk_types
    national = household_codes(household)
    if proposal is not None:
        national = proposal.national_risk_types or household_national_risk_types(household, risk_types)
    village_group = household.village.name
    if household.group is not None:
        # A group's name usually repeats its village's (新山村一组): the village is not written twice.
        group = household.group.name
        village_group = group if group.startswith(village_group) else village_group + group
    income_total = net_income = rigid_total = None
    if income is not None:
        income_total = income.wage_income + income.business_income + income.property_income + income.transfer_income
        net_income = income_total - income.business_expenses
        rigid_total = (
            income.medical_expenses + income.education_expenses + income.disaster_expenses + income.other_rigid_expenses
        )
    return FormSheet(
        household=household,
        county=county.name if county is not None else "",
        township=township.name if township is not None else "",
        village_group=village_group,
        members=[SheetMember(member=m, age=age_on(m.birth_date, today)) for m in living],
        income=income,
        income_total=income_total,
        net_income=net_income,
        rigid_total=rigid_total,
        categories=[(str(label), value == category) for value, label in MonitoringCategory.choices],
        household_types=[(str(label), value == household.household_type) for value, label in HouseholdType.choices],
        risk_labels=[str(RiskType(code).label) for code in risk_types if code in RiskType.values],
        national_risks=[(str(label), value in national) for value, label in NationalRiskType.choices],
        guarantees=[
            ("不愁吃穿", household.food_clothing_ok),
            ("义务教育", household.education_ok),
            ("基本医疗", household.medical_ok),
            ("住房安全", household.housing_ok),
            ("饮水安全", household.water_ok),
        ],
        today=today,
        proposed=proposal is not None,
    )


def member_get(*, actor: Any, pk: int) -> Member:
    return get_object_or_404(Member.objects.visible_to(actor).select_related("household"), pk=pk)


def household_members(household: Household) -> QuerySet[Member]:
    order = Case(When(relation="head", then=0), default=1)
    return household.members.annotate(head_first=order).order_by(
        Case(When(living_status=LivingStatus.LIVING, then=0), default=1), "head_first", "birth_date"
    )


# Who signs the consent (承诺和授权查询书) for a member: 民法典 §17-§22, a minor (under 18) or an adult who cannot
# recognise their own acts acts through a guardian. The registry records no legal capacity; a severe intellectual or
# mental disability (一级、二级) is the form's reading of it, and the village corrects the printed line by hand.
ADULT_AGE = 18
GUARDIAN_DISABILITY_TYPES = ("智力残疾", "精神残疾")
GUARDIAN_DISABILITY_GRADES = (DisabilityGrade.GRADE_1, DisabilityGrade.GRADE_2)


@dataclass(frozen=True)
class ConsentSigner:
    member: Member
    guardian_signs: bool


def consent_signers(household: Household, *, today: dt.date | None = None) -> list[ConsentSigner]:
    """The living members as the printed consent lists them, each saying whether a guardian signs for them."""
    today = today or timezone.localdate()
    signers = []
    for member in household_members(household).filter(living_status=LivingStatus.LIVING):
        minor = age_on(member.birth_date, today) < ADULT_AGE
        incapable = (
            member.health == Health.DISABLED
            and member.disability_type in GUARDIAN_DISABILITY_TYPES
            and member.disability_grade in GUARDIAN_DISABILITY_GRADES
        )
        signers.append(ConsentSigner(member=member, guardian_signs=minor or incapable))
    return signers


def income_years_not_entered(household: Household, *, today: dt.date | None = None) -> list[int]:
    """The years whose figures may still be entered for the household, latest first (the service's range)."""
    entered = set(household.incomes.values_list("year", flat=True))
    this_year = (today or dt.date.today()).year
    return [year for year in range(this_year, FIRST_YEAR - 1, -1) if year not in entered]


def household_events(household: Household) -> QuerySet[HouseholdEvent]:
    return household.events.select_related("actor", "member").order_by("-created_at", "-id")


def township_options(*, actor: Any) -> QuerySet[Region]:
    return Region.objects.active().visible_to(actor).filter(level=RegionLevel.TOWNSHIP).order_by("code")


def deployment_county_path() -> str:
    """The path of the county this deployment serves (one deployment, one county), or "" when the region tree
    holds no county or several."""
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).values_list("path", flat=True)[:2])
    return counties[0] if len(counties) == 1 else ""


def village_options(*, actor: Any) -> QuerySet[Region]:
    # Pickers offer no retired (撤销) village or group: Region.objects.active().
    return Region.objects.active().visible_to(actor).filter(level="village").select_related("parent").order_by("path")


def group_options(*, actor: Any, village: Region | None = None) -> QuerySet[Region]:
    groups = Region.objects.active().visible_to(actor).filter(level="group")
    return groups.filter(parent=village) if village is not None else groups


def grid_options(*, actor: Any, village: Region | None = None) -> QuerySet[Grid]:
    # A retired (撤销) village's grids are kept, but not offered.
    grids = Grid.objects.visible_to(actor).filter(village__is_active=True).select_related("village")
    return grids.filter(village=village) if village is not None else grids


_GRID_NUMBER = re.compile(r"[0-9０-９]+|[零〇一二两三四五六七八九十百]+")
_CHINESE_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))


def _numeral_value(token: str) -> int:
    """12, １２ or 十二 → 12."""
    if token[0] not in _CHINESE_DIGITS and token[0] not in "十百":
        return int(unicodedata.normalize("NFKC", token))
    total = digit = 0
    for char in token:
        if char in "十百":
            total += (digit or 1) * (10 if char == "十" else 100)
            digit = 0
        else:
            digit = _CHINESE_DIGITS[char]
    return total + digit


def grids_in_order(grids: QuerySet[Grid]) -> list[Grid]:
    """Grids by village, then by the number in their name: 第一网格, 第二网格, 第三网格 (by name, 第三 sorts before
    第二). A grid has no code of its own, and a village has a handful of grids, so the order is made here."""

    def key(grid: Grid) -> tuple[str, int, str]:
        found = _GRID_NUMBER.search(grid.name)
        return (grid.region_path, _numeral_value(found.group()) if found else 10**6, grid.name)

    return sorted(grids, key=key)


def household_transfer_targets(*, actor: Any, exclude: Household) -> QuerySet[Household]:
    return Household.objects.visible_to(actor).filter(is_active=True).exclude(pk=exclude.pk)


TRANSFER_RESULTS = 20


def household_transfer_search(*, actor: Any, exclude: Household, q: str) -> list[Household]:
    """The households a member may move into (迁入他户) that the query names, found as the list finds them: in
    the actor's scope, active, not the member's own; the first TRANSFER_RESULTS."""
    return list(household_list(actor=actor, filters={"q": q}).exclude(pk=exclude.pk)[:TRANSFER_RESULTS])


COUNTY_PATH = 6


def scope_place_name(actor: Any) -> str:
    """The place a ledger's or a printed list's title opens with: the county, and below it the actor's own township
    or village (a township's ledger passed on must not read as the county's): 永修县涂埠镇."""
    prefix = user_scope_prefix(actor) or ""
    county = Region.objects.filter(level=RegionLevel.COUNTY)
    county = county.filter(path=prefix[:COUNTY_PATH]) if prefix else county.order_by("path")
    region = county.first()
    if region is None:
        return ""
    # The actor's township and village, if the scope is below the county: the regions whose path starts it.
    below = Region.objects.filter(
        path__in=[prefix[:n] for n in range(COUNTY_PATH + 1, len(prefix) + 1)],
        level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE],
    )
    grid = actor.grid.name if user_grid_id(actor) is not None else ""  # a grid-limited cadre's lists hold one grid
    return region.name + "".join(below.order_by("path").values_list("name", flat=True)) + grid


def ever_monitored(household: Household) -> bool:
    """Whether the household was a 监测对象 at some time: marked 风险消除, or its category changed in its history (an
    inclusion later revoked, an import or an edit). One never included has 登记的风险类型, not 原风险."""
    if household.monitoring_category or household.risk_eliminated_on:
        return True
    changed = [{"field": "monitoring_category"}]
    return HouseholdEvent.objects.filter(household=household, changes__contains=changed).exists()


def household_merged_into(*, actor: Any, household: Household) -> Household | None:
    """The household a closed one went into by 合户 (Household.merged_into, households.services.merge), if the actor
    may see it; None for an active household, one closed otherwise, or a target out of the actor's scope."""
    if household.is_active or household.merged_into_id is None:
        return None
    return Household.objects.visible_to(actor).filter(pk=household.merged_into_id).first()
