"""每月信息录入 (seed 004 §三(五): 每月20日前镇村完成脱贫人口和监测对象基础信息变更、家庭收入支出、政策享受情况等信息…
录入): which lifted-out and monitored households have had nothing entered this month, per unit.

"Entered this month" is read from what the registry records with a date, from the month's first day to today:
- a visit (走访记录, the monthly visit and the 帮扶回访 alike), by its 走访日期: a visit records the changes of income
  and rigid spending and checks 两不愁三保障 (001 §一: 逐户登记收支变化);
- a history row a person wrote (变更记录: the household's or a member's information, the yearly income and
  expenses, a member's 低保/特困 status, a consent form), by its time; rows the system wrote by itself (actor none)
  are not an entry;
- a 帮扶措施 added or changed (政策享受情况), by its 更新时间;
- a 就业台账 row entered or changed, by its 更新时间.
The yearly income row carries no date of its own: its save writes a history row, which is what is read.

Before the county's day (ReportSettings.entry_day, the 20th by default; the month's last day when the month is
shorter) a household with nothing yet is 本月待录入; from the day after, 逾期未录入."""

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateField, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Greatest, Substr, TruncDate
from django.utils import timezone

from assistance.models import EmploymentRecord, PlanMeasure
from households.choices import HouseholdType, MonitoringCategory
from households.models import Household, HouseholdEvent, Region, Visit
from households.selectors import monthly_visit_households
from reports.selectors.regions import child_regions
from reports.services.deadlines import report_settings

PENDING = "本月待录入"
OVERDUE = "逾期未录入"
# The household types the page and the ledger filter by: the lifted-out, the monitored, or one category.
KINDS = {
    "lifted_out": "脱贫户",
    "monitored": "监测对象（全部类别）",
    **{code: f"监测对象：{label}" for code, label in MonitoringCategory.choices},
}
DEFINITION = (
    "本月已录入：本月1日以来该户有下列任一记录——走访记录（含帮扶回访，按走访日期）；工作人员录入的农户或家庭成员信息、"
    "年度收支、低保特困等变更记录（农户页“变更记录”，系统自动生成的不计）；帮扶措施的新增或修改；就业台账的录入或修改。"
)


@dataclass(frozen=True)
class EntryMonth:
    today: dt.date
    deadline: dt.date

    @property
    def start(self) -> dt.date:
        return self.today.replace(day=1)

    @property
    def overdue(self) -> bool:
        """The day itself still counts (每月20日前: by the 20th); from the next day on, what is missing is late."""
        return self.today > self.deadline

    @property
    def status(self) -> str:
        return OVERDUE if self.overdue else PENDING

    @property
    def days_left(self) -> int:
        return max((self.deadline - self.today).days, 0)


def entry_month(today: dt.date | None = None) -> EntryMonth:
    today = today or timezone.localdate()
    last = calendar.monthrange(today.year, today.month)[1]
    return EntryMonth(today=today, deadline=today.replace(day=min(report_settings().entry_day, last)))


