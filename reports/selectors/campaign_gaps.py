"""近6个月未开展集中排查 (seed 003 §二2(3): 村干部排查…每半年至少开展一次集中排查): the villages of the actor's scope
where no screening campaign was carried out within the county's interval (ReportSettings.campaign_months, six by
default), and per township how many.

A campaign was carried out (开展) in a village when the village is in its scope (Campaign.villages), its 入户排查
phase (the field screening, a phase every campaign has: screening.services.campaigns) has begun by today and had not
ended before the window's first day (the same day `campaign_months` months ago), and the village's households were
screened: 集中排查 is 对所有农村人口全面开展排查 (003 §二(一)), 逐村逐户 (§五(二)), so a campaign counts there once
the households with a 入户排查表 of that campaign reach the county's share (ReportSettings.campaign_coverage, all of
them by default) of the village's households on file (active). A campaign launched whose screeners filled one form
of 26 has not been carried out there, however its dates read. The list shows the latest campaign begun in each
village with its coverage (households screened of the village's households), so one begun but not yet filled reads
"已排查 0/26 户（0%）". A township is flagged when none of its villages was reached.

A village not reached whose campaign is still screening (its 入户排查 phase has begun and not ended, the campaign not
ended early by 结束排查) is 排查中, not 未开展: the screeners have until the phase's last day to fill the forms, so
it is counted apart (screening_until, GapRow.screening) and left out of the red count and the list until that day
passes; from then the coverage rule applies.

A village with no household on file (a new code not yet filled, one emptied by 撤并) has nobody to screen: it is
left out of the villages counted, as is a village retired (撤销, Region.objects.active()), so neither stays red for
ever."""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django.db.models import ExpressionWrapper, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from households.choices import RegionLevel
from households.models import Household, Region
from reports.selectors.regions import child_regions
from reports.services.deadlines import report_settings
from screening.choices_campaigns import PhaseKind
from screening.models import CampaignPhase, ScreeningForm
from screening.selectors_campaigns import count_of


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the month's last day when that month is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class CampaignWindow:
    today: dt.date
    months: int
    coverage: int = 100  # the share (%) of a village's households a campaign must have screened there

    @property
    def start(self) -> dt.date:
        return months_before(self.today, self.months)

    @property
    def label(self) -> str:
        return f"近{self.months}个月未开展集中排查"

    @property
    def rule(self) -> str:
        """The county's interval as the rule reads (003 §二2(3) 每半年至少开展一次 at the default 6 months)."""
        return f"{INTERVAL_WORDS.get(self.months, f'每 {self.months} 个月')}至少开展一次集中排查"


INTERVAL_WORDS = {1: "每月", 6: "每半年", 12: "每年"}


def campaign_window(today: dt.date | None = None) -> CampaignWindow:
    settings = report_settings()
    return CampaignWindow(
        today=today or timezone.localdate(), months=settings.campaign_months, coverage=settings.campaign_coverage
    )


def coverage_percent(screened: int, households: int) -> Decimal | None:
    """The share of a village's households screened, in % to one decimal, rounded down (25 of 26 is 96.1%, never a
    100% the rule would not count); None for a village with no household on file."""
    if not households:
        return None
    return (Decimal(screened) * 100 / households).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)


def coverage_words(screened: int, households: int) -> str:
    """A village's coverage as the pages say it: "已排查 1/26 户（3.8%）"."""
    percent = coverage_percent(screened, households)
    share = "" if percent is None else f"（{percent.normalize():f}%）"
    return f"已排查 {screened}/{households} 户{share}"


def _screened(campaign: Any) -> Any:
    """The village OuterRef(…"pk")'s active households with a form of `campaign` (an OuterRef): counted per campaign,
    a household screened in two campaigns counts in each."""
    return count_of(
        ScreeningForm.objects.filter(campaign_id=campaign, household__village=OuterRef(OuterRef("pk"))).filter(
            household__is_active=True
        )
    )


