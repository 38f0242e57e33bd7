"""近6个月未开展集中排查 (seed 003 §二2(3): 村干部排查…每半年至少开展一次集中排查): the villages of the actor's scope
where no screening campaign was carried out within the county's interval (ReportSettings.campaign_months, six by
default), and per township how many.

A campaign was carried out (开展) in a village when the village is in its scope (Campaign.villages), its 入户排查
phase (the field screening, a phase every campaign has: screening.services.campaigns) has begun by today and had not
ended before the window's first day (the same day `campaign_months` months ago), and households of the village were
actually screened: at least one 入户排查表 of that campaign was filled there. 集中排查 is 入户 (003 §二: 逐村逐户开展…
入户调查): a campaign launched whose screeners filled nothing in the village has not been carried out there, however
its dates read. The list shows the latest campaign begun in each village with its progress (forms filled of the
village's households), so one begun but not yet filled reads "已填 0/26 户". A township is flagged when none of its
villages was reached."""

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
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

    @property
    def start(self) -> dt.date:
        return months_before(self.today, self.months)

    @property
    def label(self) -> str:
        return f"近{self.months}个月未开展集中排查"


def campaign_window(today: dt.date | None = None) -> CampaignWindow:
    return CampaignWindow(today=today or timezone.localdate(), months=report_settings().campaign_months)


def _last_screening(window: CampaignWindow, *, filled: bool) -> QuerySet[CampaignPhase]:
    """The village OuterRef("pk")'s field-screening phases begun by today, the latest ending first; `filled`: only
    those of a campaign that filled a form in the village."""
    phases = CampaignPhase.objects.filter(
        campaign__villages=OuterRef("pk"), kind=PhaseKind.FIELD_SCREENING, starts_on__lte=window.today
    )
    if filled:
        village = OuterRef(OuterRef("pk"))
        forms = ScreeningForm.objects.filter(campaign=OuterRef("campaign_id"), household__village=village)
        phases = phases.filter(Exists(forms))
    return phases.order_by("-ends_on", "-starts_on", "-campaign_id")


def villages_screened(actor: Any, *, window: CampaignWindow, region: Region | None) -> QuerySet[Region]:
    """The actor's villages within `region`, each with its latest campaign begun by today (last_campaign_id,
    last_campaign, last_starts_on, last_ends_on; None for a village never screened), that campaign's progress there
    (last_filled forms of household_count active households), and the end of the latest campaign that filled forms there
    (reached_ends_on: what counts, see the module)."""
    villages = Region.objects.visible_to(actor).filter(level=RegionLevel.VILLAGE)
    if region is not None:
        villages = villages.filter(path__startswith=region.path)
    last = _last_screening(window, filled=False)
    villages = villages.annotate(
        last_campaign_id=Subquery(last.values("campaign_id")[:1]),
        last_campaign=Subquery(last.values("campaign__name")[:1]),
        last_starts_on=Subquery(last.values("starts_on")[:1]),
        last_ends_on=Subquery(last.values("ends_on")[:1]),
        reached_ends_on=Subquery(_last_screening(window, filled=True).values("ends_on")[:1]),
    )
    return villages


def with_progress(villages: QuerySet[Region]) -> QuerySet[Region]:
    """`villages` (villages_screened's) with their latest campaign's forms filled there (last_filled) and their
    active households (household_count): the progress the list shows."""
    forms = ScreeningForm.objects.filter(campaign_id=OuterRef("last_campaign_id"), household__village=OuterRef("pk"))
    households = Household.objects.filter(village=OuterRef("pk"), is_active=True)
    return villages.annotate(last_filled=count_of(forms), household_count=count_of(households))


def _not_reached(window: CampaignWindow) -> Q:
    # Spelt out: exclude(reached_ends_on__gte=…) would drop the villages never screened too (NULL is not "not ≥").
    return Q(reached_ends_on__isnull=True) | Q(reached_ends_on__lt=window.start)


def villages_unscreened(actor: Any, *, window: CampaignWindow, region: Region | None) -> QuerySet[Region]:
    """The villages no campaign reached in the window, in region order (the list), with their progress."""
    villages = villages_screened(actor, window=window, region=region).filter(_not_reached(window))
    return with_progress(villages).select_related("parent").order_by("path")


@dataclass
class GapRow:
    region: Region | None
    villages: int = 0
    unscreened: int = 0

    @property
    def screened(self) -> int:
        return self.villages - self.unscreened

    @property
    def flagged(self) -> bool:
        """No village of the unit was reached: the unit itself has had no campaign in the window."""
        return self.villages > 0 and self.unscreened == self.villages


def campaign_gap_units(actor: Any, *, window: CampaignWindow, region: Region | None) -> tuple[list[GapRow], GapRow]:
    """Per unit below `region` (townships of a county, villages of a township; the village itself for a village):
    its villages and those not reached, and the region's total."""
    units = list(child_regions(region)) or ([region] if region is not None else [])
    rows = {unit.path: GapRow(region=unit) for unit in units}
    length = len(units[0].path) if units else 0
    total = GapRow(region=region)
    # A county has a few hundred villages: read once, counted here.
    for path, reached_ends_on in villages_screened(actor, window=window, region=region).values_list(
        "path", "reached_ends_on"
    ):
        unscreened = not (reached_ends_on and reached_ends_on >= window.start)
        total.villages += 1
        total.unscreened += unscreened
        row = rows.get(path[:length])
        if row is not None:
            row.villages += 1
            row.unscreened += unscreened
    return list(rows.values()), total


def unscreened_count(actor: Any, window: CampaignWindow | None = None) -> int:
    """The villages of the actor's scope no campaign reached in the window (the home tile, the dashboard)."""
    return villages_unscreened(actor, window=window or campaign_window(), region=None).count()