def _moments(month: EntryMonth) -> tuple[dt.datetime, dt.datetime]:
    """The month's first moment and the end of today, in the county's time zone."""
    start = timezone.make_aware(dt.datetime.combine(month.start, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(month.today + dt.timedelta(days=1), dt.time()))
    return start, end


def _records(month: EntryMonth) -> list[QuerySet[Any]]:
    """Per kind of record, those of the household OuterRef("pk") entered this month (the module's list)."""
    start, end = _moments(month)
    household = OuterRef("pk")
    return [
        Visit.objects.counted().filter(household=household, visited_on__range=(month.start, month.today)),
        HouseholdEvent.objects.filter(
            household=household, actor__isnull=False, created_at__gte=start, created_at__lt=end
        ),
        PlanMeasure.objects.filter(household=household, updated_at__gte=start, updated_at__lt=end),
        EmploymentRecord.objects.filter(household=household, updated_at__gte=start, updated_at__lt=end),
    ]


def entered(month: EntryMonth) -> Q:
    """True for a household with any record this month (the module's list)."""
    condition = Q()
    for records in _records(month):
        condition |= Q(Exists(records))
    return condition


def last_entry(today: dt.date) -> Greatest:
    """The date of the household's latest record of any of the module's kinds up to today (NULL for none)."""
    _, end = _moments(EntryMonth(today=today, deadline=today))
    household = OuterRef("pk")

    def latest(queryset: QuerySet[Any], field: Any) -> Subquery:
        rows = queryset.filter(household=household).order_by().values("household").annotate(last=Max(field))
        return Subquery(rows.values("last")[:1], output_field=DateField())

    return Greatest(
        latest(Visit.objects.counted().filter(visited_on__lte=today), "visited_on"),
        latest(HouseholdEvent.objects.filter(actor__isnull=False, created_at__lt=end), TruncDate("created_at")),
        latest(PlanMeasure.objects.filter(updated_at__lt=end), TruncDate("updated_at")),
        latest(EmploymentRecord.objects.filter(updated_at__lt=end), TruncDate("updated_at")),
        output_field=DateField(),
    )


def entry_households(actor: Any, *, region_path: str = "", kind: str = "") -> QuerySet[Household]:
    """The households due the monthly entry in the actor's scope: the lifted-out and the monitored (the same
    households as the monthly visit, households.selectors.MONTHLY_VISIT), narrowed by region and type."""
    households = monthly_visit_households(Household.objects.visible_to(actor).filter(is_active=True))
    if region_path:
        households = households.filter(region_path__startswith=region_path)
    return of_kind(households, kind)


def of_kind(households: QuerySet[Household], kind: str) -> QuerySet[Household]:
    """`households` narrowed to one of KINDS ("" for all): the filter 户类型 of the ledgers that read it
    (reports.ledgers.base.Ledger.by_household_kind)."""
    if kind == "lifted_out":
        households = households.filter(household_type=HouseholdType.LIFTED_OUT)
    elif kind == "monitored":
        households = households.exclude(monitoring_category="")
    elif kind in MonitoringCategory.values:
        households = households.filter(monitoring_category=kind)
    return households


def entry_missing(actor: Any, *, month: EntryMonth, region_path: str = "", kind: str = "") -> QuerySet[Household]:
    """The households due the entry with nothing entered this month."""
    return entry_households(actor, region_path=region_path, kind=kind).exclude(entered(month))


@dataclass
class EntryRow:
    region: Region | None
    due: int = 0
    entered: int = 0

    @property
    def missing(self) -> int:
        return self.due - self.entered


def entry_units(
    actor: Any, *, month: EntryMonth, region: Region | None, kind: str = ""
) -> tuple[list[EntryRow], EntryRow]:
    """Per unit below `region` (townships of a county, villages of a township; the village itself for a village):
    the households due and those entered this month, and the region's total. One aggregate over the households."""
    units = list(child_regions(region)) or ([region] if region is not None else [])
    rows = {unit.path: EntryRow(region=unit) for unit in units}
    length = len(units[0].path) if units else 0
    households = entry_households(actor, region_path=region.path if region else "", kind=kind)
    counts = (
        households.annotate(unit=Substr("region_path", 1, length))
        .values("unit")
        .annotate(due=Count("pk"), entered=Count("pk", filter=entered(month)))
        .order_by()
    )
    total = EntryRow(region=region)
    for item in counts:
        total.due += item["due"]
        total.entered += item["entered"]
        if item["unit"] in rows:
            rows[item["unit"]].due, rows[item["unit"]].entered = item["due"], item["entered"]
    return list(rows.values()), total


def entry_missing_count(actor: Any, month: EntryMonth | None = None) -> int:
    """The households of the actor's scope with nothing entered this month (the home tile, the dashboard)."""
    return entry_missing(actor, month=month or entry_month()).count()


def missing_rows(households: QuerySet[Household], today: dt.date) -> QuerySet[Household]:
    """The list's rows, in region order, with the date of their latest record (最近一次录入)."""
    return households.annotate(last_entry=last_entry(today)).order_by("region_path", "number")