def _last_screening(window: CampaignWindow, *, reached: bool) -> QuerySet[CampaignPhase]:
    """The village OuterRef("pk")'s field-screening phases begun by today, the latest ending first; `reached`: only
    those of a campaign that screened the county's share of the village's households (household_count, annotated on
    the village first)."""
    phases = CampaignPhase.objects.filter(
        campaign__villages=OuterRef("pk"), kind=PhaseKind.FIELD_SCREENING, starts_on__lte=window.today
    )
    if reached:
        # screened × 100 ≥ coverage × households, and at least one household: integers, no rounding at the edge.
        margin = ExpressionWrapper(
            F("screened") * 100 - Value(window.coverage) * OuterRef("household_count"), output_field=IntegerField()
        )
        phases = phases.alias(screened=_screened(OuterRef("campaign_id"))).alias(margin=margin)
        phases = phases.filter(screened__gte=1, margin__gte=0)
    return phases.order_by("-ends_on", "-starts_on", "-campaign_id")


def villages_screened(actor: Any, *, window: CampaignWindow, region: Region | None) -> QuerySet[Region]:
    """The actor's villages within `region` that have households on file, each with its active households
    (household_count), its latest campaign begun by today (last_campaign_id, last_campaign, last_starts_on,
    last_ends_on; None for a village never screened), and the end of the latest campaign that screened the county's
    share of its households there (reached_ends_on: what counts, see the module)."""
    villages = Region.objects.active().visible_to(actor).filter(level=RegionLevel.VILLAGE)
    if region is not None:
        villages = villages.filter(path__startswith=region.path)
    households = Household.objects.filter(village=OuterRef("pk"), is_active=True)
    last = _last_screening(window, reached=False)
    villages = villages.annotate(
        household_count=count_of(households),
        last_campaign_id=Subquery(last.values("campaign_id")[:1]),
        last_campaign=Subquery(last.values("campaign__name")[:1]),
        last_starts_on=Subquery(last.values("starts_on")[:1]),
        last_ends_on=Subquery(last.values("ends_on")[:1]),
    )
    villages = villages.filter(household_count__gt=0)  # nobody to screen: not counted (the module)
    return villages.annotate(reached_ends_on=Subquery(_last_screening(window, reached=True).values("ends_on")[:1]))


def with_progress(villages: QuerySet[Region]) -> QuerySet[Region]:
    """`villages` (villages_screened's) with the active households their latest campaign screened there
    (last_filled, of household_count): the coverage the pages show."""
    forms = ScreeningForm.objects.filter(
        campaign_id=OuterRef("last_campaign_id"), household__village=OuterRef("pk"), household__is_active=True
    )
    return villages.annotate(last_filled=count_of(forms))


def _running(window: CampaignWindow) -> QuerySet[CampaignPhase]:
    """The village OuterRef("pk")'s field-screening phases under way today (begun, not ended, the campaign not ended
    by 结束排查), the last ending first."""
    return CampaignPhase.objects.filter(
        campaign__villages=OuterRef("pk"),
        campaign__closed_at__isnull=True,
        kind=PhaseKind.FIELD_SCREENING,
        starts_on__lte=window.today,
        ends_on__gte=window.today,
    ).order_by("-ends_on")


def with_screening(villages: QuerySet[Region], window: CampaignWindow) -> QuerySet[Region]:
    """`villages` with the last day of their field screening under way (screening_until; None when none is)."""
    return villages.annotate(screening_until=Subquery(_running(window).values("ends_on")[:1]))


def _not_reached(window: CampaignWindow) -> Q:
    # Spelt out: exclude(reached_ends_on__gte=…) would drop the villages never screened too (NULL is not "not ≥").
    return Q(reached_ends_on__isnull=True) | Q(reached_ends_on__lt=window.start)


