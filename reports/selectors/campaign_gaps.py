"""近6个月未开展集中排查 (seed 003 §二2(3): 村干部排查…每半年至少开展一次集中排查): the villages of the actor's scope
that no screening campaign reached within the county's interval (ReportSettings.campaign_months, six by default),
and per township how many.

A campaign reaches a village when the village is in its scope (Campaign.villages) and its 入户排查 phase (the
field screening, a phase every campaign has: screening.services.campaigns) has begun by today and had not ended
before the window's first day (the same day `campaign_months` months ago). A campaign planned for later does not
count until its field screening begins. A township is flagged when none of its villages was reached."""

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from households.choices import RegionLevel
from households.models import Region
from reports.selectors.regions import child_regions
from reports.services.deadlines import report_settings
from screening.choices_campaigns import PhaseKind
from screening.models import CampaignPhase


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


def _last_screening(window: CampaignWindow) -> QuerySet[CampaignPhase]:
    """The village OuterRef("pk")'s field-screening phases begun by today, the latest ending first."""
    return CampaignPhase.objects.filter(
        campaign__villages=OuterRef("pk"), kind=PhaseKind.FIELD_SCREENING, starts_on__lte=window.today
    ).order_by("-ends_on", "-starts_on", "-campaign_id")


def villages_screened(actor: Any, *, window: CampaignWindow, region: Region | None) -> QuerySet[Region]:
    """The actor's villages within `region`, each with its latest campaign begun by today (last_campaign_id,
    last_campaign, last_starts_on, last_ends_on; None for a village never screened)."""
    villages = Region.objects.visible_to(actor).filter(level=RegionLevel.VILLAGE)
    if region is not None:
        villages = villages.filter(path__startswith=region.path)
    last = _last_screening(window)
    return villages.annotate(
        last_campaign_id=Subquery(last.values("campaign_id")[:1]),
        last_campaign=Subquery(last.values("campaign__name")[:1]),
        last_starts_on=Subquery(last.values("starts_on")[:1]),
        last_ends_on=Subquery(last.values("ends_on")[:1]),
    )


def _not_reached(window: CampaignWindow) -> Q:
    # Spelt out: exclude(last_ends_on__gte=…) would drop the villages never screened too (NULL is not "not ≥").
    return Q(last_ends_on__isnull=True) | Q(last_ends_on__lt=window.start)


def villages_unscreened(actor: Any, *, window: CampaignWindow, region: Region | None) -> QuerySet[Region]:
    """The villages no campaign reached in the window, in region order (the list)."""
    villages = villages_screened(actor, window=window, region=region).filter(_not_reached(window))
    return villages.select_related("parent").order_by("path")


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
    for path, last_ends_on in villages_screened(actor, window=window, region=region).values_list(
        "path", "last_ends_on"
    ):
        unscreened = not (last_ends_on and last_ends_on >= window.start)
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