def villages_unscreened(actor: Any, *, window: CampaignWindow, region: Region | None) -> QuerySet[Region]:
    """The villages no campaign reached in the window and none is screening (排查中), in region order (the list),
    with their progress."""
    villages = with_screening(villages_screened(actor, window=window, region=region), window)
    villages = villages.filter(_not_reached(window), screening_until__isnull=True)
    return with_progress(villages).select_related("parent").order_by("path")


# 排查中的村 as the page and the API list them beside the paginated villages not reached: a county-wide campaign may
# have every village screening, so the first ones (in region order) are listed and the rest counted (GapRow.screening).
SCREENING_LISTED = 100


def villages_screening(actor: Any, *, window: CampaignWindow, region: Region | None) -> QuerySet[Region]:
    """The villages no campaign reached in the window yet whose field screening is under way (排查中), with their
    progress and the phase's last day (screening_until)."""
    villages = with_screening(villages_screened(actor, window=window, region=region), window)
    villages = villages.filter(_not_reached(window), screening_until__isnull=False)
    return with_progress(villages).select_related("parent").order_by("path")


@dataclass
class GapRow:
    region: Region | None
    villages: int = 0
    unscreened: int = 0
    screening: int = 0  # not reached yet, their field screening under way (排查中): not counted as unscreened
    screening_until: dt.date | None = None  # a village's own row: the last day of its field screening under way
    # A village's own row (the units of a township): its latest campaign's coverage, so the township sees how far
    # each village is; None for a township's row, or a village no campaign has begun in.
    last_filled: int | None = None
    households: int | None = None

    @property
    def screened(self) -> int:
        return self.villages - self.unscreened - self.screening

    @property
    def flagged(self) -> bool:
        """No village of the unit was reached: the unit itself has had no campaign in the window."""
        return self.villages > 0 and self.unscreened == self.villages

    @property
    def screening_words(self) -> str:
        """排查中（入户排查至12月27日）: the village's own row; "N 个村排查中" for a unit of several."""
        if self.screening_until is not None:
            return f"排查中（入户排查至{self.screening_until.month}月{self.screening_until.day}日）"
        return f"{self.screening} 个村排查中" if self.screening else ""

    @property
    def coverage(self) -> str:
        if self.last_filled is None or self.households is None:
            return ""
        return coverage_words(self.last_filled, self.households)

    @property
    def coverage_percent(self) -> Decimal | None:
        if self.last_filled is None or self.households is None:
            return None
        return coverage_percent(self.last_filled, self.households)


def campaign_gap_units(actor: Any, *, window: CampaignWindow, region: Region | None) -> tuple[list[GapRow], GapRow]:
    """Per unit below `region` (townships of a county, villages of a township; the village itself for a village):
    its villages and those not reached (a village's own row with its coverage), and the region's total."""
    units = list(child_regions(region)) or ([region] if region is not None else [])
    rows = {unit.path: GapRow(region=unit) for unit in units}
    length = len(units[0].path) if units else 0
    total = GapRow(region=region)
    # A county has a few hundred villages: read once, counted here.
    villages = with_progress(with_screening(villages_screened(actor, window=window, region=region), window))
    for path, reached_ends_on, last_campaign_id, last_filled, households, until in villages.values_list(
        "path", "reached_ends_on", "last_campaign_id", "last_filled", "household_count", "screening_until"
    ):
        missed = not (reached_ends_on and reached_ends_on >= window.start)
        screening, unscreened = missed and until is not None, missed and until is None
        for row in (total, rows.get(path[:length])):
            if row is None:
                continue
            row.villages += 1
            row.unscreened += unscreened
            row.screening += screening
        row = rows.get(path[:length])
        if row is not None and row.region is not None and row.region.path == path:
            if last_campaign_id is not None:
                row.last_filled, row.households = last_filled, households
            if screening:
                row.screening_until = until
    return list(rows.values()), total


def unscreened_count(actor: Any, window: CampaignWindow | None = None) -> int:
    """The villages of the actor's scope no campaign reached in the window, none screening there now (the home tile,
    the dashboard)."""
    return villages_unscreened(actor, window=window or campaign_window(), region=None).count()
